#!/usr/bin/env bash
# Concept comparison on the bundled data: the SASRec against the NRMS (a content model; its user vector captured
# after every prefix), and the SASRec against a second SAE of itself (another seed) as the stability baseline,
# each beside the shuffled-profile control, for several --min-prefixes. Both models' SAEs: recsae train --k 16 (defaults
# otherwise), builtin interpreter. Rewrites the "Concept comparison" section of BENCHMARKS.md.
# Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
capture_bundled "$work/sasrec"
fresh_run "$work/sasrec" "$work/sasrec2"
capture_run "$work/tt" examples/nrms/models/nrms.onnx examples/nrms/models/nrms.descriptor.json \
  examples/data/ml-latest-small
bin/recsae train --run "$work/sasrec" --k 16 > /dev/null 2>&1
bin/recsae train --run "$work/sasrec2" --k 16 --seed 2 > /dev/null 2>&1
bin/recsae train --run "$work/tt" --k 16 > /dev/null 2>&1
for r in sasrec sasrec2 tt; do bin/recsae interpret --run "$work/$r" > /dev/null 2>&1; done
rows=""
for m in 1 20 50 100; do
  start=$(date +%s.%N)
  bin/recsae compare --run "$work/sasrec" --run "$work/tt" --stability "$work/sasrec2" --min-prefixes "$m" \
    --out "$work/cmp$m" > /dev/null 2>&1
  secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
  rows+=$(jq -r --arg m "$m" --arg s "$secs" '"| \($m) | \(.runs.a.first_ranked_items_kept) / \(.runs.b.first_ranked_items_kept) | \(.stability[0].matched_share * 1000 | round / 10) % | \(.stability[0].shuffled_matched_share * 1000 | round / 10) % | \(.summary.matched_share_a * 1000 | round / 10) % | \(.summary.matched_share_b * 1000 | round / 10) % | \(.summary.shuffled_matched_share_a * 1000 | round / 10) % | \(.summary.one_to_one_pairs_at_threshold) | \(.summary.mean_assigned_cosine * 1000 | round / 1000) | \($s) s |"' "$work/cmp$m/comparison.json")$'\n'
done
section=$(cat <<MD
## Concept comparison

Command: \`bash bench/compare.sh\`, on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d). A = the bundled SASRec,
B = the bundled NRMS (\`examples/nrms\`, content-based: items are their title and genre tokens; its [B,D] user
vector captured after every prefix: 100,226 rows, like SASRec's), stability run = A's activations with a second SAE (\`--seed 2\`); every SAE \`train --k 16\`, every
dictionary the builtin interpreter. \`recsae compare --run A --run B --stability A2 --min-prefixes M\` at a match
threshold of cosine 0.7. A latent's profile is its mean activation over the prefixes where the model ranks each
item first; M drops the items a model ranks first at fewer than M prefixes. "Shuffled" permutes the other run's
item axis (one permutation for all its latents).

| M | first-ranked items kept A / B | A vs A (seed 2) matched | shuffled | A vs B: A matched | B matched | shuffled | one-to-one pairs | mean assigned cosine | compare, whole command |
|---|---|---|---|---|---|---|---|---|---|
${rows%$'\n'}

A second seed recovers about a third of the SASRec's dictionary at the default M = 50 (more at larger M, where the
profiles shrink to the few hundred most predicted items), against none under the shuffled control. The SASRec and
the NRMS share almost no concept at 0.7: the NRMS sees items only through their words, ranks far worse ("NRMS") and
ranks far fewer distinct items first anywhere (the M = 1 row), so the two profiles have little to agree on; the
genre table in the comparison report shows where both still cover the same genres. M = 50 is the default: below it the means of
items ranked first at a handful of prefixes are mostly noise (stability falls to a few percent at M = 1).
MD
)
replace_section "Concept comparison" "$section"
echo "wrote the Concept comparison section of BENCHMARKS.md"
