#!/usr/bin/env bash
# run.sh BUILD_DIR SECONDS [TARGET...]: runs the fuzz targets built in
# BUILD_DIR/fuzz (a -DKUBESIFT_FUZZ=ON build), each for SECONDS, as many at
# once as there are cores. Each target first replays its committed
# regression inputs (tests/fuzz/regressions/<target>/), then fuzzes from its
# seeds (seeds.py) and those inputs. A crash, leak, timeout or broken
# property fails the run: the input is kept under FUZZ_OUT (default: a
# scratch directory, printed) to be committed as a regression once fixed.
#
# Environment: FUZZ_CPU=1 counts SECONDS in CPU time (a shared machine);
# FUZZ_SEEDS=N keeps N seeds per target (default: all);
# FUZZ_OUT=DIR keeps corpora, logs and crashes there; FUZZ_JOBS=N.
set -uo pipefail
if [ $# -lt 2 ]; then echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2; exit 2; fi
build=$(cd "$1" && pwd) || exit 2
secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
out=${FUZZ_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kubesift-fuzz.XXXXXX")}
mkdir -p "$out"
jobs=${FUZZ_JOBS:-$(nproc)}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for b in "$build"/fuzz/fuzz_*; do targets+=("$(basename "$b" | sed 's/^fuzz_//')"); done
fi
if [ ${#targets[@]} -eq 0 ]; then echo "run.sh: no fuzz targets in $build/fuzz" >&2; exit 2; fi

seed_args=()
[ -n "${FUZZ_SEEDS:-}" ] && seed_args=(--max "$FUZZ_SEEDS")
rm -rf "$out/seeds"
python3 "$here/seeds.py" "${seed_args[@]}" "$out/seeds" >/dev/null || exit 2

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$here/../lsan.supp

one() {
  local t=$1 bin=$build/fuzz/fuzz_$1
  local corpus=$out/corpus/$t regress=$here/regressions/$t log=$out/$t.log
  mkdir -p "$corpus" "$out/seeds/$t" "$out/crashes"
  if [ ! -x "$bin" ]; then echo "FAIL $t: no $bin"; return 1; fi
  if compgen -G "$regress/*" >/dev/null; then
    if ! "$bin" -rss_limit_mb=2048 -timeout=30 "$regress"/* >"$log.regress" 2>&1; then
      echo "FAIL $t: a committed regression input fails again ($log.regress)"
      tail -30 "$log.regress"
      return 1
    fi
  fi
  local dirs=("$corpus" "$out/seeds/$t")
  [ -d "$regress" ] && dirs+=("$regress")
  local timer=() wall=$secs
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -o "$log.cpu" -f "%U %S")
  # FUZZ_CPU=1: SECONDS of CPU time, not of wall time (a shared machine):
  # the run ends at the CPU limit (SIGXCPU, a soft limit), which is a pass
  # when the log holds no error.
  if [ "${FUZZ_CPU:-0}" = 1 ]; then
    ulimit -S -t "$secs"
    wall=$((secs * 50))
  fi
  "${timer[@]}" "$bin" -max_total_time="$wall" -max_len=65536 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -timeout=30 -print_final_stats=1 -artifact_prefix="$out/crashes/$t-" "${dirs[@]}" >"$log" 2>&1
  local rc=$?
  if [ "${FUZZ_CPU:-0}" = 1 ] && [ "$rc" = 152 ] &&
     ! grep -q -E '==[0-9]+==ERROR|ERROR: libFuzzer|fuzz property broken|runtime error' "$log"; then
    rc=0
  fi
  if [ "$rc" = 0 ]; then
    local runs cov
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    [ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    local cpu="?"
    [ -f "$log.cpu" ] && cpu=$(tail -1 "$log.cpu" | awk '{printf "%.0f", $1 + $2}')
    echo "PASS $t: ${runs:-?} runs in ${secs} s (${cpu} CPU-s), coverage ${cov:-?} edges, corpus $(ls "$corpus" | wc -l) new"
  else
    echo "FAIL $t: see $log; the input is in $out/crashes/"
    grep -m1 -E 'ERROR|fuzz property broken|runtime error' "$log"
    tail -40 "$log"
    return 1
  fi
}

failed=0
running=0
for t in "${targets[@]}"; do
  one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
echo "run.sh: ${#targets[@]} target(s), ${secs} s each; corpora and logs in $out"
exit $failed
