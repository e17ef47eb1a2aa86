#!/usr/bin/env bash
# logs-gzip.sh: one large gzip log (the first 160 files of the 2 GB corpus,
# 1.3 GB decompressed, `gzip -1`), scanned by kubesift analyze (streamed as
# it is decompressed) and by `rg -z` (ripgrep decompresses through gzip)
# with the same patterns; `zcat | wc -l` is the floor of decompressing it.
# Prints one Markdown row: wall seconds (median of RUNS), matched lines of
# each tool (they must agree) and peak RSS.
#
# Environment: RUNS (3), BIN (build/kubesift), BENCH_DATA (/tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
BIN=${BIN:-build/kubesift}
DATA=${BENCH_DATA:-/tmp}
src="$DATA/ks-logs-2000"
gz="$DATA/ks-logs-big.log.gz"
[ -d "$src" ] || python3 bench/gen_logs.py "$src" 2000 256
[ -f "$gz" ] || (ls "$src"/* | head -160 | xargs cat | gzip -1 >"$gz")
PAT=$(mktemp)
OUT=$(mktemp -d)
trap 'rm -rf "$PAT" "$OUT"' EXIT
"$BIN" rules --format patterns >"$PAT"
. bench/measure.sh
measure env KUBESIFT_THREADS=2 "$BIN" analyze --format json -o "$OUT/r.json" "$gz"
k=$WALL krss=$RSS
kl=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['inputs'][0]['matched_lines'])" "$OUT/r.json")
measure rg -z -c --no-config -f "$PAT" "$gz"
r=$WALL rrss=$RSS rl=$(cat "$OUT/out")
measure sh -c "zcat '$gz' | wc -l"
z=$WALL
echo "| input | kubesift s | rg -z s | rg/kubesift | zcat \| wc -l s | kubesift lines | rg lines | kubesift RSS MB | rg RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| $(du -h "$gz" | cut -f1) gzip ($(zcat "$gz" | wc -c | awk '{printf "%.2f GB", $1/1e9}')) | $k | $r |" \
     "$(python3 -c "print(f'{$r/$k:.2f}')") | $z | $kl | $rl | $krss | $rrss |"
