#!/usr/bin/env bash
# compare.sh [MB] [FILES]: whole-process comparison of `kubesift analyze` with
# grep and ripgrep searching the same log files for the same signatures
# (`kubesift rules --format patterns`). Prints hyperfine's table; compare
# the ratios, not absolute times (shared 2-core machines are noisy).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-400}
FILES=${2:-200}
BIN=${KUBESIFT:-build/kubesift}
DATA=${BENCH_DATA:-/tmp/kubesift-bench-logs-$MB-$FILES}
[ -d "$DATA" ] || python3 bench/gen_logs.py "$DATA" "$MB" "$FILES"
PAT=$(mktemp)
PCRE=$(mktemp)
trap 'rm -f "$PAT" "$PCRE"' EXIT
# The same signatures for every tool, as kubesift exports them (capture
# names dropped, each pattern in a group of its own: rg and grep join them
# into one alternation).
"$BIN" rules --format patterns >"$PAT"
# grep -P takes one pattern: the same list as one alternation.
paste -sd'|' "$PAT" >"$PCRE"
echo "data: $DATA ($(du -sh "$DATA" | cut -f1), $(ls "$DATA" | wc -l) files), $(wc -l <"$PAT") signatures"
echo "kubesift: $("$BIN" analyze "$DATA" --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["summary"]["log_lines"], "lines scanned,", len(r["findings"]), "findings")');" \
     "matching lines rg=$(rg -c --no-filename -f "$PAT" "$DATA" | paste -sd+ | bc)," \
     "grep -P=$(grep -rhcP -f "$PCRE" "$DATA" | paste -sd+ | bc)"
MD=$(mktemp)
hyperfine --style basic --warmup 1 --runs "${RUNS:-5}" --export-markdown "$MD" \
  -n "kubesift analyze" "$BIN analyze $DATA --format json -o /dev/null" \
  -n "rg -f signatures" "rg -c -f $PAT $DATA" \
  -n "rg -j1 -f signatures" "rg -j1 -c -f $PAT $DATA" \
  -n "grep -rP alternation" "grep -rcP -f $PCRE $DATA"
cat "$MD"; rm -f "$MD"
