#!/usr/bin/env bash
# First command of the README: install what is missing, build, run on the
# sample namespace, and write its HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target kubesift
build/kubesift analyze samples/demo-ng
build/kubesift analyze samples/demo-ng --format html --output build/report-demo-ng.html
echo
echo "HTML report (timeline, evidence in context): $PWD/build/report-demo-ng.html"
