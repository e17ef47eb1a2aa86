#!/usr/bin/env bash
# Second command of the README (and CI): install what is missing, then build
# and run every test twice: a Release build, and an ASan+UBSan build; then
# run every fuzz target briefly.
# The ASan+UBSan build is clang's and serves both the tests and the fuzz
# targets (-DKUBESIFT_FUZZ=ON: the layers carry libFuzzer's coverage
# instrumentation, the tests link without libFuzzer, the fuzz targets with
# it), so the layers are compiled twice, not three times.
# KUBESIFT_SKIP_SANITIZE=1 skips the sanitizer tests, KUBESIFT_SKIP_FUZZ=1
# the fuzz targets' build and short run (local quick runs).
# Each stage ends with a line "-- <stage>: N s wall, M s CPU" (CPU: user+sys
# of every process it waited for), and the run with a table of them.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

stage_lines=()
stage_tmp=$(mktemp)
trap 'rm -f "$stage_tmp"' EXIT
# cpu: CPU seconds (user+sys) of the children this shell waited for so far.
# `times` must run in this shell: in a command substitution it would count
# the subshell's children only.
children_cpu() {
  times >"$stage_tmp"
  read -r cpu <<<"$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/);
                                  printf "%.1f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$stage_tmp")"
}
stage_begin() {
  stage_name=$1
  stage_t0=$SECONDS
  children_cpu
  stage_c0=$cpu
}
stage_end() {
  local wall=$((SECONDS - stage_t0)) line
  children_cpu
  line=$(awk -v n="$stage_name" -v w="$wall" -v a="$stage_c0" -v b="$cpu" \
    'BEGIN { printf "%s: %d s wall, %.0f s CPU", n, w, b - a }')
  echo "-- $line"
  stage_lines+=("$line")
}
# A build directory made by another generator (or, for the sanitizer one,
# by GCC: the scripts before made it so) is configured anew.
fresh_cache() {
  local dir=$1 want_cxx=${2:-}
  [ -f "$dir/CMakeCache.txt" ] || return 0
  if ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt" ||
     { [ -n "$want_cxx" ] && ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=.*$want_cxx\$" "$dir/CMakeCache.txt"; }; then
    rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
  fi
}

stage_begin "install-deps"
scripts/install-deps.sh
stage_end

echo "== format check (.clang-format)"
stage_begin "format check"
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || find analyzer tests bench -name '*.cpp' -o -name '*.h')
clang-format --dry-run -Werror $files
stage_end

echo "== release build + tests"
stage_begin "release build"
fresh_cache build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
stage_end
stage_begin "release tests"
ctest --test-dir build --output-on-failure -j"$jobs"
stage_end

# The sanitizer build: clang, ASan+UBSan, -O1 with line tables only (enough
# for the file:line of every frame of a report), linked by lld. The same
# directory holds the fuzz targets.
san_configure() {
  fresh_cache build-asan clang++
  CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS="-O1" -DCMAKE_CXX_FLAGS_DEBUG="-gline-tables-only" \
        -DCMAKE_EXE_LINKER_FLAGS="-fuse-ld=lld" \
        -DKUBESIFT_FUZZ=ON -DKUBESIFT_BUILD_BENCH=OFF >/dev/null
}

if [ "${KUBESIFT_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== sanitizer build (ASan+UBSan) + tests"
  stage_begin "sanitizer build (clang; the fuzz targets too)"
  san_configure
  if [ "${KUBESIFT_SKIP_FUZZ:-0}" != 1 ]; then
    cmake --build build-asan -j"$jobs"
  else
    cmake --build build-asan -j"$jobs" -- $(ninja -C build-asan -t targets all 2>/dev/null |
      awk -F: '$2 ~ /EXECUTABLE/ && $1 !~ /^fuzz\// { print $1 }')
  fi
  stage_end
  # The release run alone checks the doc tables, the hostile corpus (minutes
  # of big inputs) and two variants of the fixture runs (every output
  # format; the RE2::Set filter, whose code the engine's own RE2::Set test
  # still runs here): they add minutes under the sanitizers, no new code.
  # The two slowest checks (a kubesift process per fixture) run a quarter of
  # their fixtures here (KUBESIFT_TEST_SAMPLE), all of them in the release run.
  # (A comment inside a backslash-continued command ends it: keep it above.)
  stage_begin "sanitizer tests"
  KUBESIFT_TEST_SAMPLE=4 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" \
      -E "README's|hostile:|the same from every format|e2e: rule fixtures fire and do not fire with the RE2::Set filter too"
  stage_end
fi

if [ "${KUBESIFT_SKIP_FUZZ:-0}" != 1 ]; then
  # Every fuzz target (tests/fuzz/README.md), built with clang's libFuzzer
  # under ASan+UBSan: its committed regression inputs, then a short run from
  # a sample of its seeds. Longer runs: tests/fuzz/run.sh build-asan 600.
  echo "== fuzz build (clang, libFuzzer, ASan+UBSan) + ${KUBESIFT_FUZZ_SECONDS:-10} s of every target"
  stage_begin "fuzz build (nothing left when the sanitizer stage ran)"
  san_configure
  cmake --build build-asan -j"$jobs" --target fuzz_all
  stage_end
  stage_begin "fuzz runs"
  FUZZ_SEEDS=100 tests/fuzz/run.sh build-asan "${KUBESIFT_FUZZ_SECONDS:-10}"
  stage_end
fi

echo "== stages (wall on this machine; CPU = user+sys, what a loaded machine does not inflate much)"
for l in "${stage_lines[@]}"; do echo "   $l"; done
