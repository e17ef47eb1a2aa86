#!/usr/bin/env bash
# make-bundle.sh [OUT.tar.gz]
#
# Builds samples/support-bundle-2026-11-30T08_14_05.tar.gz from this scenario, in the layout of a
# troubleshoot support bundle, with every object and log rendered by the real kubectl:
#   1. make-scenario.py writes cluster/*.json and logs/* (deterministic);
#   2. kubectl-render's fake API server (../shared/tools/kubectl-render/fakeapi.py) serves them on
#      127.0.0.1 with timestamps as authored (--no-time-shift), and kubectl saves
#        kubectl version -o json                          -> cluster-info/cluster_version.json
#        kubectl get namespaces|nodes|pv|storageclasses -o json -> cluster-resources/<name>.json
#        kubectl get <kind> -n <ns> -o json              -> cluster-resources/<dir>/<ns>.json
#        kubectl logs <pod> -c <c> -n billing [--previous] -> cluster-resources/pods/logs/billing/<pod>/<c>[-previous].log
#      (the layout of troubleshoot's clusterResources and logs collectors; version.yaml marks the root);
#   3. tar with sorted members, fixed mtime and owner, then gzip -n: the same bytes on every run.
# Needs python3, kubectl, GNU tar and gzip. KUBECTL_RENDER=DIR picks the tool's folder.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
TOOL=${KUBECTL_RENDER:-$ROOT/../shared/tools/kubectl-render}
KUBECTL=${KUBECTL:-kubectl}
NAME=support-bundle-2026-11-30T08_14_05
MTIME="2026-11-30 08:14:05 UTC"
OUT=${1:-$ROOT/samples/$NAME.tar.gz}
[ -f "$TOOL/fakeapi.py" ] || { echo "make-bundle: $TOOL/fakeapi.py not found (set KUBECTL_RENDER)" >&2; exit 2; }

python3 "$HERE/make-scenario.py" >/dev/null

WORK=$(mktemp -d "${TMPDIR:-/tmp}/make-bundle.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 "$TOOL/fakeapi.py" "$HERE" --port 0 --port-file "$WORK/port" --no-time-shift --max-lifetime 120 \
  2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { echo "make-bundle: the fake API server did not start" >&2; cat "$WORK/server.err" >&2; exit 1; }
cat >"$WORK/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: http://127.0.0.1:$(cat "$WORK/port")
contexts:
- name: fake
  context: {cluster: fake, user: fake}
current-context: fake
users:
- name: fake
  user: {token: not-a-real-token}
EOF
mkdir -p "$WORK/home"
export KUBECONFIG="$WORK/kubeconfig" HOME="$WORK/home" TZ=UTC LC_ALL=C
k() { timeout -k 5 30 "$KUBECTL" --cache-dir "$WORK/cache" --request-timeout=10s "$@"; }

B=$WORK/$NAME
CR=$B/cluster-resources
mkdir -p "$CR" "$B/cluster-info"
cat >"$B/version.yaml" <<'EOF'
apiVersion: troubleshoot.sh/v1beta2
kind: SupportBundle
spec:
  versionNumber: 0.117.0
EOF

# cluster_version.json is troubleshoot's wrapping of the server's /version, as kubectl prints it.
k version -o json >"$WORK/version.json"
python3 - "$WORK/version.json" >"$B/cluster-info/cluster_version.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))["serverVersion"]
print(json.dumps({"info": v, "string": v["gitVersion"]}, indent=2))
PY

k get namespaces -o json >"$CR/namespaces.json"
k get nodes -o json >"$CR/nodes.json"
k get persistentvolumes -o json >"$CR/pvs.json"
k get storageclasses -o json >"$CR/storage-classes.json"
# bundle directory -> resource, as troubleshoot names them
kinds="pods:pods events:events deployments:deployments replicasets:replicasets statefulsets:statefulsets
daemonsets:daemonsets jobs:jobs cronjobs:cronjobs services:services endpoints:endpoints
pvcs:persistentvolumeclaims configmaps:configmaps leases:leases"
for ns in $(k get namespaces -o jsonpath='{.items[*].metadata.name}'); do
  for kv in $kinds; do
    mkdir -p "$CR/${kv%%:*}"
    k get "${kv#*:}" -n "$ns" -o json >"$CR/${kv%%:*}/$ns.json"
  done
done

# Logs of the billing namespace's pods (a `logs` collector over the namespace): each container's
# current log, and its previous one where the container restarted.
python3 - "$CR/pods/billing.json" >"$WORK/logtargets" <<'PY'
import json, sys
for p in json.load(open(sys.argv[1]))["items"]:
    for s in p["status"].get("containerStatuses") or []:
        print(p["metadata"]["name"], s["name"], 1 if s.get("restartCount") else 0)
PY
while read -r pod c prev; do
  d=$CR/pods/logs/billing/$pod
  mkdir -p "$d"
  k logs "$pod" -c "$c" -n billing >"$d/$c.log"
  if [ "$prev" = 1 ]; then k logs "$pod" -c "$c" -n billing --previous >"$d/$c-previous.log"; fi
done <"$WORK/logtargets"

# Empty lists of the namespaces that hold none of a kind stay: the collector writes them too.
find "$B" -type d -exec chmod 0755 {} +
find "$B" -type f -exec chmod 0644 {} +
mkdir -p "$(dirname "$OUT")"
tar -C "$WORK" --sort=name --mtime="$MTIME" --owner=0 --group=0 --numeric-owner --format=gnu -cf - "$NAME" |
  gzip -n -9 >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "wrote $OUT: $(tar -tzf "$OUT" | grep -vc '/$') files, $(stat -c %s "$OUT") bytes"
