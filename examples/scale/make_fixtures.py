#!/usr/bin/env python3
"""Random-weight SASRec exports at production sizes, for bench/scale.sh (not committed: they are large).

  python3 make_fixtures.py --out DIR --items 1000000                 # DIR/model.onnx, weights inside (about 1 GB)
  python3 make_fixtures.py --out DIR --items 2200000 --external      # DIR/model.onnx + DIR/model.onnx.data (> 2 GB)

Each fixture is the left-padded, unfolded SASRec of examples/sasrec/train_export.py (opset 17, one copy of the item
table: constant folding would add its transpose) at width --dim (default 256), with random weights, plus a small
synthetic log in MovieLens layout (DIR/data/ratings.csv, item ids = model indices, so the descriptor has no item map)
whose items follow a Zipf-like popularity over the whole table. ONNX's protobuf cannot hold more than 2 GB, so the
larger fixture keeps its weights in one external data file, as exporters do for big models.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--items", type=int, default=1_000_000, help="items in the table (padding row excluded)")
    p.add_argument("--dim", type=int, default=256, help="model width")
    p.add_argument("--users", type=int, default=300, help="users in the synthetic log")
    p.add_argument("--length", type=int, default=16, help="interactions per user")
    p.add_argument("--external", action="store_true", help="weights in an external data file (model.onnx.data)")
    args = p.parse_args(argv)

    # train_export reads the width when it is imported
    os.environ["RECSAE_SASREC_HIDDEN"] = str(args.dim)
    sys.path.insert(0, os.path.join(HERE, "..", "sasrec"))
    import numpy as np
    import onnx
    import torch
    import train_export as sasrec

    torch.manual_seed(7)
    os.makedirs(os.path.join(args.out, "data"), exist_ok=True)
    n_rows = args.items + 1
    model = sasrec.LeftPaddedSASRec(n_rows).load_from(sasrec.SASRec(n_rows)).eval()
    batch = 2
    seq = torch.randint(1, n_rows, (batch, sasrec.MAX_LEN), dtype=torch.long)
    lengths = torch.tensor([sasrec.MAX_LEN, 3], dtype=torch.long)
    path = os.path.join(args.out, "model.onnx")
    staging = os.path.join(args.out, "staging")
    os.makedirs(staging, exist_ok=True)
    with torch.no_grad():
        # torch writes a model over 2 GB as one file per tensor; it is gathered into one data file below
        torch.onnx.export(model, (seq, lengths), os.path.join(staging, "model.onnx"), opset_version=17,
                          do_constant_folding=False, input_names=["input_seq", "seq_len"],
                          output_names=["logits"],
                          dynamic_axes={"input_seq": {0: "batch"}, "seq_len": {0: "batch"}, "logits": {0: "batch"}})
    del model
    exported = onnx.load(os.path.join(staging, "model.onnx"))
    if args.external:
        onnx.save_model(exported, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location="model.onnx.data", size_threshold=1024)
    else:
        onnx.save_model(exported, path)
    for name in os.listdir(staging):
        os.remove(os.path.join(staging, name))
    os.rmdir(staging)
    with open(os.path.join(args.out, "descriptor.json"), "w") as f:
        json.dump({"version": 1}, f, indent=2)
        f.write("\n")

    rng = np.random.default_rng(11)
    # Zipf-like popularity over the whole table, so some items recur and most appear once or never
    ranks = np.arange(1, args.items + 1, dtype=np.float64)
    weights = 1.0 / ranks ** 0.8
    weights /= weights.sum()
    order = rng.permutation(args.items) + 1
    with open(os.path.join(args.out, "data", "ratings.csv"), "w") as f:
        f.write("userId,movieId,rating,timestamp\n")
        for user in range(1, args.users + 1):
            items = order[rng.choice(args.items, size=args.length, replace=False, p=weights)]
            for t, item in enumerate(items):
                f.write("%d,%d,4.0,%d\n" % (user, item, 1_000_000 + t))
    size = os.path.getsize(path) + (os.path.getsize(path + ".data") if args.external else 0)
    print("wrote %s (%d items, d=%d, %.2f GB%s), %d users x %d interactions"
          % (path, args.items, args.dim, size / 1e9, ", external data" if args.external else "", args.users,
             args.length))
    return 0


if __name__ == "__main__":
    sys.exit(main())
