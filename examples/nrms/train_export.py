#!/usr/bin/env python3
"""Train a small NRMS (news recommendation with multi-head self-attention) on MovieLens latest-small, where each
movie's "news text" is its title and genres, and export it to ONNX for recsae's NRMS plugin.

  python3 train_export.py                  # train, export, record
  python3 train_export.py --epochs 2       # shorter / longer training
  python3 train_export.py --export-only    # random weights: only the graph matters

Model (content-based: no item id embedding anywhere):
  * text of item i: lower-cased title + genres, split into [0-9a-z]+ tokens, the first T = 16 kept; token ids from
    models/nrms.vocab.txt (line n = id n; 0 = [PAD], 1 = [UNK]; a token needs 2 catalogue occurrences).
  * news encoder: word embedding (32) -> 2-head self-attention over the tokens (pad masked) -> additive attention
    pooling -> news vector r [32].
  * user encoder: 2-head self-attention over the clicked news vectors (empty history slots masked) -> additive
    attention pooling -> user vector u [32].
  * score of candidate c: r_c . u (a Mul and a ReduceSum in the graph).
Inputs: clicked [B, H=30, T] and candidates [B, C, T] token ids (int64, C dynamic); output scores [B, C]. The news
encoder is applied to both, so the export holds it twice.

Data conventions are those of ../sasrec/train_export.py (imported from there): movieIds sorted ascending -> 1..N,
0 = padding; per-user stable time sort; leave-one-out (last = test, second to last = dev). Clicked histories are
the newest H items before the predicted one, oldest first, right padded with the empty item (all [PAD] tokens).
Training: each epoch, 32 random train-part prefixes per user, the next item against 4 sampled negatives, softmax
cross-entropy; Adam. Recording: 5 users' test histories scored against the whole catalogue (C = N, candidate c is
item c + 1).
"""

import argparse
import json
import os
import random
import re
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

HERE = os.path.dirname(os.path.abspath(__file__))
SASREC_DIR = os.path.join(HERE, "..", "sasrec")
sys.dont_write_bytecode = True
sys.path.insert(0, SASREC_DIR)
import train_export as sasrec  # noqa: E402
from train_export import DATA_DIR, RECORD_USERS, SEED, Data, b64, metrics_from_ranks, seed_everything  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

TOKENS = 16          # T: tokens per item text
CLICKED = 30         # H: clicked items the model reads
DIM = 32             # word, news and user vector width
HEADS = 2
NEGATIVES = 4
PREFIXES_PER_USER = 32
OPSET = 14
NAME = "nrms"
RECORDED = RECORD_USERS[:5]


def tokenize(text):
    return re.findall(r"[0-9a-z]+", text.lower())


def item_texts(data, data_dir):
    """Index -> 'title genre genre ...' for items 1..N (the genres as words)."""
    genres = {}
    import csv
    with open(os.path.join(data_dir, "movies.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            if row:
                genres[int(row[0])] = row[2].replace("|", " ").replace("(no genres listed)", "")
    texts = {}
    for index, raw in enumerate(data.raw_ids, start=1):
        texts[index] = (data.titles.get(raw, "") + " " + genres.get(raw, "")).strip()
    return texts


def build_vocab(texts):
    counts = {}
    for t in texts.values():
        for w in tokenize(t)[:TOKENS]:
            counts[w] = counts.get(w, 0) + 1
    words = sorted(w for w, c in counts.items() if c >= 2)
    return ["[PAD]", "[UNK]"] + words


def token_table(texts, vocab, n_items):
    """[N + 1, T] token ids; row 0 (padding) is all [PAD]."""
    ids = {w: i for i, w in enumerate(vocab)}
    table = np.zeros((n_items + 1, TOKENS), dtype=np.int64)
    for index, text in texts.items():
        toks = [ids.get(w, 1) for w in tokenize(text)[:TOKENS]]
        table[index, :len(toks)] = toks
    return torch.tensor(table)


class SelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(DIM, 3 * DIM)
        self.out = nn.Linear(DIM, DIM)

    def forward(self, x, valid):
        # x [N, S, D], valid [N, S] bool; masked keys get a large negative logit (not -inf: an all-empty row
        # then averages harmlessly instead of producing NaN)
        n, s, _ = x.shape
        q, k, v = self.qkv(x).view(n, s, 3, HEADS, DIM // HEADS).permute(2, 0, 3, 1, 4).unbind(0)
        logits = q @ k.transpose(-1, -2) / (DIM // HEADS) ** 0.5
        logits = logits + (~valid)[:, None, None, :].to(x.dtype) * -1e4
        att = torch.softmax(logits, dim=-1) @ v
        return self.out(att.transpose(1, 2).reshape(n, s, DIM))


class AdditivePooling(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(DIM, DIM)
        self.query = nn.Linear(DIM, 1, bias=False)

    def forward(self, x, valid):
        logits = self.query(torch.tanh(self.proj(x))).squeeze(-1) + (~valid).to(x.dtype) * -1e4
        weights = torch.softmax(logits, dim=-1)
        return (weights.unsqueeze(-1) * x).sum(1)


class NRMS(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.words = nn.Embedding(vocab_size, DIM, padding_idx=0)
        self.news_attention = SelfAttention()
        self.news_pool = AdditivePooling()
        self.user_attention = SelfAttention()
        self.user_pool = AdditivePooling()

    def news(self, tokens):
        """tokens [..., T] -> news vectors [..., D]."""
        shape = tokens.shape[:-1]
        flat = tokens.reshape(-1, TOKENS)
        valid = flat != 0
        h = self.news_attention(self.words(flat), valid)
        return self.news_pool(h, valid).reshape(*shape, DIM)

    def user(self, clicked):
        valid = (clicked != 0).any(-1)                     # an empty slot is all [PAD]
        r = self.news(clicked)                             # [B, H, D]
        return self.user_pool(self.user_attention(r, valid), valid)

    def run(self, clicked, candidates):
        u = self.user(clicked)                             # [B, D]: the user state
        r = self.news(candidates)                          # [B, C, D]
        return (r * u.unsqueeze(1)).sum(-1), u             # Mul + ReduceSum: [B, C]

    def forward(self, clicked, candidates):
        return self.run(clicked, candidates)[0]


def clicked_batch(histories, table):
    """Newest H items of each history, oldest first, right padded with item 0: token ids [B, H, T]."""
    idx = torch.zeros((len(histories), CLICKED), dtype=torch.long)
    for b, h in enumerate(histories):
        h = h[-CLICKED:]
        idx[b, :len(h)] = torch.tensor(h, dtype=torch.long)
    return table[idx]


def train(model, data, table, epochs, lr, batch, log=print):
    optim = torch.optim.Adam(model.parameters(), lr=lr)
    rng = random.Random(SEED)
    history = []
    for epoch in range(1, epochs + 1):
        model.train()
        t0 = time.time()
        examples = []
        for user in data.users:
            part = data.train_part(user)
            for _ in range(PREFIXES_PER_USER):
                t = rng.randrange(1, len(part))
                examples.append((part[:t], part[t]))
        rng.shuffle(examples)
        total = 0.0
        for i in range(0, len(examples), batch):
            chunk = examples[i:i + batch]
            clicked = clicked_batch([h for h, _ in chunk], table)
            cands = torch.tensor([[tgt] + [rng.randrange(1, data.n_items + 1) for _ in range(NEGATIVES)]
                                  for _, tgt in chunk], dtype=torch.long)
            scores = model(clicked, table[cands])
            loss = F.cross_entropy(scores, torch.zeros(len(chunk), dtype=torch.long))
            optim.zero_grad()
            loss.backward()
            optim.step()
            total += float(loss) * len(chunk)
        test = evaluate(model, data, table)
        entry = {"epoch": epoch, "loss": total / len(examples), "seconds": round(time.time() - t0, 1), "test": test}
        history.append(entry)
        log("epoch %2d loss %.4f test HR@10 %.4f NDCG@10 %.4f (%.0fs)" % (epoch, entry["loss"], test["hr@10"],
                                                                          test["ndcg@10"], entry["seconds"]))
    return history


@torch.no_grad()
def catalogue_scores(model, clicked, table, n_items):
    """Scores of every item 1..N: the news vectors once, then the dot with each user vector."""
    model.eval()
    u = model.user(clicked)
    r = torch.cat([model.news(table[i:i + 2048]) for i in range(1, n_items + 1, 2048)])
    return u @ r.t()                                       # [B, N]; column c is item c + 1


@torch.no_grad()
def evaluate(model, data, table):
    model.eval()
    users = data.users
    scores = catalogue_scores(model, clicked_batch([data.test_history(u) for u in users], table), table, data.n_items)
    # pad column 0 (item 0) so that column c is item c, as rank_of_targets expects
    scores = torch.cat([torch.full((len(users), 1), -1e9), scores], 1)
    return metrics_from_ranks(sasrec.rank_of_targets(scores, torch.tensor([data.test_item(u) for u in users])))


def export(model, data, table, vocab, texts, out_dir, log=print):
    import onnx
    model.eval()
    with open(os.path.join(out_dir, NAME + ".vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    with open(os.path.join(out_dir, NAME + ".items.tsv"), "w", encoding="utf-8") as f:
        f.write("index\ttext\n")
        for index in range(1, data.n_items + 1):
            f.write("%d\t%s\n" % (index, texts[index].replace("\t", " ")))
    hists = [data.test_history(u) for u in RECORDED]
    clicked = clicked_batch(hists, table)
    example_cands = table[torch.arange(1, 6).repeat(len(RECORDED), 1)]
    path = os.path.join(out_dir, NAME + ".onnx")
    with torch.no_grad():
        torch.onnx.export(model, (clicked, example_cands), path, opset_version=OPSET, do_constant_folding=True,
                          input_names=["clicked", "candidates"], output_names=["scores"],
                          dynamic_axes={"clicked": {0: "batch"}, "candidates": {0: "batch", 1: "candidates"},
                                        "scores": {0: "batch", 1: "candidates"}})
        all_items = table[1:].unsqueeze(0).expand(len(RECORDED), -1, -1)
        scores, user = model.run(clicked, all_items)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    log("exported %s (%d bytes), checker ok" % (path, os.path.getsize(path)))
    descriptor = {"version": 1, "plugin": "nrms", "padding_side": "right", "max_length": CLICKED,
                  "item_id_map": "../../sasrec/models/item_ids.csv",
                  "files": {"vocabulary": NAME + ".vocab.txt", "item_text": NAME + ".items.tsv"}}
    with open(os.path.join(out_dir, NAME + ".descriptor.json"), "w") as f:
        json.dump(descriptor, f, indent=1)
        f.write("\n")
    scores = scores.numpy()
    recording = {
        "format": "recsae-recording/1", "model_file": NAME + ".onnx", "torch_version": torch.__version__,
        "opset": OPSET, "inputs": {"history": "clicked", "candidates": "candidates"}, "output": "scores",
        "max_length": CLICKED, "tokens": TOKENS, "hidden_dim": DIM, "n_items": data.n_items + 1,
        "users": RECORDED, "histories": hists, "test_items": [data.test_item(u) for u in RECORDED],
        "candidates": "every item 1..N in order: score column c is item c + 1",
        "top10": [[int(i) + 1 for i in np.argsort(-row, kind="stable")[:10]] for row in scores],
        "scores": b64(scores), "user_state": b64(user.numpy()),
    }
    with open(os.path.join(out_dir, NAME + ".recording.json"), "w") as f:
        json.dump(recording, f)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--export-only", action="store_true", help="skip training (random weights)")
    p.add_argument("--out", default=os.path.join(HERE, "models"))
    p.add_argument("--data", default=DATA_DIR)
    a = p.parse_args(argv)
    torch.set_num_threads(2)
    seed_everything()
    os.makedirs(a.out, exist_ok=True)
    data = Data(a.data)
    texts = item_texts(data, a.data)
    vocab = build_vocab(texts)
    table = token_table(texts, vocab, data.n_items)
    print("users %d, items %d, vocabulary %d" % (len(data.users), data.n_items, len(vocab)))
    model = NRMS(len(vocab))
    log = []
    if not a.export_only:
        log = train(model, data, table, a.epochs, a.lr, a.batch)
        with open(os.path.join(a.out, "training_log.json"), "w") as f:
            json.dump({"epochs": log, "seed": SEED, "lr": a.lr, "batch": a.batch}, f, indent=1)
    export(model, data, table, vocab, texts, a.out)


if __name__ == "__main__":
    main()
