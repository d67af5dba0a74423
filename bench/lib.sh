# Shared by the benchmark scripts: rewrite one "## TITLE" section of BENCHMARKS.md, keeping the others.
replace_section() {
  local title="$1" body="$2" file="${3:-BENCHMARKS.md}"
  if [ ! -f "$file" ] || ! grep -q '^# ' "$file"; then
    printf '# Benchmarks\n\nEvery figure here was produced by the script named in its section; rerun it to refresh.\n\n' > "$file"
  fi
  awk -v title="## $title" -v new="$body" '
    BEGIN {skip=0; done=0}
    $0 == title {print new; skip=1; done=1; next}
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
