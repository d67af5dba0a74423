"""How much of a TopK SAE's error comes from its encoder's choice of latents, and what that error costs the ranking.

Reads a recsae run (all-position activations, a trained SAE) and the bundled SASRec's item table, then reconstructs
every captured vector four ways with the SAE's own decoder (W_dec, b_dec):
  encoder      the SAE as trained: TopK(ReLU(W_enc (x - b_dec) + b_enc)), what `recsae evaluate` measures;
  refit        the encoder's k latents kept, their values refitted by non-negative least squares;
  search       k latents chosen by non-negative orthogonal matching pursuit (greedy search on the residual), values
               by non-negative least squares: a bound on what a better choice of latents could give;
  noise        the original plus isotropic Gaussian noise with the encoder's error energy.
For each: NMSE over all vectors, the change of next-item NDCG@10 over all positions (full ranking, history
excluded, ties counted against the target, as `recsae evaluate` does) and the mean top-10 overlap.

Prints one JSON object. Used by bench/encoder_gap.sh; needs python3-torch and python3-onnx.
"""

import argparse
import json
import os
import struct
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sae_torch import load_run  # noqa: E402


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            sys.exit("%s: tensor %s is %s, expected F32" % (path, name, entry["dtype"]))
        start, end = entry["data_offsets"]
        data = np.frombuffer(raw[8 + n + start:8 + n + end], dtype=np.float32).reshape(entry["shape"])
        out[name] = torch.from_numpy(data.copy())
    return out


def item_table(model_path, d_in):
    """The [d_in, items] initializer the folded SASRec scores a state against (the widest such matrix)."""
    best = None
    for init in onnx.load(model_path).graph.initializer:
        if len(init.dims) == 2 and init.dims[0] == d_in and (best is None or init.dims[1] > best.dims[1]):
            best = init
    if best is None:
        sys.exit("%s: no [%d, items] initializer to score states with" % (model_path, d_in))
    return torch.from_numpy(numpy_helper.to_array(best).astype(np.float32))


def nnls(atoms, x, iterations, start):
    """Non-negative least squares of each row of x on its own atoms [rows, m, d], by projected gradient."""
    gram = atoms @ atoms.transpose(1, 2)
    rhs = (atoms @ x.unsqueeze(2)).squeeze(2)
    step = torch.linalg.eigvalsh(gram)[:, -1:].clamp_min(1e-12)
    c = start.clone()
    for _ in range(iterations):
        c = (c - ((gram @ c.unsqueeze(2)).squeeze(2) - rhs) / step).clamp_min(0)
    return c


def decode(atoms, coef):
    return (coef.unsqueeze(1) @ atoms).squeeze(1)


def matching_pursuit(dictionary, x, k):
    """k atoms chosen greedily by their correlation with the residual, values refitted after each choice."""
    rows = x.shape[0]
    support = torch.zeros(rows, 0, dtype=torch.long)
    coef = torch.zeros(rows, 0, dtype=x.dtype)
    residual = x.clone()
    for step in range(k):
        corr = residual @ dictionary.t()
        if support.shape[1]:
            corr.scatter_(1, support, float("-inf"))
        support = torch.cat([support, corr.argmax(1, keepdim=True)], 1)
        coef = torch.cat([coef, torch.zeros(rows, 1, dtype=x.dtype)], 1)
        # Few iterations while the support grows, many on the final one.
        coef = nnls(dictionary[support], x, 400 if step == k - 1 else 60, coef)
        residual = x - decode(dictionary[support], coef)
    return x - residual


def next_items(users, items):
    nxt = np.full(len(items), -1)
    same = users[1:] == users[:-1]
    nxt[:-1][same] = items[1:][same]
    return nxt


def all_position_ndcg(x, xs, users, items, table):
    """NDCG@10 of the next item at every position, for the original states and for each reconstruction."""
    nxt = next_items(users, items)
    starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])
    ends = np.r_[starts[1:], len(users)]
    ndcg = np.zeros(len(xs) + 1)
    overlap = np.zeros(len(xs))
    targets = 0
    for s, e in zip(starts, ends):
        valid = nxt[s:e] >= 0
        if not valid.any():
            continue
        seen = torch.zeros(e - s, table.shape[1], dtype=torch.bool)
        seen[torch.arange(e - s), torch.from_numpy(items[s:e])] = True
        seen = seen.cumsum(0) > 0
        target = torch.from_numpy(np.where(valid, nxt[s:e], 0))[:, None]
        keep = torch.from_numpy(valid)
        tops = []
        for j, states in enumerate([x] + xs):
            scores = states[s:e] @ table
            t = scores.gather(1, target)
            scores = scores.masked_fill(seen, float("-inf")).scatter(1, target, float("-inf"))
            rank = (scores >= t).sum(1).double()
            gain = torch.where(rank < 10, 1 / torch.log2(rank + 2), torch.zeros_like(rank))
            ndcg[j] += gain[keep].sum().item()
            tops.append(scores.scatter(1, target, t).topk(10, 1).indices)
        for j in range(len(xs)):
            overlap[j] += (tops[0][:, :, None] == tops[j + 1][:, None, :]).any(2).double().mean(1)[keep].sum().item()
        targets += int(valid.sum())
    return [ndcg[j + 1] / ndcg[0] - 1 for j in range(len(xs))], [o / targets for o in overlap]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--run", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--chunk", type=int, default=4096)
    a = p.parse_args()
    torch.set_num_threads(os.cpu_count() or 1)
    x_np, users = load_run(a.run)
    rows = np.loadtxt(os.path.join(a.run, "activations", "rows.csv"), delimiter=",", skiprows=1, dtype=np.int64)
    items = rows[:, 3]
    weights = read_safetensors(os.path.join(a.run, "sae", "sae_weights.safetensors"))
    k = json.load(open(os.path.join(a.run, "sae", "cfg.json")))["k"]
    x = torch.from_numpy(x_np)
    table = item_table(a.model, x.shape[1])
    dec = weights["W_dec"].double()
    bias = weights["b_dec"].double()
    started = time.time()
    out = {"encoder": [], "refit": [], "search": []}
    with torch.no_grad():
        for j in range(0, x.shape[0], a.chunk):
            xc = x[j:j + a.chunk].double() - bias
            pre = torch.relu(xc @ weights["W_enc"].double() + weights["b_enc"].double())
            values, support = pre.topk(k, 1)
            atoms = dec[support]
            out["encoder"].append(decode(atoms, values) + bias)
            out["refit"].append(decode(atoms, nnls(atoms, xc, 400, values)) + bias)
            out["search"].append(matching_pursuit(dec, xc, k) + bias)
            print("%d of %d vectors, %.0f s" % (min(j + a.chunk, x.shape[0]), x.shape[0], time.time() - started),
                  file=sys.stderr, flush=True)
        recon = {name: torch.cat(parts).float() for name, parts in out.items()}
        noise = torch.randn(x.shape, generator=torch.Generator().manual_seed(0))
        recon["noise"] = x + noise * ((recon["encoder"] - x).norm() / noise.norm())
        spread = (x.double() - x.double().mean(0)).pow(2).sum()
        names = list(recon)
        change, overlap = all_position_ndcg(x, [recon[n] for n in names], users, items, table)
    result = {"k": k, "d_sae": dec.shape[0], "vectors": x.shape[0], "seconds": round(time.time() - started, 1)}
    for n, c, o in zip(names, change, overlap):
        result[n] = {"nmse": (x.double() - recon[n].double()).pow(2).sum().item() / spread.item(),
                     "ndcg10_change": c, "top10_overlap": o}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
