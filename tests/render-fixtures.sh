#!/usr/bin/env bash
# Re-renders every kubectl-render scenario of the repository through the real kubectl:
#   samples/scenarios/<name>/           -> samples/<name>/
#     (a scenario with a make-bundle.sh is saved as a support bundle by that script instead)
#   tests/rules/<rule>/<case>/scenario/ -> tests/rules/<rule>/<case>/rendered/
# Usage: tests/render-fixtures.sh [SCENARIO_DIR...]   (default: all of them)
# Needs python3 and kubectl (KUBECTL=... to pick one). The tool is found at
# ${KUBECTL_RENDER:-../shared/tools/kubectl-render}/render.sh, relative to the repository root.
# Rendered ages are exact; absolute dates follow the wall clock of the render (the tool shifts
# every timestamp so that "now" in scenario.json is the moment of rendering).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
TOOL=${KUBECTL_RENDER:-../shared/tools/kubectl-render}
RENDER="$TOOL/render.sh"
[ -x "$RENDER" ] || { echo "render-fixtures: $RENDER not found (set KUBECTL_RENDER)" >&2; exit 2; }

out_for() {  # scenario dir -> output dir
  case "$1" in
    samples/scenarios/*) echo "samples/${1#samples/scenarios/}" ;;
    tests/rules/*/scenario) echo "${1%/scenario}/rendered" ;;
    *) return 1 ;;
  esac
}

if [ $# -gt 0 ]; then
  scenarios=("${@%/}")
else
  mapfile -t scenarios < <(
    { find samples/scenarios -mindepth 2 -maxdepth 2 -name scenario.json 2>/dev/null
      find tests/rules -mindepth 4 -maxdepth 4 -path '*/scenario/scenario.json' 2>/dev/null; } | LC_ALL=C sort | sed 's#/scenario.json$##')
fi

fails=0
for s in "${scenarios[@]}"; do
  if [ -x "$s/make-bundle.sh" ]; then
    if KUBECTL_RENDER=$TOOL "$s/make-bundle.sh" >/dev/null; then printf 'ok     %-70s %s\n' "$s" "(make-bundle.sh)"
    else echo "FAIL   $s" >&2; fails=$((fails + 1)); fi
    continue
  fi
  out=$(out_for "$s") || { echo "render-fixtures: not a known scenario location: $s" >&2; fails=$((fails + 1)); continue; }
  rm -rf "$out"
  if ! "$RENDER" "$s" "$out" >/dev/null; then
    echo "FAIL   $s" >&2; fails=$((fails + 1)); continue
  fi
  # non-zero kubectl exits are recorded in commands.txt (expected for logs of never-started containers)
  bad=$(awk -F'\t' '$2 != 0 {printf "%s(%s) ", $1, $2}' "$out/commands.txt")
  printf 'ok     %-70s %s\n' "$s" "${bad:+non-zero: $bad}"
done
echo "rendered ${#scenarios[@]} scenarios, $fails failed"
[ "$fails" -eq 0 ]
