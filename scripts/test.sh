#!/usr/bin/env bash
# Second command of the README (and CI): install what is missing, then build
# and run every test twice: a Release build, and an ASan+UBSan build.
# KUBESIFT_SKIP_SANITIZE=1 skips the second (local quick runs).
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
  # (A comment inside a backslash-continued command ends it: keep it above.)
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" \
      -E "README's|hostile:|the same from every format|e2e: rule fixtures fire and do not fire with the RE2::Set filter too"
fi
