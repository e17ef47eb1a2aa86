#!/usr/bin/env bash
# render-dump-stream.sh SCENARIO_DIR OUT_FILE: what `kubectl cluster-info dump
# --all-namespaces` prints to stdout for a kubectl-render scenario (the
# stream form: Lists and log banners one after another). Serves the scenario
# with the shared tool's fake API server, like render.sh does.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOL=${KUBECTL_RENDER:-$ROOT/../shared/tools/kubectl-render}
SCEN=$(cd "$1" && pwd)
OUT=$2
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
python3 "$TOOL/fakeapi.py" "$SCEN" --port 0 --port-file "$WORK/port" --max-lifetime 120 2>"$WORK/err" &
PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
cat >"$WORK/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "http://127.0.0.1:$(cat "$WORK/port")"}}]
contexts: [{name: fake, context: {cluster: fake, user: fake}}]
current-context: fake
users: [{name: fake, user: {token: not-a-real-token}}]
KC
KUBECONFIG="$WORK/kubeconfig" HOME="$WORK" TZ=UTC timeout 60 kubectl --cache-dir "$WORK/cache" \
  cluster-info dump --all-namespaces >"$OUT"
