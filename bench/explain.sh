#!/usr/bin/env bash
# How long `recsae explain` takes for one user (JVM start excluded: the command's own timing), over 20 users of the
# quick start's run; rewrites the "Explain" section of BENCHMARKS.md. Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
capture_bundled "$work/run"
bin/recsae train --run "$work/run" --k 16 > /dev/null 2>&1
bin/recsae interpret --run "$work/run" > /dev/null 2>&1
times=()
for user in $(seq 1 20); do
  t=$(bin/recsae explain --run "$work/run" --user "$user" --json 2>&1 >/dev/null | sed -n 's/^explained 1 user(s) in \([0-9.]*\) s$/\1/p')
  times+=("$t")
done
stats=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.2f|%.2f|%.2f", a[1], (a[int((NR+1)/2)]+a[int(NR/2)+1])/2, a[NR]}')
IFS='|' read -r fastest median slowest <<< "$stats"
section=$(cat <<MD
## Explain

Command: \`bash bench/explain.sh\`, on $(nproc) cores of $(cpu_name), $(date -u +%Y-%m-%d): \`recsae explain --run RUN
--user U\` for users 1 to 20 of the quick start's run (bundled SASRec, \`train --k 16\`, \`interpret\`), each a fresh
JVM; the time is the command's own, from opening the run to the decomposed top-10 (JVM start excluded): discovery
on the model, the head graph for the user, the SAE, and one batched tail run over the state, one edited state per
active latent, the reconstruction and the SAE's bias.

| users | fastest | median | slowest |
|---|---|---|---|
| 20 | ${fastest} s | ${median} s | ${slowest} s |
MD
)
replace_section "Explain" "$section"
echo "wrote the Explain section of BENCHMARKS.md"
