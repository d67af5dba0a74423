#!/usr/bin/env bash
# Where recsae train's time goes: the training at the PyTorch comparison's settings (--k 32 --scale 32 --batch 256,
# EPOCHS epochs, default 3) on the bundled SASRec's activations under Java Flight Recorder, its samples of threads
# inside libtorch grouped by the DJL native call they are in (the op), beside the Java-side samples. Rewrites the
# "Training profile" section of BENCHMARKS.md. Needs the JDK's jfr tool. Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
epochs=${EPOCHS:-3}
flags="--k 32 --scale 32 --batch 256 --epochs $epochs"
capture_bundled "$work/run"
RECSAE_JAVA_OPTS="-XX:StartFlightRecording=filename=$work/train.jfr,settings=profile" \
  bin/recsae train --run "$work/run" $flags > "$work/train.out" 2> "$work/train.err"
top_frames() { # EVENT: "count share frame" lines, most sampled first
  jfr print --events "$1" "$work/train.jfr" | awk '/stackTrace = \[/ {getline; gsub(/^ +/, ""); sub(/\(.*/, "");
    sub(/^ai\.djl\.pytorch\.jni\.PyTorchLibrary\./, ""); top[$0]++; n++}
    END {for (k in top) printf "%d %.1f %s\n", top[k], 100 * top[k] / n, k}' | sort -rn
}
native=$(top_frames jdk.NativeMethodSample)
java_samples=$(top_frames jdk.ExecutionSample | awk '{s += $1} END {print s + 0}')
native_samples=$(echo "$native" | awk '{s += $1} END {print s + 0}')
rows=$(echo "$native" | head -12 | awk '{printf "| `%s` | %d | %.1f %% |\n", $3, $1, $2}')
summary=$(tail -1 "$work/train.out" | sed 's/ -> .*//')
section=$(cat <<MD
## Training profile

Command: \`bash bench/train_profile.sh\` (EPOCHS=$epochs), on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d):
\`recsae train $flags\` on the bundled SASRec's all-position activations under Java Flight Recorder (profile
settings), which samples every thread: $native_samples samples of threads inside libtorch (a DJL native call) and
$java_samples of threads running Java code. The table groups the native samples by the call they were in: the op
libtorch was running, on any of the step's threads: the training thread (the batch's first half, then the
decoder's Adam update), the shard thread (the batch's second half) and the thread that applies Adam to the
encoder. The run: $summary

| libtorch call | samples | share of native samples |
|---|---|---|
$rows

What limits training is libtorch's per-op cost on small tensors, not arithmetic (a few per cent of peak, "Against
PyTorch"): each half of a step is a chain of small ops on a [128, 2048] pre-activation matrix and [128, 32, 64]
gathered decoder rows. \`torchBackward\` (the encoder's gradient GEMM, TopK's scatter into a dense [128, 2048]
gradient, and the decoder rows' embedding backward, which writes a dense [2048, 64] gradient) and \`torchTopK\` (the
selection over 2048 latents per vector) lead the table; the forward GEMM is \`torchMatmul\`. The two halves run side
by side, each with one libtorch thread, because libtorch's own threads cost more in wake-ups than they gained on
ops this small. Going further needs fewer ops per step: a fused top-k and gather, and a hand-written backward for
the k active rows instead of autograd's dense gradients.
MD
)
replace_section "Training profile" "$section"
echo "wrote the Training profile section of BENCHMARKS.md"
