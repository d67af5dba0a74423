#!/usr/bin/env bash
# Production-size models: random-weight SASRec exports made by examples/scale/make_fixtures.py (needs Debian's
# python3-torch and python3-onnx; the fixtures are not committed): 1M items at d = 256 with its weights inside the
# .onnx (1 GB), and 2.2M items at d = 256 with its weights in an external data file (2.3 GB, over protobuf's 2 GB).
# Each goes through inspect, capture (all positions), train (defaults), steer (to another folder: external data is
# linked there, not copied), inspect of the steered model, and evaluate (whole-catalogue ranking, scored in batches
# whose score matrix stays near 64 MiB), every command timed whole under GNU time with its peak RSS. Rewrites the
# "Large models" section of BENCHMARKS.md. FIXTURES=DIR keeps (and reuses) the fixtures there.
# Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
fixtures=${FIXTURES:-$work/fixtures}
python=${PYTHON:-/usr/bin/python3}
rows=""
for spec in "1m 1000000" "2m-external 2200000 --external"; do
  read -r name items flag <<< "$spec"
  dir="$fixtures/$name"
  if [ ! -f "$dir/data/ratings.csv" ]; then
    "$python" examples/scale/make_fixtures.py --out "$dir" --items "$items" ${flag:-} > "$work/make-$name.log" 2>&1 \
      || { tail -5 "$work/make-$name.log" >&2; exit 1; }
  fi
  size=$(du -sbL "$dir/model.onnx"* | awk '{s += $1} END {printf "%.2f", s / 1e9}')
  run="$work/run-$name"
  out="$work/served-$name/steered.onnx"
  row="| $name | $items | $size GB${flag:+ (external data)} |"
  for step in inspect capture train steer inspect-steered evaluate; do
    case $step in
      inspect) args=(inspect --model "$dir/model.onnx" --descriptor "$dir/descriptor.json") ;;
      capture) args=(capture --model "$dir/model.onnx" --descriptor "$dir/descriptor.json" --data "$dir/data" --run "$run") ;;
      train) args=(train --run "$run") ;;
      steer) args=(steer --run "$run" --set 0=2 --out "$out") ;;
      inspect-steered) args=(inspect --model "$out" --descriptor "$dir/descriptor.json") ;;
      evaluate) args=(evaluate --run "$run") ;;
    esac
    read -r s rss <<< "$(measure "$work/$step-$name.log" bin/recsae "${args[@]}")"
    row+=" $s s, $(awk -v r="$rss" 'BEGIN {printf "%.1f", r / 1024}') GiB |"
  done
  if [ -n "${flag:-}" ]; then
    # the steered model sits elsewhere and reads the very same data file (a hard link, or a symbolic one)
    [ "$(stat -Lc %i "$(dirname "$out")/model.onnx.data")" = "$(stat -Lc %i "$dir/model.onnx.data")" ] \
      || { echo "bench: the steered model's data is not the original file" >&2; exit 1; }
  fi
  vectors=$(jq .stages.capture.outputs.vectors "$run/manifest.json")
  steered=$(du -b "$out" | cut -f1)
  rows+="$row $vectors | $(awk -v b="$steered" 'BEGIN {printf "%.1f MB", b / 1e6}') |"$'\n'
  rm -rf "$run" "$(dirname "$out")"
done
heap=${RECSAE_HEAP:-"half of RAM, bin/recsae's default"}
section=$(cat <<MD
## Large models

Command: \`bash bench/scale.sh\`, on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d), heap
$heap: random-weight SASRec exports from \`examples/scale/make_fixtures.py\`
(d = 256, 2 blocks, opset 17, unfolded), each with a synthetic log of 300 users x 16 interactions over the whole table
(Zipf-like popularity). Each cell is one whole command (JVM start included) under GNU time: wall time, peak RSS.
\`steer\` writes to another folder; \`inspect-steered\` loads what it wrote; \`evaluate\` ranks the whole catalogue
for the test users and at all 4,500 positions, for the original and the reconstruction.

| fixture | items | model | inspect | capture | train | steer | inspect-steered | evaluate | vectors | steered file |
|---|---|---|---|---|---|---|---|---|---|---|
${rows%$'\n'}

How the sizes are handled: the model file is memory-mapped and parsed without copying its weights; the graphs recsae
derives (the tapped model for discovery, the head, the tail, the item tower) point at the weights inside the model's
file as ONNX external data instead of carrying them, and a model's own external data stays referenced, so the JVM
heap never holds the item table. ONNX Runtime still loads the weights once per session, plus what its graph
optimiser folds (the unfolded export's transposed item table), which is most of the peak RSS. Discovery does not
fetch tensors computed from weights alone in a model this large (the transposed table alone is 2.3 GB at 2.2M items),
scoring runs in batches whose [rows, items] matrix stays near 64 MiB, and the steered model of an inline model holds
its weights inside (streamed to disk), while that of an external-data model keeps the references and gets a hard link
to the data file beside it. The random weights make the NDCG figures meaningless here (they are near zero); the point
is that every command runs and what it costs.
MD
)
replace_section "Large models" "$section"
echo "wrote the Large models section of BENCHMARKS.md"
