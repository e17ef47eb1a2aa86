#!/usr/bin/env python3
"""Writes samples/logs/: archived container logs of a shop's namespace, for `kubesift analyze samples/logs`.

A morning (2026-03-04, 09:00-12:00 UTC) of logs saved from nodes and from kubectl, in the shapes
people archive them:

  app/*.log                                    plain text (logfmt, zap JSON, Python logging, Java)
  kubectl/logs-<pod>-<container>.txt           `kubectl logs --timestamps` (RFC 3339, 9 digits)
  var/log/pods/<ns>_<pod>_<uid>/<c>/<n>.log    CRI files as the kubelet keeps them
  var/log/pods/.../<c>/0.log.<date>.gz         one rotated CRI file, gzip
  var/lib/docker/containers/<id>/<id>-json.log docker json-file

The failures, spread over files, among plenty of ordinary lines (requests, jobs, warnings
that are no failure, and a few errors no rule knows):

  signature                                              lines  files
  dial tcp 10.96.12.7:5432: connect: connection refused     26      6   (postgres down 10:02-10:09)
  lookup inventory.shop.svc.cluster.local ... no such host   9      3
  x509: certificate signed by unknown authority              7      2   (the payment gateway's new CA)
  panic: runtime error: ... nil pointer dereference          2      2   (with their goroutine traces)
  java.lang.OutOfMemoryError: Java heap space                3      2   (one of them in the .gz)

Deterministic: a fixed seed, fixed times, gzip without name or mtime. Run it again after
editing; the e2e test (tests/e2e/test_new_samples.cpp) holds the counts above, and a ctest
checks that it writes samples/logs byte for byte. Usage: make-logs.py [OUT_DIR]
"""
import datetime as dt
import gzip
import hashlib
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(HERE, "..", "..", "logs"))
T0 = dt.datetime(2026, 3, 4, 9, 0, 0, tzinfo=dt.timezone.utc)
rng = random.Random(20260304)

PG_REFUSED = "dial tcp 10.96.12.7:5432: connect: connection refused"
DNS_FAIL = "dial tcp: lookup inventory.shop.svc.cluster.local on 10.96.0.10:53: no such host"
TLS_FAIL = ('Post "https://api.paygate.example.net/v2/charges": tls: failed to verify certificate: '
            "x509: certificate signed by unknown authority")
JAVA_OOM = "java.lang.OutOfMemoryError: Java heap space"

expected = {}  # signature -> {file: lines}


def hit(sig, path, n=1):
    expected.setdefault(sig, {}).setdefault(path, 0)
    expected[sig][path] += n


def at(sec):
    return T0 + dt.timedelta(seconds=sec)


def uid(*parts):
    h = hashlib.sha256("/".join(parts).encode()).hexdigest()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32])


# --- message generators: (seconds, level, message) --------------------------------------------

PATHS = ["/api/v1/cart", "/api/v1/products", "/api/v1/products/%d", "/api/v1/orders", "/healthz", "/metrics",
         "/api/v1/checkout", "/api/v1/search?q=%s"]
WORDS = ["lamp", "desk", "chair", "mug", "shelf", "rug", "sofa", "clock", "vase", "frame"]


def http_noise(sec):
    p = rng.choice(PATHS)
    if "%d" in p:
        p = p % rng.randint(1000, 9999)
    elif "%s" in p:
        p = p % rng.choice(WORDS)
    status = rng.choice([200] * 14 + [201, 204, 304, 404])
    method = "POST" if p.endswith(("orders", "checkout", "cart")) and rng.random() < 0.5 else "GET"
    return "info", 'request method=%s path=%s status=%d duration_ms=%d bytes=%d' % (
        method, p, status, rng.randint(2, 180), rng.randint(120, 48000))


def job_noise(sec):
    return "info", rng.choice([
        "processed batch id=%d items=%d" % (rng.randint(10000, 99999), rng.randint(1, 250)),
        "cache refreshed entries=%d took_ms=%d" % (rng.randint(200, 5000), rng.randint(5, 90)),
        "leader lease renewed holder=%s" % rng.choice(["orders-0", "orders-1"]),
        "published event type=order.%s" % rng.choice(["created", "paid", "shipped"]),
        "gc pause_ms=%.1f heap_mb=%d" % (rng.uniform(0.2, 4.0), rng.randint(80, 400)),
    ])


def warn_noise(sec):
    return "warn", rng.choice([
        "slow request path=/api/v1/search duration_ms=%d threshold_ms=1000" % rng.randint(1000, 2400),
        "retrying publish attempt=2 reason=\"broker busy\"",
        "deprecated header X-Client-Version received",
    ])


def unknown_error(sec):
    return "error", rng.choice([
        "failed to reserve stock order_id=%d: reservation window closed" % rng.randint(100000, 999999),
        "webhook delivery failed endpoint=https://hooks.example.com/%d status=503" % rng.randint(1, 40),
    ])


def stream(n, start, end, errors=0):
    """n ordinary events between start and end seconds after T0, sorted."""
    out = []
    for _ in range(n):
        s = rng.uniform(start, end)
        r = rng.random()
        if r < 0.62:
            out.append((s,) + http_noise(s))
        elif r < 0.92:
            out.append((s,) + job_noise(s))
        else:
            out.append((s,) + warn_noise(s))
    for _ in range(errors):
        s = rng.uniform(start, end)
        out.append((s,) + unknown_error(s))
    return out


GO_TRACE = [
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x9a41c2]",
    "",
    "goroutine 214 [running]:",
    "shop/orders/internal/pricing.(*Engine).Quote(0x0, {0xc0003a2f00, 0x3, 0x4})",
    "\t/src/internal/pricing/engine.go:87 +0x42",
    "shop/orders/internal/api.(*Handler).checkout(0xc000192a80, {0xb7e2a0, 0xc0004c61c0}, 0xc0002f8d00)",
    "\t/src/internal/api/checkout.go:133 +0x1d5",
    "net/http.HandlerFunc.ServeHTTP(0xc0004e4a50, {0xb7e2a0, 0xc0004c61c0}, 0xc0002f8d00)",
    "\t/usr/local/go/src/net/http/server.go:2220 +0x29",
    "net/http.serverHandler.ServeHTTP({0xc00024e1e0}, {0xb7e2a0, 0xc0004c61c0}, 0xc0002f8d00)",
    "\t/usr/local/go/src/net/http/server.go:3210 +0x8e",
    "net/http.(*conn).serve(0xc0001b6000, {0xb7f0d8, 0xc000228150})",
    "\t/usr/local/go/src/net/http/server.go:2092 +0x5d0",
    "created by net/http.(*Server).Serve in goroutine 1",
    "\t/usr/local/go/src/net/http/server.go:3360 +0x485",
]

JAVA_TRACE = [
    "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
    "\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)",
    "\tat java.base/java.util.ArrayList.add(ArrayList.java:486)",
    "\tat com.example.shop.reports.SalesExport.collect(SalesExport.java:118)",
    "\tat com.example.shop.reports.SalesExport.run(SalesExport.java:64)",
    "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
]


# --- formatters: (seconds, level, message) -> lines -------------------------------------------

def fmt_logfmt(ev):
    s, lvl, msg = ev
    t = at(s).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return ['time=%s level=%s msg="%s"' % (t, lvl, msg.replace('"', "'"))]


def fmt_zap(ev):
    s, lvl, msg = ev
    return [json.dumps({"level": lvl, "ts": round(at(s).timestamp(), 3), "caller": "server/handler.go:%d" % (
        40 + int(s) % 90), "msg": msg}, separators=(",", ":"))]


def fmt_python(ev):
    s, lvl, msg = ev
    t = at(s).strftime("%Y-%m-%d %H:%M:%S,%f")[:-3]
    return ["%s %s [recommender] %s" % (t, {"info": "INFO", "warn": "WARNING", "error": "ERROR"}.get(lvl, "INFO"),
                                        msg)]


def fmt_java(ev):
    s, lvl, msg = ev
    t = at(s).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return ["%s %5s 1 --- [nio-8080-exec-%d] c.e.shop.reports.ReportController : %s" % (
        t, {"info": "INFO", "warn": "WARN", "error": "ERROR"}.get(lvl, "INFO"), 1 + int(s) % 9, msg)]


def plain(lines):
    return "\n".join(lines) + "\n"


def kubelet_ts(s):
    t = at(s)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%09dZ" % (t.microsecond * 1000 + rng.randint(0, 999))


# --- the files ---------------------------------------------------------------------------------
files = {}  # relative path -> bytes


def put(rel, text):
    files[rel] = text.encode()


class Special:
    """A failure line, or a block (a panic and its trace), at a time."""

    def __init__(self, s, lvl, msg, trace=None):
        self.s, self.lvl, self.msg, self.trace = s, lvl, msg, trace or []


def render(evs, fmt, shape):
    """evs: ordinary events and Specials; shape: plain | kubectl | cri | docker."""
    out = []
    for ev in sorted(evs, key=lambda e: e.s if isinstance(e, Special) else e[0]):
        if isinstance(ev, Special):
            # A Go panic is written by the runtime to stderr as it is, not by the app's logger.
            lines = ([ev.msg] if ev.lvl == "panic" else fmt((ev.s, ev.lvl, ev.msg))) + ev.trace
            s = ev.s
        else:
            lines = fmt(ev)
            s = ev[0]
        for line in lines:
            if shape == "plain":
                out.append(line)
            elif shape == "kubectl":
                out.append(kubelet_ts(s) + " " + line)
            elif shape == "cri":
                t = at(s)
                frac = ("%09d" % (t.microsecond * 1000 + rng.randint(0, 999))).rstrip("0") or "0"
                std = "stderr" if isinstance(ev, Special) or ev[1] in ("warn", "error") else "stdout"
                out.append("%s.%sZ %s F %s" % (t.strftime("%Y-%m-%dT%H:%M:%S"), frac, std, line))
            elif shape == "docker":
                t = at(s)
                std = "stderr" if isinstance(ev, Special) or ev[1] in ("warn", "error") else "stdout"
                out.append(json.dumps({"log": line + "\n", "stream": std,
                                       "time": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%09dZ" % (t.microsecond * 1000)},
                                      separators=(",", ":")))
    return plain(out)


def refused(path, times, fmt_msg="query failed: %s"):
    hit(PG_REFUSED, path, len(times))
    return [Special(s, "error", fmt_msg % PG_REFUSED) for s in times]


# 1. Plain app logs (logfmt) of the orders service, one per replica and hour.
POSTGRES_DOWN = (3720, 4140)  # 10:02-10:09
for rep in ("orders-6f7d9c-2xk4q", "orders-6f7d9c-9pl2m"):
    for hour in (9, 10, 11):
        rel = "app/%s-2026-03-04T%02d.log" % (rep, hour)
        start, end = (hour - 9) * 3600, (hour - 8) * 3600
        evs = stream(180, start, end, errors=2)
        if hour == 10:
            k = 5 if rep.endswith("2xk4q") else 4
            evs += refused(rel, [rng.uniform(*POSTGRES_DOWN) for _ in range(k)])
        put(rel, render(evs, fmt_logfmt, "plain"))

# 2. zap JSON of the cart service (plain files), with a nil-pointer panic in one of them.
for i, rep in enumerate(("cart-84b5f-7vq8n", "cart-84b5f-zz5tc", "cart-84b5f-c4m9x")):
    rel = "app/%s.json.log" % rep
    evs = stream(260, 0, 10800, errors=1)
    if i == 1:
        hit("panic", rel)
        evs.append(Special(7205.5, "panic", "panic: runtime error: invalid memory address or nil pointer dereference",
                           GO_TRACE))
    put(rel, render(evs, fmt_zap, "plain"))

# 3. Python recommender: DNS failures for the inventory service.
for i, rep in enumerate(("recommender-5c9b7-kq2wd", "recommender-5c9b7-w8d4s")):
    rel = "app/%s.log" % rep
    evs = stream(150, 0, 10800)
    n = 3 if i == 0 else 2
    hit(DNS_FAIL, rel, n)
    evs += [Special(rng.uniform(5400, 5700), "error", "inventory lookup failed: %s" % DNS_FAIL) for _ in range(n)]
    put(rel, render(evs, fmt_python, "plain"))

# 4. kubectl logs --timestamps of the checkout pods (zap JSON inside): TLS to the payment gateway,
#    and connection refused to postgres in one of them.
for i, pod in enumerate(("checkout-5d8f7b9c4-4hx2p", "checkout-5d8f7b9c4-n7r5k", "checkout-5d8f7b9c4-tq9wz")):
    rel = "kubectl/logs-%s-checkout.txt" % pod
    evs = stream(220, 0, 10800, errors=1)
    if i < 2:
        n = 4 if i == 0 else 3
        hit(TLS_FAIL, rel, n)
        evs += [Special(rng.uniform(9000, 9600), "error", "charge failed: %s" % TLS_FAIL) for _ in range(n)]
    if i == 2:
        evs += refused(rel, [rng.uniform(*POSTGRES_DOWN) for _ in range(6)], "reserve order: %s")
    put(rel, render(evs, fmt_zap, "kubectl"))

# 5. kubectl logs --timestamps of other pods: ordinary only.
for pod, c in (("frontend-7b9f6c5d8-bx7vw", "frontend"), ("frontend-7b9f6c5d8-m2lqz", "frontend"),
               ("search-0", "search"), ("search-1", "search")):
    rel = "kubectl/logs-%s-%s.txt" % (pod, c)
    put(rel, render(stream(200, 0, 10800), fmt_logfmt, "kubectl"))

# 6. CRI files from a node: /var/log/pods/<ns>_<pod>_<uid>/<container>/<restart>.log
NODE_PODS = [("shop", "orders-6f7d9c-2xk4q", "orders"), ("shop", "cart-84b5f-c4m9x", "cart"),
             ("shop", "reports-5f6d8-hx9tq", "reports"), ("shop", "inventory-77c4d-p5j2n", "inventory"),
             ("kube-system", "coredns-6f6b679f8f-7xk2q", "coredns"),
             ("kube-system", "kube-proxy-8tq4v", "kube-proxy")]
for ns, pod, c in NODE_PODS:
    d = "var/log/pods/%s_%s_%s/%s" % (ns, pod, uid(ns, pod), c)
    if c == "orders":
        rel = d + "/0.log"
        evs = stream(200, 0, 10800) + refused(rel, [rng.uniform(*POSTGRES_DOWN) for _ in range(5)])
        put(rel, render(evs, fmt_logfmt, "cri"))
    elif c == "cart":
        # restarted once: 0.log ends with the panic, 1.log is the new instance
        rel = d + "/0.log"
        hit("panic", rel)
        evs = stream(120, 0, 6100) + [Special(6100.2, "panic", "panic: runtime error: invalid memory address or nil "
                                                               "pointer dereference", GO_TRACE)]
        put(rel, render(evs, fmt_zap, "cri"))
        put(d + "/1.log", render(stream(140, 6105, 10800), fmt_zap, "cri"))
    elif c == "reports":
        # the rotated file (gzip) holds the first OOM; the current file the second
        rot = d + "/0.log.20260304-100000.gz"
        hit(JAVA_OOM, rot)
        evs = stream(160, 0, 3590) + [Special(3500.7, "error", "Exception in thread \"export-1\" " + JAVA_OOM,
                                              JAVA_TRACE)]
        files[rot] = gzip.compress(render(evs, fmt_java, "cri").encode(), compresslevel=9, mtime=0)
        rel = d + "/0.log"
        hit(JAVA_OOM, rel, 2)
        evs = stream(180, 3600, 10800) + [
            Special(8000.1, "error", "Exception in thread \"export-2\" " + JAVA_OOM, JAVA_TRACE),
            Special(8930.4, "error", "Exception in thread \"export-3\" " + JAVA_OOM, JAVA_TRACE)]
        put(rel, render(evs, fmt_java, "cri"))
    elif c == "inventory":
        rel = d + "/0.log"
        evs = stream(200, 0, 10800) + refused(rel, [rng.uniform(*POSTGRES_DOWN) for _ in range(3)],
                                              "stock sync: %s")
        hit(DNS_FAIL, rel, 4)
        evs += [Special(rng.uniform(5400, 5700), "error", "peer check: %s" % DNS_FAIL) for _ in range(4)]
        put(rel, render(evs, fmt_logfmt, "cri"))
    else:
        put(d + "/0.log", render(stream(120, 0, 10800), fmt_logfmt, "cri"))

# 7. docker json-file (an older node): the payments service, TLS-free, and billing with
#    connection refused.
for name, fmt, extra in (("payments", fmt_zap, None), ("billing", fmt_logfmt, "refused"),
                         ("mailer", fmt_python, None), ("imgproxy", fmt_logfmt, None)):
    cid = hashlib.sha256(("docker/" + name).encode()).hexdigest()
    rel = "var/lib/docker/containers/%s/%s-json.log" % (cid, cid)
    evs = stream(200, 0, 10800, errors=1)
    if extra == "refused":
        evs += refused(rel, [rng.uniform(*POSTGRES_DOWN) for _ in range(3)], "invoice sync: %s")
    put(rel, render(evs, fmt, "docker"))

# 8. A few small plain logs: a batch job that succeeded, an nginx access log.
put("app/db-migrate-29540160-x7k2d.log", plain([
    "2026-03-04T09:00:02Z applying migration 0141_add_order_index.sql",
    "2026-03-04T09:00:03Z migration 0141 applied in 812ms",
    "2026-03-04T09:00:03Z schema is up to date (version 141)"]))
ng = []
for _ in range(400):
    s = rng.uniform(0, 10800)
    p = rng.choice(PATHS)
    p = p % rng.randint(1000, 9999) if "%d" in p else (p % rng.choice(WORDS) if "%s" in p else p)
    ng.append((s, '10.244.%d.%d - - [%s] "GET %s HTTP/1.1" %d %d "-" "Mozilla/5.0"' % (
        rng.randint(1, 3), rng.randint(2, 250), at(s).strftime("%d/%b/%Y:%H:%M:%S +0000"), p,
        rng.choice([200] * 9 + [304, 404]), rng.randint(200, 30000))))
put("app/ingress-nginx-access.log", plain([line for _, line in sorted(ng)]))

# --- write -------------------------------------------------------------------------------------
if os.path.isdir(OUT):
    shutil.rmtree(OUT)
for rel, data in sorted(files.items()):
    p = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)
total = sum(len(v) for v in files.values())
print("wrote %s: %d files, %d bytes" % (OUT, len(files), total))
for sig, per in expected.items():
    print("  %-60s lines %3d files %d" % (sig[:60], sum(per.values()), len(per)))
