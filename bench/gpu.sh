#!/usr/bin/env bash
# Capture and SAE training on the CPU and, where a usable GPU and the cuda build are present, on the GPU: the
# bundled example with its users resampled 16 times. Checks the CUDA libraries first and says why a GPU half is
# skipped. Rewrites the "GPU" section of BENCHMARKS.md. Build first: mvn -q -B package -DskipTests (CPU) or
# mvn -q -B -Pcuda package -DskipTests (GPU).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
scale=${SCALE:-16}

why_no_gpu=""
if ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L >/dev/null 2>&1; then
  why_no_gpu="no NVIDIA GPU or driver (nvidia-smi finds none)"
elif ! ldconfig -p | grep -q 'libcudart.so.12'; then
  why_no_gpu="the CUDA 12 runtime (libcudart.so.12) is not installed"
elif ! ldconfig -p | grep -q 'libcudnn.so.9'; then
  why_no_gpu="cuDNN 9 (libcudnn.so.9) is not installed"
elif ! ls recsae-dist/target/lib | grep -q onnxruntime_gpu; then
  why_no_gpu="this is the CPU build; build with mvn -Pcuda package"
fi
devices="cpu"
[ -z "$why_no_gpu" ] && devices="cpu cuda"

data="$work/data"
resampled_data "$scale" "$data"
seconds() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
rows=""
for device in $devices; do
  run="$work/run-$device"
  t0=$(date +%s.%N)
  bin/recsae capture --model examples/sasrec/models/sasrec_opset14_folded.onnx \
    --descriptor examples/sasrec/models/sasrec.descriptor.json --data "$data" --run "$run" --device "$device" > /dev/null 2>&1
  t1=$(date +%s.%N)
  bin/recsae train --run "$run" --k 16 --epochs 2 --device "$device" > /dev/null 2>&1
  t2=$(date +%s.%N)
  vectors=$(jq .stages.capture.outputs.vectors "$run/manifest.json")
  rows+="| $device | $vectors | $(seconds "$t0" "$t1") s | $(seconds "$t1" "$t2") s | $(jq -r '.nmse | . * 10000 | round / 10000' "$run/sae/metrics.json") |"$'\n'
done
gpu_line="GPU figures: not measured here: $why_no_gpu."
[ -z "$why_no_gpu" ] && gpu_line="GPU: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | head -1)."
section=$(cat <<MD
## GPU

Command: \`bash bench/gpu.sh\` (SCALE=$scale), on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d): ml-latest-small with
every user resampled $scale times, \`recsae capture --device D\` (all positions) and \`recsae train --k 16 --epochs 2
--device D\`, each timed as a whole command. $gpu_line

| device | vectors | capture | train, 2 epochs | held-out NMSE |
|---|---|---|---|---|
${rows%$'\n'}
MD
)
replace_section "GPU" "$section"
echo "wrote the GPU section of BENCHMARKS.md${why_no_gpu:+ (GPU half skipped: $why_no_gpu)}"
