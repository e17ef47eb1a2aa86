#!/usr/bin/env bash
# Second command of the README (and CI): install what is missing, then build
# and run every test twice: a Release build, and an ASan+UBSan build; then
# build the fuzz targets (clang) and run each briefly.
# KUBESIFT_SKIP_SANITIZE=1 skips the second, KUBESIFT_SKIP_FUZZ=1 the fuzz
# targets' build and short run (local quick runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)

echo "== format check (.clang-format)"
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || find analyzer tests bench -name '*.cpp' -o -name '*.h')
clang-format --dry-run -Werror $files

echo "== release build + tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

if [ "${KUBESIFT_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== sanitizer build (ASan+UBSan) + tests"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKUBESIFT_SANITIZE=ON \
        -DKUBESIFT_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS="-O1" >/dev/null
  cmake --build build-asan -j"$jobs"
  # The release run alone checks the doc tables, the hostile corpus (minutes
  # of big inputs) and two variants of the fixture runs (every output
  # format; the RE2::Set filter, whose code the engine's own RE2::Set test
  # still runs here): they add minutes under the sanitizers, no new code.
  # The two slowest checks (a kubesift process per fixture) run a quarter of
  # their fixtures here (KUBESIFT_TEST_SAMPLE), all of them in the release run.
  # (A comment inside a backslash-continued command ends it: keep it above.)
  KUBESIFT_TEST_SAMPLE=4 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" \
      -E "README's|hostile:|the same from every format|e2e: rule fixtures fire and do not fire with the RE2::Set filter too"
fi

if [ "${KUBESIFT_SKIP_FUZZ:-0}" != 1 ]; then
  # Every fuzz target (tests/fuzz/README.md), built with clang's libFuzzer
  # under ASan+UBSan: its committed regression inputs, then a short run from
  # a sample of its seeds. Longer runs: tests/fuzz/run.sh build-fuzz 600.
  echo "== fuzz build (clang, libFuzzer, ASan+UBSan) + ${KUBESIFT_FUZZ_SECONDS:-10} s of every target"
  CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1 -g" \
        -DKUBESIFT_FUZZ=ON -DKUBESIFT_BUILD_TESTS=OFF -DKUBESIFT_BUILD_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" --target fuzz_all
  FUZZ_SEEDS=100 tests/fuzz/run.sh build-fuzz "${KUBESIFT_FUZZ_SECONDS:-10}"
fi
