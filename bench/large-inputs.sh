#!/usr/bin/env bash
# large-inputs.sh [SCALE...]: time and peak memory of `kubesift analyze` on
# one large input of each kind a big cluster's dump holds, at several sizes
# (to see that both grow linearly):
#   - a JSON List of N pods (`kubectl get pods -A -o json`), a quarter of
#     them crash-looping on OOM, 500 ReplicaSets, 20 namespaces;
#   - a `kubectl get pods` table of N/2 rows, in ten states;
#   - a `kubectl describe pod` with 5·N event lines.
# SCALE is N in thousands of pods (default: 50 100 200). The pods and the
# describe come from the hostile corpus' generator (tests/hostile). Inputs are
# written to $OUT (default a scratch directory, removed). RUNS=1 by default.
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
with open(path, "w") as f:
    if kind == "list":
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
  for spec in "list $((k * 1000)) pods.json" "table $((k * 500)) get-pods.txt" \
              "describe $((k * 5000)) describe-pod-flood.txt"; do
    read -r kind n file <<<"$spec"
    gen "$kind" "$n" "$OUT/$file"
    size=$(stat -c %s "$OUT/$file")
    measure "$BIN" analyze --format json -o "$OUT/report.json" "$OUT/$file"
    mb=$(awk -v s="$size" 'BEGIN {printf "%.0f", s / 1e6}')
    ratio=$(awk -v r="$RSS" -v s="$size" 'BEGIN {printf "%.1f", r * 1048576 / s}')
    echo "| $kind | $n | $mb MB | $WALL | $RSS | $ratio |"
    rm -f "$OUT/$file"
  done
done
