#!/usr/bin/env python3
"""Train a small two-tower recommender on MovieLens latest-small and export it to ONNX.

This is the fixture for recsae's generic `dot` plugin: a model whose score is a
plain dot product `user_vector . item_table^T`, but which is deliberately *not*
a transformer (no attention, no Softmax node anywhere), so the plugin has to
find the user vector from the descriptor and the graph alone.

  python3 train_export.py                 # train, export, record
  python3 train_export.py --epochs 4      # shorter / longer training
  python3 train_export.py --export-only --weights models/two_tower_weights.pt
  python3 train_export.py --export-only   # random weights, graph only

Model: item table E [9725,32] (row 0 = padding, kept at zero); user tower =
masked mean of the history embeddings -> Linear 32->64 -> ReLU -> Linear 64->32
= user vector u [B,32]; score = u @ E^T [B,9725].

Data conventions are those of ../sasrec/train_export.py (imported from there so
they cannot drift): movieIds sorted ascending -> 1..9724, 0 = padding; per-user
stable time sort; leave-one-out (last = test, second to last = dev); histories
are the last 50 items before the predicted one, oldest first.
"""

import argparse
import json
import os
import random
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

HERE = os.path.dirname(os.path.abspath(__file__))
SASREC_DIR = os.path.join(HERE, "..", "sasrec")

# Reuse the SASRec example's data pipeline, metrics and recording helpers.
# Its main() is guarded, so importing it only defines things; no bytecode is
# written so that the import leaves ../sasrec untouched.
sys.dont_write_bytecode = True
sys.path.insert(0, SASREC_DIR)
import train_export as sasrec  # noqa: E402
from train_export import (  # noqa: E402
    DATA_DIR, MAX_LEN, RECORD_USERS, SEED, Data, b64, keep_freed_memory,
    metrics_from_ranks, pad_right, popularity_baseline, rank_of_targets,
    seed_everything, top_k,
)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HIDDEN = 32           # width of item table and user vector
MLP_DIM = 64          # inner width of the user tower
OPSET = 13
NAME = "two_tower"
PREFIXES_PER_USER = 32   # random train-part prefixes sampled per user and epoch


class TwoTower(nn.Module):
    """Right padded history + lengths in, scores over the whole item table out."""

    def __init__(self, n_rows):
        super().__init__()
        # padding_idx keeps row 0 out of the gradient, so it stays exactly zero
        self.item_emb = nn.Embedding(n_rows, HIDDEN, padding_idx=0)
        self.fc1 = nn.Linear(HIDDEN, MLP_DIM)
        self.fc2 = nn.Linear(MLP_DIM, HIDDEN)
        self.register_buffer("positions", torch.arange(MAX_LEN), persistent=False)
        nn.init.normal_(self.item_emb.weight, std=0.05)
        with torch.no_grad():
            self.item_emb.weight[0].zero_()

    def user_vector(self, history, lengths):
        # mask from lengths (the descriptor's `lengths` input), not from history != 0,
        # so the graph really depends on both inputs
        mask = (self.positions.unsqueeze(0) < lengths.unsqueeze(1)).to(torch.float32)   # [B,L]
        summed = (self.item_emb(history) * mask.unsqueeze(-1)).sum(1)                   # [B,d]
        mean = summed / lengths.clamp(min=1).to(torch.float32).unsqueeze(1)
        # the MLP output itself is u: no norm or scale after it, so the tensor
        # feeding the final MatMul is exactly the recorded user_state
        return self.fc2(F.relu(self.fc1(mean)))

    def run(self, history, lengths):
        user = self.user_vector(history, lengths)
        # matmul with the transposed table (not F.linear) so the scorer is a MatMul;
        # constant folding stores E^T as its own initializer (~1.2 MB)
        scores = torch.matmul(user, self.item_emb.weight.t())
        return scores, user

    def forward(self, history, lengths):
        return self.run(history, lengths)[0]


# ----------------------------------------------------------------------------
# training / evaluation
# ----------------------------------------------------------------------------

def epoch_examples(data, rng):
    """Per user: the dev item from the whole train part, plus random train-part prefixes."""
    hists, targets = [], []
    for user in data.users:
        train = data.train_part(user)
        hists.append(train[-MAX_LEN:])
        targets.append(data.dev_item(user))
        for _ in range(PREFIXES_PER_USER):
            t = rng.randrange(1, len(train))          # at least one history item
            hists.append(train[:t][-MAX_LEN:])
            targets.append(train[t])
    return pad_right(hists), torch.tensor([len(h) for h in hists]), torch.tensor(targets)


@torch.no_grad()
def evaluate(model, data, split, batch=610):
    model.eval()
    hist_of = data.dev_history if split == "dev" else data.test_history
    item_of = data.dev_item if split == "dev" else data.test_item
    hists = [hist_of(u) for u in data.users]
    scores = model(pad_right(hists), torch.tensor([len(h) for h in hists]))
    return metrics_from_ranks(rank_of_targets(scores, torch.tensor([item_of(u) for u in data.users])))


def train(model, data, epochs, lr, batch, log=print):
    optim = torch.optim.Adam(model.parameters(), lr=lr)
    rng = random.Random(SEED)
    gen = torch.Generator().manual_seed(SEED)
    history = []
    for epoch in range(1, epochs + 1):
        model.train()
        t0 = time.time()
        seqs, lens, tgts = epoch_examples(data, rng)
        order = torch.randperm(len(seqs), generator=gen)
        total = 0.0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            user = model.user_vector(seqs[idx], lens[idx])
            # softmax over items 1..N only, as in the SASRec example
            logits = user @ model.item_emb.weight[1:].t()
            loss = F.cross_entropy(logits, tgts[idx] - 1)
            optim.zero_grad()
            loss.backward()
            optim.step()
            total += float(loss) * len(idx)
        test = evaluate(model, data, "test")
        entry = {"epoch": epoch, "loss": total / len(order), "seconds": round(time.time() - t0, 2),
                 "test": test}
        history.append(entry)
        log("epoch %2d loss %.4f test HR@10 %.4f NDCG@10 %.4f (%.1fs)"
            % (epoch, entry["loss"], test["hr@10"], test["ndcg@10"], entry["seconds"]))
    return history


# ----------------------------------------------------------------------------
# export + recording
# ----------------------------------------------------------------------------

DESCRIPTOR = {
    "version": 1, "plugin": "dot",
    "inputs": {"history": "item_seq", "lengths": "item_seq_len"},
    "output": "score", "padding_id": 0, "padding_side": "right", "max_length": MAX_LEN,
    "item_id_map": "../../sasrec/models/item_ids.csv",
}


def export(model, data, out_dir, log=print):
    import onnx
    model.eval()
    n_rows = data.n_items + 1
    hists = [data.test_history(u) for u in RECORD_USERS]
    lengths = torch.tensor([len(h) for h in hists], dtype=torch.long)
    padded = pad_right(hists)

    path = os.path.join(out_dir, NAME + ".onnx")
    with torch.no_grad():
        # only the batch axis is dynamic; L = 50 stays static like the SASRec exports
        torch.onnx.export(model, (padded, lengths), path, opset_version=OPSET,
                          do_constant_folding=True,
                          input_names=["item_seq", "item_seq_len"], output_names=["score"],
                          dynamic_axes={"item_seq": {0: "batch"}, "item_seq_len": {0: "batch"},
                                        "score": {0: "batch"}})
        scores, user = model.run(padded, lengths)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    assert not any(n.op_type == "Softmax" for n in proto.graph.node), "Softmax in graph"
    scores, user = scores.numpy(), user.numpy()
    log("exported %s (%d bytes), checker ok" % (path, os.path.getsize(path)))

    replayed = replay(proto, {"item_seq": padded.numpy(), "item_seq_len": lengths.numpy()})
    log("ONNX replay vs torch: max |score diff| %.2e" % float(np.abs(replayed - scores).max()))

    with open(os.path.join(out_dir, NAME + ".descriptor.json"), "w") as f:
        json.dump(DESCRIPTOR, f, indent=1)
        f.write("\n")

    recording = {
        "format": "recsae-recording/1",
        "model_file": NAME + ".onnx",
        "torch_version": torch.__version__,
        "opset": OPSET,
        "inputs": {"history": "item_seq", "lengths": "item_seq_len", "candidates": None},
        "output": "score",
        "padding_id": 0,
        "padding_side": "right",
        "max_length": MAX_LEN,
        "hidden_dim": HIDDEN,
        "n_items": n_rows,
        "candidates": None,
        "users": RECORD_USERS,
        "histories": hists,
        "test_items": [data.test_item(u) for u in RECORD_USERS],
        "padded_history": padded.tolist(),
        "lengths": lengths.tolist(),
        "top10": top_k(scores, 0),
        "scores": b64(scores),
        "user_state": b64(user),     # exactly the u that is dotted with E
    }
    with open(os.path.join(out_dir, NAME + ".recording.json"), "w") as f:
        json.dump(recording, f)
    return proto


def replay(proto, feeds):
    """Run the exported graph: onnxruntime when installed, else a tiny numpy interpreter
    for the few op types this export uses (onnx 1.12 has no reference evaluator)."""
    try:
        import onnxruntime
        sess = onnxruntime.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
        return sess.run(None, feeds)[0]
    except ImportError:
        pass
    from onnx import numpy_helper
    env = {t.name: numpy_helper.to_array(t) for t in proto.graph.initializer}
    env.update(feeds)
    for node in proto.graph.node:
        a = {x.name: onnx_attr(x) for x in node.attribute}
        x = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            y = numpy_helper.to_array(node.attribute[0].t)
        elif op == "Gather":
            y = np.take(x[0], x[1], axis=a.get("axis", 0))
        elif op == "Unsqueeze":
            y = np.expand_dims(x[0], tuple(int(v) for v in x[1]))
        elif op == "Less":
            y = x[0] < x[1]
        elif op == "Cast":
            y = x[0].astype(CAST[a["to"]])
        elif op == "Mul":
            y = x[0] * x[1]
        elif op == "Div":
            y = x[0] / x[1]
        elif op == "ReduceSum":
            y = np.sum(x[0], axis=tuple(int(v) for v in x[1]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "Clip":
            lo = x[1] if len(x) > 1 and x[1] is not None else None
            hi = x[2] if len(x) > 2 and x[2] is not None else None
            y = np.clip(x[0], lo, hi)
        elif op == "Max":
            y = np.maximum(x[0], x[1])
        elif op == "Gemm":
            b = x[1].T if a.get("transB", 0) else x[1]
            y = a.get("alpha", 1.0) * (x[0] @ b) + a.get("beta", 1.0) * x[2]
        elif op == "Relu":
            y = np.maximum(x[0], 0)
        elif op == "MatMul":
            y = x[0] @ x[1]
        else:
            raise NotImplementedError("replay: op %s" % op)
        env[node.output[0]] = y
    return env[proto.graph.output[0].name]


CAST = {1: np.float32, 6: np.int32, 7: np.int64, 9: np.bool_}


def onnx_attr(attr):
    from onnx import helper
    return helper.get_attribute_value(attr)


def describe(proto, log=print):
    counts = {}
    for n in proto.graph.node:
        counts[n.op_type] = counts.get(n.op_type, 0) + 1
    log("op types: " + ", ".join("%s x%d" % kv for kv in sorted(counts.items())))
    final = [n for n in proto.graph.node if n.output[0] == "score"][0]
    log("final node: %s %s(%s) -> score" % (final.name, final.op_type, ", ".join(final.input)))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--export-only", action="store_true", help="skip training, only export and record")
    p.add_argument("--weights", help="state dict of TwoTower to load (with --export-only)")
    p.add_argument("--epochs", type=int, default=30, help="training epochs (fixed, no early stopping)")
    p.add_argument("--lr", type=float, default=2e-3, help="Adam learning rate")
    p.add_argument("--batch", type=int, default=128, help="examples per step")
    p.add_argument("--out", default=os.path.join(HERE, "models"), help="output directory")
    p.add_argument("--data", default=DATA_DIR, help="ml-latest-small directory")
    args = p.parse_args(argv)

    torch.set_num_threads(2)
    torch.set_flush_denormal(True)
    seed_everything()
    os.makedirs(args.out, exist_ok=True)

    data = Data(args.data)
    print("users %d, items %d" % (len(data.users), data.n_items))
    model = TwoTower(data.n_items + 1)

    if args.export_only:
        if args.weights:
            model.load_state_dict(torch.load(args.weights, map_location="cpu"))
        else:
            print("no --weights: exporting a randomly initialised model")
    else:
        keep_freed_memory()
        t0 = time.time()
        epochs = train(model, data, args.epochs, args.lr, args.batch)
        seconds = time.time() - t0
        torch.save(model.state_dict(), os.path.join(args.out, NAME + "_weights.pt"))
        test = evaluate(model, data, "test")
        dev = evaluate(model, data, "dev")
        pop = popularity_baseline(data)
        print("two-tower  test HR@10 %.4f NDCG@10 %.4f" % (test["hr@10"], test["ndcg@10"]))
        print("popularity test HR@10 %.4f NDCG@10 %.4f" % (pop["test"]["hr@10"], pop["test"]["ndcg@10"]))
        print("training time %.1fs" % seconds)
        summary = {
            "torch_version": torch.__version__, "seed": SEED,
            "config": {"max_length": MAX_LEN, "hidden_dim": HIDDEN, "mlp_dim": MLP_DIM,
                       "loss": "full softmax cross-entropy", "optimizer": "Adam", "lr": args.lr,
                       "batch": args.batch, "epochs": args.epochs,
                       "examples": "per user and epoch: dev item from the train part + %d random "
                                   "train-part prefixes" % PREFIXES_PER_USER},
            "training_seconds": round(seconds, 1),
            # dev items are training targets here, so dev metrics are not held out
            "metrics": {"two_tower": {"dev_seen_in_training": dev, "test": test}, "popularity": pop},
            "protocol": "leave-one-out; full ranking over items 1..N, history items not excluded; "
                        "history = last 50 items before the target",
            "epochs": epochs,
        }
        with open(os.path.join(args.out, "training_log.json"), "w") as f:
            json.dump(summary, f, indent=1)

    proto = export(model, data, args.out)
    describe(proto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
