#!/usr/bin/env bash
# logs-scale.sh [MB...]: whole-process bulk log scans at several sizes, same
# corpus, same patterns, same run: kubesift analyze (2 threads and 1),
# ripgrep (2 threads and -j1) with `kubesift rules --format patterns`, and a
# memchr line-count floor (`wc -l`, one thread). Prints one Markdown row per
# size: wall seconds (median of RUNS), the ratios rg/kubesift (> 1: kubesift
# is faster) and each tool's peak RSS (/usr/bin/time).
#
# Corpora come from bench/gen_logs.py (deterministic), FILES files per size
# (default: 64 for 500 MB, 256 for 2000 MB), in $BENCH_DATA/ks-logs-<MB>.
# A size of 10000 reads the 2000 MB corpus five times (the same files named
# five times: 10 GB through the process), for the memory figure.
#
# Environment: RUNS (3), BIN (build/kubesift), BENCH_DATA (/tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-500 2000}
RUNS=${RUNS:-3}
BIN=${BIN:-build/kubesift}
DATA=${BENCH_DATA:-/tmp}
PAT=$(mktemp)
OUT=$(mktemp -d)
trap 'rm -rf "$PAT" "$OUT"' EXIT
"$BIN" rules --format patterns >"$PAT"

. bench/measure.sh

echo "| input | kubesift 2T s | rg 2T s | rg/kubesift 2T | kubesift 1T s | rg -j1 s | rg-j1/kubesift 1T | wc -l s | kubesift RSS MB | rg RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for mb in $SIZES; do
  src=$mb reps=1
  if [ "$mb" = 10000 ]; then src=2000 reps=5; fi
  files=$([ "$src" -le 500 ] && echo 64 || echo 256)
  dir="$DATA/ks-logs-$src"
  [ -d "$dir" ] || python3 bench/gen_logs.py "$dir" "$src" "$files"
  paths=()
  for ((r = 0; r < reps; r++)); do paths+=("$dir"); done
  cat "$dir"/* >/dev/null  # page cache warm for everyone
  measure env KUBESIFT_THREADS=2 "$BIN" analyze --format json -o "$OUT/r.json" "${paths[@]}"
  k2=$WALL krss=$RSS
  measure rg -c -j2 --no-config -f "$PAT" "${paths[@]}"
  r2=$WALL rrss=$RSS
  measure env KUBESIFT_THREADS=1 "$BIN" analyze --format json -o "$OUT/r.json" "${paths[@]}"
  k1=$WALL
  measure rg -c -j1 --no-config -f "$PAT" "${paths[@]}"
  r1=$WALL
  measure sh -c 'for d in "$@"; do cat "$d"/*; done | wc -l' sh "${paths[@]}"
  wc=$WALL
  label=$(du -sh "$dir" | cut -f1)
  if [ "$reps" -gt 1 ]; then label="$label ×$reps"; fi
  echo "| $label | $k2 | $r2 | $(python3 -c "print(f'{$r2/$k2:.2f}')") | $k1 | $r1 |" \
       "$(python3 -c "print(f'{$r1/$k1:.2f}')") | $wc | $krss | $rrss |"
done
