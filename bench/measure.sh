# Sourced by the bench scripts: median and measure, over $RUNS runs.
# measure CMD...: runs CMD $RUNS times (stdout to $OUT/out, stderr to
# $OUT/err); sets WALL (median wall seconds) and RSS (peak MB, the largest).
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  local walls=() rss=0
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f "%e %M" -o "$OUT/t" "$@" >"$OUT/out" 2>"$OUT/err" || true
    read -r w m <"$OUT/t"
    walls+=("$w")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  WALL=$(median "${walls[@]}")
  RSS=$((rss / 1024))
}
