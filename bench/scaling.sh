#!/usr/bin/env bash
# Capture and SAE training as the log grows: the bundled ml-latest-small with every user resampled S times (S in
# SCALES, default "1 4 16"; copies get new user ids), captured at all positions and trained for 2 epochs, each
# timed as a whole command with its peak RSS (GNU time). The heap is fixed (RECSAE_HEAP, default 2g) so RSS
# compares across sizes. Rewrites the "Scaling" section of BENCHMARKS.md. Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
export RECSAE_HEAP=${RECSAE_HEAP:-2g}
scales=${SCALES:-"1 4 16"}
rows=""
for s in $scales; do
  data="$work/data$s"
  resampled_data "$s" "$data"
  run="$work/run$s"
  read -r cs cr <<< "$(measure "$work/capture$s.log" bin/recsae capture --model examples/sasrec/models/sasrec_opset14_folded.onnx \
    --descriptor examples/sasrec/models/sasrec.descriptor.json --data "$data" --run "$run")"
  vectors=$(jq .stages.capture.outputs.vectors "$run/manifest.json")
  read -r ts tr <<< "$(measure "$work/train$s.log" bin/recsae train --run "$run" --k 16 --epochs 2)"
  seen=$(jq .train_vectors_seen "$run/sae/metrics.json")
  rows+=$(printf '| %dx | %s | %s s | %s MiB | %s s | %s MiB | %s |' "$s" "$vectors" "$cs" "$cr" "$ts" "$tr" \
    "$(awk -v n="$seen" -v t="$ts" 'BEGIN {printf "%.0f", n / t}')")$'\n'
  rm -rf "$run" "$data"
done
section=$(cat <<MD
## Scaling

Command: \`bash bench/scaling.sh\` (SCALES="$scales", RECSAE_HEAP=$RECSAE_HEAP), on $(nproc) cores of $(cpu_name),
$(date -u +%Y-%m-%d): ml-latest-small with every user resampled S times, \`recsae capture\` (all positions) and
\`recsae train --k 16 --epochs 2\`, each a whole command (JVM start, reading the log, writing the files) under GNU
time. Peak RSS includes the JVM heap (fixed at $RECSAE_HEAP), ONNX Runtime and libtorch.

| log | vectors | capture | capture peak RSS | train, 2 epochs | train peak RSS | train vectors/s (whole command) |
|---|---|---|---|---|---|---|
${rows%$'\n'}

What bounds memory: capture sorts the log with an external merge sort (60,000-row primitive chunks spilled to
disk and merged) and replays it one user at a time, counting once and capturing once, so it never holds the log's
users or windows; bin/recsae caps G1's young generation at 64m (4m regions), so the heap's resident part follows
what is live rather than the run's length. Training streams shards in shuffled chunks, so its memory follows the
chunk size rather than the data.
MD
)
replace_section "Scaling" "$section"
echo "wrote the Scaling section of BENCHMARKS.md"
