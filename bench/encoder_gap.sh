#!/usr/bin/env bash
# SAE encoder gap: trains the default SAE (k 32) on the bundled SASRec's all-position activations, runs
# `recsae evaluate`, then bench/encoder_gap.py, which keeps that SAE's decoder and compares its encoder's choice of
# latents with a search for them; rewrites the "SAE encoder gap" section of BENCHMARKS.md. It explains the part of
# issue #4 that k = 32 does not meet (all-position NDCG@10 within 1 %).
# Build first: mvn -q -B package -DskipTests. Needs Debian's python3-torch and python3-onnx (bench only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
model=examples/sasrec/models/sasrec_opset14_folded.onnx
capture_bundled "$work/run"
bin/recsae train --run "$work/run" > /dev/null 2>&1
bin/recsae evaluate --run "$work/run" --json > "$work/eval.json" 2> /dev/null
start=$(date +%s)
/usr/bin/python3 bench/encoder_gap.py --run "$work/run" --model "$model" > "$work/gap.json"
seconds=$(( $(date +%s) - start ))
g="$work/gap.json"
row() {
  jq -r --arg name "$2" --arg key "$1" \
    '"| \($name) | \(.[$key].nmse * 10000 | round / 10000) | \(.[$key].ndcg10_change * 10000 | round / 100) % | \(.[$key].top10_overlap * 1000 | round / 1000) |"' "$g"
}
section=$(cat <<MD
## SAE encoder gap

Command: \`bash bench/encoder_gap.sh\`, on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d): the default SAE
(\`recsae train\`: k $(jq .k "$g"), $(jq .d_sae "$g") latents) on the bundled SASRec's $(jq .vectors "$g") all-position
states, then \`bench/encoder_gap.py\` ($seconds s), which rebuilds every state with that SAE's own decoder in four
ways and scores each like \`recsae evaluate\` (next-item NDCG@10 at every position, full ranking, history excluded,
ties against the target; NMSE over all vectors). \`recsae evaluate\` on the same SAE reads
$(jq '.all_positions["ndcg@10_relative_change"] * 10000 | round / 100' "$work/eval.json") % and overlap
$(jq '.all_positions.top10_overlap * 1000 | round / 1000' "$work/eval.json"), which checks the script's scoring
against recsae's.

| reconstruction | NMSE | all-position NDCG@10 change | top-10 overlap |
|---|---|---|---|
$(row encoder "the SAE: its encoder's top $(jq .k "$g") latents and values")
$(row refit "the encoder's latents, values refitted (non-negative least squares)")
$(row search "$(jq .k "$g") latents found by a search (non-negative orthogonal matching pursuit)")
$(row noise "the original plus isotropic noise of the SAE's error energy")

What it shows: the decoder is good enough for the issue's 1 % target, and the encoder is not. Given the same
dictionary, a search for $(jq .k "$g") latents per state reconstructs within the target, while the encoder's
linear choice of latents (TopK of one matrix product, the SAELens \`topk\` architecture the issue fixes) leaves
about twice the error; refitting the values on the encoder's latents recovers little of it, so the loss is in
*which* latents it picks. That error also costs the ranking more than noise of the same energy would: it is
aligned with what separates the next item from its competitors. A non-linear encoder or a larger default k would
close the gap; both change what the issue specifies.
MD
)
replace_section "SAE encoder gap" "$section"
echo "wrote the SAE encoder gap section of BENCHMARKS.md"
