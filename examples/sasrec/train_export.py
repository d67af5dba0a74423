#!/usr/bin/env python3
"""Train a small SASRec on MovieLens latest-small and export it to ONNX three ways.

With --rechorus DIR it trains the same model on a ReChorus-format train.csv instead
and exports only the opset-14 folded variant (see "ReChorus mode" below).

The three exports carry the same weights but differ in opset, padding side,
input/output names, module naming and scorer, so that recsae can be tested on
graphs that look different but compute the same numbers. For each export a
recording (inputs, scores, user state, per-position states of 20 users) is
written next to it; the Java side replays the .onnx file and compares.

  python3 train_export.py                      # train, export, record
  python3 train_export.py --epochs 50          # shorter / longer training
  python3 train_export.py --export-only --weights models/sasrec_weights.pt
  python3 train_export.py --export-only        # random weights, graph only
  python3 train_export.py --rechorus DIR --epochs 10 --out /tmp/model

Data conventions (mirrored by the Java code, keep them in sync):
  * item indices: distinct movieIds of ratings.csv sorted numerically -> 1..N,
    0 is padding; the item table has N+1 rows.
  * per user: ratings stably sorted by timestamp (ties keep file order).
  * leave-one-out: last = test, second to last = dev, the rest = train.
  * history fed to the model: the last 50 items before the predicted one,
    oldest first. Position embedding k belongs to the k-th item of that
    (unpadded) history, whatever the padding side.

ReChorus mode (--rechorus DIR, reads DIR/train.csv: user_id, item_id, time, tab-separated):
  * item indices = the raw item ids (ReChorus convention, 0 = padding); the table has
    max item id + 1 rows, or --n-items rows (ReChorus's n_items, i.e. table rows).
    No item_ids.csv is written: the descriptor has no item_id_map, so ids = indices.
  * same per-user sort and leave-one-out as above; users with < 3 rows are dropped.
  * recording users: the first 20 user ids in ascending order.
"""

import argparse
import base64
import csv
import json
import math
import os
import random
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(HERE, "..", "data", "ml-latest-small")

SEED = 7
MAX_LEN = 50          # L: history length the exports take (static)
# the width; bench/scale.sh's random-weight fixtures set it wider (examples/scale/make_fixtures.py)
HIDDEN = int(os.environ.get("RECSAE_SASREC_HIDDEN", "64"))
N_BLOCKS = 2
N_HEADS = 2
FFN_DIM = 4 * HIDDEN
DROPOUT = 0.2
NEG = -1e9            # finite mask value: a fully masked row gives a uniform softmax, not NaN
RECORD_USERS = list(range(1, 21))
K = 10


def keep_freed_memory():
    """glibc hands large buffers back to the OS after every step, and re-faulting the
    ~60 MB logits buffer costs ~20% of training time; keep it in the heap instead."""
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-1, 1 << 30)   # M_TRIM_THRESHOLD
        libc.mallopt(-3, 1 << 30)   # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass


def seed_everything(seed=SEED):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


# ----------------------------------------------------------------------------
# data
# ----------------------------------------------------------------------------

class Splits:
    """Leave-one-out views of self.seqs (user -> item indices, time order)."""

    def train_part(self, user):
        return self.seqs[user][:-2]

    def dev_item(self, user):
        return self.seqs[user][-2]

    def test_item(self, user):
        return self.seqs[user][-1]

    def test_history(self, user):
        return self.seqs[user][:-1][-MAX_LEN:]

    def dev_history(self, user):
        return self.train_part(user)[-MAX_LEN:]

    def training_windows(self):
        """Non-overlapping windows of up to L+1 items cut from the end of each train part."""
        inputs, targets = [], []
        for user in self.users:
            seq = self.train_part(user)
            end = len(seq)
            while end >= 2:
                window = seq[max(0, end - MAX_LEN - 1):end]
                inp, tgt = window[:-1], window[1:]
                pad = [0] * (MAX_LEN - len(inp))
                inputs.append(inp + pad)
                targets.append(tgt + pad)
                end -= MAX_LEN + 1
        return torch.tensor(inputs, dtype=torch.long), torch.tensor(targets, dtype=torch.long)

    def label(self, index):
        return str(index)


class Data(Splits):
    def __init__(self, data_dir):
        by_user = {}
        with open(os.path.join(data_dir, "ratings.csv"), newline="") as f:
            reader = csv.reader(f)
            next(reader)
            for row in reader:
                if not row:
                    continue
                by_user.setdefault(int(row[0]), []).append((int(row[1]), int(row[3])))
        raw_ids = sorted({m for rows in by_user.values() for m, _ in rows})
        self.raw_ids = raw_ids
        self.index_of = {raw: i + 1 for i, raw in enumerate(raw_ids)}
        self.n_items = len(raw_ids)            # N; the table has N + 1 rows
        self.seqs = {}
        for user, rows in by_user.items():
            rows = sorted(rows, key=lambda r: r[1])   # sorted() is stable
            self.seqs[user] = [self.index_of[m] for m, _ in rows]
        self.users = sorted(self.seqs)
        self.titles = {}
        path = os.path.join(data_dir, "movies.csv")
        if os.path.exists(path):
            with open(path, newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                next(reader)
                for row in reader:
                    if row:
                        self.titles[int(row[0])] = row[1]

    def label(self, index):
        return self.titles.get(self.raw_ids[index - 1], str(index))

    def write_item_ids(self, path):
        with open(path, "w", newline="") as f:
            f.write("raw_id,index\n")
            for i, raw in enumerate(self.raw_ids):
                f.write("%d,%d\n" % (raw, i + 1))


class RechorusData(Splits):
    """ReChorus train.csv; item ids are used as indices as they are."""

    def __init__(self, data_dir, n_rows=None):
        by_user = {}
        with open(os.path.join(data_dir, "train.csv"), newline="") as f:
            reader = csv.reader(f, delimiter="\t")
            header = next(reader)
            if header[:3] != ["user_id", "item_id", "time"]:
                raise SystemExit("%s/train.csv: expected header user_id, item_id, time, got %r"
                                 % (data_dir, header))
            for row in reader:
                if not row:
                    continue
                by_user.setdefault(int(row[0]), []).append((int(row[1]), int(row[2])))
        max_id = max(i for rows in by_user.values() for i, _ in rows)
        if min(i for rows in by_user.values() for i, _ in rows) < 1:
            raise SystemExit("train.csv: item ids must be >= 1 (0 is padding)")
        if n_rows is None:
            n_rows = max_id + 1
        elif n_rows < max_id + 1:
            raise SystemExit("--n-items %d is too small: train.csv has item id %d" % (n_rows, max_id))
        self.n_items = n_rows - 1              # items 1..N; the table has N + 1 rows
        self.seqs = {}
        short = 0
        for user, rows in by_user.items():
            if len(rows) < 3:                  # need train + dev + test
                short += 1
                continue
            rows = sorted(rows, key=lambda r: r[1])   # stable: ties keep file order
            self.seqs[user] = [i for i, _ in rows]
        if short:
            print("dropped %d users with fewer than 3 interactions" % short)
        self.users = sorted(self.seqs)


def pad_right(seqs):
    return torch.tensor([s + [0] * (MAX_LEN - len(s)) for s in seqs], dtype=torch.long)


def pad_left(seqs):
    return torch.tensor([[0] * (MAX_LEN - len(s)) + s for s in seqs], dtype=torch.long)


# ----------------------------------------------------------------------------
# model building blocks (shared by all module classes below)
# ----------------------------------------------------------------------------

class SelfAttention(nn.Module):
    def __init__(self, d=HIDDEN, heads=N_HEADS, dropout=DROPOUT):
        super().__init__()
        self.heads = heads
        self.head_dim = d // heads
        self.query = nn.Linear(d, d)
        self.key = nn.Linear(d, d)
        self.value = nn.Linear(d, d)
        self.out = nn.Linear(d, d)
        self.drop = nn.Dropout(dropout)

    def split(self, x):
        # -1 for the batch keeps the exported Reshape free of Shape ops
        return x.reshape(-1, MAX_LEN, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x, allowed):
        """x [B,L,d]; allowed [B,1,L,L] bool, True where query i may attend key j."""
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        att = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.head_dim)
        att = att.masked_fill(~allowed, NEG)
        att = self.drop(torch.softmax(att, dim=-1))
        ctx = torch.matmul(att, v).transpose(1, 2).reshape(-1, MAX_LEN, self.heads * self.head_dim)
        return self.out(ctx)


class FeedForward(nn.Module):
    def __init__(self, d=HIDDEN, inner=FFN_DIM, dropout=DROPOUT):
        super().__init__()
        self.fc1 = nn.Linear(d, inner)
        self.fc2 = nn.Linear(inner, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        return self.fc2(self.drop(F.gelu(self.fc1(x))))


class Block(nn.Module):
    """Pre-LayerNorm transformer block; its output is the residual stream."""

    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(HIDDEN)
        self.self_attention = SelfAttention()
        self.norm2 = nn.LayerNorm(HIDDEN)
        self.feed_forward = FeedForward()
        self.drop = nn.Dropout(DROPOUT)

    def forward(self, x, allowed):
        x = x + self.drop(self.self_attention(self.norm1(x), allowed))
        x = x + self.drop(self.feed_forward(self.norm2(x)))
        return x


def causal_mask():
    return torch.tril(torch.ones(MAX_LEN, MAX_LEN, dtype=torch.bool))


# ----------------------------------------------------------------------------
# 1) the training model; also the module exported as sasrec_opset14_folded
# ----------------------------------------------------------------------------

class SASRec(nn.Module):
    """Right padded history; positions 0..L-1 in order; user state at lengths-1."""

    def __init__(self, n_rows):
        super().__init__()
        self.item_emb = nn.Embedding(n_rows, HIDDEN, padding_idx=0)
        self.pos_emb = nn.Embedding(MAX_LEN, HIDDEN)
        self.emb_drop = nn.Dropout(DROPOUT)
        self.blocks = nn.ModuleList([Block() for _ in range(N_BLOCKS)])
        self.final_norm = nn.LayerNorm(HIDDEN)
        self.register_buffer("causal", causal_mask(), persistent=False)
        self.register_buffer("positions", torch.arange(MAX_LEN), persistent=False)
        self.reset_parameters()

    def reset_parameters(self):
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        nn.init.normal_(self.item_emb.weight, std=0.05)
        nn.init.normal_(self.pos_emb.weight, std=0.05)
        with torch.no_grad():
            self.item_emb.weight[0].zero_()

    def sequence_states(self, history):
        valid = history != 0                                   # [B,L]
        x = self.item_emb(history) + self.pos_emb(self.positions)
        x = self.emb_drop(x) * valid.unsqueeze(-1).to(x.dtype)
        allowed = self.causal & valid[:, None, None, :]
        for block in self.blocks:
            x = block(x, allowed)
        return self.final_norm(x)                              # [B,L,d]

    def run(self, history, lengths):
        states = self.sequence_states(history)
        index = (lengths - 1).view(-1, 1, 1).expand(-1, 1, HIDDEN)
        user = torch.gather(states, 1, index).squeeze(1)       # [B,d]
        scores = torch.matmul(user, self.item_emb.weight.t())  # [B,N+1]
        return scores, user, states

    def forward(self, history, lengths):
        return self.run(history, lengths)[0]


# ----------------------------------------------------------------------------
# 2) different class / attribute names, LEFT padded, state at the last slot
# ----------------------------------------------------------------------------

class Embeddings(nn.Module):
    def __init__(self, n_rows):
        super().__init__()
        self.items = nn.Embedding(n_rows, HIDDEN, padding_idx=0)
        self.positions = nn.Embedding(MAX_LEN, HIDDEN)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([Block() for _ in range(N_BLOCKS)])
        self.final_norm = nn.LayerNorm(HIDDEN)

    def forward(self, x, allowed):
        for layer in self.layers:
            x = layer(x, allowed)
        return self.final_norm(x)


class LeftPaddedSASRec(nn.Module):
    def __init__(self, n_rows):
        super().__init__()
        self.embedding = Embeddings(n_rows)
        self.encoder = Encoder()
        self.register_buffer("causal", causal_mask(), persistent=False)
        self.register_buffer("slots", torch.arange(MAX_LEN), persistent=False)

    def load_from(self, model):
        src = model.state_dict()
        mapped = {}
        for name, value in src.items():
            name = name.replace("item_emb.", "embedding.items.")
            name = name.replace("pos_emb.", "embedding.positions.")
            name = name.replace("blocks.", "encoder.layers.")
            name = name.replace("final_norm.", "encoder.final_norm.")
            mapped[name] = value
        self.load_state_dict(mapped, strict=True)
        return self

    def run(self, input_seq, seq_len):
        # items sit in the last seq_len slots; shift so the oldest one gets position 0
        first = (MAX_LEN - seq_len).unsqueeze(1)                       # [B,1]
        valid = self.slots.unsqueeze(0) >= first                       # [B,L]
        positions = (self.slots.unsqueeze(0) - first).clamp(min=0)     # [B,L]
        x = self.embedding.items(input_seq) + self.embedding.positions(positions)
        x = x * valid.unsqueeze(-1).to(x.dtype)
        allowed = self.causal & valid[:, None, None, :]
        states = self.encoder(x, allowed)
        user = states[:, -1, :]
        logits = torch.matmul(user, self.embedding.items.weight.t())
        return logits, user, states

    def forward(self, input_seq, seq_len):
        return self.run(input_seq, seq_len)[0]


# ----------------------------------------------------------------------------
# 3) ReChorus-style signature: candidates in, one score per candidate out
# ----------------------------------------------------------------------------

class RechorusSASRec(nn.Module):
    def __init__(self, n_rows):
        super().__init__()
        self.i_embeddings = nn.Embedding(n_rows, HIDDEN, padding_idx=0)
        self.p_embeddings = nn.Embedding(MAX_LEN, HIDDEN)
        self.transformer_block = nn.ModuleList([Block() for _ in range(N_BLOCKS)])
        self.layer_norm = nn.LayerNorm(HIDDEN)
        self.register_buffer("causal", causal_mask(), persistent=False)
        self.register_buffer("positions", torch.arange(MAX_LEN), persistent=False)

    def load_from(self, model):
        mapped = {}
        for name, value in model.state_dict().items():
            name = name.replace("item_emb.", "i_embeddings.")
            name = name.replace("pos_emb.", "p_embeddings.")
            name = name.replace("blocks.", "transformer_block.")
            name = name.replace("final_norm.", "layer_norm.")
            mapped[name] = value
        self.load_state_dict(mapped, strict=True)
        return self

    def run(self, item_id, history, lengths):
        valid = self.positions.unsqueeze(0) < lengths.unsqueeze(1)     # [B,L]
        x = self.i_embeddings(history) + self.p_embeddings(self.positions)
        x = x * valid.unsqueeze(-1).to(x.dtype)
        allowed = self.causal & valid[:, None, None, :]
        for block in self.transformer_block:
            x = block(x, allowed)
        states = self.layer_norm(x)
        rows = torch.arange(history.shape[0], device=history.device)
        user = states[rows, lengths - 1, :]
        prediction = (user[:, None, :] * self.i_embeddings(item_id)).sum(-1)   # [B,C]
        return prediction, user, states

    def forward(self, item_id, history, lengths):
        return self.run(item_id, history, lengths)[0]


# ----------------------------------------------------------------------------
# evaluation
# ----------------------------------------------------------------------------

def rank_of_targets(scores, targets):
    """0-based rank of each target among items 1..N (strictly higher scores count)."""
    item_scores = scores[:, 1:]
    target_scores = item_scores.gather(1, (targets - 1).unsqueeze(1))
    return (item_scores > target_scores).sum(1)


def metrics_from_ranks(ranks, ks=(K,)):
    ranks = ranks.to(torch.float64)
    out = {}
    for k in ks:
        hit = (ranks < k).to(torch.float64)
        ndcg = hit / torch.log2(ranks + 2)
        out["hr@%d" % k] = float(hit.mean())
        out["ndcg@%d" % k] = float(ndcg.mean())
    return out


@torch.no_grad()
def evaluate(model, data, split, batch=256, ks=(K,)):
    model.eval()
    hist_of = data.dev_history if split == "dev" else data.test_history
    item_of = data.dev_item if split == "dev" else data.test_item
    ranks = []
    for i in range(0, len(data.users), batch):
        users = data.users[i:i + batch]
        hists = [hist_of(u) for u in users]
        scores = model(pad_right(hists), torch.tensor([len(h) for h in hists]))
        ranks.append(rank_of_targets(scores, torch.tensor([item_of(u) for u in users])))
    return metrics_from_ranks(torch.cat(ranks), ks)


def popularity_baseline(data, ks=(K,)):
    counts = torch.zeros(data.n_items + 1, dtype=torch.float64)
    for u in data.users:
        for item in data.train_part(u):
            counts[item] += 1
    # break ties by index (lower first) so the ranking is a strict order
    score = counts - torch.arange(data.n_items + 1, dtype=torch.float64) / (10.0 * (data.n_items + 1))
    scores = score.unsqueeze(0).expand(len(data.users), -1)
    out = {}
    for split, item_of in (("dev", data.dev_item), ("test", data.test_item)):
        targets = torch.tensor([item_of(u) for u in data.users])
        out[split] = metrics_from_ranks(rank_of_targets(scores, targets), ks)
    return out


# ----------------------------------------------------------------------------
# training
# ----------------------------------------------------------------------------

def train(model, data, epochs, lr, batch, eval_every=2, patience=5, log=print):
    inputs, targets = data.training_windows()
    log("training windows: %d, target positions: %d" % (len(inputs), int((targets > 0).sum())))
    optim = torch.optim.Adam(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(SEED)
    best = {"ndcg@10": -1.0, "epoch": 0, "state": None}
    history = []
    bad = 0
    for epoch in range(1, epochs + 1):
        model.train()
        t0 = time.time()
        order = torch.randperm(len(inputs), generator=gen)
        total, count = 0.0, 0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            seq, tgt = inputs[idx], targets[idx]
            states = model.sequence_states(seq)
            mask = tgt > 0
            h = states[mask]                                   # [n,d]
            # softmax over items 1..N only: row 0 (padding) gets no gradient and stays zero
            logits = h @ model.item_emb.weight[1:].t()
            loss = F.cross_entropy(logits, tgt[mask] - 1)
            optim.zero_grad()
            loss.backward()
            optim.step()
            total += float(loss) * int(mask.sum())
            count += int(mask.sum())
        entry = {"epoch": epoch, "loss": total / count, "seconds": round(time.time() - t0, 2)}
        if epoch % eval_every == 0 or epoch == epochs:
            dev = evaluate(model, data, "dev")
            entry["dev"] = dev
            if dev["ndcg@10"] > best["ndcg@10"]:
                best = {"ndcg@10": dev["ndcg@10"], "epoch": epoch,
                        "state": {k: v.clone() for k, v in model.state_dict().items()}}
                bad = 0
            else:
                bad += 1
            log("epoch %3d loss %.4f dev HR@10 %.4f NDCG@10 %.4f (%.1fs)"
                % (epoch, entry["loss"], dev["hr@10"], dev["ndcg@10"], entry["seconds"]))
        history.append(entry)
        if bad >= patience:
            log("early stop: no dev improvement in %d evaluations" % patience)
            break
    model.load_state_dict(best["state"])
    return {"best_epoch": best["epoch"], "best_dev_ndcg@10": best["ndcg@10"], "epochs": history}


# ----------------------------------------------------------------------------
# export + recording
# ----------------------------------------------------------------------------

def b64(array):
    array = np.ascontiguousarray(np.asarray(array, dtype="<f4"))
    return {"dtype": "float32", "shape": list(array.shape), "encoding": "base64-little-endian",
            "data": base64.b64encode(array.tobytes()).decode("ascii")}


def top_k(scores, offset):
    """Indices by descending score (stable ties); column c is item c + offset; padding dropped."""
    out = []
    for row in scores:
        order = np.argsort(-row, kind="stable") + offset
        out.append([int(i) for i in order if i != 0][:K])
    return out


def export_all(model, data, out_dir, log=print, only=None, users=RECORD_USERS):
    """Export (the exports named in only, default all) and record users' test histories."""
    model.eval()
    n_rows = data.n_items + 1
    hists = [data.test_history(u) for u in users]
    lengths = torch.tensor([len(h) for h in hists], dtype=torch.long)
    right, left = pad_right(hists), pad_left(hists)
    all_items = torch.arange(1, n_rows, dtype=torch.long).unsqueeze(0).expand(len(hists), -1).contiguous()

    left_model = LeftPaddedSASRec(n_rows).load_from(model).eval()
    rechorus_model = RechorusSASRec(n_rows).load_from(model).eval()

    # Only the batch axis (plus the candidate axis of export 3) is dynamic, so one file
    # scores any number of users per call; L = 50 stays static, which keeps attention
    # reshapes and the causal mask constant. Runtimes bind inputs and outputs by name,
    # so the names are set explicitly instead of torch's input.1 / 123 defaults.
    exports = [
        {
            # opset 14 is torch 1.13's default and every current runtime reads it.
            # Constant folding precomputes the position embeddings and the transposed
            # item table (a second 2.5 MB copy), as most exported models do. torch
            # 1.13 wraps squeeze(1) in an If node here, because after the gather it
            # cannot prove that axis 1 has size 1.
            "name": "sasrec_opset14_folded", "module": model, "opset": 14, "fold": True,
            "args": (right, lengths), "input_names": ["history", "lengths"],
            "output_names": ["scores"],
            "dynamic_axes": {"history": {0: "batch"}, "lengths": {0: "batch"}, "scores": {0: "batch"}},
            "roles": {"history": "history", "lengths": "lengths", "candidates": None},
            "padding_side": "right", "padded": right, "candidates": None, "offset": 0,
        },
        {
            # opset 17 is the first with a LayerNormalization op (one node instead of
            # seven per LayerNorm). Without folding, every op of forward() stays in the
            # graph, e.g. the Transpose of the item table before the final MatMul.
            "name": "sasrec_opset17_left", "module": left_model, "opset": 17, "fold": False,
            "args": (left, lengths), "input_names": ["input_seq", "seq_len"],
            "output_names": ["logits"],
            "dynamic_axes": {"input_seq": {0: "batch"}, "seq_len": {0: "batch"}, "logits": {0: "batch"}},
            "roles": {"history": "input_seq", "lengths": "seq_len", "candidates": None},
            "padding_side": "left", "padded": left, "candidates": None, "offset": 0,
        },
        {
            # ReChorus scores a candidate list per user, whose length varies, so item_id
            # and prediction get a second dynamic axis. lengths-1 indexing is exported
            # as a flattened Gather (torch warns about negative indices: lengths >= 1).
            "name": "sasrec_rechorus", "module": rechorus_model, "opset": 15, "fold": True,
            "args": (all_items, right, lengths), "input_names": ["item_id", "history", "lengths"],
            "output_names": ["prediction"],
            "dynamic_axes": {"item_id": {0: "batch", 1: "candidates"}, "history": {0: "batch"},
                             "lengths": {0: "batch"}, "prediction": {0: "batch", 1: "candidates"}},
            "roles": {"history": "history", "lengths": "lengths", "candidates": "item_id"},
            "padding_side": "right", "padded": right, "candidates": "all", "offset": 1,
        },
    ]

    if only is not None:
        exports = [ex for ex in exports if ex["name"] in only]

    import onnx
    results = {}
    for ex in exports:
        path = os.path.join(out_dir, ex["name"] + ".onnx")
        with torch.no_grad():
            torch.onnx.export(ex["module"], ex["args"], path,
                              opset_version=ex["opset"], do_constant_folding=ex["fold"],
                              input_names=ex["input_names"], output_names=ex["output_names"],
                              dynamic_axes=ex["dynamic_axes"])
            scores, user, states = ex["module"].run(*ex["args"])
        onnx.checker.check_model(onnx.load(path))
        scores, user, states = scores.numpy(), user.numpy(), states.numpy()
        recording = {
            "format": "recsae-recording/1",
            "model_file": ex["name"] + ".onnx",
            "torch_version": torch.__version__,
            "opset": ex["opset"],
            "inputs": ex["roles"],
            "output": ex["output_names"][0],
            "padding_id": 0,
            "padding_side": ex["padding_side"],
            "max_length": MAX_LEN,
            "hidden_dim": HIDDEN,
            "n_items": n_rows,
            "candidates": ex["candidates"],
            "users": users,
            "histories": hists,
            "test_items": [data.test_item(u) for u in users],
            "padded_history": ex["padded"].tolist(),
            "lengths": lengths.tolist(),
            "top10": top_k(scores, ex["offset"]),
            "scores": b64(scores),
            "user_state": b64(user),
            "sequence_states": b64(states),
        }
        with open(os.path.join(out_dir, ex["name"] + ".recording.json"), "w") as f:
            json.dump(recording, f)
        results[ex["name"]] = (scores, user, ex["offset"])
        log("exported %s (%d bytes), checker ok" % (path, os.path.getsize(path)))
        check_with_onnxruntime(path, ex, scores, log)

    # the three exports must agree on the same histories
    ref_scores, ref_user, _ = results["sasrec_opset14_folded"]
    for name, (scores, user, offset) in results.items():
        d_s = float(np.abs(scores - ref_scores[:, offset:]).max())
        d_u = float(np.abs(user - ref_user).max())
        log("torch %s vs opset14: max |score diff| %.2e, max |user diff| %.2e" % (name, d_s, d_u))
        assert d_s < 1e-4 and d_u < 1e-4, "exports disagree"


def check_with_onnxruntime(path, ex, scores, log):
    """Optional: replay the export with onnxruntime when it is installed."""
    try:
        import onnxruntime
    except ImportError:
        return
    sess = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    feeds = {n: a.numpy() for n, a in zip(ex["input_names"], ex["args"])}
    got = sess.run(None, feeds)[0]
    log("  onnxruntime %s: max |diff| vs torch %.2e" % (onnxruntime.__version__, float(np.abs(got - scores).max())))


# ----------------------------------------------------------------------------

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--export-only", action="store_true", help="skip training, only export and record")
    p.add_argument("--weights", help="state dict of SASRec to load (with --export-only)")
    p.add_argument("--epochs", type=int, default=30, help="max epochs (early stopping on dev NDCG@10)")
    p.add_argument("--lr", type=float, default=2e-3, help="Adam learning rate")
    p.add_argument("--batch", type=int, default=32, help="training windows per step")
    p.add_argument("--out", default=os.path.join(HERE, "models"), help="output directory")
    p.add_argument("--data", default=DATA_DIR, help="ml-latest-small directory")
    p.add_argument("--rechorus", metavar="DIR",
                   help="train on DIR/train.csv (ReChorus format) instead; exports only the opset-14 folded graph")
    p.add_argument("--n-items", type=int, metavar="N",
                   help="with --rechorus: item table rows (ReChorus n_items); default max item id + 1")
    args = p.parse_args(argv)
    if args.n_items is not None and not args.rechorus:
        p.error("--n-items needs --rechorus")

    torch.set_num_threads(2)
    torch.set_flush_denormal(True)
    seed_everything()
    os.makedirs(args.out, exist_ok=True)

    if args.rechorus:
        data = RechorusData(args.rechorus, args.n_items)
        print("users %d, table rows %d, interactions %d"
              % (len(data.users), data.n_items + 1, sum(map(len, data.seqs.values()))))
        # no item_id_map: ids in logs are the model's indices
        with open(os.path.join(args.out, "sasrec.descriptor.json"), "w") as f:
            json.dump({"version": 1}, f, indent=2)
            f.write("\n")
        ks = (5, K)
    else:
        data = Data(args.data)
        print("users %d, items %d, ratings %d" % (len(data.users), data.n_items, sum(map(len, data.seqs.values()))))
        data.write_item_ids(os.path.join(args.out, "item_ids.csv"))
        ks = (K,)
    model = SASRec(data.n_items + 1)

    if args.export_only:
        if args.weights:
            model.load_state_dict(torch.load(args.weights, map_location="cpu"))
        else:
            print("no --weights: exporting a randomly initialised model")
    else:
        t0 = time.time()
        keep_freed_memory()
        log = train(model, data, args.epochs, args.lr, args.batch)
        train_seconds = time.time() - t0
        torch.save(model.state_dict(), os.path.join(args.out, "sasrec_weights.pt"))
        test = evaluate(model, data, "test", ks=ks)
        dev = evaluate(model, data, "dev", ks=ks)
        pop = popularity_baseline(data, ks)
        if args.rechorus:
            print("SASRec     test HR@5 %.4f NDCG@5 %.4f" % (test["hr@5"], test["ndcg@5"]))
            print("Popularity test HR@5 %.4f NDCG@5 %.4f" % (pop["test"]["hr@5"], pop["test"]["ndcg@5"]))
        print("SASRec     test HR@10 %.4f NDCG@10 %.4f (dev NDCG@10 %.4f, best epoch %d)"
              % (test["hr@10"], test["ndcg@10"], dev["ndcg@10"], log["best_epoch"]))
        print("Popularity test HR@10 %.4f NDCG@10 %.4f" % (pop["test"]["hr@10"], pop["test"]["ndcg@10"]))
        print("training time %.1fs" % train_seconds)
        summary = {
            "torch_version": torch.__version__, "seed": SEED,
            "config": {"max_length": MAX_LEN, "hidden_dim": HIDDEN, "blocks": N_BLOCKS, "heads": N_HEADS,
                       "ffn_dim": FFN_DIM, "dropout": DROPOUT, "loss": "full softmax cross-entropy",
                       "optimizer": "Adam", "lr": args.lr, "batch": args.batch, "max_epochs": args.epochs},
            "n_users": len(data.users), "n_items": data.n_items,
            "training_seconds": round(train_seconds, 1),
            "best_epoch": log["best_epoch"],
            "metrics": {"sasrec": {"dev": dev, "test": test}, "popularity": pop},
            "protocol": "leave-one-out; full ranking over items 1..N, history items not excluded; "
                        "history = last 50 items before the target",
            "epochs": log["epochs"],
        }
        if args.rechorus:
            summary["data"] = {"format": "rechorus", "dir": os.path.abspath(args.rechorus),
                               "item_index": "raw item id", "table_rows": data.n_items + 1}
        with open(os.path.join(args.out, "training_log.json"), "w") as f:
            json.dump(summary, f, indent=1)

    if args.rechorus:
        export_all(model, data, args.out, only=("sasrec_opset14_folded",), users=data.users[:20])
    else:
        export_all(model, data, args.out)

    # a human-readable sanity check
    first = data.users[0]
    with torch.no_grad():
        h = data.test_history(first)
        scores = model(pad_right([h]), torch.tensor([len(h)]))[0, 1:]
    top = (torch.argsort(scores, descending=True)[:5] + 1).tolist()
    print("user %d top-5:" % first, "; ".join(data.label(i) for i in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
