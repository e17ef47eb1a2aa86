#!/usr/bin/env python3
"""Writes the billing-oom scenario (cluster/*.json, logs/*, scenario.json) next to this file.

The incident, as a support bundle saved on 2026-11-30 at 08:14:05 UTC would show it:

  * invoice-worker (namespace billing, Deployment, strategy Recreate) was rolled out to 2.8.0
    26 minutes ago with INVOICE_BATCH_SIZE raised from 500 to 5000. Both new pods load a whole
    batch into memory and are OOMKilled (exit 137, limit 256Mi) a minute after each start;
    they are in CrashLoopBackOff and the rollout is past its progress deadline
    (ProgressDeadlineExceeded). This is the cause to find first.
  * distractors: pdf-archiver's pod is Pending on claim pdf-archive-scratch, which names a
    StorageClass that does not exist (a real problem, but one pod of a batch archiver);
    invoice-api logged two refused connections to redis during a redis restart three hours
    ago and has been Running and Ready since; postgres-0, redis and coredns are healthy.

Objects are built with the post-mortem cases' builders (tests/data/postmortem/k8s.py): UIDs,
hashes and names are derived from the objects' identities, so a re-run writes the same bytes.
Then make-bundle.sh renders them through the real kubectl into the support bundle.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tests", "data", "postmortem"))
import datetime as dt  # noqa: E402

import k8s  # noqa: E402

k8s.NOW = dt.datetime(2026, 11, 30, 8, 14, 5, tzinfo=dt.timezone.utc)
k8s.NOW_TEXT = "2026-11-30T08:14:05Z"
from k8s import (backoff_event, container, crashloop_message, deployment, event, http_probe,  # noqa: E402
                 kubelet_start_events, lease, meta, node, pod, pod_template, replicaset, scheduled, sched_event,
                 service, statefulset, status_running, status_waiting, suffix, terminated, ts, uid)

CASE = "billing-oom"
NS = "billing"
KS = "kube-system"
VERSION = "v1.31.4"
NOW = k8s.NOW


def clock(ago, ms=0):
    """Log time `ago` seconds before now, with milliseconds."""
    t = NOW - dt.timedelta(seconds=ago)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ms


NODES = [node(CASE, "node-1", "10.20.0.11", "10.244.1.0/24", version=VERSION, created=9000000),
         node(CASE, "node-2", "10.20.0.12", "10.244.2.0/24", version=VERSION, created=9000000)]
NODE_IP = {"node-1": "10.20.0.11", "node-2": "10.20.0.12"}


def pod_ip(node_name, k):
    return "10.244.%d.%d" % (1 if node_name == "node-1" else 2, k)


def rs_name(ns, name, rev):
    return name + "-" + suffix(10, CASE, "hash", ns, name, rev)


def make_workload(ns, name, image, placement, created, *, replicas, ready, status_fns, resources, ports=None,
                  env=None, probes=None, volumes=None, mounts=None, strategy=None, progress=None, available=None,
                  revision="1", pod_created=None, labels=None, ipbase=10, args=None):
    labels = labels or {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "billing"}
    sel = {"app.kubernetes.io/name": name}
    tmpl_c = container(name, image, ports=ports, env=env, resources=resources, probes=probes, mounts=mounts,
                       args=args)
    d = deployment(CASE, ns, name, sel, pod_template(labels, [tmpl_c], volumes=volumes), replicas, ready, created,
                   progress=progress, available=available, strategy=strategy, revision=revision,
                   extra_labels=labels)
    h = suffix(10, CASE, "hash", ns, name, revision)
    rs = replicaset(CASE, d, h, replicas, ready, pod_created or created, revision=revision)
    pods = []
    for i in range(replicas):
        pname = rs["metadata"]["name"] + "-" + suffix(5, CASE, "pod", rs["metadata"]["name"], str(i))
        node_name = placement[i % len(placement)] if placement else None
        c = container(name, image, ports=ports, env=env, resources=resources, probes=probes,
                      mounts=[dict(m) for m in (mounts or [])], args=args)
        stub = {"name": pname, "uid": uid(CASE, "Pod", ns, pname)}
        fn = status_fns[i] if status_fns else None
        p = pod(CASE, ns, pname, rs, dict(labels, **{"pod-template-hash": h}), [c],
                [(lambda cc, fn=fn, stub=stub: fn(cc, stub))] if fn else None, node=node_name,
                node_ip=NODE_IP.get(node_name), pod_ip=pod_ip(node_name, ipbase + i) if node_name else None,
                created=pod_created or created, volumes=[dict(v) for v in (volumes or [])], version=VERSION,
                sched_msg=None if node_name else "0/2 nodes are available")
        pods.append(p)
    return d, rs, pods


def stub_pod(name, ns, uid_):
    return {"metadata": {"name": name, "namespace": ns, "uid": uid_}}


# --- invoice-worker: the incident -----------------------------------------------------------------
WORKER_IMAGE = "registry.example.com/billing/invoice-worker:2.8.0"
ROLLOUT_AGO = 1560          # the 2.8.0 rollout
WORKER_RES = {"limits": {"cpu": "1", "memory": "256Mi"}, "requests": {"cpu": "200m", "memory": "256Mi"}}
WORKER_ENV = [{"name": "INVOICE_QUEUE", "value": "invoices.pending"},
              {"name": "INVOICE_BATCH_SIZE", "value": "5000"},
              {"name": "DATABASE_HOST", "value": "postgres.billing.svc.cluster.local"},
              {"name": "GOMEMLIMIT", "value": "240MiB"}]
# (restarts, last OOM kill: started, finished ago) per pod
WORKER_STATE = [(7, 171, 112), (6, 268, 207)]


def worker_status(i):
    restarts, started, finished = WORKER_STATE[i]

    def fn(c, s):
        last = terminated("OOMKilled", 137, started, finished, s["name"] + "/last")
        return status_waiting(c, s["name"], "CrashLoopBackOff",
                              crashloop_message(stub_pod(s["name"], NS, s["uid"]), c, "5m0s"), restarts=restarts,
                              last=last, version=VERSION)
    return fn


worker_d, worker_rs, worker_pods = make_workload(
    NS, "invoice-worker", WORKER_IMAGE, ["node-1", "node-2"], 7776000, replicas=2, ready=0,
    status_fns=[worker_status(0), worker_status(1)], resources=WORKER_RES, env=WORKER_ENV,
    ports=[{"name": "metrics", "containerPort": 9102, "protocol": "TCP"}],
    probes={"livenessProbe": http_probe("/healthz", "metrics", delay=5, period=20)},
    strategy={"type": "Recreate"}, revision="7", pod_created=ROLLOUT_AGO, ipbase=20,
    available=("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.",
               ROLLOUT_AGO + 2, ROLLOUT_AGO + 2),
    progress=("False", "ProgressDeadlineExceeded",
              'ReplicaSet "%s" has timed out progressing.' % rs_name(NS, "invoice-worker", "7"), 960, 960))
worker_d["metadata"]["generation"] = 7
worker_d["status"]["observedGeneration"] = 7
worker_d["metadata"]["annotations"]["kubernetes.io/change-cause"] = "release 2.8.0: INVOICE_BATCH_SIZE 500 -> 5000"
# The previous ReplicaSet (2.7.3), scaled to zero by the Recreate rollout.
old_d = json.loads(json.dumps(worker_d))
old_c = old_d["spec"]["template"]["spec"]["containers"][0]
old_c["image"] = "registry.example.com/billing/invoice-worker:2.7.3"
old_c["env"][1]["value"] = "500"
old_rs = replicaset(CASE, old_d, suffix(10, CASE, "hash", NS, "invoice-worker", "6"), 0, 0, 2592000, revision="6")
old_rs["metadata"]["ownerReferences"][0]["uid"] = worker_d["metadata"]["uid"]
old_rs["status"] = {"replicas": 0, "observedGeneration": 3}
old_rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = "6"


def worker_log(pod_name, node_name, start_ago, kill_ago, seed):
    """The log of one instance of invoice-worker: slog JSON lines, cut off by the OOM kill."""
    lines = []

    def log(ago, ms, level, msg, **kv):
        rec = {"time": clock(ago, ms), "level": level, "msg": msg}
        rec.update(kv)
        lines.append(json.dumps(rec, separators=(",", ":")))
    log(start_ago, 112, "INFO", "starting invoice-worker", version="2.8.0", commit="4f1c9e2", go="go1.23.4")
    log(start_ago, 118, "INFO", "config loaded", queue="invoices.pending", batch_size=5000, prefetch=5000,
        gomemlimit="240MiB")
    log(start_ago - 1, 402, "INFO", "connected to postgres", host="postgres.billing.svc.cluster.local", pool=10)
    log(start_ago - 1, 517, "INFO", "connected to queue", broker="redis.billing.svc.cluster.local:6379",
        consumer=pod_name)
    log(start_ago - 1, 530, "INFO", "metrics listening", addr=":9102")
    span = start_ago - kill_ago
    loaded = 0
    for k in range(1, 9):
        loaded = 600 * k
        heap = 38 + 27 * k
        at = start_ago - 2 - (span - 4) * k // 9
        ms = (k * 97 + seed) % 800
        log(at, ms, "INFO", "loading batch", batch=1184 + seed % 7, loaded=min(loaded, 5000),
            of=5000, heap_mb=heap)
        if heap > 200:
            log(at, ms + 150 + k, "WARN", "heap close to GOMEMLIMIT, GC running continuously",
                heap_mb=heap, gomemlimit_mb=240, gc_cpu_fraction=round(0.31 + 0.07 * k, 2))
    return "\n".join(lines) + "\n"


logs = {}
for i, p in enumerate(worker_pods):
    restarts, started, finished = WORKER_STATE[i]
    name = p["metadata"]["name"]
    nn = p["spec"]["nodeName"]
    logs["%s.invoice-worker.previous.log" % name] = worker_log(name, nn, started, finished, i * 11)
    # kubectl logs of a container waiting in CrashLoopBackOff reads the instance that died.
    logs["%s.invoice-worker.log" % name] = worker_log(name, nn, started, finished, i * 11)

# --- invoice-api: healthy; two refused connections to redis three hours ago -------------------------
API_IMAGE = "registry.example.com/billing/invoice-api:3.14.2"
API_RES = {"limits": {"cpu": "500m", "memory": "512Mi"}, "requests": {"cpu": "100m", "memory": "256Mi"}}
API_PROBES = {"readinessProbe": http_probe("/ready", "http", delay=3), "livenessProbe": http_probe("/live", "http",
                                                                                               delay=10, period=20)}
api_d, api_rs, api_pods = make_workload(
    NS, "invoice-api", API_IMAGE, ["node-1", "node-2"], 7776000, replicas=2, ready=2,
    status_fns=[lambda c, s: status_running(c, s["name"], 86300, version=VERSION)] * 2, resources=API_RES,
    ports=[{"name": "http", "containerPort": 8080, "protocol": "TCP"}], probes=API_PROBES,
    env=[{"name": "REDIS_ADDR", "value": "redis.billing.svc.cluster.local:6379"}], revision="12", pod_created=86400,
    available=("True", "MinimumReplicasAvailable", "Deployment has minimum availability.", 86380, 86380),
    progress=("True", "NewReplicaSetAvailable",
              'ReplicaSet "%s" has successfully progressed.' % rs_name(NS, "invoice-api", "12"), 86380, 86390),
    ipbase=30)


def api_log(pod_name, seed):
    out = []
    start = 86299
    out.append('time=%s level=INFO msg="invoice-api listening" addr=:8080 version=3.14.2' % clock(start, 211))
    out.append('time=%s level=INFO msg="connected to redis" addr=redis.billing.svc.cluster.local:6379'
               % clock(start, 260))
    for k in range(24):
        ago = start - 600 - k * 3400
        if ago < 60:
            break
        out.append('time=%s level=INFO msg="request" method=GET path=/v1/invoices status=200 duration_ms=%d'
                   % (clock(ago, (k * 37 + seed) % 1000), 12 + (k * 7 + seed) % 30))
        out.append('time=%s level=INFO msg="request" method=POST path=/v1/invoices status=202 duration_ms=%d'
                   % (clock(ago - 9, (k * 53 + seed) % 1000), 31 + (k * 11 + seed) % 40))
        if k == 22:  # redis restarted ~3 h ago; the client reconnects
            out.append('time=%s level=WARN msg="redis unavailable, retrying" err="dial tcp 10.96.71.30:6379: '
                       'connect: connection refused" attempt=1' % clock(ago - 20, 5 + seed))
            out.append('time=%s level=WARN msg="redis unavailable, retrying" err="dial tcp 10.96.71.30:6379: '
                       'connect: connection refused" attempt=2' % clock(ago - 21, 6 + seed))
            out.append('time=%s level=INFO msg="connected to redis" addr=redis.billing.svc.cluster.local:6379'
                       % clock(ago - 24, 9 + seed))
    return "\n".join(out) + "\n"


for i, p in enumerate(api_pods):
    logs["%s.invoice-api.log" % p["metadata"]["name"]] = api_log(p["metadata"]["name"], i * 5)

# --- pdf-archiver: Pending on a claim whose StorageClass does not exist --------------------------
ARCH_AGO = 2460
claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
         "metadata": meta(CASE, "PersistentVolumeClaim", "pdf-archive-scratch", ns=NS, created=ARCH_AGO + 1,
                          labels={"app.kubernetes.io/name": "pdf-archiver"},
                          finalizers=["kubernetes.io/pvc-protection"]),
         "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}},
                  "storageClassName": "nfs-archive", "volumeMode": "Filesystem"},
         "status": {"phase": "Pending"}}
arch_d, arch_rs, arch_pods = make_workload(
    NS, "pdf-archiver", "registry.example.com/billing/pdf-archiver:1.4.0", None, ARCH_AGO + 1, replicas=1, ready=0,
    status_fns=None, resources={"limits": {"memory": "512Mi"}, "requests": {"cpu": "100m", "memory": "512Mi"}},
    volumes=[{"name": "scratch", "persistentVolumeClaim": {"claimName": "pdf-archive-scratch"}}],
    mounts=[{"name": "scratch", "mountPath": "/scratch"}], pod_created=ARCH_AGO, ipbase=40,
    available=("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.",
               ARCH_AGO + 1, ARCH_AGO + 1),
    progress=("True", "ReplicaSetUpdated", 'ReplicaSet "%s" is progressing.' % rs_name(NS, "pdf-archiver", "1"),
              ARCH_AGO, ARCH_AGO))
arch_pod = arch_pods[0]
ARCH_SCHED = ("0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes "
              "are available: 2 Preemption is not helpful for scheduling.")
arch_pod["status"]["conditions"][0]["message"] = ARCH_SCHED

# --- postgres (StatefulSet) and redis: healthy ---------------------------------------------------
pg_labels = {"app.kubernetes.io/name": "postgres", "app.kubernetes.io/part-of": "billing"}
pg_res = {"limits": {"memory": "2Gi"}, "requests": {"cpu": "500m", "memory": "2Gi"}}
pg_ports = [{"name": "postgres", "containerPort": 5432, "protocol": "TCP"}]
pg_probe = {"readinessProbe": {"exec": {"command": ["pg_isready", "-U", "billing"]}, "initialDelaySeconds": 5,
                               "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
                               "failureThreshold": 3}}
pg_mounts = [{"name": "data", "mountPath": "/var/lib/postgresql/data"}]
pg_c = container("postgres", "docker.io/library/postgres:16.6", ports=pg_ports, resources=pg_res, probes=pg_probe,
                 mounts=pg_mounts, env=[{"name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata"}])
pg_claim_tmpl = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                 "metadata": {"name": "data", "creationTimestamp": None},
                 "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "50Gi"}},
                          "storageClassName": "standard", "volumeMode": "Filesystem"},
                 "status": {"phase": "Pending"}}
pg_rev = "postgres-" + suffix(10, CASE, "pg-rev")
pg_sts = statefulset(CASE, NS, "postgres", pg_labels, pod_template(pg_labels, [json.loads(json.dumps(pg_c))]), 1, 1,
                     7776000, "postgres", claims=[pg_claim_tmpl], rev=pg_rev)
pg_vol = [{"name": "data", "persistentVolumeClaim": {"claimName": "data-postgres-0"}}]
pg_pod = pod(CASE, NS, "postgres-0", pg_sts, dict(pg_labels, **{"apps.kubernetes.io/pod-index": "0",
                                                             "controller-revision-hash": pg_rev,
                                                             "statefulset.kubernetes.io/pod-name": "postgres-0"}),
             [json.loads(json.dumps(pg_c))], [lambda c: status_running(c, "postgres-0", 2591990, version=VERSION)],
             node="node-2", node_ip=NODE_IP["node-2"], pod_ip=pod_ip("node-2", 50), created=2592000,
             volumes=pg_vol, version=VERSION, generate_name="postgres-")
pg_pod["spec"]["hostname"] = "postgres-0"
pg_pod["spec"]["subdomain"] = "postgres"
pv_name = "pvc-" + uid(CASE, "pv", "data-postgres-0")
pg_claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": meta(CASE, "PersistentVolumeClaim", "data-postgres-0", ns=NS, created=7776000,
                             labels={"app.kubernetes.io/name": "postgres"}, annotations={
                                 "pv.kubernetes.io/bind-completed": "yes",
                                 "pv.kubernetes.io/bound-by-controller": "yes",
                                 "volume.beta.kubernetes.io/storage-provisioner": "rancher.io/local-path",
                                 "volume.kubernetes.io/selected-node": "node-2",
                                 "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path"},
                             finalizers=["kubernetes.io/pvc-protection"]),
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "50Gi"}},
                     "storageClassName": "standard", "volumeName": pv_name, "volumeMode": "Filesystem"},
            "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "50Gi"}}}
pg_pv = {"apiVersion": "v1", "kind": "PersistentVolume",
         "metadata": meta(CASE, "PersistentVolume", pv_name, created=7775996,
                          annotations={"local.path.provisioner/selected-node": "node-2",
                                       "pv.kubernetes.io/provisioned-by": "rancher.io/local-path"},
                          finalizers=["kubernetes.io/pv-protection"]),
         "spec": {"capacity": {"storage": "50Gi"},
                  "hostPath": {"path": "/opt/local-path-provisioner/%s_billing_data-postgres-0" % pv_name,
                               "type": "DirectoryOrCreate"},
                  "accessModes": ["ReadWriteOnce"],
                  "claimRef": {"kind": "PersistentVolumeClaim", "namespace": NS, "name": "data-postgres-0",
                               "uid": pg_claim["metadata"]["uid"], "apiVersion": "v1", "resourceVersion": "1000"},
                  "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "standard",
                  "volumeMode": "Filesystem",
                  "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                      {"key": "kubernetes.io/hostname", "operator": "In", "values": ["node-2"]}]}]}}},
         "status": {"phase": "Bound"}}
sc = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
      "metadata": meta(CASE, "StorageClass", "standard", created=9000000,
                       annotations={"storageclass.kubernetes.io/is-default-class": "true"}),
      "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"}
logs["postgres-0.postgres.log"] = "".join(
    "%s UTC [%d] LOG:  checkpoint %s\n" % ((NOW - dt.timedelta(seconds=ago)).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
                                          27, what)
    for ago, what in [(3310, "starting: time"), (3280, "complete: wrote 412 buffers (2.5%); 0 WAL file(s) added, "
                                                        "0 removed, 1 recycled; write=29.871 s, sync=0.004 s, "
                                                        "total=29.902 s"),
                      (1510, "starting: time"), (1481, "complete: wrote 97 buffers (0.6%); 0 WAL file(s) added, "
                                                       "0 removed, 0 recycled; write=9.702 s, sync=0.003 s, "
                                                       "total=9.731 s")])

redis_d, redis_rs, redis_pods = make_workload(
    NS, "redis", "docker.io/library/redis:7.4.1", ["node-1"], 7776000, replicas=1, ready=1,
    status_fns=[lambda c, s: status_running(c, s["name"], 10877, version=VERSION)],
    resources={"limits": {"memory": "256Mi"}, "requests": {"cpu": "50m", "memory": "128Mi"}},
    ports=[{"name": "redis", "containerPort": 6379, "protocol": "TCP"}],
    probes={"readinessProbe": {"tcpSocket": {"port": "redis"}, "initialDelaySeconds": 2, "timeoutSeconds": 1,
                               "periodSeconds": 5, "successThreshold": 1, "failureThreshold": 3}},
    revision="2", pod_created=10895, ipbase=60,
    available=("True", "MinimumReplicasAvailable", "Deployment has minimum availability.", 10868, 10868),
    progress=("True", "NewReplicaSetAvailable",
              'ReplicaSet "%s" has successfully progressed.' % rs_name(NS, "redis", "2"), 10868, 10873))
rp = redis_pods[0]["metadata"]["name"]
logs["%s.redis.log" % rp] = "".join(
    "1:%s %s %s\n" % (c, (NOW - dt.timedelta(seconds=10877)).strftime("%d %b %Y %H:%M:%S.") + "%03d" % ms, m)
    for c, ms, m in [("C", 112, "# oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
                     ("C", 112, "# Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started"),
                     ("M", 114, "* monotonic clock: POSIX clock_gettime"),
                     ("M", 115, "* Running mode=standalone, port=6379."),
                     ("M", 116, "* Server initialized"),
                     ("M", 118, "* Ready to accept connections tcp")])

# --- kube-system: coredns (healthy) --------------------------------------------------------------
dns_labels = {"k8s-app": "kube-dns"}
dns_res = {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}}
dns_ports = [{"name": "dns", "containerPort": 53, "protocol": "UDP"},
             {"name": "dns-tcp", "containerPort": 53, "protocol": "TCP"},
             {"name": "metrics", "containerPort": 9153, "protocol": "TCP"}]
dns_probes = {"livenessProbe": http_probe("/health", 8080, delay=60, period=10, timeout=5, failure=5),
              "readinessProbe": http_probe("/ready", 8181, period=10)}
dns_d, dns_rs, dns_pods = make_workload(
    KS, "coredns", "registry.k8s.io/coredns/coredns:v1.11.3", ["node-1", "node-2"], 9000000, replicas=2, ready=2,
    status_fns=[lambda c, s: status_running(c, s["name"], 8999990, version=VERSION)] * 2, resources=dns_res,
    ports=dns_ports, probes=dns_probes, args=["-conf", "/etc/coredns/Corefile"], labels=dns_labels,
    available=("True", "MinimumReplicasAvailable", "Deployment has minimum availability.", 8999980, 8999980),
    progress=("True", "NewReplicaSetAvailable",
              'ReplicaSet "%s" has successfully progressed.' % rs_name(KS, "coredns", "1"), 8999980, 8999990),
    ipbase=2)

# --- services ------------------------------------------------------------------------------------
services = [
    service(CASE, NS, "invoice-api", {"app.kubernetes.io/name": "invoice-api"}, {"app.kubernetes.io/name": "invoice-api"},
            "10.96.71.10", [{"name": "http", "protocol": "TCP", "port": 80, "targetPort": "http"}], 7776000),
    service(CASE, NS, "redis", {"app.kubernetes.io/name": "redis"}, {"app.kubernetes.io/name": "redis"},
            "10.96.71.30", [{"name": "redis", "protocol": "TCP", "port": 6379, "targetPort": "redis"}], 7776000),
    service(CASE, NS, "postgres", pg_labels, {"app.kubernetes.io/name": "postgres"}, "10.96.71.20",
            [{"name": "postgres", "protocol": "TCP", "port": 5432, "targetPort": "postgres"}], 7776000),
    service(CASE, KS, "kube-dns", {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true"}, dns_labels,
            "10.96.0.10", [{"name": "dns", "protocol": "UDP", "port": 53, "targetPort": 53},
                           {"name": "dns-tcp", "protocol": "TCP", "port": 53, "targetPort": 53},
                           {"name": "metrics", "protocol": "TCP", "port": 9153, "targetPort": 9153}], 9000000),
]

namespaces = [{"apiVersion": "v1", "kind": "Namespace",
               "metadata": dict(meta(CASE, "Namespace", n, created=c), labels={"kubernetes.io/metadata.name": n}),
               "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
              for n, c in (("billing", 7776500), ("default", 9000000), ("kube-node-lease", 9000000),
                           ("kube-public", 9000000), ("kube-system", 9000000))]

# --- events --------------------------------------------------------------------------------------
events = [
    event(CASE, worker_d, "ScalingReplicaSet", "Scaled down replica set %s from 2 to 0" % old_rs["metadata"]["name"],
          component="deployment-controller", first=ROLLOUT_AGO + 31),
    event(CASE, worker_d, "ScalingReplicaSet", "Scaled up replica set %s from 0 to 2" % worker_rs["metadata"]["name"],
          component="deployment-controller", first=ROLLOUT_AGO + 1),
]
for i, p in enumerate(worker_pods):
    c = p["spec"]["containers"][0]
    restarts, started, finished = WORKER_STATE[i]
    events.append(event(CASE, worker_rs, "SuccessfulCreate", "Created pod: " + p["metadata"]["name"],
                        component="replicaset-controller", first=ROLLOUT_AGO))
    events.append(scheduled(CASE, p, ROLLOUT_AGO))
    events += kubelet_start_events(CASE, p, c, ROLLOUT_AGO - 2, last=started, count=restarts + 1, version=VERSION)
    events.append(backoff_event(CASE, p, c, ROLLOUT_AGO - 250, finished - 5, 19 + 3 * (1 - i)))
events += [
    event(CASE, claim, "ProvisioningFailed", 'storageclass.storage.k8s.io "nfs-archive" not found', "Warning",
          component="persistentvolume-controller", first=ARCH_AGO, last=4, count=163),
    event(CASE, arch_d, "ScalingReplicaSet", "Scaled up replica set %s from 0 to 1" % arch_rs["metadata"]["name"],
          component="deployment-controller", first=ARCH_AGO + 1),
    event(CASE, arch_rs, "SuccessfulCreate", "Created pod: " + arch_pod["metadata"]["name"],
          component="replicaset-controller", first=ARCH_AGO),
    sched_event(CASE, arch_pod, "FailedScheduling", ARCH_SCHED, ARCH_AGO, "Warning", series=(9, 139)),
]

# --- output --------------------------------------------------------------------------------------


def dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def lst(items):
    return {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}


for sub in ("cluster", "logs"):
    d = os.path.join(HERE, sub)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
dump(os.path.join(HERE, "scenario.json"),
     {"id": CASE, "title": "billing: invoice-worker 2.8.0 is OOMKilled in a loop and its rollout is stuck; "
                           "pdf-archiver waits on a claim with a missing StorageClass",
      "namespace": NS, "now": k8s.NOW_TEXT, "serverVersion": VERSION, "describeNodes": ["node-1", "node-2"],
      "clusterCreated": ts(9000600)})
lists = {
    "namespaces.json": namespaces,
    "nodes.json": NODES,
    "leases.json": [lease(CASE, n) for n in NODES],
    "deployments.json": [worker_d, api_d, arch_d, redis_d, dns_d],
    "replicasets.json": [old_rs, worker_rs, api_rs, arch_rs, redis_rs, dns_rs],
    "statefulsets.json": [pg_sts],
    "pods.json": worker_pods + api_pods + arch_pods + [pg_pod] + redis_pods + dns_pods,
    "services.json": services,
    "persistentvolumeclaims.json": [claim, pg_claim],
    "persistentvolumes.json": [pg_pv],
    "storageclasses.json": [sc],
    "events.json": events,
}
for fname, items in lists.items():
    dump(os.path.join(HERE, "cluster", fname), lst(items))
for fname, text in sorted(logs.items()):
    with open(os.path.join(HERE, "logs", fname), "w") as f:
        f.write(text)
print("wrote %s: %d objects, %d logs" % (HERE, sum(len(v) for v in lists.values()), len(logs)))
