#!/usr/bin/env bash
# SAE fidelity, the paper's Table 4: trains the default SAE and the paper's configuration (k 32, 32 x d_in) on the
# bundled SASRec's all-position activations, evaluates both, and rewrites the "SAE fidelity" section of
# BENCHMARKS.md. With GROCERY_MODEL (a SASRec exported by examples/sasrec/train_export.py --rechorus) and
# GROCERY_DATA (the ReChorus Amazon Grocery folder) it adds the paper's dataset; that data is never shipped.
# Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
rows=""

# row NAME RUN TRAIN_ARGS...: train into a copy of RUN's capture, evaluate, and add a table row.
row() {
  local name="$1" captured="$2"
  shift 2
  local run="$work/$(echo "$name" | tr -c 'a-zA-Z0-9' '_')"
  fresh_run "$captured" "$run"
  local start end
  start=$(date +%s.%N)
  bin/recsae train --run "$run" "$@" > /dev/null 2> "$run/train.log"
  end=$(date +%s.%N)
  bin/recsae evaluate --run "$run" --json > "$run/eval.json" 2> /dev/null
  local m="$run/sae/metrics.json" e="$run/eval.json"
  rows+=$(printf '| %s | `%s` | %d | %.4f | %.2f %% | %.2f %% | %+.2f %% | %+.2f %% | %s | %.3f | %.0f |' \
    "$name" "$*" "$(jq .d_sae "$m")" "$(jq .nmse "$m")" "$(jq '.dead_fraction*100' "$m")" \
    "$(jq '.dead_fraction_heldout*100' "$m")" "$(jq '.change["ndcg@5"].relative*100' "$e")" \
    "$(jq '.change["ndcg@10"].relative*100' "$e")" \
    "$(jq -r 'if .all_positions then "\(.all_positions["ndcg@10_relative_change"]*100 | . * 100 | round / 100) %" else "n/a" end' "$e")" \
    "$(jq 'if .all_positions then .all_positions.top10_overlap else .test_top10_overlap end' "$e")" \
    "$(echo "$end - $start" | bc -l)")$'\n'
}

ml="$work/ml"
capture_bundled "$ml"
row "ml-latest-small, defaults" "$ml"
row "ml-latest-small, paper config" "$ml" --k 32 --scale 32
row "ml-latest-small, paper config, 10 epochs" "$ml" --k 32 --scale 32 --epochs 10
# Not a default: how far k = 32 (the issue's, and the paper's, default) is from the 1 % all-position target here.
row "ml-latest-small, k 40" "$ml" --k 40
# The paper's early stopping: the epoch kept by the held-out users' ranking with the SAE spliced in.
row "ml-latest-small, dev NDCG early stopping" "$ml" --dev-ndcg
if [ -n "${GROCERY_MODEL:-}" ] && [ -n "${GROCERY_DATA:-}" ]; then
  gr="$work/grocery"
  capture_run "$gr" "$GROCERY_MODEL" "$(dirname "$GROCERY_MODEL")/sasrec.descriptor.json" "$GROCERY_DATA"
  row "Amazon Grocery, defaults" "$gr"
  row "Amazon Grocery, paper config" "$gr" --k 32 --scale 32
fi

section=$(cat <<MD
## SAE fidelity (the paper's Table 4)

Command: \`bash bench/fidelity.sh\` (Grocery rows: \`GROCERY_MODEL=... GROCERY_DATA=... bash bench/fidelity.sh\`), on
$(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d). Each row captures the SASRec's all-position states, runs
\`recsae train\` with the flags shown (whole command, JVM start included, in the last column), then
\`recsae evaluate\`. NMSE is on held-out users' vectors; "dead" counts latents no captured vector activates (all
vectors / held-out only), with the final weights. NDCG changes are relative, SAE reconstruction spliced in vs the
original, full ranking with the history excluded and ties against the target: test users at 5 and 10, and the
next-item NDCG@10 over all positions; overlap is the mean top-10 overlap over all positions.

| data, SAE | train flags | latents | NMSE | dead | dead (held-out) | NDCG@5 change | NDCG@10 change | all-position NDCG@10 change | top-10 overlap | train s |
|---|---|---|---|---|---|---|---|---|---|---|
${rows}
The k 40 row is not a default: it shows how much of the all-position NDCG@10 that k = 32 costs on this
64-wide state (about 2 %) a larger k wins back. The dev NDCG row keeps the epoch whose held-out users rank best
with the SAE spliced in, as the paper does, instead of the one with the lowest held-out NMSE; "SAE encoder gap"
below explains why neither choice of epoch reaches 1 % at k = 32.

The paper (SASRec, full ranking, ReChorus settings): Amazon Grocery 1.07 % dead, NMSE 0.0547, NDCG@5 change
-1.02 %; MovieLens-1M 4.98 % dead, NMSE 0.0324, NDCG@5 change +0.99 %.
MD
)
replace_section "SAE fidelity (the paper's Table 4)" "$section"
echo "wrote the SAE fidelity section of BENCHMARKS.md"
