#!/usr/bin/env bash
# The README's first command on a fresh clone of this repository (build included, Maven cache as it is), then the
# same pipeline again with every stage up to date; rewrites the "Quick start" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
git clone -q . "$work/clone"
first=$(awk '/^```bash$/ {n++; inside=1; next} /^```$/ {inside=0} inside && n==1 {print}' README.md)
start=$(date +%s.%N)
(cd "$work/clone" && bash -c "$first") > "$work/first.log" 2>&1
mid=$(date +%s.%N)
(cd "$work/clone" && bin/recsae run --config examples/movielens/pipeline.json) > "$work/second.log" 2>&1
end=$(date +%s.%N)
skipped=$(grep -c "is up to date, skipped" "$work/second.log" || true)
timings=$(jq -r 'to_entries | map("\(.key | sub("_seconds"; "")) \(.value | . * 10 | round / 10) s") | join(", ")' \
  "$work/clone/runs/example/timings.json")
section=$(cat <<MD
## Quick start

Command: \`bash bench/quickstart.sh\`, on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d): a fresh clone, then the
README's first command (\`mvn -q -B package -DskipTests && bin/recsae run --config examples/movielens/pipeline.json\`,
with the Maven cache already filled), then the same \`recsae run\` again.

| | wall time |
|---|---|
| build and whole pipeline, capture to report.html | $(awk -v a="$start" -v b="$mid" 'BEGIN {printf "%.0f", b - a}') s |
| the pipeline again ($skipped stages skipped as up to date) | $(awk -v a="$mid" -v b="$end" 'BEGIN {printf "%.1f", b - a}') s |

Stage times of the first run: $timings.
MD
)
replace_section "Quick start" "$section"
echo "wrote the Quick start section of BENCHMARKS.md"
