#!/usr/bin/env bash
# First command of the README: install what is missing, build, run on the sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target kubesift
build/kubesift analyze samples/demo-ng
