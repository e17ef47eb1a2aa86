#!/usr/bin/env bash
# Renders the redaction scenario with the real kubectl (kubectl-render):
#   scenario/ -> rendered/   the usual troubleshooting outputs (render.sh), then the
#                            outputs about Secrets render.sh does not take: describe
#                            secret and serviceaccount, get secret -o yaml / -o json.
# Usage: tests/data/redaction/render.sh   (KUBECTL_RENDER=dir of the tool, KUBECTL=kubectl)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
TOOL=${KUBECTL_RENDER:-$ROOT/../shared/tools/kubectl-render}
[ -x "$TOOL/render.sh" ] || TOOL=/work/shared/tools/kubectl-render
KUBECTL=${KUBECTL:-kubectl}
OUT=$HERE/rendered
rm -rf "$OUT"
"$TOOL/render.sh" "$HERE/scenario" "$OUT" || exit 1

WORK=$(mktemp -d "${TMPDIR:-/tmp}/redaction-render.XXXXXX")
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
python3 "$TOOL/fakeapi.py" "$HERE/scenario" --port 0 --port-file "$WORK/port" --max-lifetime 120 \
  2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { cat "$WORK/server.err" >&2; exit 1; }
cat >"$WORK/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "http://127.0.0.1:$(cat "$WORK/port")"}}]
contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: orders}}]
current-context: fake
users: [{name: fake, user: {token: not-a-real-token}}]
KC
mkdir -p "$WORK/home"
export KUBECONFIG="$WORK/kubeconfig" HOME="$WORK/home" TZ=UTC LC_ALL=C
K=("$KUBECTL" --cache-dir "$WORK/cache" --request-timeout=10s -n orders)
run() {
  local file=$1; shift
  timeout -k 5 30 "${K[@]}" "$@" >"$OUT/$file" 2>&1
  printf '%s\t%s\tkubectl %s\n' "$file" "$?" "$*" >>"$OUT/commands.txt"
}
for s in $("${K[@]}" get secrets -o jsonpath='{.items[*].metadata.name}'); do
  run "describe-secret-$s.txt" describe secret "$s"
done
run secrets.yaml get secrets -o yaml
run secrets.json get secrets -o json
run describe-serviceaccount-orders-sa.txt describe serviceaccount orders-sa
run serviceaccounts.yaml get serviceaccounts -o yaml
echo "rendered the Secrets and ServiceAccounts into $OUT"
