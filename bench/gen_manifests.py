#!/usr/bin/env python3
"""gen_manifests.py OUT COUNT [--format yaml|json|json-compact] [--profile mixed|clean]: writes one
manifest file of COUNT Deployments and COUNT Services (each Service selects
its Deployment's pods), the way a CI pipeline hands a rendered chart or a
kustomize build to a linter.

- yaml: one multi-document stream (`---` between documents), block style
  with some flow maps, quoted strings, comments, a literal block scalar and
  a Helm "# Source:" comment per document pair.
- json: the same objects as one `kind: List` in kubectl's `-o json` layout
  (4-space indent); json-compact: the same List on one line.

The YAML and the JSON hold the same objects, keys in the same order. The
objects vary by index (images with and without tags, probes or no
probes, limits or no limits, securityContext settings, replica counts) so
that every lint rule has work and some fire; nothing is random, so the same
COUNT always writes the same bytes (12000 → about 12.5 MB of YAML).

--profile clean writes what a pipeline lints once it has adopted a linter:
each Deployment well configured (pinned image, probes, resources, a hardened
security context, spread and anti-affinity, a PodDisruptionBudget and a
NetworkPolicy beside it), so that almost no rule fires and the run measures
the rules' work rather than the report's size."""
import json
import sys


def deployment(i):
    name = f"svc-{i:05d}"
    team = f"team-{i % 17}"
    labels = {"app": name, "tier": "web"}
    c = {
        "name": "app",
        "image": f"example.com/shop/{name}:1.{i % 9}.{i % 13}"
        if i % 10 else f"example.com/shop/{name}",
        "ports": [{"name": "http", "containerPort": 8080}],
        "env": [
            {"name": "DB_PASSWORD",
             "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
        ],
    }
    if i % 4:
        c["resources"] = {"requests": {"cpu": "100m", "memory": "128Mi"},
                          "limits": {"memory": "256Mi"}}
    if i % 3:
        c["readinessProbe"] = {"httpGet": {"path": "/ready", "port": "http"},
                               "periodSeconds": 5}
    if i % 6:
        c["securityContext"] = {"allowPrivilegeEscalation": False,
                                "readOnlyRootFilesystem": True}
    pod = {}
    if i % 5:
        pod["securityContext"] = {"runAsNonRoot": True, "runAsUser": 10001}
    pod["containers"] = [c]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": team, "labels": labels},
        "spec": {
            "replicas": 1 + i % 4,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": labels}, "spec": pod},
        },
    }


def service(i):
    name = f"svc-{i:05d}"
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": f"team-{i % 17}"},
        "spec": {
            "type": "ClusterIP" if i % 50 else "NodePort",
            "selector": {"app": name},
            "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
        },
    }


def clean_objects(i):
    name = f"svc-{i:05d}"
    team = f"team-{i % 17}"
    labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name,
              "app.kubernetes.io/part-of": "shop", "tier": "web"}
    sel = {"app.kubernetes.io/instance": name}
    res = {"cpu": "250m", "memory": "256Mi", "ephemeral-storage": "1Gi"}
    c = {
        "name": "app",
        "image": f"example.com/shop/{name}@sha256:" + f"{i:064x}",
        "imagePullPolicy": "Always",
        "ports": [{"name": "http", "containerPort": 8080}],
        "env": [{"name": "LOG_LEVEL", "value": "info"}],
        "resources": {"requests": dict(res), "limits": dict(res)},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 5},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"},
                          "periodSeconds": 10, "failureThreshold": 6},
        "startupProbe": {"httpGet": {"path": "/healthz", "port": "http"},
                         "failureThreshold": 30},
        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                            "runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001,
                            "privileged": False, "capabilities": {"drop": ["ALL"]},
                            "seccompProfile": {"type": "RuntimeDefault"}},
    }
    pod = {
        "serviceAccountName": "default",
        "automountServiceAccountToken": False,
        "priorityClassName": "shop-web",
        "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001,
                            "fsGroup": 10001, "seccompProfile": {"type": "RuntimeDefault"}},
        "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
                                                "labelSelector": {"matchLabels": dict(sel)}}}]}},
        "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                       "whenUnsatisfiable": "ScheduleAnyway",
                                       "labelSelector": {"matchLabels": dict(sel)}}],
        "containers": [c],
    }
    meta = {"name": name, "namespace": team, "labels": dict(labels)}
    return [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta,
         "spec": {"replicas": 3, "selector": {"matchLabels": dict(sel)},
                  "strategy": {"type": "RollingUpdate",
                               "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
                  "template": {"metadata": {"labels": dict(labels)}, "spec": pod}}},
        {"apiVersion": "v1", "kind": "Service", "metadata": dict(meta),
         "spec": {"type": "ClusterIP", "selector": dict(sel),
                  "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": dict(meta),
         "spec": {"maxUnavailable": 1, "selector": {"matchLabels": dict(sel)},
                  "unhealthyPodEvictionPolicy": "AlwaysAllow"}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": dict(meta),
         "spec": {"podSelector": {"matchLabels": dict(sel)},
                  "policyTypes": ["Ingress", "Egress"],
                  "ingress": [{"from": [{"podSelector": {"matchLabels": {"tier": "web"}}}],
                               "ports": [{"port": "http"}]}],
                  "egress": [{"to": [{"namespaceSelector": {}}],
                              "ports": [{"port": 53, "protocol": "UDP"}]}]}},
    ]


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if s == "" or s[0] in "*&!{}[]|>@`\"'%#-?:," or ": " in s or " #" in s or \
            s in ("true", "false", "null", "yes", "no", "on", "off") or s.replace(".", "").isdigit():
        return json.dumps(s)
    return s


def yaml_block(v, indent=0):
    """Block-style YAML of plain data (dicts, lists, scalars)."""
    pad = " " * indent
    out = []
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out.append(f"{pad}{yaml_scalar(k)}:")
                out += yaml_block(x, indent + (2 if isinstance(x, dict) else 0))
            else:
                out.append(f"{pad}{yaml_scalar(k)}: "
                           f"{'{}' if x == {} else '[]' if x == [] else yaml_scalar(x)}")
    else:
        for x in v:
            if isinstance(x, (dict, list)) and x:
                inner = yaml_block(x, indent + 2)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out += inner[1:]
            else:
                out.append(f"{pad}- {'{}' if x == {} else yaml_scalar(x)}")
    return out


# YAML by hand (no PyYAML dependency, and a layout chosen to exercise the
# reader: flow maps, quoting, comments, a block scalar).
def yaml_deployment(i):
    d = deployment(i)
    c = d["spec"]["template"]["spec"]["containers"][0]
    name = d["metadata"]["name"]
    team = d["metadata"]["namespace"]
    out = [
        f"# Source: shop/templates/{name}.yaml",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        f"  name: {name}",
        f"  namespace: {team}",
        "  labels:",
        f"    app: {name}",
        "    tier: web",
        "spec:",
        f"  replicas: {d['spec']['replicas']}",
        "  selector:",
        f"    matchLabels: {{app: {name}}}",
        "  template:",
        "    metadata:",
        f"      labels: {{app: {name}, tier: web}}",
        "    spec:",
    ]
    ps = d["spec"]["template"]["spec"]
    if "securityContext" in ps:
        out += ["      securityContext: {runAsNonRoot: true, runAsUser: 10001}"]
    out += [
        "      containers:",
        "      - name: app",
        f"        image: {c['image']}",
        "        ports:",
        "        - {name: http, containerPort: 8080}",
        "        env:",
        "        - name: DB_PASSWORD",
        "          valueFrom:",
        "            secretKeyRef: {name: db, key: password}",
    ]
    if "resources" in c:
        out += ["        resources:", "          requests: {cpu: 100m, memory: 128Mi}",
                "          limits: {memory: 256Mi}"]
    if "readinessProbe" in c:
        out += ["        readinessProbe:", "          httpGet: {path: /ready, port: http}",
                "          periodSeconds: 5"]
    if "securityContext" in c:
        out += ["        securityContext:", "          allowPrivilegeEscalation: false",
                "          readOnlyRootFilesystem: true"]
    return "\n".join(out) + "\n"


def yaml_service(i):
    s = service(i)
    name = s["metadata"]["name"]
    return "\n".join([
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        f"  name: {name}",
        f"  namespace: {s['metadata']['namespace']}",
        "spec:",
        f"  type: {s['spec']['type']}",
        "  selector:",
        f"    app: {name}",
        "  ports:",
        "  - name: http",
        "    port: 80",
        "    targetPort: http",
    ]) + "\n"


def main():
    argv = sys.argv[1:]
    opts = {"--format": "yaml", "--profile": "mixed"}
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        key = a.split("=", 1)[0]
        if key in opts:
            if "=" in a:
                opts[key] = a.split("=", 1)[1]
            else:
                i += 1
                opts[key] = argv[i] if i < len(argv) else ""
        else:
            args.append(a)
        i += 1
    fmt, profile = opts["--format"], opts["--profile"]
    if len(args) != 2 or fmt not in ("yaml", "json", "json-compact") or \
            profile not in ("mixed", "clean"):
        sys.exit(__doc__)
    out, count = args[0], int(args[1])
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        if fmt == "yaml":
            for i in range(count):
                if i:
                    f.write("---\n")
                if profile == "clean":
                    docs = clean_objects(i)
                    f.write(f"# Source: shop/templates/svc-{i:05d}.yaml\n")
                    f.write("\n---\n".join("\n".join(yaml_block(d)) for d in docs) + "\n")
                    continue
                f.write(yaml_deployment(i))
                f.write("---\n")
                f.write(yaml_service(i))
        else:
            items = []
            for i in range(count):
                if profile == "clean":
                    items += clean_objects(i)
                else:
                    items.append(deployment(i))
                    items.append(service(i))
            doc = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
                   "items": items}
            if fmt == "json":
                json.dump(doc, f, indent=4)
            else:
                json.dump(doc, f, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
