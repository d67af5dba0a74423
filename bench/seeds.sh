#!/usr/bin/env bash
# How much the SAE's fidelity depends on the seed alone: trains the default SAE with seeds 1..N on the bundled
# SASRec's all-position activations, evaluates each, and rewrites the "SAE seed spread" section of BENCHMARKS.md.
# Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
seeds=${SEEDS:-5}
capture_bundled "$work/captured"
rows=""
for seed in $(seq 1 "$seeds"); do
  run="$work/seed$seed"
  fresh_run "$work/captured" "$run"
  bin/recsae train --run "$run" --seed "$seed" > /dev/null 2>&1
  bin/recsae evaluate --run "$run" --json > "$run/eval.json" 2> /dev/null
  m="$run/sae/metrics.json" e="$run/eval.json"
  rows+=$(printf '| %d | %d | %.4f | %.2f %% | %+.2f %% | %+.2f %% | %.3f |' "$seed" "$(jq .epochs "$m")" \
    "$(jq .nmse "$m")" "$(jq '.dead_fraction*100' "$m")" "$(jq '.change["ndcg@10"].relative*100' "$e")" \
    "$(jq '.all_positions["ndcg@10_relative_change"]*100' "$e")" "$(jq .all_positions.top10_overlap "$e")")$'\n'
done
section=$(cat <<MD
## SAE seed spread

Command: \`bash bench/seeds.sh\` (SEEDS=$seeds), on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d): the default
\`recsae train --seed N\` on the bundled SASRec's all-position states, then \`recsae evaluate\`. Only the seed
changes (split, initialisation, batch order).

| seed | epochs | NMSE | dead | test NDCG@10 change | all-position NDCG@10 change | top-10 overlap |
|---|---|---|---|---|---|---|
${rows}
MD
)
replace_section "SAE seed spread" "$section"
echo "wrote the SAE seed spread section of BENCHMARKS.md"
