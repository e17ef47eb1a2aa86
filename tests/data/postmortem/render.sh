#!/usr/bin/env bash
# Writes the scenarios (make-scenarios.py) and renders each through the real kubectl:
#   tests/data/postmortem/<case>/scenario/ -> tests/data/postmortem/<case>/rendered/
# noisy-bundle is also saved as `kubectl cluster-info dump` (rendered/cluster-info-dump/).
# Usage: tests/data/postmortem/render.sh [CASE...]   (default: all of them)
# The tool is ${KUBECTL_RENDER:-<repo>/../shared/tools/kubectl-render}/render.sh.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
RENDER=${KUBECTL_RENDER:-$ROOT/../shared/tools/kubectl-render}/render.sh
[ -x "$RENDER" ] || { echo "render: $RENDER not found (set KUBECTL_RENDER)" >&2; exit 2; }
python3 "$HERE/make-scenarios.py" || exit 1
if [ $# -gt 0 ]; then cases=("$@"); else
  mapfile -t cases < <(cd "$HERE" && ls -d */scenario | sed 's#/scenario$##' | LC_ALL=C sort); fi
fails=0
for c in "${cases[@]}"; do
  out="$HERE/$c/rendered"
  rm -rf "$out"
  dump=0; [ "$c" = noisy-bundle ] && dump=1
  if ! CLUSTER_INFO_DUMP=$dump "$RENDER" "$HERE/$c/scenario" "$out" >/dev/null; then
    echo "FAIL   $c" >&2; fails=$((fails + 1)); continue
  fi
  bad=$(awk -F'\t' '$2 != 0 {printf "%s(%s) ", $1, $2}' "$out/commands.txt")
  printf 'ok     %-24s %s\n' "$c" "${bad:+non-zero: $bad}"
done
[ "$fails" -eq 0 ]
