#!/usr/bin/env python3
"""Derives the kind-less forms of tests/data/kindless/rendered/ (real kubectl
output of scenario/: `kubectl get pods -o json` and `kubectl cluster-info dump`)
the way collectors and jq extracts save them:

  bundle/pods.ndjson                 one Pod per line, kind and apiVersion deleted
                                     (jq -c '.items[] | del(.kind,.apiVersion)')
  bundle/workloads/deployments.json  a bare JSON array of Deployments (jq '.items')
  bundle/workloads/replicasets.json  a kind-less List ({"items": [...]}, no kind)
  bundle/objects.json                Services and Nodes, bare objects one after another
  bundle/events.json                 the events in a reduced schema: namespace, reason,
                                     message, type, count, lastTimestamp (or eventTime);
                                     no involvedObject, no metadata
  bundle/logs/...                    the previous log of the crashing container, as rendered
  kindless.tar.gz                    bundle/ archived (sorted, times zeroed: reproducible)

Run from anywhere: python3 tests/data/kindless/make.py
Re-render first when scenario/ changes:
  CLUSTER_INFO_DUMP=1 ../shared/tools/kubectl-render/render.sh \
      tests/data/kindless/scenario tests/data/kindless/rendered
"""
import gzip
import io
import json
import os
import shutil
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
RENDERED = os.path.join(HERE, "rendered")
DUMP = os.path.join(RENDERED, "cluster-info-dump")
OUT = os.path.join(HERE, "bundle")


def items(path):
    with open(path) as f:
        return json.load(f)["items"]


def kindless(obj):
    obj = dict(obj)
    obj.pop("kind", None)
    obj.pop("apiVersion", None)
    return obj


def reduced(event):
    r = {"namespace": event["metadata"]["namespace"]}
    when = event.get("lastTimestamp") or event.get("eventTime") or event.get("firstTimestamp")
    key = "lastTimestamp" if event.get("lastTimestamp") else "eventTime"
    r[key] = when
    for k in ("reason", "message", "type"):
        r[k] = event[k]
    if event.get("count"):
        r["count"] = event["count"]
    return r


def write(rel, text):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    pods = items(os.path.join(RENDERED, "pods.json"))
    write("pods.ndjson",
          "".join(json.dumps(kindless(p), separators=(",", ":")) + "\n" for p in pods))
    deployments = items(os.path.join(DUMP, "shop", "deployments.json"))
    write("workloads/deployments.json",
          json.dumps([kindless(d) for d in deployments], indent=2) + "\n")
    replicasets = items(os.path.join(DUMP, "shop", "replicasets.json"))
    write("workloads/replicasets.json",
          json.dumps({"items": [kindless(r) for r in replicasets]}, indent=2) + "\n")
    others = items(os.path.join(DUMP, "shop", "services.json")) + items(
        os.path.join(DUMP, "nodes.json"))
    write("objects.json", "".join(json.dumps(kindless(o), indent=2) + "\n" for o in others))
    events = items(os.path.join(DUMP, "shop", "events.json"))
    write("events.json", json.dumps([reduced(e) for e in events], indent=2) + "\n")
    for name in sorted(os.listdir(RENDERED)):
        if name.startswith("logs-") and name.endswith("-previous.txt"):
            os.makedirs(os.path.join(OUT, "logs"), exist_ok=True)
            shutil.copy(os.path.join(RENDERED, name), os.path.join(OUT, "logs", name))

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for root, dirs, files in os.walk(OUT):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                info = tar.gettarinfo(path, arcname=os.path.relpath(path, HERE))
                info.mtime = 0
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o644
                with open(path, "rb") as f:
                    tar.addfile(info, f)
    with open(os.path.join(HERE, "kindless.tar.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
            gz.write(buf.getvalue())


if __name__ == "__main__":
    main()
