#!/usr/bin/env python3
"""Generate kubesift's hostile-input corpus.

    tests/hostile/make_hostile.py OUTDIR [--only REGEX] [--list]

Writes one directory per case, OUTDIR/NNN-short-name/, holding the hostile
input(s), a good input beside them (good.log, good-pod.yaml) and case.json,
the expected outcome, read by tests/check_hostile.sh (see README.md there for
the keys). Nothing large lives in the repository: every input is made here,
at run time, deterministically (fixed seeds). Big inputs (bombs, 100 MB
lines, a 300 MB stream) are streamed to disk in chunks, so this script's own
memory stays small. Python 3.11 standard library only; the `zstd` command is
used when it exists (the zstd bomb case is skipped otherwise).
"""
import argparse
import gzip
import io
import json
import os
import random
import re
import shutil
import stat
import struct
import subprocess
import sys
import tarfile
import zipfile
import zlib

MiB = 1 << 20
GiB = 1 << 30

GOOD_LOG_LINE = "2024-05-01T10:00:00Z dial tcp 10.0.0.1:5432: connect: connection refused\n"

GOOD_POD_TMPL = """\
apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: hostile
spec:
  containers:
  - name: app
    image: registry.example.com/app:1.2.3
status:
  phase: Running
  containerStatuses:
  - name: app
    ready: false
    restartCount: 7
    image: registry.example.com/app:1.2.3
    state:
      waiting:
        reason: CrashLoopBackOff
    lastState:
      terminated:
        reason: OOMKilled
        exitCode: 137
"""


def good_pod(name="good-pod"):
    return GOOD_POD_TMPL.format(name=name)


def pod_dict(name, namespace="hostile", extra_spec=None, oom=True, owner=None):
    """A Pod as `kubectl get -o json` prints it, crash-looping on OOM."""
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": namespace,
                     "uid": "00000000-0000-4000-8000-%012d" % zlib.crc32(name.encode())},
        "spec": {"containers": [{"name": "app", "image": "registry.example.com/app:1.2.3"}]},
        "status": {
            "phase": "Running",
            "containerStatuses": [{
                "name": "app", "ready": False, "restartCount": 7,
                "image": "registry.example.com/app:1.2.3",
                "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                "lastState": {"terminated": {"reason": "OOMKilled" if oom else "Error",
                                             "exitCode": 137 if oom else 1}},
            }],
        },
    }
    if owner:
        pod["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                               "name": owner, "controller": True,
                                               "uid": "11111111-0000-4000-8000-000000000001"}]
    if extra_spec:
        pod["spec"].update(extra_spec)
    return pod


# The layout of `kubectl describe pod` (samples/demo-ng/describe-pod-*.txt).
DESCRIBE_HEAD = """\
Name:             {name}
Namespace:        {ns}
Priority:         0
Service Account:  default
Node:             ip-172-31-21-64.eu-west-3.compute.internal/172.31.21.64
Start Time:       Thu, 26 Nov 2026 18:00:30 +0000
Labels:           app=checkout
                  pod-template-hash=7db49c4d49
Annotations:      kubernetes.io/psp: eks.privileged
Status:           Running
IP:               172.31.28.25
IPs:
  IP:           172.31.28.25
Controlled By:  ReplicaSet/{rs}
Containers:
  app:
    Container ID:   docker://1f34cd7a1a44473c0521d53fc082eb7171edf666925048e0051ac5654d7a2fd1
    Image:          registry.example.com/checkout:1.2.3
    Image ID:       docker-pullable://registry.example.com/checkout@sha256:a9d3f3bf80b3c31291595733025b8a6e0a87796b410d7baacc5bd9eee95dd180
    Port:           5050/TCP
    Host Port:      0/TCP
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Thu, 26 Nov 2026 18:41:14 +0000
      Finished:     Thu, 26 Nov 2026 18:41:42 +0000
    Ready:          False
    Restart Count:  16
    Limits:
      cpu:     200m
      memory:  128Mi
    Requests:
      cpu:      100m
      memory:   64Mi
    Environment:
      PORT:                          5050
{env}    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-5rbfg (ro)
Conditions:
  Type              Status
  Initialized       True 
  Ready             False 
  ContainersReady   False 
  PodScheduled      True 
Volumes:
  kube-api-access-5rbfg:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                   From               Message
  ----     ------     ----                  ----               -------
"""

DESCRIBE_EVENTS = """\
  Normal   Scheduled  42m                   default-scheduler  Successfully assigned {ns}/{name} to ip-172-31-21-64.eu-west-3.compute.internal
  Normal   Pulled     2m15s (x16 over 41m)  kubelet            Container image "registry.example.com/checkout:1.2.3" already present on machine
  Normal   Created    2m15s (x17 over 42m)  kubelet            Created container app
  Normal   Started    2m14s (x17 over 42m)  kubelet            Started container app
  Warning  BackOff    11s (x183 over 42m)   kubelet            Back-off restarting failed container app in pod {name}_{ns}(54006e71-375c-511a-bae0-b0795d2b5d3a)
"""


def describe_pod(name, ns="hostile", env="", events=None):
    text = DESCRIBE_HEAD.format(name=name, ns=ns, rs=name.rsplit("-", 1)[0], env=env)
    return text + (events if events is not None else DESCRIBE_EVENTS.format(name=name, ns=ns))


RULE_TMPL = """\
  - id: {id}
    category: app-crash
    severity: high
    confidence: 0.8
    title: {title}
    message: "Container {{container}} of pod {{pod}} logged it (in its {{log}})."
    remediation: {remediation}
    doc:
      what: a hostile-corpus test rule
      why: it is a test
      evidence: logs
      example: {example}
    match:
      - log: '{regex}'
    examples:
      fire: ['{example}']
      dont_fire: ['bbbb']
"""


def rule_yaml(rid, regex, example, title="A hostile-corpus test line", remediation="Nothing to do."):
    return RULE_TMPL.format(id=rid, regex=regex, example=example, title=title,
                            remediation=remediation)


def alias_bomb(levels, width=10, style="block", indent=""):
    """Billion laughs: level k holds `width` aliases of level k-1 (width**levels leaves)."""
    lines = []
    names = [chr(ord("a") + i) for i in range(levels)]
    if style == "block":
        lines.append(f'{indent}{names[0]}: &{names[0]} [' + ", ".join(['"lol"'] * width) + "]")
        for prev, cur in zip(names, names[1:]):
            lines.append(f"{indent}{cur}: &{cur}")
            for _ in range(width):
                lines.append(f"{indent}  - *{prev}")
        return "\n".join(lines) + "\n"
    if style == "flow":
        parts = [f'{names[0]}: &{names[0]} [' + ", ".join(['"lol"'] * width) + "]"]
        for prev, cur in zip(names, names[1:]):
            parts.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * width) + "]")
        return indent + "{" + ", ".join(parts) + "}\n"
    if style == "nested":
        # Anchors defined inside the value they are used in: each level is a
        # flow mapping whose keys alias the previous level's anchor.
        text = '&l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
        for k in range(1, levels):
            text = f"&l{k} [{text}, " + ", ".join([f"*l{k - 1}"] * (width - 1)) + "]"
        return f"{indent}bomb: {text}\n"
    raise ValueError(style)


def stream_gzip(path_or_file, chunks, level=9, mtime=0):
    """gzip the byte chunks of an iterator into a file, never holding the whole."""
    own = isinstance(path_or_file, (str, bytes, os.PathLike))
    f = open(path_or_file, "wb") if own else path_or_file
    try:
        # Write the gzip header by hand (fixed mtime: deterministic output).
        f.write(b"\x1f\x8b\x08\x00" + struct.pack("<I", mtime) + b"\x02\xff")
        c = zlib.compressobj(level, zlib.DEFLATED, -15)
        crc, size = 0, 0
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            f.write(c.compress(chunk))
        f.write(c.flush())
        f.write(struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))
    finally:
        if own:
            f.close()


def zeros(total, chunk=MiB):
    z = bytes(chunk)
    while total > 0:
        n = min(chunk, total)
        yield z if n == chunk else bytes(n)
        total -= n


def gz(data, level=9):
    out = io.BytesIO()
    stream_gzip(out, [data], level)
    return out.getvalue()


def tar_bytes(members, fmt=tarfile.GNU_FORMAT):
    """members: list of (TarInfo-kwargs dict, data bytes or None)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as t:
        for info_kw, data in members:
            ti = tarfile.TarInfo(info_kw.pop("name"))
            ti.mtime = 1714557600
            for k, v in info_kw.items():
                setattr(ti, k, v)
            if data is not None:
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
            else:
                t.addfile(ti)
    return out.getvalue()


def log_lines(n, ip="10.0.0.2", every=10, seed=1):
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        if i % every == every - 1 or i == n - 1:
            out.append(f"2024-05-01T10:{i // 60 % 60:02d}:{i % 60:02d}Z ERROR dial tcp {ip}:5432: connect: connection refused\n")
        else:
            out.append(f"2024-05-01T10:{i // 60 % 60:02d}:{i % 60:02d}Z INFO request id={rnd.randrange(10**9)} served in {rnd.randrange(900)}ms\n")
    return "".join(out)


# --------------------------------------------------------------------------
# Case registry


CASES = []


def case(num, name):
    def deco(fn):
        CASES.append((f"{num}-{name}", fn))
        return fn
    return deco


class C:
    """One case directory being written."""

    def __init__(self, root, name):
        self.dir = os.path.join(root, name)
        self.name = name
        os.makedirs(self.dir, exist_ok=True)

    def p(self, rel):
        if isinstance(rel, bytes):
            return os.path.join(os.fsencode(self.dir), rel)
        return os.path.join(self.dir, rel)

    def write(self, rel, data):
        path = self.p(rel)
        parent = os.path.dirname(path)
        if parent:
            os.makedirs(parent, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        return path

    def write_chunks(self, rel, chunks):
        with open(self.p(rel), "wb") as f:
            for ch in chunks:
                f.write(ch)

    def good_log(self, rel="good.log"):
        self.write(rel, GOOD_LOG_LINE)
        return rel

    def good_pod(self, rel="good-pod.yaml", name="good-pod"):
        self.write(rel, good_pod(name))
        return rel

    def meta(self, args, why, exit=(0,), good=None, **kw):
        """Write case.json; keys are described in tests/hostile/README.md."""
        meta = {"args": list(args), "exit": list(exit)}
        for k in ("stdin", "stdin_pipe", "report"):
            if k in kw:
                meta[k] = kw.pop(k)
        meta["stderr_contains"] = kw.pop("stderr_contains", [])
        meta["stderr_not_contains"] = kw.pop("stderr_not_contains", [])
        meta["report_contains"] = kw.pop("report_contains", [])
        meta["report_not_contains"] = kw.pop("report_not_contains", [])
        meta["good_survives"] = kw.pop("good_survives", bool(good))
        meta["good"] = list(good or [])
        meta["max_rss_mb"] = kw.pop("max_rss_mb", 256)
        meta["max_seconds"] = kw.pop("max_seconds", 10)
        meta.update(kw)
        meta["why"] = why
        with open(self.p("case.json"), "w", encoding="utf-8") as f:
            json.dump(meta, f, indent=2, ensure_ascii=True)
            f.write("\n")


# Stable words used in expectations (matched case-insensitively; a list means
# any one of them).
W_ALIAS = ["alias", "billion laughs", "expan"]
W_DEPTH = ["deep", "depth", "nest"]
W_CORRUPT = ["corrupt", "truncated", "damaged", "invalid", "unexpected end"]
W_CRC = ["crc", "checksum", "corrupt"]
W_LIMIT = ["limit", "bomb", "ratio", "too large", "too big", "exceeds"]
W_EMPTY = ["empty"]
W_REFUSED = ["refus", "outside", "unsafe", "skipp", "not followed", "ignored"]

PASSWD_MARK = "root:x:0:0"       # what /etc/passwd starts with: must never be read
OUTSIDE_MARK = "OUTSIDE-THE-INPUT-TREE"


# ---- 001-009 YAML alias bombs ---------------------------------------------

@case("001", "yaml-billion-laughs")
def _(c):
    c.write("bomb.yaml", alias_bomb(9))
    c.good_log()
    c.meta(["analyze", "bomb.yaml", "good.log"],
           "The classic billion-laughs document (10^9 leaves from 9 lines) must be refused "
           "as an alias bomb, not expanded and not silently skipped.",
           exit=[2], stderr_contains=["bomb.yaml", W_ALIAS], good=["good.log"])


@case("002", "yaml-alias-1e7-in-pod")
def _(c):
    body = alias_bomb(7, indent="  ")
    c.write("pod-bomb.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nspec:\n" + body)
    c.good_log()
    c.meta(["analyze", "pod-bomb.yaml", "good.log"],
           "A small (10^7) alias expansion inside a Pod is refused by its expansion limit "
           "with the file and line.",
           exit=[2], stderr_contains=["pod-bomb.yaml", W_ALIAS], good=["good.log"])


@case("003", "yaml-alias-flow-style")
def _(c):
    c.write("flow-bomb.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flow}\nspec: "
            + alias_bomb(9, style="flow"))
    c.good_log()
    c.meta(["analyze", "flow-bomb.yaml", "good.log"],
           "The same bomb written in flow style on one line is refused too.",
           exit=[2], stderr_contains=["flow-bomb.yaml", W_ALIAS], good=["good.log"])


@case("004", "yaml-alias-nested-anchors")
def _(c):
    c.write("nested-bomb.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nested\nspec:\n"
            + alias_bomb(9, style="nested", indent="  "))
    c.good_log()
    c.meta(["analyze", "nested-bomb.yaml", "good.log"],
           "Anchors defined inside the sequence that aliases them (each level nests the previous) "
           "still expand to 10^9 values and must be refused.",
           exit=[2], stderr_contains=["nested-bomb.yaml", W_ALIAS], good=["good.log"])


@case("005", "yaml-alias-bomb-doc-in-stream")
def _(c):
    body = alias_bomb(9, indent="  ")
    c.write("stream.yaml", good_pod("stream-good-pod") + "---\n"
            + "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nspec:\n" + body
            + "---\n" + good_pod("stream-good-pod-after"))
    c.good_log()
    c.meta(["analyze", "stream.yaml", "good.log"],
           "A bomb document between two good ones is refused with its line; both neighbours "
           "are still analysed.",
           exit=[2], stderr_contains=["stream.yaml", W_ALIAS], good=["good.log"],
           good_objects=["stream-good-pod", "stream-good-pod-after"])


@case("006", "yaml-alias-bomb-lint")
def _(c):
    body = alias_bomb(9, indent="    ")
    c.write("deploy-bomb.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n"
            "  x: y\nbinaryData: {}\nextra:\n" + body)
    c.good_pod()
    c.meta(["lint", "deploy-bomb.yaml", "good-pod.yaml"],
           "lint refuses an alias bomb with the file and line, and still lints the good manifest.",
           exit=[2], stderr_contains=["deploy-bomb.yaml", W_ALIAS], good=["good-pod.yaml"])


@case("007", "yaml-alias-recursive")
def _(c):
    c.write("recursive.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: rec\nspec: &s\n"
            "  containers:\n  - name: app\n    image: x:1\n    self: *s\n")
    c.good_log()
    c.meta(["analyze", "recursive.yaml", "good.log"],
           "An alias to the node it is inside (a cycle) must not recurse forever or crash; it is "
           "an error (or a refused alias) with the file.",
           exit=[0, 2], stderr_contains=[], good=["good.log"],
           report_contains=["recursive.yaml"], max_seconds=10)


@case("008", "yaml-alias-legit")
def _(c):
    c.write("legit.yaml", """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: legit-aliases
  namespace: hostile
  labels: &labels
    app: legit
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      containers:
      - name: app
        image: registry.example.com/app:1.2.3
        resources: &res
          limits: {cpu: 100m, memory: 64Mi}
          requests: {cpu: 100m, memory: 64Mi}
      - name: sidecar
        image: registry.example.com/side:1.0.0
        resources: *res
""")
    c.good_pod()
    c.meta(["lint", "legit.yaml", "good-pod.yaml"],
           "Control: a few ordinary anchors and aliases are not a bomb; the manifest is linted "
           "without an input error.",
           exit=[0, 1], good=["good-pod.yaml"], inputs_ok=["legit.yaml"],
           report_contains=["legit-aliases"])


@case("009", "yaml-alias-undefined")
def _(c):
    c.write("undef.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: undef\nspec: *nope\n")
    c.good_log()
    c.meta(["analyze", "undef.yaml", "good.log"],
           "An alias to an anchor that does not exist is a YAML error with the file and line.",
           exit=[2], stderr_contains=["undef.yaml", ["alias", "anchor", "undefined", "unknown"]],
           good=["good.log"])


# ---- 010-019 deep nesting --------------------------------------------------

DEPTH = 100_000


@case("010", "json-deep-array-100k")
def _(c):
    c.write("tower.json", "[" * DEPTH + "]" * DEPTH + "\n")
    c.good_log()
    c.meta(["analyze", "tower.json", "good.log"],
           "100k nested JSON arrays: a depth-limit error with the file, no stack overflow.",
           exit=[2], stderr_contains=["tower.json", W_DEPTH], good=["good.log"])


@case("011", "json-deep-object-100k")
def _(c):
    c.write("tower-obj.json", '{"a":' * DEPTH + "1" + "}" * DEPTH + "\n")
    c.good_log()
    c.meta(["analyze", "tower-obj.json", "good.log"],
           "100k nested JSON objects: a depth-limit error, no stack overflow.",
           exit=[2], stderr_contains=["tower-obj.json", W_DEPTH], good=["good.log"])


@case("012", "json-deep-inside-pod")
def _(c):
    c.write("tower-pod.json", '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep","namespace":"hostile"},'
            '"spec":{"x":' + "[" * DEPTH + "]" * DEPTH + "}}\n")
    c.good_log()
    c.meta(["analyze", "tower-pod.json", "good.log"],
           "Deep nesting below a Pod's spec (past the kind sniffing) is refused the same way.",
           exit=[2], stderr_contains=["tower-pod.json", W_DEPTH], good=["good.log"])


@case("013", "yaml-deep-flow-100k")
def _(c):
    c.write("tower-flow.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  x: "
            + "[" * DEPTH + "]" * DEPTH + "\n")
    c.good_log()
    c.meta(["analyze", "tower-flow.yaml", "good.log"],
           "100k nested YAML flow sequences: a depth-limit error with the file, no stack overflow.",
           exit=[2], stderr_contains=["tower-flow.yaml", W_DEPTH], good=["good.log"])


@case("014", "yaml-deep-flow-maps-100k")
def _(c):
    c.write("tower-map.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  x: "
            + "{a: " * DEPTH + "1" + "}" * DEPTH + "\n")
    c.good_log()
    c.meta(["analyze", "tower-map.yaml", "good.log"],
           "100k nested YAML flow mappings: a depth-limit error, no stack overflow.",
           exit=[2], stderr_contains=["tower-map.yaml", W_DEPTH], good=["good.log"])


@case("015", "yaml-deep-block-seq-100k")
def _(c):
    # `- - - - x` is block style: each `- ` opens a sequence one level deeper.
    c.write("tower-block.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  x:\n  "
            + "- " * DEPTH + "x\n")
    c.good_log()
    c.meta(["analyze", "tower-block.yaml", "good.log"],
           "100k nested block sequences (`- - - … x` on one line): a depth-limit error, no "
           "stack overflow.",
           exit=[2], stderr_contains=["tower-block.yaml", W_DEPTH], good=["good.log"])


@case("016", "yaml-deep-block-indented")
def _(c):
    depth = 3000   # indentation grows quadratically: 3000 levels is ~9 MB
    with open(c.p("tower-indent.yaml"), "w") as f:
        f.write("apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n")
        for i in range(1, depth):
            f.write("  " * i + "a:\n")
        f.write("  " * depth + "b: 1\n")
    c.good_pod()
    c.meta(["lint", "tower-indent.yaml", "good-pod.yaml"],
           "3,000 levels of indented block mappings (9 MB): lint refuses it with a depth error "
           "(or reads it) in bounded time, no crash.",
           exit=[2], stderr_contains=["tower-indent.yaml", W_DEPTH], good=["good-pod.yaml"],
           max_seconds=20)


@case("017", "json-deep-in-list-item")
def _(c):
    items = [json.dumps(pod_dict("list-good-pod")),
             '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep"},"spec":' + "[" * DEPTH + "]" * DEPTH + "}"]
    c.write("list.json", '{"apiVersion":"v1","kind":"List","items":[' + ",".join(items) + "]}\n")
    c.good_log()
    c.meta(["analyze", "list.json", "good.log"],
           "A List whose second item is nested 100k deep: an error with the file; the good "
           "item before it is still read (or the whole file refused, but never a crash).",
           exit=[2], stderr_contains=["list.json", W_DEPTH], good=["good.log"])


# ---- 020-029 huge single lines ----------------------------------------------

@case("020", "huge-line-100mb-log")
def _(c):
    with open(c.p("huge.log"), "wb") as f:
        f.write(b"2024-05-01T10:00:00Z ERROR ")
        chunk = b"x" * MiB
        for _ in range(100):
            f.write(chunk)
        f.write(b" dial tcp 10.0.0.20:5432: connect: connection refused")   # no newline at all
    c.good_log()
    c.meta(["analyze", "huge.log", "good.log"],
           "A 100 MB log line without a newline is scanned in bounded memory; its finding quotes "
           "it cut to a short excerpt, never 100 MB in the report.",
           exit=[0], good=["good.log"], report_contains=["huge.log"], report_max_bytes=2 * MiB,
           max_rss_mb=400, max_seconds=30)


@case("021", "huge-line-100mb-gzip")
def _(c):
    # Random lower-case letters: ~1.6:1, far from the bomb ratio limit, so the
    # 100 MB line itself is what is tested (the file is ~60 MB).
    letters = bytes(range(97, 123)) * 10
    block = random.Random(21).randbytes(MiB).translate(letters[:256])

    def chunks():
        yield b"2024-05-01T10:00:00Z ERROR "
        for _ in range(100):
            yield block
        yield b" dial tcp 10.0.0.21:5432: connect: connection refused"
    stream_gzip(c.p("huge.log.gz"), chunks(), level=1)
    c.good_log()
    c.meta(["analyze", "huge.log.gz", "good.log"],
           "The same 100 MB line (random letters) inside a gzip is scanned while decompressed, "
           "in bounded memory, and its finding reported.",
           exit=[0], good=["good.log"], report_contains=["huge.log.gz", "10.0.0.21"],
           report_max_bytes=2 * MiB, max_rss_mb=400, max_seconds=30)


@case("022", "huge-line-json-pod")
def _(c):
    pod = pod_dict("huge-annotation-pod")
    pod["metadata"]["annotations"] = {"blob": "@@BLOB@@"}
    head, tail = json.dumps(pod).split("@@BLOB@@")
    with open(c.p("huge-pod.json"), "w") as f:
        f.write(head)
        for _ in range(30):
            f.write("z" * MiB)
        f.write(tail)
    c.good_log()
    c.meta(["analyze", "huge-pod.json", "good.log"],
           "A Pod on one 30 MB line (a huge annotation) is a valid object: it is read and its "
           "OOM finding reported.",
           exit=[0], good=["good.log"], good_objects=["huge-annotation-pod"],
           report_max_bytes=2 * MiB, max_rss_mb=512, max_seconds=20)


@case("023", "huge-line-yaml-scalar")
def _(c):
    head, tail = good_pod("huge-scalar-pod").split("spec:\n", 1)
    with open(c.p("huge-scalar.yaml"), "w") as f:
        f.write(head + "  annotations:\n    blob: ")
        for _ in range(30):
            f.write("q" * MiB)
        f.write("\nspec:\n" + tail)
    c.good_log()
    c.meta(["analyze", "huge-scalar.yaml", "good.log"],
           "A YAML Pod with a 30 MB plain scalar is read (bounded memory) and analysed.",
           exit=[0], good=["good.log"], good_objects=["huge-scalar-pod"],
           report_max_bytes=2 * MiB, max_rss_mb=600, max_seconds=30)


# ---- 030-039 binary garbage, NUL bytes --------------------------------------

@case("030", "binary-random")
def _(c):
    c.write("data.bin", random.Random(30).randbytes(MiB))
    c.good_log()
    c.meta(["analyze", "data.bin", "good.log"],
           "Random bytes are an unreadable input with the file named, not a crash.",
           exit=[2], stderr_contains=["data.bin", "binary"], good=["good.log"])


@case("031", "binary-named-log")
def _(c):
    c.write("app.log", random.Random(31).randbytes(256 * 1024))
    c.good_log()
    c.meta(["analyze", "app.log", "good.log"],
           "Binary garbage named like a log is still binary: an error naming it (not 100k lines "
           "of unknown errors).",
           exit=[2], stderr_contains=["app.log", "binary"], good=["good.log"])


@case("032", "binary-elf")
def _(c):
    c.write("kubectl", b"\x7fELF\x02\x01\x01\x00" + bytes(8) + random.Random(32).randbytes(64 * 1024))
    c.good_log()
    c.meta(["analyze", "kubectl", "good.log"],
           "An executable given by mistake is an unreadable input named on stderr.",
           exit=[2], stderr_contains=["kubectl", "binary"], good=["good.log"])


@case("033", "binary-dir-member")
def _(c):
    c.write("in/blob.dat", random.Random(33).randbytes(128 * 1024))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "A binary file inside a directory is reported with its path; the rest of the "
           "directory is analysed.",
           exit=[2], stderr_contains=["blob.dat"], good=["in/good.log"])


@case("034", "nul-bytes-in-log")
def _(c):
    c.write("nul.log", log_lines(50, ip="10.0.0.30").encode() + bytes(8192)
            + b"2024-05-01T11:00:00Z ERROR dial tcp 10.0.0.34:5432: connect: connection refused\n"
            + b"2024-05-01T11:00:01Z INFO half\x00written\x00line\n")
    c.good_log()
    c.meta(["analyze", "nul.log", "good.log"],
           "A log with a run of NUL bytes (a node crash mid-write) is still a log: the lines "
           "after the NULs are scanned.",
           exit=[0], good=["good.log"], report_contains=["10.0.0.34", "10.0.0.30"],
           report_not_contains=["\\u0000"])


@case("035", "nul-bytes-in-yaml")
def _(c):
    c.write("nul.yaml", good_pod("nul-pod").replace("image: registry", "image: reg\x00istry", 1))
    c.good_log()
    c.meta(["analyze", "nul.yaml", "good.log"],
           "A NUL inside a YAML manifest (not allowed by YAML) is an input error with the file.",
           exit=[2], stderr_contains=["nul.yaml"], good=["good.log"])


@case("036", "nul-bytes-in-json")
def _(c):
    c.write("nul.json", json.dumps(pod_dict("nul-json-pod")).replace("registry", "reg\x00istry", 1))
    c.good_log()
    c.meta(["analyze", "nul.json", "good.log"],
           "A raw NUL inside a JSON string is invalid JSON: an error with the file.",
           exit=[2], stderr_contains=["nul.json"], good=["good.log"])


# ---- 040-069 archives -------------------------------------------------------

def noisy_text(n, seed):
    rnd = random.Random(seed)
    return "".join(f"2024-05-01T10:00:00Z INFO blob {rnd.getrandbits(256):064x}\n" for _ in range(n)).encode()


@case("040", "targz-truncated")
def _(c):
    data = gz(tar_bytes([({"name": "first.log"}, log_lines(20, ip="10.0.0.40").encode()),
                         ({"name": "second.log"}, noisy_text(20000, 40))]))
    c.write("cut.tar.gz", data[: len(data) // 2])
    c.good_log()
    c.meta(["analyze", "cut.tar.gz", "good.log"],
           "A tar.gz cut in the middle is an input error naming the archive (and the member "
           "being read); the good input is analysed.",
           exit=[2], stderr_contains=["cut.tar.gz", W_CORRUPT], good=["good.log"])


@case("041", "targz-truncated-keeps-earlier")
def _(c):
    data = gz(tar_bytes([({"name": "first.log"}, log_lines(20, ip="10.0.0.41").encode()),
                         ({"name": "second.log"}, noisy_text(20000, 41))]))
    c.write("cut.tgz", data[: len(data) * 2 // 3])
    c.good_log()
    c.meta(["analyze", "cut.tgz", "good.log"],
           "The members read before the cut are whole and are analysed (their findings are "
           "reported), and the cut is an error naming the member it hit.",
           exit=[2], stderr_contains=["cut.tgz", "second.log", W_CORRUPT], good=["good.log"],
           report_contains=["10.0.0.41"])


@case("042", "gzip-bad-crc")
def _(c):
    data = bytearray(gz(log_lines(200, ip="10.0.0.42").encode()))
    data[-8] ^= 0xFF         # first byte of the trailer's CRC32
    c.write("app.log.gz", bytes(data))
    c.good_log()
    c.meta(["analyze", "app.log.gz", "good.log"],
           "A gzip whose trailer CRC does not match is corrupt: an error naming it, not a "
           "silently trusted input.",
           exit=[2], stderr_contains=["app.log.gz", W_CRC], good=["good.log"])


@case("043", "targz-bad-crc")
def _(c):
    data = bytearray(gz(tar_bytes([({"name": "pods/app.log"}, log_lines(50, ip="10.0.0.43").encode())])))
    data[-8] ^= 0xFF
    c.write("bundle.tar.gz", bytes(data))
    c.good_log()
    c.meta(["analyze", "bundle.tar.gz", "good.log"],
           "A tar.gz with a bad gzip CRC is corrupt: an error naming the archive.",
           exit=[2], stderr_contains=["bundle.tar.gz", W_CRC], good=["good.log"])


@case("044", "tar-bad-header-checksum")
def _(c):
    data = bytearray(tar_bytes([({"name": "ok.log"}, log_lines(10, ip="10.0.0.44").encode()),
                                ({"name": "broken.log"}, log_lines(10, ip="10.0.0.45").encode())]))
    # The second header starts after the first header and its padded data.
    first = 512 + ((len(log_lines(10, ip="10.0.0.44").encode()) + 511) // 512) * 512
    data[first + 148:first + 156] = b"0000000\x00"
    c.write("bad-sum.tar", bytes(data))
    c.good_log()
    c.meta(["analyze", "bad-sum.tar", "good.log"],
           "A tar header with a wrong checksum is a corrupt archive: an error naming it.",
           exit=[2], stderr_contains=["bad-sum.tar", W_CRC + ["header"]], good=["good.log"])


@case("045", "zip-bad-crc")
def _(c):
    out = io.BytesIO()
    payload = log_lines(40, ip="10.0.0.46").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("logs/app.log", payload)
    data = bytearray(out.getvalue())
    i = data.find(payload[:40])
    data[i + 5] ^= 0x01          # change the stored bytes, keep the recorded CRC
    c.write("logs.zip", bytes(data))
    c.good_log()
    c.meta(["analyze", "logs.zip", "good.log"],
           "A zip member whose data does not match its CRC is an error naming the member.",
           exit=[2], stderr_contains=["logs.zip", "app.log", W_CRC], good=["good.log"])


def slip_zip(names):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in names:
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 5, 1, 10, 0, 0)), data)
    return out.getvalue()


@case("046", "zip-slip")
def _(c):
    c.write("slip.zip", slip_zip([("../../etc/hostile-slip.log", log_lines(5, ip="10.0.0.47")),
                                   ("inner/ok.log", log_lines(5, ip="10.0.0.48"))]))
    c.good_log()
    c.meta(["analyze", "slip.zip", "good.log"],
           "A zip member named ../../etc/x is refused with its name (nothing written anywhere); "
           "the safe member beside it is still read.",
           exit=[2], stderr_contains=["hostile-slip.log"], good=["good.log"],
           report_contains=["10.0.0.48"], must_not_exist=["../../etc/hostile-slip.log", "/etc/hostile-slip.log"])


@case("047", "tar-slip")
def _(c):
    c.write("slip.tar.gz", gz(tar_bytes([({"name": "../../../etc/hostile-tslip.log"}, log_lines(5, ip="10.0.0.49").encode()),
                                         ({"name": "ok/ok.log"}, log_lines(5, ip="10.0.0.50").encode())])))
    c.good_log()
    c.meta(["analyze", "slip.tar.gz", "good.log"],
           "A tar member escaping with ../ is refused with its name; the safe member is read.",
           exit=[2], stderr_contains=["hostile-tslip.log"], good=["good.log"],
           report_contains=["10.0.0.50"], must_not_exist=["/etc/hostile-tslip.log"])


@case("048", "tar-absolute-member")
def _(c):
    c.write("abs.tar", tar_bytes([({"name": "/etc/hostile-abs.log"}, log_lines(5, ip="10.0.0.51").encode()),
                                  ({"name": "ok.log"}, log_lines(5, ip="10.0.0.52").encode())]))
    c.good_log()
    c.meta(["analyze", "abs.tar", "good.log"],
           "An absolute member path (/etc/x) is never used as a host path: it is refused or read "
           "as a member with its name shown; no crash.",
           exit=[0, 2], good=["good.log"], report_contains=["hostile-abs.log", "10.0.0.52"],
           must_not_exist=["/etc/hostile-abs.log"])


@case("049", "zip-absolute-member")
def _(c):
    c.write("abs.zip", slip_zip([("/etc/hostile-zabs.log", log_lines(5, ip="10.0.0.53")),
                                  ("ok.log", log_lines(5, ip="10.0.0.54"))]))
    c.good_log()
    c.meta(["analyze", "abs.zip", "good.log"],
           "An absolute zip member path is refused or read as a member with its name; no crash.",
           exit=[0, 2], good=["good.log"], report_contains=["hostile-zabs.log", "10.0.0.54"],
           must_not_exist=["/etc/hostile-zabs.log"])


@case("050", "tar-symlink-outside")
def _(c):
    c.write("links.tar.gz", gz(tar_bytes([
        ({"name": "passwd.log", "type": tarfile.SYMTYPE, "linkname": "/etc/passwd"}, None),
        ({"name": "up.log", "type": tarfile.SYMTYPE, "linkname": "../../../../../../etc/passwd"}, None),
        ({"name": "real.log"}, log_lines(5, ip="10.0.0.55").encode())])))
    c.good_log()
    c.meta(["analyze", "links.tar.gz", "good.log"],
           "Symlink members pointing at /etc/passwd are not followed (its content never "
           "appears) and are noted by name; the regular member is read.",
           exit=[0], good=["good.log"], report_contains=["passwd.log", "10.0.0.55"],
           report_not_contains=[PASSWD_MARK])


@case("051", "tar-hardlinks")
def _(c):
    c.write("hard.tar", tar_bytes([
        ({"name": "real.log"}, log_lines(5, ip="10.0.0.56").encode()),
        ({"name": "same.log", "type": tarfile.LNKTYPE, "linkname": "real.log"}, None),
        ({"name": "hard-out.log", "type": tarfile.LNKTYPE, "linkname": "/etc/passwd"}, None)]))
    c.good_log()
    c.meta(["analyze", "hard.tar", "good.log"],
           "Hard-link members are never resolved outside the archive (a link to /etc/passwd is "
           "noted, its content never read); no crash.",
           exit=[0], good=["good.log"], report_contains=["hard-out.log", "10.0.0.56"],
           report_not_contains=[PASSWD_MARK])


@case("052", "tar-fifo-and-devices")
def _(c):
    c.write("special.tar", tar_bytes([
        ({"name": "fifo-member", "type": tarfile.FIFOTYPE}, None),
        ({"name": "zero-device", "type": tarfile.CHRTYPE, "devmajor": 1, "devminor": 5}, None),
        ({"name": "disk-device", "type": tarfile.BLKTYPE, "devmajor": 8, "devminor": 0}, None),
        ({"name": "real.log"}, log_lines(5, ip="10.0.0.57").encode())]))
    c.good_log()
    c.meta(["analyze", "special.tar", "good.log"],
           "FIFO and device members are skipped and noted by name, never opened; no hang.",
           exit=[0], good=["good.log"], report_contains=["fifo-member", "zero-device", "10.0.0.57"],
           max_seconds=10)


@case("053", "zip-symlink-member")
def _(c):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        zi = zipfile.ZipInfo("etc-passwd.log", date_time=(2024, 5, 1, 10, 0, 0))
        zi.create_system = 3
        zi.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(zi, "/etc/passwd")
        z.writestr("real.log", log_lines(5, ip="10.0.0.58"))
    c.write("links.zip", out.getvalue())
    c.good_log()
    c.meta(["analyze", "links.zip", "good.log"],
           "A zip symlink member (Unix mode S_IFLNK) is not followed (its target never read) "
           "and is noted by name.",
           exit=[0], good=["good.log"], report_contains=["etc-passwd.log", "10.0.0.58"],
           report_not_contains=[PASSWD_MARK])


_ZEROS_2G = []


def gzip_2gib_zeros():
    """2 GiB of zeros, gzip -9 (2 MB): made once, used by two cases."""
    if not _ZEROS_2G:
        out = io.BytesIO()
        stream_gzip(out, zeros(2 * GiB), level=9)
        _ZEROS_2G.append(out.getvalue())
    return _ZEROS_2G[0]


@case("054", "gzip-bomb-2gib")
def _(c):
    c.write("zeros.log.gz", gzip_2gib_zeros())
    c.good_log()
    c.meta(["analyze", "zeros.log.gz", "good.log"],
           "2 GiB of zeros in a 2 MB gzip (1000:1) is refused at the decompression limits with "
           "an error naming it, not silently dropped.",
           exit=[2], stderr_contains=["zeros.log.gz", W_LIMIT], good=["good.log"],
           max_rss_mb=256, max_seconds=30)


@case("055", "gzip-ratio-100mib")
def _(c):
    stream_gzip(c.p("hundred.gz"), zeros(100 * MiB), level=9)
    c.good_log()
    c.meta(["analyze", "hundred.gz", "good.log"],
           "100 MiB of zeros at 1000:1 is past the documented 200:1 ratio limit: refused with an "
           "error naming it.",
           exit=[2], stderr_contains=["hundred.gz", W_LIMIT], good=["good.log"],
           max_rss_mb=256, max_seconds=20)


@case("056", "gzip-nested-bomb")
def _(c):
    c.write("nested.gz", gz(gzip_2gib_zeros()))
    c.good_log()
    c.meta(["analyze", "nested.gz", "good.log"],
           "A gzip of a gzip of 2 GiB of zeros (a few KB) is refused at the limits with an "
           "error naming it.",
           exit=[2], stderr_contains=["nested.gz", W_LIMIT], good=["good.log"],
           max_rss_mb=256, max_seconds=30)


@case("057", "zstd-bomb-2gib")
def _(c):
    if not shutil.which("zstd"):
        return "skip: no zstd command"
    with open(c.p("zeros.log.zst"), "wb") as out:
        p = subprocess.Popen(["zstd", "-q", "-c", "-3"], stdin=subprocess.PIPE, stdout=out)
        for ch in zeros(2 * GiB, 4 * MiB):
            p.stdin.write(ch)
        p.stdin.close()
        if p.wait() != 0:
            raise RuntimeError("zstd failed")
    c.good_log()
    c.meta(["analyze", "zeros.log.zst", "good.log"],
           "2 GiB of zeros as zstd (~70 KB) is refused at the limits with an error naming it.",
           exit=[2], stderr_contains=["zeros.log.zst", W_LIMIT], good=["good.log"],
           max_rss_mb=256, max_seconds=30)


@case("058", "targz-bomb-member")
def _(c):
    size = 1200 * MiB
    ti = tarfile.TarInfo("pods/logs/hostile/app/app.log")
    ti.size, ti.mtime = size, 1714557600

    def chunks():
        yield ti.tobuf(tarfile.GNU_FORMAT)
        yield from zeros(size)
        yield bytes((512 - size % 512) % 512) + bytes(1024)
    stream_gzip(c.p("zeros.tar.gz"), chunks(), level=9)
    c.good_log()
    c.meta(["analyze", "zeros.tar.gz", "good.log"],
           "A tar.gz member of 1.2 GiB zeros is past the 1 GiB member limit: an error naming the "
           "member.",
           exit=[2], stderr_contains=["zeros.tar.gz", "app.log", W_LIMIT], good=["good.log"],
           max_rss_mb=256, max_seconds=30)


@case("059", "zip-bomb-member")
def _(c):
    with zipfile.ZipFile(c.p("zeros.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        zi = zipfile.ZipInfo("logs/zeros.log", date_time=(2024, 5, 1, 10, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        with z.open(zi, "w", force_zip64=True) as f:
            for ch in zeros(1100 * MiB, 4 * MiB):
                f.write(ch)
    c.good_log()
    c.meta(["analyze", "zeros.zip", "good.log"],
           "A zip member inflating to 1.1 GiB of zeros is refused at the limits with an error "
           "naming the member.",
           exit=[2], stderr_contains=["zeros.zip", "zeros.log", W_LIMIT], good=["good.log"],
           max_rss_mb=256, max_seconds=30)


@case("060", "tar-too-many-members")
def _(c):
    n = 210_000

    def chunks():
        buf = []
        for i in range(n):
            ti = tarfile.TarInfo(f"m/{i:06d}.log")
            ti.mtime = 1714557600
            data = f"2024-05-01T10:00:00Z INFO member {i}\n".encode()
            ti.size = len(data)
            buf.append(ti.tobuf(tarfile.GNU_FORMAT) + data + bytes(512 - len(data)))
            if len(buf) == 4096:
                yield b"".join(buf)
                buf = []
        buf.append(bytes(1024))
        yield b"".join(buf)
    stream_gzip(c.p("many.tar.gz"), chunks(), level=6)
    c.good_log()
    c.meta(["analyze", "many.tar.gz", "good.log"],
           "210,000 one-line members is past the documented 200,000-member limit: refused with "
           "an error naming the archive, in bounded time.",
           exit=[2], stderr_contains=["many.tar.gz", W_LIMIT], good=["good.log"],
           max_rss_mb=512, max_seconds=30)


@case("061", "empty-tar")
def _(c):
    c.write("void.tar", tar_bytes([]))
    c.good_log()
    c.meta(["analyze", "void.tar", "good.log"],
           "An archive with no member holds nothing to analyse: said on stderr with its name.",
           exit=[2], stderr_contains=["void.tar", W_EMPTY], good=["good.log"])


@case("062", "empty-targz")
def _(c):
    c.write("void.tar.gz", gz(tar_bytes([])))
    c.good_log()
    c.meta(["analyze", "void.tar.gz", "good.log"],
           "A gzip of an empty tar: said on stderr with its name, not silently dropped.",
           exit=[2], stderr_contains=["void.tar.gz", W_EMPTY], good=["good.log"])


@case("063", "empty-zip")
def _(c):
    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()
    c.write("void.zip", out.getvalue())
    c.good_log()
    c.meta(["analyze", "void.zip", "good.log"],
           "A zip with no member: said on stderr with its name.",
           exit=[2], stderr_contains=["void.zip", W_EMPTY], good=["good.log"])


@case("064", "gzip-not-tar")
def _(c):
    c.write("bundle.tar.gz", gz(log_lines(30, ip="10.0.0.64").encode()))
    c.good_log()
    c.meta(["analyze", "bundle.tar.gz", "good.log"],
           "A .tar.gz that is a gzip'd log (content, not name, decides) is read as that log.",
           exit=[0], good=["good.log"], report_contains=["10.0.0.64"])


@case("065", "gzip-of-garbage")
def _(c):
    c.write("garbage.gz", gz(random.Random(65).randbytes(256 * 1024)))
    c.good_log()
    c.meta(["analyze", "garbage.gz", "good.log"],
           "A valid gzip of binary garbage is an unreadable input named on stderr.",
           exit=[2], stderr_contains=["garbage.gz", "binary"], good=["good.log"])


@case("066", "gzip-of-nothing")
def _(c):
    c.write("nothing.gz", gz(b""))
    c.good_log()
    c.meta(["analyze", "nothing.gz", "good.log"],
           "A gzip that decompresses to zero bytes is an empty input, said with its name.",
           exit=[2], stderr_contains=["nothing.gz", W_EMPTY], good=["good.log"])


@case("067", "tar-member-gzip-truncated")
def _(c):
    inner = gz(noisy_text(5000, 67))
    c.write("outer.tar", tar_bytes([({"name": "inner.log.gz"}, inner[: len(inner) // 2]),
                                    ({"name": "fine.log"}, log_lines(10, ip="10.0.0.67").encode())]))
    c.good_log()
    c.meta(["analyze", "outer.tar", "good.log"],
           "A truncated gzip member inside a tar is an error naming the member "
           "(outer.tar:inner.log.gz); the other member is read.",
           exit=[2], stderr_contains=["inner.log.gz", W_CORRUPT], good=["good.log"],
           report_contains=["10.0.0.67"])


@case("068", "zip-truncated")
def _(c):
    data = slip_zip([("a.log", log_lines(10, ip="10.0.0.68")),
                     ("b.log", noisy_text(5000, 68).decode())])
    c.write("cut.zip", data[: len(data) // 2])
    c.good_log()
    c.meta(["analyze", "cut.zip", "good.log"],
           "A zip cut in half (no central directory) is an error naming it.",
           exit=[2], stderr_contains=["cut.zip"], good=["good.log"])


@case("069", "tar-nested-4-deep")
def _(c):
    data = tar_bytes([({"name": "deepest.log"}, log_lines(5, ip="10.0.0.69").encode())])
    for level in range(4):
        data = gz(tar_bytes([({"name": f"level{level}.tar.gz"}, data)]))
    c.write("doll.tar.gz", data)
    c.good_log()
    c.meta(["analyze", "doll.tar.gz", "good.log"],
           "Archives nested deeper than the documented 3 levels are refused with an error "
           "naming the member, not silently dropped.",
           exit=[2], stderr_contains=["doll.tar.gz", W_DEPTH + W_LIMIT], good=["good.log"])


# ---- 070-079 more archive shapes --------------------------------------------

@case("070", "tar-long-member-names")
def _(c):
    long_name = "/".join(["d" * 200] * 40) + "/app.log"      # ~8 KB, a pax header
    c.write("long.tar", tar_bytes([({"name": long_name}, log_lines(5, ip="10.0.0.70").encode())],
                                  fmt=tarfile.PAX_FORMAT))
    c.good_log()
    c.meta(["analyze", "long.tar", "good.log"],
           "A member name of 8 KB (pax extended header) is read; the report carries it.",
           exit=[0], good=["good.log"], report_contains=["10.0.0.70"])


@case("071", "tar-member-named-dotdot-inside")
def _(c):
    c.write("dots.tar", tar_bytes([({"name": "a/../../b/escape.log"}, log_lines(5, ip="10.0.0.71").encode()),
                                   ({"name": "a/..hidden..log"}, log_lines(5, ip="10.0.0.72").encode())]))
    c.good_log()
    c.meta(["analyze", "dots.tar", "good.log"],
           "A member that climbs out through a/../../ is refused by name; a name that merely "
           "contains dots (..hidden..log) is not.",
           exit=[2], stderr_contains=["escape.log"], good=["good.log"],
           report_contains=["10.0.0.72"])


# ---- 080-089 empty inputs ---------------------------------------------------

@case("080", "empty-file")
def _(c):
    c.write("zero-bytes.txt", b"")
    c.good_log()
    c.meta(["analyze", "zero-bytes.txt", "good.log"],
           "An empty file is an unreadable input with its name (README: empty inputs).",
           exit=[2], stderr_contains=["zero-bytes.txt", W_EMPTY], good=["good.log"])


@case("081", "empty-log-named")
def _(c):
    c.write("logs-app-7d9f-abcde-app.log", b"")
    c.good_log()
    c.meta(["analyze", "logs-app-7d9f-abcde-app.log", "good.log"],
           "Control: an empty file named as a log is an empty log (a fact), not an error.",
           exit=[0], good=["good.log"], inputs_ok=["logs-app-7d9f-abcde-app.log"])


@case("082", "empty-yaml")
def _(c):
    c.write("zero-bytes.yaml", b"")
    c.good_pod()
    c.meta(["lint", "zero-bytes.yaml", "good-pod.yaml"],
           "lint of an empty manifest beside a good one says so with its name; the good one is "
           "checked. (An empty file is a template that rendered to nothing: valid, as for "
           "kubeconform.)",
           exit=[0, 1], stderr_contains=["zero-bytes.yaml", W_EMPTY], good=["good-pod.yaml"])


@case("083", "empty-directory")
def _(c):
    os.makedirs(c.p("nothing-here"), exist_ok=True)
    c.good_log()
    c.meta(["analyze", "nothing-here", "good.log"],
           "A directory with no file is said on stderr with its name, not silently nothing.",
           exit=[2], stderr_contains=["nothing-here", ["empty", "no input", "no file", "nothing"]],
           good=["good.log"])


@case("084", "whitespace-only")
def _(c):
    c.write("blank.txt", "\n\n   \n\t\n" * 1000)
    c.good_log()
    c.meta(["analyze", "blank.txt", "good.log"],
           "A file of blank lines holds nothing: an empty input with its name.",
           exit=[2], stderr_contains=["blank.txt", W_EMPTY], good=["good.log"])


# ---- 090-109 encodings and file names --------------------------------------

@case("090", "bom-describe")
def _(c):
    c.write("describe-pod-bom.txt", "\ufeff" + describe_pod("bom-describe-7db49c4d49-7cv5d"))
    c.good_log()
    c.meta(["analyze", "describe-pod-bom.txt", "good.log"],
           "A UTF-8 BOM before `kubectl describe pod` text (Windows editors, PowerShell) is "
           "stripped: the describe is recognised and its pod's OOM finding reported.",
           exit=[0], good=["good.log"], good_objects=["bom-describe-7db49c4d49-7cv5d"],
           report_not_contains=["\ufeff", "\\ufeff"], inputs_ok=["describe-pod-bom.txt"])


@case("091", "bom-yaml-manifest")
def _(c):
    c.write("bom.yaml", "\ufeff" + good_pod("bom-yaml-pod"))
    c.good_log()
    c.meta(["analyze", "bom.yaml", "good.log"],
           "A UTF-8 BOM before a YAML manifest is stripped (YAML allows it): the Pod is read.",
           exit=[0], good=["good.log"], good_objects=["bom-yaml-pod"], inputs_ok=["bom.yaml"],
           report_not_contains=["\ufeff", "\\ufeff"])


@case("092", "bom-yaml-lint")
def _(c):
    c.write("bom-deploy.yaml", "\ufeff" + good_pod("bom-lint-pod"))
    c.good_pod()
    c.meta(["lint", "bom-deploy.yaml", "good-pod.yaml"],
           "lint reads a manifest behind a BOM (findings cite it, columns not shifted by it).",
           exit=[0, 1], good=["good-pod.yaml", "bom-deploy.yaml"], inputs_ok=["bom-deploy.yaml"],
           report_not_contains=["\\ufeff"])


@case("093", "bom-json")
def _(c):
    c.write("bom.json", "\ufeff" + json.dumps(pod_dict("bom-json-pod"), indent=2))
    c.good_log()
    c.meta(["analyze", "bom.json", "good.log"],
           "A BOM before a JSON object (PowerShell's Out-File) is stripped: the Pod is read.",
           exit=[0], good=["good.log"], good_objects=["bom-json-pod"], inputs_ok=["bom.json"])


@case("094", "utf16le-yaml-stream")
def _(c):
    text = good_pod("utf16-pod-a") + "---\n" + good_pod("utf16-pod-b")
    c.write("utf16.yaml", b"\xff\xfe" + text.encode("utf-16-le"))
    c.good_log()
    c.meta(["analyze", "utf16.yaml", "good.log"],
           "A UTF-16LE YAML stream with BOM (PowerShell `>`): YAML allows UTF-16, both Pods are "
           "read (or, at least, a clear encoding error naming it).",
           exit=[0], good=["good.log"], good_objects=["utf16-pod-a", "utf16-pod-b"])


@case("095", "utf16le-doc-after-utf8-doc")
def _(c):
    doc2 = good_pod("utf16-second-pod")
    c.write("mixed.yaml", good_pod("utf8-first-pod").encode() + b"---\n"
            + b"\xff\xfe" + doc2.encode("utf-16-le"))
    c.good_log()
    c.meta(["analyze", "mixed.yaml", "good.log"],
           "A UTF-16LE document (with BOM) after a UTF-8 one in one stream: the bad document is "
           "an error with its line; the UTF-8 document is still read.",
           exit=[2], stderr_contains=["mixed.yaml"], good=["good.log"],
           good_objects=["utf8-first-pod"])


@case("096", "utf16le-log")
def _(c):
    c.write("windows-container.log", b"\xff\xfe" + log_lines(20, ip="10.0.0.96").encode("utf-16-le"))
    c.good_log()
    c.meta(["analyze", "windows-container.log", "good.log"],
           "A UTF-16LE log with BOM (Windows containers, PowerShell redirection) is decoded and "
           "scanned.",
           exit=[0], good=["good.log"], report_contains=["10.0.0.96"])


@case("097", "invalid-utf8-in-log")
def _(c):
    c.write("latin1.log", b"2024-05-01T10:00:00Z ERROR caf\xe9 \xff\xfe\xc3\x28 \xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80 \xf8\x88\x80\x80\x80 dial tcp "
            b"10.0.0.97:5432: connect: connection refused\n"
            b"2024-05-01T10:00:01Z INFO caf\xe9 au lait \xc0\xaf overlong slash\n")
    c.good_log()
    c.meta(["analyze", "latin1.log", "good.log"],
           "Invalid UTF-8 inside a quoted log line (Latin-1, stray bytes, an encoded surrogate "
           "ED A0 80, an overlong, > U+10FFFF) does not stop the scan; the report stays strictly "
           "valid UTF-8 JSON quoting the line.",
           exit=[0], good=["good.log"], report_contains=["10.0.0.97"])


@case("098", "invalid-utf8-in-yaml")
def _(c):
    c.write("latin1.yaml", good_pod("latin1-pod").encode().replace(b"namespace: hostile",
                                                                   b"namespace: hostile\n  annotations:\n    note: caf\xe9", 1))
    c.good_log()
    c.meta(["analyze", "latin1.yaml", "good.log"],
           "Invalid UTF-8 in a YAML manifest is an error with the file and line (as kubectl "
           "says), never invalid JSON in the report.",
           exit=[2], stderr_contains=["latin1.yaml"], good=["good.log"])


@case("099", "invalid-utf8-file-name")
def _(c):
    os.makedirs(c.p("in"), exist_ok=True)
    c.write(b"in/bad-\xff\xfe-name.log", log_lines(10, ip="10.0.0.99").encode())
    c.write(b"in/bin-\xff-name.dat", random.Random(99).randbytes(4096))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "A file name that is not UTF-8 is read; the report names it validly escaped (JSON "
           "stays valid UTF-8), stderr too.",
           exit=[2], good=["in/good.log"], report_contains=["10.0.0.99", "-name.log"],
           stderr_contains=["-name.dat"])


@case("100", "escape-sequences-in-log")
def _(c):
    c.write("ansi.log", "2024-05-01T10:00:00Z \x1b[31mERROR\x1b[0m \x1b]0;pwned\x07\x1b[2J\x1b[1A"
            "dial tcp 10.0.0.100:5432: connect: connection refused\x9b31m\u202e\n")
    c.good_log()
    c.meta(["analyze", "ansi.log", "good.log"],
           "Terminal escape sequences (colour, title-set OSC, clear screen, C1 CSI, bidi override) "
           "in a log never reach the terminal raw in the text report.",
           exit=[0], report="text", good=["good.log"], report_contains=["10.0.0.100"],
           report_not_contains=["\u001b", "\u0007", "\u009b", "\u202e"])


@case("101", "escape-sequences-in-file-name")
def _(c):
    os.makedirs(c.p("in"), exist_ok=True)
    c.write("in/evil-\x1b]0;owned\x07-\x1b[2J.dat", random.Random(101).randbytes(4096))
    c.write("in/evil-\x1b[31m-red.log", log_lines(5, ip="10.0.0.101"))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "Escape sequences in file names are escaped on stderr and in the text report.",
           exit=[2], report="text", good=["in/good.log"], stderr_contains=["evil-"],
           stderr_not_contains=["\u001b", "\u0007"], report_not_contains=["\u001b", "\u0007"],
           report_contains=["10.0.0.101"])


@case("102", "newline-in-file-name")
def _(c):
    os.makedirs(c.p("in"), exist_ok=True)
    c.write("in/evil\nkubesift: forged-line.dat", random.Random(102).randbytes(4096))
    c.write("in/multi\nline.log", log_lines(5, ip="10.0.0.102"))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "A newline in a file name is escaped: it cannot forge a line on stderr or in the "
           "text report.",
           exit=[2], report="text", good=["in/good.log"], stderr_contains=["forged-line.dat"],
           stderr_not_contains=["\nkubesift: forged-line"], report_not_contains=["\nline.log"],
           report_contains=["10.0.0.102"])


@case("103", "long-file-name")
def _(c):
    name = "logs-" + "n" * 240 + ".log"          # 249 bytes, near NAME_MAX
    c.write(name, log_lines(5, ip="10.0.0.103"))
    c.good_log()
    c.meta(["analyze", name, "good.log"],
           "A file name near NAME_MAX (255) is read and cited.",
           exit=[0], good=["good.log"], report_contains=["10.0.0.103", "n" * 240])


@case("104", "path-beyond-path-max")
def _(c):
    # 22 directories of 200 bytes: the relative path is ~4,450 bytes, beyond
    # PATH_MAX (4096); open() of the joined path fails with ENAMETOOLONG.
    base = os.open(c.dir, os.O_RDONLY)
    fd = os.dup(base)
    os.mkdir("deep", dir_fd=fd)
    cur = os.open("deep", os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    for i in range(22):
        d = ("%02d" % i) + "p" * 198
        os.mkdir(d, dir_fd=cur)
        nxt = os.open(d, os.O_RDONLY, dir_fd=cur)
        os.close(cur)
        cur = nxt
    leaf = os.open("deep-leaf.log", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=cur)
    os.write(leaf, log_lines(5, ip="10.0.0.104").encode())
    os.close(leaf)
    os.close(cur)
    os.close(base)
    c.good_log()
    c.meta(["analyze", "deep", "good.log"],
           "A file whose path is longer than PATH_MAX is read (openat) or reported by name as "
           "unreadable; never a crash or a silent drop.",
           exit=[0, 2], good=["good.log"], report_contains=["deep-leaf.log"], max_seconds=10)


# ---- 110-119 numbers and duplicate keys ---------------------------------------

@case("110", "json-1e400")
def _(c):
    text = json.dumps(pod_dict("bignum-pod", extra_spec={"terminationGracePeriodSeconds": 12345}))
    c.write("bignum.json", text.replace("12345", "1e400").replace('"restartCount": 7', '"restartCount": 1e400'))
    c.good_log()
    c.meta(["analyze", "bignum.json", "good.log"],
           "1e400 (beyond double range) in a Pod must not reject the file (a field-level "
           "finding at most), and must never print inf/NaN into the JSON report.",
           exit=[0], good=["good.log"], good_objects=["bignum-pod"], inputs_ok=["bignum.json"])


@case("111", "json-minus-1e400")
def _(c):
    text = json.dumps(pod_dict("negbignum-pod", extra_spec={"terminationGracePeriodSeconds": 12345}))
    c.write("negbignum.json", text.replace("12345", "-1e400"))
    c.good_log()
    c.meta(["analyze", "negbignum.json", "good.log"],
           "-1e400 in a Pod must not reject the file.",
           exit=[0], good=["good.log"], good_objects=["negbignum-pod"], inputs_ok=["negbignum.json"])


@case("112", "json-400-digit-integer")
def _(c):
    text = json.dumps(pod_dict("longint-pod", extra_spec={"terminationGracePeriodSeconds": 12345,
                                                          "activeDeadlineSeconds": 54321}))
    c.write("longint.json", text.replace("12345", "9" * 400).replace("54321", "-" + "1" * 400))
    c.good_log()
    c.meta(["analyze", "longint.json", "good.log"],
           "400-digit integers in a Pod must not reject the file.",
           exit=[0], good=["good.log"], good_objects=["longint-pod"], inputs_ok=["longint.json"])


@case("113", "yaml-big-numbers")
def _(c):
    c.write("bignum.yaml", good_pod("yaml-bignum-pod").replace(
        "spec:\n", "spec:\n  terminationGracePeriodSeconds: 1e400\n  activeDeadlineSeconds: "
        + "9" * 400 + "\n  priority: -1e400\n", 1).replace("restartCount: 7", "restartCount: .inf"))
    c.good_log()
    c.meta(["analyze", "bignum.yaml", "good.log"],
           "Numbers beyond double range (and .inf) in a YAML Pod must not reject the file.",
           exit=[0], good=["good.log"], good_objects=["yaml-bignum-pod"], inputs_ok=["bignum.yaml"])


@case("114", "lint-big-numbers")
def _(c):
    c.write("deploy.yaml", """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bignum-deploy
  namespace: hostile
spec:
  replicas: 1e400
  revisionHistoryLimit: %s
  progressDeadlineSeconds: -1e400
  selector:
    matchLabels: {app: bignum}
  template:
    metadata:
      labels: {app: bignum}
    spec:
      terminationGracePeriodSeconds: 1e400
      containers:
      - name: app
        image: registry.example.com/app:1.2.3
        ports:
        - containerPort: %s
""" % ("9" * 400, "8" * 400))
    c.good_pod()
    c.meta(["lint", "deploy.yaml", "good-pod.yaml"],
           "lint of a Deployment with 1e400 and 400-digit numbers: field findings at most, the "
           "file itself is read (no input error, no crash, no inf in JSON).",
           exit=[0, 1], good=["good-pod.yaml"], inputs_ok=["deploy.yaml"],
           report_contains=["bignum-deploy"])


@case("115", "json-duplicate-keys")
def _(c):
    c.write("dup.json", '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"dup-json-pod","name":"dup-json-pod",'
            '"namespace":"hostile"},"metadata":{"name":"dup-json-pod","namespace":"hostile"},'
            '"spec":{"containers":[{"name":"app","image":"registry.example.com/app:1.2.3","image":"x:latest"}]}}\n')
    c.good_pod()
    c.meta(["lint", "dup.json", "good-pod.yaml"],
           "Duplicate keys in JSON are reported (duplicate-key) with their line, not a crash or "
           "a silently merged object.",
           exit=[0, 1, 2], good=["good-pod.yaml"], report_contains=["duplicate-key", "dup.json"])


@case("116", "yaml-duplicate-keys")
def _(c):
    c.write("dup.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dup-yaml-pod\n  name: dup-yaml-pod\n"
            "  namespace: hostile\nspec:\n  containers:\n  - name: app\n    image: registry.example.com/app:1.2.3\n"
            "    image: registry.example.com/app:latest\nspec:\n  containers: []\n")
    c.good_pod()
    c.meta(["lint", "dup.yaml", "good-pod.yaml"],
           "Duplicate keys in YAML are reported (duplicate-key) with their line.",
           exit=[0, 1, 2], good=["good-pod.yaml"], report_contains=["duplicate-key", "dup.yaml"])


@case("117", "yaml-100k-keys")
def _(c):
    with open(c.p("wide.yaml"), "w") as f:
        f.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wide\n  namespace: hostile\ndata:\n")
        for i in range(100_000):
            f.write(f"  k{i:06d}: v\n")
        for i in range(0, 100_000, 1000):          # and duplicates, far apart
            f.write(f"  k{i:06d}: dup\n")
    c.good_pod()
    c.meta(["lint", "wide.yaml", "good-pod.yaml"],
           "A mapping of 100k keys with 100 duplicates far apart: duplicates found in bounded "
           "time (no quadratic key lookups).",
           exit=[0, 1, 2], good=["good-pod.yaml"], report_contains=["duplicate-key"], max_seconds=20)


# ---- 120-129 special files in an input directory ------------------------------

@case("120", "fifo-in-dir")
def _(c):
    os.makedirs(c.p("in"), exist_ok=True)
    os.mkfifo(c.p("in/pipe.log"))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "A FIFO inside an input directory is skipped and noted by name, never opened (no "
           "hang waiting for a writer).",
           exit=[0, 2], good=["in/good.log"], report_contains=["pipe.log"], max_seconds=10)


@case("121", "dangling-symlink")
def _(c):
    os.makedirs(c.p("in"), exist_ok=True)
    os.symlink("does-not-exist.log", c.p("in/gone.log"))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "A dangling symlink in an input directory is noted by name; the rest is analysed.",
           exit=[0, 2], good=["in/good.log"], report_contains=["gone.log"])


@case("122", "symlink-loops")
def _(c):
    os.makedirs(c.p("in/sub"), exist_ok=True)
    os.symlink("loop2", c.p("in/loop1"))
    os.symlink("loop1", c.p("in/loop2"))
    os.symlink(".", c.p("in/self"))
    os.symlink("..", c.p("in/sub/up"))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "Symlink loops (a->b->a, a link to `.`, a link to `..`) do not recurse forever; "
           "the good file is read once.",
           exit=[0, 2], good=["in/good.log"], report_contains=["loop1"], max_seconds=10,
           report_not_contains=["in/self/good.log", "in/sub/up/"])


@case("123", "symlink-file-outside-tree")
def _(c):
    c.write("outside/secret.log", f"2024-05-01T10:00:00Z ERROR {OUTSIDE_MARK} dial tcp 10.0.0.123:5432: connect: connection refused\n")
    os.makedirs(c.p("in"), exist_ok=True)
    os.symlink("../outside/secret.log", c.p("in/linked.log"))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "A symlink inside the input directory to a file outside it is not followed (its "
           "content never read) and is noted by name.",
           exit=[0, 2], good=["in/good.log"], report_contains=["linked.log"],
           report_not_contains=[OUTSIDE_MARK, "10.0.0.123"])


@case("124", "symlink-dir-outside-tree")
def _(c):
    os.makedirs(c.p("in"), exist_ok=True)
    os.symlink("/etc", c.p("in/etc"))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "A symlink to /etc inside the input directory is not walked into.",
           exit=[0, 2], good=["in/good.log"], report_not_contains=["in/etc/", PASSWD_MARK],
           max_seconds=10)


@case("125", "symlink-inside-tree")
def _(c):
    os.makedirs(c.p("in/real"), exist_ok=True)
    c.write("in/real/app.log", log_lines(5, ip="10.0.0.125"))
    os.symlink("real/app.log", c.p("in/alias.log"))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "Control: a symlink staying inside the input tree is harmless; the target is read.",
           exit=[0], good=["in/good.log"], report_contains=["10.0.0.125"])


@case("126", "dir-50k-files")
def _(c):
    base = c.p("many")
    os.makedirs(base, exist_ok=True)
    for d in range(50):
        sub = os.path.join(base, f"d{d:02d}")
        os.mkdir(sub)
        for i in range(1000):
            with open(os.path.join(sub, f"f{i:04d}.log"), "w") as f:
                if i % 100 == 0:
                    f.write(f"2024-05-01T10:00:00Z ERROR dial tcp 10.1.{d}.{i // 100}:5432: connect: connection refused\n")
                else:
                    f.write(f"2024-05-01T10:00:00Z INFO file {d}/{i} ok\n")
    c.good_log("many/good.log")
    c.meta(["analyze", "many"],
           "50,000 tiny files in one input: read in bounded time and memory, every one counted.",
           exit=[0], good=["many/good.log"], summary_min={"inputs": 50001, "log_lines": 50001},
           max_rss_mb=768, max_seconds=60)


@case("127", "fifo-archive-name")
def _(c):
    os.makedirs(c.p("in"), exist_ok=True)
    os.mkfifo(c.p("in/bundle.tar.gz"))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "A FIFO named like an archive is not opened either (no hang).",
           exit=[0, 2], good=["in/good.log"], report_contains=["bundle.tar.gz"], max_seconds=10)


# ---- 130-139 --rules files ---------------------------------------------------

@case("130", "rules-malformed-yaml")
def _(c):
    c.write("rules/bad.yaml", "rules:\n  - id: broken\n    match: [\n      log: 'x'\n")
    c.good_log()
    c.meta(["analyze", "--rules", "rules", "good.log"],
           "A rules file with a YAML syntax error is an error with its path and line (exit 2).",
           exit=[2], stderr_contains=["bad.yaml"], good_survives=False, report="none")


@case("131", "rules-bad-regex")
def _(c):
    c.write("rules/bad-regex.yaml", "rules:\n" + rule_yaml("hostile-bad-regex", "(?P<x>[a-", "aaaa"))
    c.good_log()
    c.meta(["analyze", "--rules", "rules", "good.log"],
           "A rule whose regex does not compile is an error naming the file and the rule.",
           exit=[2], stderr_contains=["bad-regex.yaml", ["hostile-bad-regex", "regex", "re2", "pattern"]],
           good_survives=False, report="none")


@case("132", "rules-catastrophic-regex")
def _(c):
    c.write("rules/aaa.yaml", "rules:\n" + rule_yaml("hostile-aaa", "(a+)+$", "aaaa"))
    c.write("aaa.log", "a" * 200_000 + "!\n" + ("a" * 50 + "!\n") * 20_000 + "aaaa\n")
    c.good_log()
    c.meta(["analyze", "--rules", "rules", "aaa.log", "good.log"],
           "(a+)+$ against 200 KB of a's is linear under RE2: done in seconds, the rule fires.",
           exit=[0], good=["good.log"], report_contains=["hostile-aaa"], max_seconds=10)


@case("133", "rules-50mb-comment")
def _(c):
    os.makedirs(c.p("rules"), exist_ok=True)
    with open(c.p("rules/big.yaml"), "w") as f:
        f.write("# " + "c" * 1000 + "\n")
        line = "# " + "padding " * 125 + "\n"
        for _ in range(50 * 1024):
            f.write(line)
        f.write("rules:\n" + rule_yaml("hostile-big-file", "hostile marker [0-9]+", "hostile marker 1"))
    c.write("marker.log", "2024-05-01T10:00:00Z ERROR hostile marker 42\n")
    c.good_log()
    c.meta(["analyze", "--rules", "rules", "marker.log", "good.log"],
           "A 50 MB rules file (mostly comments) is loaded in bounded time and memory, or "
           "refused by a size limit with its name; never a hang. (Refused, it is a bad --rules "
           "like 130: exit 2 and no analysis.)",
           exit=[0, 2], good_survives=False, report="none", stderr_contains=["big.yaml"],
           max_rss_mb=512, max_seconds=30)


@case("134", "rules-50mb-many-rules")
def _(c):
    os.makedirs(c.p("rules"), exist_ok=True)
    with open(c.p("rules/many.yaml"), "w") as f:
        f.write("rules:\n")
        size, i = 0, 0
        while size < 50 * MiB:
            r = rule_yaml(f"hostile-r{i:06d}", f"hostile-{i:06d} (x+)+y [a-z]{{2,40}}", f"hostile-{i:06d} xy ab",
                          remediation="x" * 200)
            f.write(r)
            size += len(r)
            i += 1
    c.write("marker.log", "2024-05-01T10:00:00Z ERROR hostile-000007 xxxy abc\n")
    c.good_log()
    c.meta(["analyze", "--rules", "rules", "marker.log", "good.log"],
           "50 MB of rules (~60k regexes) is either compiled within bounds or refused by a "
           "limit with the file's name; never minutes of CPU or gigabytes of memory.",
           exit=[0, 2], good_survives=False, max_rss_mb=1024, max_seconds=30,
           report="none", stderr_contains=[])


@case("135", "rules-alias-bomb")
def _(c):
    rule = rule_yaml("hostile-bomb-rule", "hostile bomb", "hostile bomb").replace(
        "    title: A hostile-corpus test line\n", "    title: A hostile-corpus test line\n    tags: *i\n")
    c.write("rules/bomb.yaml", "anchors:\n" + alias_bomb(9, indent="  ") + "rules:\n" + rule)
    c.good_log()
    c.meta(["analyze", "--rules", "rules", "good.log"],
           "A rules file whose rule uses a billion-laughs alias is refused as an alias bomb "
           "with its name (and a bad top-level key is an error anyway).",
           exit=[2], stderr_contains=["bomb.yaml", W_ALIAS], good_survives=False, report="none",
           max_seconds=10)


@case("136", "rules-binary")
def _(c):
    c.write("rules/blob.yaml", random.Random(136).randbytes(64 * 1024))
    c.good_log()
    c.meta(["analyze", "--rules", "rules", "good.log"],
           "A binary rules file is an error naming it.",
           exit=[2], stderr_contains=["blob.yaml"], good_survives=False, report="none")


@case("137", "rules-duplicate-builtin-id")
def _(c):
    c.write("rules/dup.yaml", "rules:\n" + rule_yaml("oom-killed", "hostile dup", "hostile dup"))
    c.good_log()
    c.meta(["analyze", "--rules", "rules", "good.log"],
           "A custom rule reusing a built-in id is an error naming the id (README).",
           exit=[2], stderr_contains=["oom-killed"], good_survives=False, report="none")


@case("138", "rules-deep-nesting")
def _(c):
    c.write("rules/tower.yaml", "rules: " + "[" * DEPTH + "]" * DEPTH + "\n")
    c.good_log()
    c.meta(["analyze", "--rules", "rules", "good.log"],
           "A rules file nested 100k deep is an error naming it, not a stack overflow.",
           exit=[2], stderr_contains=["tower.yaml"], good_survives=False, report="none")


# ---- 140-149 big streams and big inputs ------------------------------------------

def big_log_chunks(total, ip):
    block = log_lines(4000, ip=ip, every=97).encode()
    written = 0
    while written < total:
        yield block
        written += len(block)


@case("140", "stdin-300mb-pipe")
def _(c):
    c.write_chunks("stream.log", big_log_chunks(300 * MiB, "10.0.1.40"))
    c.good_log()
    c.meta(["analyze", "-"],
           "300 MB of log through a pipe on stdin is scanned in batches (memory stays flat: "
           "README), and the findings counted.",
           stdin="stream.log", stdin_pipe=True, exit=[0], good_survives=False,
           report_contains=["connection-refused", "10.0.1.40"], max_rss_mb=400, max_seconds=120)


@case("141", "stdin-300mb-file")
def _(c):
    shared = os.path.join(os.path.dirname(c.dir), "140-stdin-300mb-pipe", "stream.log")
    if os.path.exists(shared):        # the same bytes as case 140: share them
        os.symlink("../140-stdin-300mb-pipe/stream.log", c.p("stream.log"))
    else:
        c.write_chunks("stream.log", big_log_chunks(300 * MiB, "10.0.1.40"))
    c.good_log()
    c.meta(["analyze", "-", "good.log"],
           "The same 300 MB as a file redirected on stdin, with a good file beside it.",
           stdin="stream.log", exit=[0], good=["good.log"],
           report_contains=["connection-refused", "10.0.1.40"], max_rss_mb=512, max_seconds=120)


@case("142", "json-list-20k-pods")
def _(c):
    with open(c.p("pods.json"), "w") as f:
        f.write('{"apiVersion":"v1","kind":"List","items":[\n')
        for i in range(20_000):
            rs = f"web{i % 500:03d}-5d8f9c7b6"
            p = pod_dict(f"{rs}-{i:05d}", namespace=f"ns{i % 20}", owner=rs, oom=(i % 4 == 0))
            f.write(("," if i else "") + json.dumps(p) + "\n")
        f.write("]}\n")
    c.good_log()
    c.meta(["analyze", "pods.json", "good.log"],
           "A List of 20,000 pods (~20 MB) is analysed in bounded time and memory.",
           exit=[0], good=["good.log"], summary_min={"objects.Pod": 20000},
           max_rss_mb=1024, max_seconds=60)


@case("143", "get-pods-100k-rows")
def _(c):
    statuses = ["Running", "Running", "Running", "CrashLoopBackOff", "OOMKilled", "ImagePullBackOff",
                "Pending", "Error", "Completed", "ContainerCreating"]
    with open(c.p("get-pods.txt"), "w") as f:
        f.write(f"{'NAME':<44} READY   {'STATUS':<18} RESTARTS         AGE\n")
        for i in range(100_000):
            st = statuses[i % len(statuses)]
            ready = "1/1" if st == "Running" else "0/1"
            restarts = "0               " if st == "Running" else f"{i % 30} ({i % 59}m ago)".ljust(16)
            f.write(f"{'svc%04d-7db49c4d49-%05d' % (i % 1000, i):<44} {ready}     {st:<18} {restarts} 42m\n")
    c.good_log()
    c.meta(["analyze", "get-pods.txt", "good.log"],
           "A `kubectl get pods` table of 100,000 rows (8 MB) is read in bounded time and memory.",
           exit=[0], good=["good.log"], summary_min={"objects.Pod": 100000},
           max_rss_mb=1024, max_seconds=60)


@case("144", "describe-200k-events")
def _(c):
    name = "events-flood-7db49c4d49-7cv5d"
    with open(c.p("describe-pod-flood.txt"), "w") as f:
        f.write(describe_pod(name, events=""))
        for i in range(200_000):
            f.write(f"  Warning  BackOff    {i % 59}s (x{i + 1} over 42m)   kubelet            "
                    f"Back-off restarting failed container app in pod {name}_hostile(54006e71-375c-511a-bae0-{i:012d})\n")
    c.good_log()
    c.meta(["analyze", "describe-pod-flood.txt", "good.log"],
           "A describe with 200,000 event lines (35 MB) is read in bounded time and memory and "
           "its pod's OOM finding reported.",
           exit=[0], good=["good.log"], good_objects=[name], max_rss_mb=1024, max_seconds=60)


@case("145", "yaml-stream-100k-docs")
def _(c):
    with open(c.p("stream.yaml"), "w") as f:
        for i in range(100_000):
            f.write(f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i:06d}\n  namespace: hostile\ndata:\n  k: v\n")
    c.good_pod()
    c.meta(["lint", "stream.yaml", "good-pod.yaml"],
           "100,000 YAML documents in one stream (8 MB) are linted in bounded time and memory.",
           exit=[0, 1], good=["good-pod.yaml"], inputs_ok=["stream.yaml"],
           max_rss_mb=1024, max_seconds=60)


@case("146", "huge-event-message")
def _(c):
    events = ("  Warning  Failed     1s                    kubelet            Error: " + "E" * (5 * MiB) + "\n")
    c.write("describe-pod-bigmsg.txt", describe_pod("bigmsg-7db49c4d49-7cv5d", events=events))
    c.good_log()
    c.meta(["analyze", "describe-pod-bigmsg.txt", "good.log"],
           "A 5 MB event message is read; the report quotes it cut, not whole.",
           exit=[0], good=["good.log"], good_objects=["bigmsg-7db49c4d49-7cv5d"],
           report_max_bytes=1 * MiB)


# ---- 150-159 secrets in inputs -------------------------------------------------

SECRETS = {
    "password_flag": "hunter2-Pw-150a",
    "password_kv": "Kv-s3cr3t-150b",
    "token_kv": "tok3n-150c-value",
    "github": "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
    "github_fine": "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456",
    "slack": "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "aws_id": "AKIAIOSFODNN7HOSTILE",
    "aws_secret": "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",
    "jwt": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJob3N0aWxlIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "bearer": "Zm9vYmFyLWhvc3RpbGUtYmVhcmVy",
    "url_pw": "Url-pa55-150d",
}


# Each secret on a line of its own signature, so that every line is quoted
# (a signature's finding quotes its first and last lines only); the marker
# words after each line prove the line was quoted.
SECRET_SIGNATURES = [
    ("ERROR dial tcp 10.0.0.150:5432: connect: connection refused", "10.0.0.150"),
    ("ERROR open /etc/app/config.yaml: no such file or directory", "/etc/app/config.yaml"),
    ("ERROR dial tcp: lookup db.hostile.svc on 10.96.0.10:53: no such host", "db.hostile.svc"),
    ("ERROR x509: certificate signed by unknown authority", "x509"),
    ("panic: runtime error: invalid memory address or nil pointer dereference", "nil pointer"),
    ('Exception in thread "main" java.lang.OutOfMemoryError: Java heap space', "Java heap space"),
    ("ERROR mkdir /data/cache: permission denied", "/data/cache"),
    ("ERROR dial tcp 10.0.0.151:6379: i/o timeout", "10.0.0.151"),
    ('FATAL: password authentication failed for user "app"', "FATAL"),
    ("Error: Cannot find module 'express'", "express"),
]
UNKNOWN_SIGNATURES = [(f"ERROR {w} stage rejected the batch", w) for w in
                      ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
                       "india", "juliet"]]


def secret_tails():
    s = SECRETS
    return [
        f"(started with --password {s['password_flag']})",
        f"password={s['password_kv']} user=app",
        f"token={s['token_kv']}",
        f"using GITHUB_TOKEN {s['github']}",
        f"fine-grained {s['github_fine']}",
        f"slack {s['slack']}",
        f"aws_access_key_id={s['aws_id']} aws_secret_access_key={s['aws_secret']}",
        f"jwt {s['jwt']}",
        f"Authorization: Bearer {s['bearer']}",
        f"url postgres://app:{s['url_pw']}@db:5432/app",
    ]


def secret_log_lines(signatures=SECRET_SIGNATURES):
    return "".join(f"2024-05-01T10:00:{i:02d}Z {sig} {tail}\n"
                   for i, ((sig, _), tail) in enumerate(zip(signatures, secret_tails())))


def markers(signatures=SECRET_SIGNATURES):
    return [m for _, m in signatures]


@case("150", "secrets-in-log-lines")
def _(c):
    c.write("app.log", secret_log_lines())
    c.good_log()
    c.meta(["analyze", "app.log", "good.log"],
           "Secrets in quoted log lines (password flags, tokens, ghp_/github_pat_, xoxb-, AKIA, "
           "JWT, bearer, URL passwords) never reach the JSON report or stderr.",
           exit=[0], good=["good.log"], report_contains=markers(),
           report_not_contains=list(SECRETS.values()), stderr_not_contains=list(SECRETS.values()))


@case("151", "secrets-in-unknown-errors")
def _(c):
    c.write("worker.log", secret_log_lines(UNKNOWN_SIGNATURES))
    c.good_log()
    c.meta(["analyze", "worker.log", "good.log"],
           "The same secrets on error lines no rule explains (the unknown_errors samples) are "
           "redacted too.",
           exit=[0], good=["good.log"], report_contains=markers(UNKNOWN_SIGNATURES),
           report_not_contains=list(SECRETS.values()))


@case("152", "secrets-in-text-report")
def _(c):
    c.write("app.log", secret_log_lines() + secret_log_lines(UNKNOWN_SIGNATURES))
    c.good_log()
    c.meta(["analyze", "app.log", "good.log"],
           "Redaction holds in the text report on stdout as well.",
           exit=[0], report="text", good=["good.log"],
           report_contains=markers() + markers(UNKNOWN_SIGNATURES),
           report_not_contains=list(SECRETS.values()))


@case("153", "secrets-in-sarif")
def _(c):
    c.write("app.log", secret_log_lines())
    c.good_log()
    c.meta(["analyze", "app.log", "good.log"],
           "Redaction holds in SARIF (code scanning uploads it).",
           exit=[0], report="sarif", good=["good.log"], report_contains=markers(),
           report_not_contains=list(SECRETS.values()))


@case("154", "secrets-in-describe-env")
def _(c):
    s = SECRETS
    env = (f"      DB_PASSWORD:                   {s['password_kv']}\n"
           f"      GITHUB_TOKEN:                  {s['github']}\n"
           f"      SLACK_BOT_TOKEN:               {s['slack']}\n"
           f"      AWS_ACCESS_KEY_ID:             {s['aws_id']}\n"
           f"      AWS_SECRET_ACCESS_KEY:         {s['aws_secret']}\n")
    events = DESCRIBE_EVENTS.format(name="secret-env-7db49c4d49-7cv5d", ns="hostile") + \
        f"  Warning  Failed     1s                    kubelet            Error: failed to start: token={s['token_kv']} --password {s['password_flag']}\n"
    c.write("describe-pod-secret.txt", describe_pod("secret-env-7db49c4d49-7cv5d", env=env, events=events))
    c.good_log()
    c.meta(["analyze", "describe-pod-secret.txt", "good.log"],
           "Secret values in a describe's Environment block and event messages never reach "
           "the report.",
           exit=[0], good=["good.log"], good_objects=["secret-env-7db49c4d49-7cv5d"],
           report_not_contains=list(SECRETS.values()))


@case("155", "secrets-in-manifest-lint")
def _(c):
    s = SECRETS
    c.write("deploy.yaml", f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: secret-env-deploy
  namespace: hostile
spec:
  selector:
    matchLabels: {{app: s}}
  template:
    metadata:
      labels: {{app: s}}
    spec:
      containers:
      - name: app
        image: registry.example.com/app:latest
        args: ["--password", "{s['password_flag']}", "--token={s['token_kv']}"]
        env:
        - name: DB_PASSWORD
          value: "{s['password_kv']}"
        - name: GITHUB_TOKEN
          value: {s['github']}
        - name: SLACK_TOKEN
          value: {s['slack']}
        - name: AWS_SECRET_ACCESS_KEY
          value: {s['aws_secret']}
        - name: JWT
          value: {s['jwt']}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: secret-cm
  namespace: hostile
data:
  password: "{s['url_pw']}"
  aws_key_id: {s['aws_id']}
""")
    c.good_pod()
    c.meta(["lint", "deploy.yaml", "good-pod.yaml"],
           "lint's secret-in-env-var / secret-in-configmap findings cite the field, never the "
           "secret value.",
           exit=[0, 1], good=["good-pod.yaml"], report_contains=["secret-env-deploy"],
           report_not_contains=list(SECRETS.values()))


@case("156", "secrets-in-file-name")
def _(c):
    os.makedirs(c.p("in"), exist_ok=True)
    c.write(f"in/{SECRETS['github']}.dat", random.Random(156).randbytes(1024))
    c.good_log("in/good.log")
    c.meta(["analyze", "in"],
           "Not a redaction case: a file name is shown as is (it is the user's own path); "
           "control that the binary input is named.",
           exit=[2], good=["in/good.log"], stderr_contains=[".dat"])


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("--only", help="generate only the cases whose name matches this regex")
    ap.add_argument("--list", action="store_true", help="list the case names and exit")
    a = ap.parse_args()
    names = [n for n, _ in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    assert len({n[:3] for n in names}) == len(names), "duplicate case numbers"
    if a.list:
        print("\n".join(names))
        return 0
    if not a.outdir:
        ap.error("OUTDIR is required")
    os.makedirs(a.outdir, exist_ok=True)
    made = 0
    for name, fn in CASES:
        if a.only and not re.search(a.only, name):
            continue
        c = C(a.outdir, name)
        res = fn(c)
        if isinstance(res, str) and res.startswith("skip"):
            shutil.rmtree(c.dir)
            print(f"make_hostile: {name}: {res}", file=sys.stderr)
            continue
        made += 1
    print(f"make_hostile: {made} case(s) in {a.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
