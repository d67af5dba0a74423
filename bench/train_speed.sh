#!/usr/bin/env bash
# recsae train as a whole command (JVM start included) against the PyTorch reference trainer (bench/sae_torch.py)
# with a dense and a sparse decode, same activations, hyperparameters, threads and machine, one after the other in
# one run. Rewrites the "SAE training speed" section of BENCHMARKS.md. Needs Debian's python3-torch.
# Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
export OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1
flags="--k 32 --scale 32 --batch 256 --epochs 10"
capture_bundled "$work/run"
vectors_per_epoch=$(( $(wc -l < "$work/run/activations/rows.csv") - 1 ))
rows=""
start=$(date +%s.%N)
bin/recsae train --run "$work/run" $flags > "$work/java.out" 2>/dev/null
end=$(date +%s.%N)
seen=$(jq .train_vectors_seen "$work/run/sae/metrics.json")
wall=$(echo "$end - $start" | bc -l)
recsae_rate=$(echo "$seen / $wall" | bc -l)
best_torch_rate=0
rows+=$(printf '| recsae train (DJL %s) | %.1f | %.0f | %.4f | %.2f %% |' "PyTorch 2.5.1" "$wall" \
  "$(echo "$seen / $wall" | bc -l)" "$(jq .nmse "$work/run/sae/metrics.json")" \
  "$(jq '.dead_fraction*100' "$work/run/sae/metrics.json")")$'\n'
for decode in dense sparse; do
  start=$(date +%s.%N)
  /usr/bin/python3 bench/sae_torch.py --run "$work/run" --decode "$decode" $flags --lr 1e-3 --threads "$(nproc)" \
    --seed 42 --json "$work/torch-$decode.json" > /dev/null 2>&1
  end=$(date +%s.%N)
  wall=$(echo "$end - $start" | bc -l)
  seen=$(jq '.train_vectors * .epochs' "$work/torch-$decode.json" 2>/dev/null || echo 0)
  rate=$(echo "$seen / $wall" | bc -l)
  if (( $(echo "$rate > $best_torch_rate" | bc -l) )); then best_torch_rate=$rate; fi
  rows+=$(printf '| PyTorch %s, %s decode | %.1f | %.0f | %.4f | %.2f %% |' \
    "$(jq -r .torch "$work/torch-$decode.json")" "$decode" "$wall" "$(echo "$seen / $wall" | bc -l)" \
    "$(jq .nmse "$work/torch-$decode.json")" "$(jq '.dead_fraction*100' "$work/torch-$decode.json")")$'\n'
done
section=$(cat <<MD
## SAE training speed

Command: \`bash bench/train_speed.sh\`, on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d), one run after the
other with \`OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1\`. All three train the same TopK SAE
(\`$flags\`, lr 1e-3, AuxK alpha 1/32, decoder gradient projection and renormalisation every step) on the bundled
SASRec's $vectors_per_epoch all-position vectors (90 % of users for training). Rate = training vectors stepped over
(10 epochs) / wall time of the whole process: JVM or Python start, reading the activations, training and the final
metrics pass.

| trainer | wall s | vectors/s (whole command) | held-out NMSE | dead |
|---|---|---|---|---|
${rows}
recsae train against the faster PyTorch script: $(printf '%.2f' "$(echo "$recsae_rate / $best_torch_rate" | bc -l)") x.
MD
)
replace_section "SAE training speed" "$section"
echo "wrote the SAE training speed section of BENCHMARKS.md"
