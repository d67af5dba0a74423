#!/usr/bin/env python3
"""PyTorch eager reference for capture: the bundled SASRec's all-position states over a MovieLens-layout log.

The same model (examples/sasrec/train_export.py, weights models/sasrec_weights.pt), the same windows as
`recsae capture --positions all` (each user's sequence before the test item, cut from the end into
non-overlapping 50-item windows), batch 128, right padded. Only the compute loop is timed: the forward pass to the
final LayerNorm and copying the valid positions' vectors into one preallocated array. Reading the log, building
and padding the windows happen before the clock starts, and nothing is written to disk, all of which favours
PyTorch. Prints JSON: vectors, best and every loop time, vectors/s.

  python3 bench/torch_capture.py --data DIR [--batch 128] [--threads 2] [--repeats 2]
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
HERE = os.path.dirname(os.path.abspath(__file__))
SASREC = os.path.join(HERE, "..", "examples", "sasrec")
sys.dont_write_bytecode = True
sys.path.insert(0, SASREC)
import train_export as sasrec  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402


def windows(data):
    out = []
    for u in data.users:
        seq = data.seqs[u]
        end = len(seq) - 1 if len(seq) >= 2 else len(seq)
        mine = []
        to = end
        while to > 0:
            mine.append(seq[max(0, to - sasrec.MAX_LEN):to])
            to -= sasrec.MAX_LEN
        out.extend(reversed(mine))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--weights", default=os.path.join(SASREC, "models", "sasrec_weights.pt"))
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    data = sasrec.Data(a.data)
    model = sasrec.SASRec(data.n_items + 1)
    # The trained state dict is made by examples/sasrec/train_export.py and not committed; the forward pass costs the
    # same with the initial weights, so the timing stands without it.
    weights = "trained" if os.path.exists(a.weights) else "initial"
    if os.path.exists(a.weights):
        model.load_state_dict(torch.load(a.weights))
    else:
        print("torch_capture: %s is missing; timing the forward pass with the initial weights" % a.weights,
              file=sys.stderr)
    model.eval()
    wins = windows(data)
    batches = [sasrec.pad_right(wins[i:i + a.batch]) for i in range(0, len(wins), a.batch)]
    vectors = sum(len(w) for w in wins)
    out = np.empty((vectors, sasrec.HIDDEN), dtype=np.float32)
    loops = []
    with torch.no_grad():
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            row = 0
            for h in batches:
                states = model.sequence_states(h)
                valid = states[h != 0].numpy()
                out[row:row + len(valid)] = valid
                row += len(valid)
            loops.append(time.perf_counter() - t0)
    assert row == vectors, (row, vectors)
    best = min(loops)
    print(json.dumps({"torch": torch.__version__, "weights": weights, "vectors": vectors, "windows": len(wins), "batch": a.batch,
                      "threads": a.threads, "loop_s": loops, "best_s": best, "vectors_per_s": vectors / best}))


if __name__ == "__main__":
    main()
