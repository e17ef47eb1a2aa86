#!/usr/bin/env bash
# lint-speed.sh [PAIRS]: the whole `kubesift lint --all-checks` process on
# one generated manifest file of PAIRS Deployments + PAIRS Services (and, in
# the clean profile, a PDB and a NetworkPolicy each; bench/gen_manifests.py;
# default 12000, about 12.5 MB of mixed YAML), as YAML,
# as kubectl-style JSON (a List, 4-space indent) and as one-line JSON, with
# each YAML reader (one Release binary, KUBESIFT_YAML_READER=… per run).
# Prints one Markdown row per reader and input: the median wall time of
# RUNS runs, MB/s on it, user and system time, peak RSS (/usr/bin/time -v)
# and the findings of the report (the JSON report is written to a file, as
# a CI job would; its summary gives the counts).
#
# RULES=all (default) runs every rule (--all-checks); RULES=default the
# default set (no flag, as `kubesift lint` runs); RULES=none excludes
# every manifest rule (--exclude ID for each): the same process without the
# rules' work (read, parse, decode, the lint context, an empty report), to
# see the parse layer inside the whole process; RULES="all none" does both.
#
# PROFILES ("mixed clean"): the generator's profiles: mixed objects where
# many rules fire on every Deployment (about 19 findings each: the report's
# size dominates), and clean ones where almost nothing fires (the rules'
# own work, as a pipeline that has adopted a linter sees).
#
# Environment: RUNS (3), READERS ("libyaml libfyaml yaml-cpp"), INPUTS
# ("yaml json json-compact"), RULES (all), BUILD (build: a Release build
# directory), BENCH_DATA (/tmp/kubesift-manifests), KUBESIFT_THREADS.
# Machines here are shared 2-core VMs: compare the rows of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${1:-12000}
RUNS=${RUNS:-3}
READERS=${READERS:-"libyaml libfyaml yaml-cpp"}
INPUTS=${INPUTS:-"yaml json json-compact"}
RULES=${RULES:-all}
PROFILES=${PROFILES:-"mixed clean"}
BUILD=${BUILD:-build}
DATA=${BENCH_DATA:-/tmp/kubesift-manifests}
mkdir -p "$DATA"
for prof in $PROFILES; do
  for fmt in $INPUTS; do
    f="$DATA/manifests-$prof-$PAIRS.$fmt"
    [ -f "$f" ] || python3 bench/gen_manifests.py "$f" "$PAIRS" --format "$fmt" --profile "$prof"
  done
done
[ -f "$BUILD/CMakeCache.txt" ] || cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target kubesift >/dev/null
bin="$BUILD/kubesift"

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "| profile | rules | reader | input | MB | wall s (median of $RUNS) | MB/s | user s | sys s | peak RSS MB | findings |"
echo "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
for prof in $PROFILES; do
for rules in $RULES; do
  for fmt in $INPUTS; do
    f="$DATA/manifests-$prof-$PAIRS.$fmt"
    mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$f\")/1e6:.2f}')")
    for r in $READERS; do
      if [ "$rules" = none ]; then
        sel=$("$bin" rules --format json | python3 -c 'import json, sys; print(" ".join(
"--exclude " + r["id"] for r in json.load(sys.stdin) if r["manifest"] or r["id"] == "probe-port-undeclared"))')
      elif [ "$rules" = default ]; then
        sel=
      else
        sel=--all-checks
      fi
      walls=() users=() syss=() rss=()
      for ((i = 0; i < RUNS; i++)); do
        # shellcheck disable=SC2086
        KUBESIFT_YAML_READER=$r /usr/bin/time -v -o "$OUT/time" "$bin" lint $sel --format json \
          -o "$OUT/report.json" "$f" 2>"$OUT/err" || true   # exit 1: findings at or above --fail-on
        walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$OUT/time")")
        users+=("$(awk -F': ' '/User time/ {print $2}' "$OUT/time")")
        syss+=("$(awk -F': ' '/System time/ {print $2}' "$OUT/time")")
        rss+=("$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$OUT/time")")
      done
      median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
      wall=$(median "${walls[@]}")
      findings=$(head -c 4096 "$OUT/report.json" | python3 -c 'import re, sys
m = re.search(r"\"findings\": \{([^}]*)\}", sys.stdin.read())
print(sum(int(x) for x in re.findall(r"\d+", m.group(1))) if m else "?")')
      echo "| $prof | $rules | $r | $fmt | $mb | $wall | $(python3 -c "print(f'{$mb/$wall:.1f}')") |" \
           "$(median "${users[@]}") | $(median "${syss[@]}") | $(median "${rss[@]}") | $findings |"
      # JSON input does not go through the YAML reader: one reader is enough.
      [ "$fmt" = yaml ] || break
    done
  done
done
done
