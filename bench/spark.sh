#!/usr/bin/env bash
# Capture on Spark (local[2], through bin/recsae-spark) beside the local capture, on the bundled ml-latest-small
# with every user resampled S times (S in SCALES, default "1 16"). Both are timed as whole commands (JVM start,
# reading the log, writing the files) with their peak RSS, and their outputs are checked to be the same rows and
# bytes. Rewrites the "Spark capture" section of BENCHMARKS.md. Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
scales=${SCALES:-"1 16"}
model=examples/sasrec/models/sasrec_opset14_folded.onnx
descriptor=examples/sasrec/models/sasrec.descriptor.json
vector_bytes() { # RUN: the float data of every shard, in manifest order, without the .npy headers
  for shard in $(jq -r '.stages.capture.outputs.shards[].path' "$1/manifest.json"); do tail -c +129 "$1/$shard"; done
}
rows=""
for s in $scales; do
  data="$work/data$s"
  resampled_data "$s" "$data"
  read -r ls lr <<< "$(measure "$work/local$s.log" bin/recsae capture --model "$model" --descriptor "$descriptor" \
    --data "$data" --run "$work/local$s")"
  read -r ss sr <<< "$(measure "$work/spark$s.log" bin/recsae-spark --model "$model" --descriptor "$descriptor" \
    --data "$data" --run "$work/spark$s")"
  vectors=$(jq .stages.capture.outputs.vectors "$work/local$s/manifest.json")
  cmp -s "$work/local$s/activations/rows.csv" "$work/spark$s/activations/rows.csv" || { echo "rows differ at ${s}x" >&2; exit 1; }
  cmp -s <(vector_bytes "$work/local$s") <(vector_bytes "$work/spark$s") || { echo "vectors differ at ${s}x" >&2; exit 1; }
  rows+=$(printf '| %dx | %s | %s s | %s | %s MiB | %s s | %s | %s MiB |' "$s" "$vectors" \
    "$ls" "$(awk -v n="$vectors" -v t="$ls" 'BEGIN {printf "%.0f", n / t}')" "$lr" \
    "$ss" "$(awk -v n="$vectors" -v t="$ss" 'BEGIN {printf "%.0f", n / t}')" "$sr")$'\n'
  rm -rf "$work/local$s" "$work/spark$s" "$data"
done
section=$(cat <<MD
## Spark capture

Command: \`bash bench/spark.sh\` (SCALES="$scales"), on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d), Spark
4.2.0 on Java 17: ml-latest-small with every user resampled S times, captured at all positions by \`recsae capture\`
(2 ONNX Runtime threads) and by \`bin/recsae-spark\` (SparkSubmit, master local[2]: 2 tasks, one single-threaded
ONNX Runtime session shared in the JVM), each a whole command under GNU time. Every run's rows.csv and vector bytes
were checked equal between the two (shard boundaries aside).

| log | vectors | local capture | vectors/s | peak RSS | Spark local[2] | vectors/s | peak RSS |
|---|---|---|---|---|---|---|---|
${rows%$'\n'}

On one machine Spark costs its start-up (a few seconds), a range-partitioning pass that samples the log, and a
shuffle; it pays off when the log outgrows one machine's memory or the head needs more cores than one machine has.
MD
)
replace_section "Spark capture" "$section"
echo "wrote the Spark capture section of BENCHMARKS.md"
