#!/usr/bin/env bash
# large-inputs.sh [SCALE...]: time and peak memory of `kubesift analyze` on
# one large input of each kind a big cluster's dump holds, at several sizes
# (to see that both grow linearly):
#   - a JSON List of N pods (`kubectl get pods -A -o json`), a quarter of
#     them crash-looping on OOM, 500 ReplicaSets, 20 namespaces, each pod
#     only the fields a crash needs (1.3 KB);
#   - the same List with every field the API server returns for a
#     Deployment's pod (labels, annotations, volumes, env, probes,
#     conditions, tolerations), as kubectl indents it (10 KB a pod) and
#     without indentation (3.8 KB a pod), and as `-o yaml` writes them
#     (4.5 KB a pod: 200,000 of them are 890 MB);
#   - a `kubectl get pods` table of N/2 rows, in ten states;
#   - a `kubectl describe pod` with 5·N event lines.
# SCALE is N in thousands of pods (default: 50 100 200). The pods and the
# describe come from the hostile corpus' generator (tests/hostile). Inputs are
# written to $OUT (default a scratch directory, removed). RUNS=1 by default;
# KINDS="yaml table" runs only those kinds (list cluster compact yaml table
# describe).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/kubesift}
RUNS=${RUNS:-1}
KEEP=${OUT:+1}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
[ -n "$KEEP" ] || trap 'rm -rf "$OUT"' EXIT
source bench/measure.sh
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(50 100 200)

gen() {  # gen KIND N FILE
  python3 - "$@" <<'PY'
import json, os, sys
sys.path.insert(0, os.path.join("tests", "hostile"))
import make_hostile as h
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def yaml_scalar(v):
    if v is None: return "null"
    if v is True: return "true"
    if v is False: return "false"
    if isinstance(v, int): return str(v)
    s = str(v)
    plain = s and s[0].isalnum() and not any(c in s for c in ":#{}[],&*!|>'\"%@`") and \
        s.lower() not in ("true", "false", "null", "yes", "no", "on", "off", "y", "n") and \
        not s.replace(".", "", 1).replace("-", "", 1).isdigit()
    return s if plain else json.dumps(s)

def yaml_lines(v, ind):
    """Block YAML lines, go-yaml's layout (sequences at their key's indentation)."""
    pad = " " * ind
    out = []
    if isinstance(v, dict):
        for k, x in sorted(v.items()):
            if isinstance(x, dict) and x:
                out.append(f"{pad}{k}:"); out += yaml_lines(x, ind + 2)
            elif isinstance(x, list) and x:
                out.append(f"{pad}{k}:"); out += yaml_lines(x, ind)
            else:
                out.append(f"{pad}{k}: " + ("{}" if x == {} else "[]" if x == [] else yaml_scalar(x)))
    else:
        for x in v:
            if isinstance(x, (dict, list)) and x:
                sub = yaml_lines(x, ind + 2)
                out.append(pad + "- " + sub[0][ind + 2:]); out += sub[1:]
            else:
                out.append(pad + "- " + yaml_scalar(x))
    return out

def cluster_pod(i):
    """A Deployment's pod as the API server returns it (kubectl get -o json)."""
    app = f"svc{i % 500:03d}"
    rs = f"{app}-5d8f9c7b6"
    name = f"{rs}-{i:06x}"
    ns = f"team{i % 20:02d}"
    uid = f"{i:08x}-3f2a-4c1d-9e8b-{i * 7919 % 16**12:012x}"
    oom = i % 4 == 0
    ts = "2026-11-26T18:00:30Z"
    term = {"exitCode": 137 if oom else 0, "reason": "OOMKilled" if oom else "Completed",
            "startedAt": "2026-11-26T18:41:14Z", "finishedAt": "2026-11-26T18:41:42Z",
            "containerID": "containerd://" + f"{i:064x}"}
    cond = lambda t, s: {"type": t, "status": s, "lastProbeTime": None, "lastTransitionTime": ts}
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "annotations": {"kubectl.kubernetes.io/restartedAt": "2026-11-20T09:12:44Z",
                            "prometheus.io/port": "9090", "prometheus.io/scrape": "true"},
            "creationTimestamp": ts, "generateName": rs + "-",
            "labels": {"app": app, "app.kubernetes.io/part-of": "shop", "pod-template-hash": "5d8f9c7b6"},
            "name": name, "namespace": ns,
            "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True,
                                 "kind": "ReplicaSet", "name": rs,
                                 "uid": f"{i % 500:08x}-0000-4000-8000-000000000001"}],
            "resourceVersion": str(100000 + i), "uid": uid},
        "spec": {
            "containers": [{
                "env": [{"name": "PORT", "value": "8080"}, {"name": "LOG_LEVEL", "value": "info"},
                        {"name": "DB_HOST", "valueFrom": {"configMapKeyRef": {"key": "host", "name": app + "-config"}}}],
                "image": f"registry.example.com/shop/{app}:1.{i % 9}.3", "imagePullPolicy": "IfNotPresent",
                "livenessProbe": {"failureThreshold": 3, "httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
                                  "initialDelaySeconds": 10, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1},
                "name": "app", "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
                "readinessProbe": {"failureThreshold": 3, "httpGet": {"path": "/ready", "port": 8080, "scheme": "HTTP"},
                                   "periodSeconds": 5, "successThreshold": 1, "timeoutSeconds": 1},
                "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                "volumeMounts": [{"mountPath": "/etc/app", "name": "config", "readOnly": True},
                                 {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                                  "name": "kube-api-access-x7k2p", "readOnly": True}]}],
            "dnsPolicy": "ClusterFirst", "enableServiceLinks": True, "nodeName": f"ip-10-0-{i % 250}-{i % 13}.ec2.internal",
            "preemptionPolicy": "PreemptLowerPriority", "priority": 0, "restartPolicy": "Always",
            "schedulerName": "default-scheduler", "securityContext": {}, "serviceAccount": "default",
            "serviceAccountName": "default", "terminationGracePeriodSeconds": 30,
            "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
                            {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}],
            "volumes": [{"configMap": {"defaultMode": 420, "name": app + "-config"}, "name": "config"},
                        {"name": "kube-api-access-x7k2p", "projected": {"defaultMode": 420, "sources": [
                            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                            {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                            {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}]}}]},
        "status": {
            "conditions": [cond("Initialized", "True"), cond("Ready", "False" if oom else "True"),
                           cond("ContainersReady", "False" if oom else "True"), cond("PodScheduled", "True")],
            "containerStatuses": [{
                "containerID": "containerd://" + f"{i + 1:064x}",
                "image": f"registry.example.com/shop/{app}:1.{i % 9}.3",
                "imageID": "registry.example.com/shop/" + app + "@sha256:" + f"{i * 31:064x}",
                "lastState": {"terminated": term} if oom else {}, "name": "app", "ready": not oom,
                "restartCount": 7 if oom else 0, "started": not oom,
                "state": {"waiting": {"message": "back-off 5m0s restarting failed container=app pod=" + name + "_" + ns + "(" + uid + ")",
                                      "reason": "CrashLoopBackOff"}} if oom else {"running": {"startedAt": ts}}}],
            "hostIP": f"10.0.{i % 250}.{i % 13}", "phase": "Running", "podIP": f"10.1.{i % 250}.{i % 251}",
            "podIPs": [{"ip": f"10.1.{i % 250}.{i % 251}"}], "qosClass": "Burstable", "startTime": ts}}
with open(path, "w") as f:
    if kind == "cluster":
        f.write('{\n    "apiVersion": "v1",\n    "items": [\n')
        for i in range(n):
            p = cluster_pod(i)
            text = json.dumps(p, indent=4)
            f.write(("," if i else "") + "\n".join("        " + l for l in text.split("\n")) + "\n")
        f.write('    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')
    elif kind == "yaml":
        # The same pods as `kubectl get pods -A -o yaml` writes them.
        f.write("apiVersion: v1\nitems:\n")
        for i in range(n):
            lines = yaml_lines(cluster_pod(i), 0)
            f.write("- " + lines[0] + "\n" + "".join("  " + l + "\n" for l in lines[1:]))
        f.write('kind: List\nmetadata:\n  resourceVersion: ""\n')
    elif kind == "compact":
        # The same pods without indentation, one a line (`jq -c`).
        f.write('{"apiVersion":"v1","items":[\n')
        for i in range(n):
            f.write(("," if i else "") + json.dumps(cluster_pod(i), separators=(",", ":")) + "\n")
        f.write('],"kind":"List","metadata":{"resourceVersion":""}}\n')
    elif kind == "list":
        f.write('{"apiVersion":"v1","kind":"List","items":[\n')
        for i in range(n):
            rs = f"web{i % 500:03d}-5d8f9c7b6"
            p = h.pod_dict(f"{rs}-{i:06d}", namespace=f"ns{i % 20}", owner=rs, oom=(i % 4 == 0))
            f.write(("," if i else "") + json.dumps(p, indent=4) + "\n")
        f.write("]}\n")
    elif kind == "table":
        states = ["Running", "Running", "Running", "CrashLoopBackOff", "OOMKilled",
                  "ImagePullBackOff", "Pending", "Error", "Completed", "ContainerCreating"]
        f.write(f"{'NAME':<44} READY   {'STATUS':<18} RESTARTS         AGE\n")
        for i in range(n):
            st = states[i % len(states)]
            ready = "1/1" if st == "Running" else "0/1"
            restarts = "0               " if st == "Running" else f"{i % 30} ({i % 59}m ago)".ljust(16)
            f.write(f"{'svc%04d-7db49c4d49-%06d' % (i % 1000, i):<44} {ready}     {st:<18} {restarts} 42m\n")
    else:
        name = "events-flood-7db49c4d49-7cv5d"
        f.write(h.describe_pod(name, events=""))
        for i in range(n):
            f.write(f"  Warning  BackOff    {i % 59}s (x{i + 1} over 42m)   kubelet            "
                    f"Back-off restarting failed container app in pod {name}_hostile"
                    f"(54006e71-375c-511a-bae0-{i:012d})\n")
PY
}

echo "| input | items | size | wall s | peak RSS MB | RSS / size |"
echo "|---|---:|---:|---:|---:|---:|"
for k in "${scales[@]}"; do
  for spec in "list $((k * 1000)) pods.json" "cluster $((k * 1000)) cluster-pods.json" \
              "compact $((k * 1000)) compact-pods.json" \
              "yaml $((k * 1000)) pods.yaml" "table $((k * 500)) get-pods.txt" \
              "describe $((k * 5000)) describe-pod-flood.txt"; do
    read -r kind n file <<<"$spec"
    [ -z "${KINDS:-}" ] || [[ " $KINDS " == *" $kind "* ]] || continue
    gen "$kind" "$n" "$OUT/$file"
    size=$(stat -c %s "$OUT/$file")
    measure "$BIN" analyze --format json -o "$OUT/report.json" "$OUT/$file"
    mb=$(awk -v s="$size" 'BEGIN {printf "%.0f", s / 1e6}')
    ratio=$(awk -v r="$RSS" -v s="$size" 'BEGIN {printf "%.1f", r * 1048576 / s}')
    echo "| $kind | $n | $mb MB | $WALL | $RSS | $ratio |"
    rm -f "$OUT/$file"
  done
done
