#!/usr/bin/env bash
# Measures capture on the bundled example: the whole command's wall time (JVM start, discovery, data loading,
# capture, manifest) and the capture loop's own rate, over REPEATS runs. Rewrites the "Capture" section of
# BENCHMARKS.md. Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
repeats=${REPEATS:-5}
model=examples/sasrec/models/sasrec_opset14_folded.onnx
cmd="bin/recsae capture --model $model --data examples/data/ml-latest-small --descriptor examples/sasrec/models/sasrec.descriptor.json --run RUN --positions all"
rows=""
for i in $(seq 1 "$repeats"); do
  run=$(mktemp -d)
  start=$(date +%s.%N)
  out=$(${cmd/RUN/$run} 2>/dev/null)
  end=$(date +%s.%N)
  vectors=$(echo "$out" | sed -E 's/captured ([0-9,]+) vectors.*/\1/' | tr -d ,)
  loop_rate=$(echo "$out" | sed -E 's/.* ([0-9,]+) vectors\/s$/\1/' | tr -d ,)
  wall=$(echo "$end - $start" | bc -l)
  whole_rate=$(echo "$vectors / $wall" | bc -l)
  rows+=$(printf '| %d | %d | %.2f | %.0f | %s |' "$i" "$vectors" "$wall" "$whole_rate" "$loop_rate")$'\n'
  rm -rf "$run"
done
cpu=$(cpu_name)
section=$(cat <<MD
## Capture

Command (\`bash bench/capture.sh\`, REPEATS=$repeats), each run into a fresh run directory:

    ${cmd}

SASRec (2 blocks, d 64, L 50) on ml-latest-small, \`--positions all\`: 2,299 windows, 100,226 vectors of width 64.
Machine: $(nproc) cores of ${cpu}, $(date -u +%Y-%m-%d). "Whole command" divides the vectors by the wall time of
the entire \`bin/recsae\` process (JVM start, discovery with its two observation runs, reading the log, capture,
hashing for the manifest); "capture loop" is the rate the command reports for running the pruned head graph and
writing the shard.

| run | vectors | wall s | whole command vectors/s | capture loop vectors/s |
|---|---|---|---|---|
${rows}
For reference, FACTS.md measured PyTorch eager on the same model and data at 248k vectors/s (forward to the last
block only, no I/O).
MD
)
replace_section "Capture" "$section"
echo "wrote the Capture section of BENCHMARKS.md"
