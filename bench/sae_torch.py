#!/usr/bin/env python3
"""Reference TopK-SAE trainer in plain PyTorch, for comparing against `recsae train` on the same run.

It trains the same model with the same loss, optimiser and decoder constraint as recsae's SaeTrainer, on a recsae
run directory's captured activations, and reports throughput, held-out NMSE and the dead-latent fraction.

    OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1 \
        python3 bench/sae_torch.py --run RUN --decode dense|sparse --k 32 --scale 32 --batch 256 --epochs 10 \
        --lr 1e-3 --threads 2 --seed 42 [--aux-alpha 0.03125] [--dead-window 20000] [--json OUT.json]

Set OMP_WAIT_POLICY=PASSIVE (OpenMP workers sleep instead of spinning between the many small ops of a step) and
OPENBLAS_NUM_THREADS=1 (OpenBLAS's own pthread pool then does not compete with torch's OpenMP pool) in the
environment before the process starts: both are read when the libraries load. Debian's python3-torch is built with
BLAS_INFO=generic and calls libblas.so.3, which the alternatives system points at openblas-pthread; with
OPENBLAS_NUM_THREADS=1 its sgemm runs on one thread (at these shapes OPENBLAS_NUM_THREADS=2 measured no faster).
train_cpu_s next to train_s shows how much of the loop ran in parallel (and whether other load stole the cores).

Model: W_enc [d_in, d_sae], b_enc [d_sae], W_dec [d_sae, d_in], b_dec [d_in]; b_dec starts at the training mean,
W_dec rows are Gaussian scaled to unit norm, W_enc = W_dec^T, b_enc = 0.
    pre = relu((x - b_dec) @ W_enc + b_enc);  vals, idx = topk(pre, k)
    dense:  x_hat = zeros(B, d_sae).scatter(1, idx, vals) @ W_dec + b_dec
    sparse: x_hat = sum_j vals[:, j] * W_dec[idx[:, j]] + b_dec   (only the k active decoder rows are touched),
            by F.embedding_bag(idx, W_dec, per_sample_weights=vals, mode="sum") (default; its backward scatters
            into the k rows) or, with --sparse-impl gather, bmm(vals, W_dec[idx]) (slower here: index backward)
Loss: sum((x - x_hat)^2) / sum((x - mean_batch(x))^2) + aux_alpha * min(n_dead / k_aux, 1) * AuxK, where AuxK lets the
top min(k_aux, n_dead) dead latents (k_aux = d_in // 2, capped at d_sae) reconstruct the detached residual e with
e_hat = z_aux @ W_dec (no bias): sum((e_hat - e)^2) / sum((e - mean_batch(e))^2). A latent is dead when it has not
fired (value > 0) within the last --dead-window training vectors. After backward the W_dec gradient loses its
component along each row, Adam steps, and the W_dec rows are renormalised.

Split: a user is held out when a seeded 64-bit mix of its id falls below 0.1 - the same hash recsae uses
(ActivationSet.isHeldOut), so both trainers see the same training and held-out users. Batches: each epoch is one
seeded permutation of all training rows (recsae shuffles chunks of rows instead, to bound memory); the last batch
of an epoch may be short.
"""
import time

_T0 = time.perf_counter()  # process start, as near as a script can get: before torch and numpy are imported

import argparse
import glob
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

MASK64 = (1 << 64) - 1


def is_held_out(user, seed, fraction):
    """recsae's split: SplitMix-style mix of (user, seed) in 64-bit wrap-around arithmetic, top 53 bits as [0, 1)."""
    h = ((user * 0x9E3779B97F4A7C15) & MASK64) ^ ((seed * 0xC2B2AE3D27D4EB4F) & MASK64)
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK64
    h ^= h >> 33
    return (h >> 11) * (2.0 ** -53) < fraction


def load_run(run):
    adir = os.path.join(run, "activations")
    shards = sorted(glob.glob(os.path.join(adir, "shard-*.npy")))
    if not shards:
        sys.exit("no shards under " + adir)
    parts = [np.load(s) for s in shards]
    x = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=0)
    x = np.ascontiguousarray(x, dtype=np.float32)
    with open(os.path.join(adir, "rows.csv"), "r", encoding="utf-8") as f:
        header = f.readline()
        if not header.startswith("user"):
            sys.exit("rows.csv: unexpected header " + header.strip())
        users = [int(line.split(",", 1)[0]) for line in f if line.strip()]
    if len(users) != x.shape[0]:
        sys.exit("rows.csv has %d rows, shards have %d" % (len(users), x.shape[0]))
    return x, np.asarray(users, dtype=np.int64)


class TopKSae(torch.nn.Module):
    def __init__(self, d_in, d_sae, k, centre, generator, decode, sparse_impl):
        super().__init__()
        w_dec = torch.randn(d_sae, d_in, generator=generator)
        w_dec /= w_dec.norm(dim=1, keepdim=True)
        self.W_enc = torch.nn.Parameter(w_dec.t().contiguous())
        self.b_enc = torch.nn.Parameter(torch.zeros(d_sae))
        self.W_dec = torch.nn.Parameter(w_dec)
        self.b_dec = torch.nn.Parameter(torch.as_tensor(centre, dtype=torch.float32).clone())
        self.d_sae = d_sae
        self.k = k
        self.decode = decode
        self.sparse_impl = sparse_impl

    def pre(self, x):
        return torch.relu(torch.addmm(self.b_enc, x - self.b_dec, self.W_enc))

    def combine(self, vals, idx):
        """sum_j vals[:, j] * W_dec[idx[:, j]] (no bias), densely or sparsely per --decode."""
        if self.decode == "dense":
            z = torch.zeros(vals.shape[0], self.d_sae, dtype=vals.dtype).scatter(1, idx, vals)
            return z @ self.W_dec
        if self.sparse_impl == "bag":
            return F.embedding_bag(idx, self.W_dec, per_sample_weights=vals, mode="sum")
        return torch.bmm(vals.unsqueeze(1), self.W_dec[idx]).squeeze(1)

    def forward(self, x):
        pre = self.pre(x)
        vals, idx = pre.topk(self.k, dim=1, sorted=False)
        return pre, vals, idx, self.combine(vals, idx) + self.b_dec


def spread(t):
    return (t - t.mean(0, keepdim=True)).pow(2).sum() + 1e-12


@torch.inference_mode()
def evaluate(sae, x, chunk=2048):
    """Sum-based NMSE over x (float64 sums) and which latents fired on any row. Decodes with embedding_bag whatever
    --decode says (the same sum, and the faster way here); evaluation is outside the timed loop but inside wall_s."""
    d_in = x.shape[1]
    sum_x = torch.zeros(d_in, dtype=torch.float64)
    sum_sq_x = 0.0
    sum_sq_r = 0.0
    fired = torch.zeros(sae.d_sae, dtype=torch.bool)
    for i in range(0, x.shape[0], chunk):
        xb = x[i:i + chunk]
        vals, idx = sae.pre(xb).topk(sae.k, dim=1, sorted=False)
        x_hat = F.embedding_bag(idx, sae.W_dec, per_sample_weights=vals, mode="sum") + sae.b_dec
        xd = xb.double()
        sum_x += xd.sum(0)
        sum_sq_x += float(xd.pow(2).sum())
        sum_sq_r += float((xd - x_hat.double()).pow(2).sum())
        fired[idx[vals > 0]] = True
    n = x.shape[0]
    centred = sum_sq_x - n * float((sum_x / n).pow(2).sum())
    return sum_sq_r / centred, fired


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--run", required=True)
    p.add_argument("--decode", choices=["dense", "sparse"], default="dense")
    p.add_argument("--sparse-impl", choices=["bag", "gather"], default="bag",
                   help="sparse decode: embedding_bag with per_sample_weights (default, the faster here) or "
                        "gather the k rows and bmm")
    p.add_argument("--k", type=int, default=32)
    p.add_argument("--scale", type=int, default=32)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--aux-alpha", type=float, default=1.0 / 32)
    p.add_argument("--dead-window", type=int, default=20000)
    p.add_argument("--heldout", type=float, default=0.1)
    p.add_argument("--json")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.set_flush_denormal(True)

    x_all_np, users = load_run(a.run)
    n_all, d_in = x_all_np.shape
    held_user = {u: is_held_out(int(u), a.seed, a.heldout) for u in np.unique(users)}
    held = np.fromiter((held_user[u] for u in users), dtype=bool, count=n_all)
    x_all = torch.from_numpy(x_all_np)
    x_train = x_all[torch.from_numpy(~held)].contiguous()
    x_held = x_all[torch.from_numpy(held)].contiguous()
    n_train = x_train.shape[0]
    if n_train == 0 or x_held.shape[0] == 0:
        sys.exit("too few users to hold %.0f %% of them out" % (100 * a.heldout))

    d_sae = a.scale * d_in
    k_aux = min(max(1, d_in // 2), d_sae)
    gen = torch.Generator().manual_seed(a.seed)
    centre = x_train.double().mean(0).float()
    sae = TopKSae(d_in, d_sae, a.k, centre, gen, a.decode, a.sparse_impl)
    opt = torch.optim.Adam(sae.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    W_dec = sae.W_dec

    last_fired = torch.zeros(d_sae, dtype=torch.int64)
    seen = 0
    steps = 0
    aux_steps = 0
    t_loop = time.perf_counter()
    c_loop = time.process_time()
    for epoch in range(a.epochs):
        perm = torch.randperm(n_train, generator=torch.Generator().manual_seed(a.seed * 1_000_003 + epoch))
        xs = x_train[perm]  # one gather per epoch; batches are then contiguous slices
        for i in range(0, n_train, a.batch):
            x = xs[i:i + a.batch]
            dead = (seen - last_fired) > a.dead_window
            n_dead = int(dead.sum())
            pre, vals, idx, x_hat = sae(x)
            err = x - x_hat
            loss = err.pow(2).sum() / spread(x)
            if n_dead > 0 and a.aux_alpha > 0:
                aux_vals, aux_idx = (pre * dead).topk(min(k_aux, n_dead), dim=1, sorted=False)
                e = err.detach()
                e_hat = sae.combine(aux_vals, aux_idx)
                aux = (e_hat - e).pow(2).sum() / spread(e)
                loss = loss + (a.aux_alpha * min(1.0, n_dead / k_aux)) * aux
                aux_steps += 1
            opt.zero_grad(set_to_none=True)
            loss.backward()
            with torch.no_grad():
                g = W_dec.grad
                g.sub_((g * W_dec).sum(1, keepdim=True) * W_dec)
                opt.step()
                W_dec.div_(W_dec.norm(dim=1, keepdim=True).clamp_min(1e-8))
                seen += x.shape[0]
                last_fired[idx[vals > 0]] = seen
            steps += 1
    train_s = time.perf_counter() - t_loop
    train_cpu_s = time.process_time() - c_loop

    nmse, fired_held = evaluate(sae, x_held)
    _, fired_train = evaluate(sae, x_train)
    dead_fraction = 1.0 - float((fired_held | fired_train).sum()) / d_sae
    out = {
        "decode": a.decode if a.decode == "dense" else "sparse-" + a.sparse_impl,
        "vectors_per_s": seen / train_s,
        "wall_s": time.perf_counter() - _T0,
        "train_s": train_s,
        "train_cpu_s": train_cpu_s,
        "nmse": nmse,
        "dead_fraction": dead_fraction,
        "d_sae": d_sae,
        "k": a.k,
        "epochs": a.epochs,
        "threads": a.threads,
        "batch": a.batch,
        "train_vectors": n_train,
        "heldout_vectors": int(x_held.shape[0]),
        "steps": steps,
        "aux_steps": aux_steps,
        "load_avg_1min": os.getloadavg()[0],
        "torch": torch.__version__,
    }
    print(json.dumps(out))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
