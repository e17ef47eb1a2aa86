#!/usr/bin/env python3
"""make-layout-variants.py SCENARIO_DIR OUT_DIR

Saves one kubectl-render scenario in the layouts kubesift reads, so a test
can check that every layout gives the same findings:
  OUT_DIR/support-bundle/  troubleshoot layout: cluster-resources/<kind>/<ns>.json
                           Lists, pods/logs/<ns>/<pod>/<container>[-previous].log,
                           version.yaml
  OUT_DIR/must-gather/     oc adm inspect layout: namespaces/<ns>/core/*.yaml,
                           apps/*.yaml, pods/<pod>/<pod>.yaml and
                           pods/<pod>/<c>/<c>/logs/{current,previous}.log with
                           kubelet timestamps
The cluster-info dump variants are rendered by the real kubectl instead
(CLUSTER_INFO_DUMP=1 render.sh, tests/render-dump-stream.sh)."""
import json
import os
import sys

import yaml

KINDS = {  # scenario file kind -> (bundle dir, must-gather group/file)
    "Pod": ("pods", "core/pods.yaml"),
    "Event": ("events", "core/events.yaml"),
    "Service": ("services", "core/services.yaml"),
    "ConfigMap": ("configmaps", "core/configmaps.yaml"),
    "Deployment": ("deployments", "apps/deployments.yaml"),
    "ReplicaSet": ("replicasets", "apps/replicasets.yaml"),
    "StatefulSet": ("statefulsets", "apps/statefulsets.yaml"),
    "DaemonSet": ("daemonsets", "apps/daemonsets.yaml"),
    "Job": ("jobs", "batch/jobs.yaml"),
}


def items(scenario):
    out = []
    cdir = os.path.join(scenario, "cluster")
    for name in sorted(os.listdir(cdir)):
        d = json.load(open(os.path.join(cdir, name)))
        out.extend(d.get("items", [d]))
    return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    scenario, out = sys.argv[1], sys.argv[2]
    objs = items(scenario)
    logs = {}
    ldir = os.path.join(scenario, "logs")
    for name in sorted(os.listdir(ldir)) if os.path.isdir(ldir) else []:
        parts = name.split(".")
        previous = parts[-2] == "previous"
        pod, container = parts[0], parts[1]
        logs[(pod, container, previous)] = open(os.path.join(ldir, name)).read()
    pods = {o["metadata"]["name"]: o for o in objs if o["kind"] == "Pod"}

    # Support bundle.
    sb = os.path.join(out, "support-bundle", "support-bundle-2026-01-10T12_00_00")
    write(os.path.join(sb, "version.yaml"),
          "apiVersion: troubleshoot.sh/v1beta2\nkind: SupportBundle\nspec:\n  versionNumber: 0.117.0\n")
    grouped = {}
    for o in objs:
        kind = o["kind"]
        if kind == "Node":
            grouped.setdefault(("nodes", None), []).append(o)
        elif kind in KINDS:
            grouped.setdefault((KINDS[kind][0], o["metadata"].get("namespace", "")), []).append(o)
    for (d, ns), its in grouped.items():
        lst = {"kind": "List" if d != "nodes" else "NodeList", "apiVersion": "v1",
               "metadata": {"resourceVersion": "1"}, "items": its}
        path = os.path.join(sb, "cluster-resources", d + ".json") if ns is None else \
            os.path.join(sb, "cluster-resources", d, ns + ".json")
        write(path, json.dumps(lst, indent=2) + "\n")
    for (pod, container, previous), text in logs.items():
        ns = pods[pod]["metadata"]["namespace"]
        name = container + ("-previous" if previous else "") + ".log"
        write(os.path.join(sb, "cluster-resources", "pods", "logs", ns, pod, name), text)

    # Must-gather (per-namespace YAML Lists and per-pod files).
    mg = os.path.join(out, "must-gather", "must-gather.local.1234567890",
                      "quay-io-openshift-must-gather-sha256-0000")
    write(os.path.join(mg, "timestamp"), "2026-01-10 12:00:00 +0000 UTC\n")
    write(os.path.join(mg, "version"), "openshift/must-gather\n4.16.0\n")
    lists = {}
    for o in objs:
        kind = o["kind"]
        if kind in KINDS and o["metadata"].get("namespace"):
            lists.setdefault((o["metadata"]["namespace"], KINDS[kind][1], kind), []).append(o)
    for (ns, rel, kind), its in lists.items():
        doc = {"apiVersion": "v1", "kind": kind + "List", "items": its}
        write(os.path.join(mg, "namespaces", ns, rel), yaml.safe_dump(doc, sort_keys=False))
    for name, pod in pods.items():
        ns = pod["metadata"]["namespace"]
        write(os.path.join(mg, "namespaces", ns, "pods", name, name + ".yaml"),
              yaml.safe_dump(pod, sort_keys=False))
    for (pod, container, previous), text in logs.items():
        ns = pods[pod]["metadata"]["namespace"]
        stamped = "".join("2026-01-10T11:59:%02d.%09dZ %s\n" % (i % 60, i, line)
                          for i, line in enumerate(text.splitlines()))
        write(os.path.join(mg, "namespaces", ns, "pods", pod, container, container, "logs",
                           ("previous" if previous else "current") + ".log"), stamped)


if __name__ == "__main__":
    main()
