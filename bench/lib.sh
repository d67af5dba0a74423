# Shared by the benchmark scripts, which source it from the repository root after `set -euo pipefail`.

# libtorch's OpenMP workers sleep between the many small ops instead of spinning (see README).
export OMP_WAIT_POLICY=PASSIVE
# $work: the benchmark's scratch folder, removed however it exits.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# replace_section TITLE BODY [FILE]: rewrite one "## TITLE" section of BENCHMARKS.md, keeping the others.
replace_section() {
  local title="$1" body="$2" file="${3:-BENCHMARKS.md}"
  if [ ! -f "$file" ] || ! grep -q '^# ' "$file"; then
    printf '# Benchmarks\n\nEvery figure here was produced by the script named in its section; rerun it to refresh.\n\n' > "$file"
  fi
  awk -v title="## $title" -v new="$body" '
    BEGIN {skip=0; done=0}
    $0 == title {print new; print ""; skip=1; done=1; next}
    /^## / && skip {skip=0}
    !skip {print}
    END {if (!done) {print ""; print new}}
  ' "$file" > "$file.tmp" && mv "$file.tmp" "$file"
}

cpu_name() {
  lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'
}

# The benchmark scripts read recsae's JSON outputs with jq (apt-get install jq).
command -v jq >/dev/null || { echo "bench: jq is needed (apt-get install jq)" >&2; exit 1; }

# capture_run RUN MODEL DESCRIPTOR DATA [FLAGS...]: all-position activations of MODEL over DATA into RUN, quietly.
capture_run() {
  bin/recsae capture --model "$2" --descriptor "$3" --data "$4" --run "$1" "${@:5}" > /dev/null 2>&1
}

# capture_bundled RUN: the bundled SASRec over the bundled ml-latest-small.
capture_bundled() {
  capture_run "$1" examples/sasrec/models/sasrec_opset14_folded.onnx examples/sasrec/models/sasrec.descriptor.json \
    examples/data/ml-latest-small
}

# resampled_data SCALE DIR: ml-latest-small with every user copied SCALE times (copies get new user ids), into DIR.
resampled_data() {
  mkdir -p "$2"
  cp examples/data/ml-latest-small/movies.csv "$2/"
  awk -F, -v s="$1" 'NR == 1 {print; next} {for (c = 0; c < s; c++) {u = $1 + c * 1000000; print u "," $2 "," $3 "," $4}}' \
    examples/data/ml-latest-small/ratings.csv > "$2/ratings.csv"
}

# fresh_run CAPTURED RUN: a new run directory holding CAPTURED's activations and manifest, to train into.
fresh_run() {
  mkdir -p "$2" && cp -r "$1/activations" "$1/manifest.json" "$2/"
}

# measure LOG COMMAND...: runs COMMAND under GNU time (its output into LOG); prints "seconds peak_MiB". A failing
# command stops the benchmark with the end of its log.
measure() {
  local log="$1"; shift
  /usr/bin/time -v "$@" > "$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2, t, ":"); s=0; for (i=1; i<=n; i++) s=s*60+t[i]}
              /Maximum resident set size/ {r=$2/1024} END {printf "%.1f %.0f", s, r}' "$log"
}
