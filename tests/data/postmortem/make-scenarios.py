#!/usr/bin/env python3
"""Writes the post-mortem cases' kubectl-render scenarios: tests/data/postmortem/<case>/scenario/.

Each case is a cluster as it was saved during (or after) an incident. The objects are the
ones a cluster keeps (owner references with UIDs, events with involvedObject.uid, the
messages the kubelet, the scheduler and the controllers print); all times are relative to
the scenario's "now". Render each one through the real kubectl afterwards (README.md).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from k8s import (backoff_event, container, crashloop_message, deployment, event, http_probe,  # noqa: E402
                 kubelet_start_events, lease, meta, node, pod, pod_template, replicaset, sched_event, scheduled,
                 status_running, status_waiting, suffix, terminated, ts, uid, write_scenario)

import cases_more  # noqa: E402

ROOT = os.path.dirname(os.path.abspath(__file__))


def nodes3(case, names, version="v1.32.4", **kw):
    out = []
    for i, n in enumerate(names):
        out.append(node(case, n, "10.0.1.%d" % (21 + i), "10.244.%d.0/24" % (i + 1), version=version,
                        **kw.get(n, {})))
    return out


def pod_ip(nodes, name, k):
    i = [n["metadata"]["name"] for n in nodes].index(name)
    return "10.244.%d.%d" % (i + 1, k)


def node_ip(nodes, name):
    n = [n for n in nodes if n["metadata"]["name"] == name][0]
    return n["status"]["addresses"][0]["address"]


def rs_pod_name(case, rs, i):
    return rs["metadata"]["name"] + "-" + suffix(5, case, "pod", rs["metadata"]["name"], str(i))


def workload(case, ns, name, image, node_names, nodes, created, *, replicas=1, ready=0, resources=None,
             ports=None, probes=None, env=None, volumes=None, mounts=None, status_fns=None, pod_created=None,
             progress=None, available=None, pull_secrets=None, strategy=None, ipbase=10, has_ip=None,
             pod_phase=None, version="v1.32.4", args=None, pull="IfNotPresent"):
    """A Deployment, its ReplicaSet and pods; status_fns[i](container, pod_stub) gives pod i's status."""
    labels = {"app.kubernetes.io/name": name}
    tmpl_c = container(name, image, ports=ports, env=env, resources=resources, probes=probes, mounts=mounts,
                       args=args, pull=pull)
    d = deployment(case, ns, name, labels, pod_template(labels, [tmpl_c], volumes=volumes,
                                                        pull_secrets=pull_secrets),
                   replicas, ready, created, progress=progress, available=available, strategy=strategy)
    h = suffix(10, case, "hash", ns, name)
    rs = replicaset(case, d, h, replicas, ready, created)
    pods = []
    for i in range(replicas):
        pname = rs_pod_name(case, rs, i)
        node_name = node_names[i % len(node_names)] if node_names else None
        c = container(name, image, ports=ports, env=env, resources=resources, probes=probes,
                      mounts=[dict(m) for m in (mounts or [])], args=args, pull=pull)
        ip = None
        if node_name and (has_ip is None or has_ip):
            ip = pod_ip(nodes, node_name, ipbase + i)
        stub = {"name": pname, "ns": ns, "uid": uid(case, "Pod", ns, pname), "node": node_name}
        fn = status_fns[i] if status_fns else None
        p = pod(case, ns, pname, rs, dict(labels, **{"pod-template-hash": h}), [c],
                [(lambda cc, fn=fn, stub=stub: fn(cc, stub))] if fn else None,
                node=node_name, node_ip=node_ip(nodes, node_name) if node_name else None, pod_ip=ip,
                created=pod_created or created, volumes=[dict(v) for v in (volumes or [])], version=version,
                pull_secrets=pull_secrets, phase=pod_phase,
                sched_msg=None if node_name else "0/%d nodes are available" % len(nodes))
        pods.append(p)
    return d, rs, pods


# ---------------------------------------------------------------------------------------------
# 1. multi-attach: the new pod of a Recreate Deployment on node-b; its RWO EBS volume is still
#    attached to node-a (drained for maintenance). Kubernetes v1.25: the FailedMount wording of
#    that release ("timed out waiting for the condition").
# ---------------------------------------------------------------------------------------------
def multi_attach():
    case, ns, v = "multi-attach", "wiki", "v1.25.16"
    nodes = [node(case, "node-a", "10.0.1.11", "10.244.1.0/24", version=v, unschedulable=960),
             node(case, "node-b", "10.0.1.12", "10.244.2.0/24", version=v)]
    pv_name = "pvc-" + uid(case, "pv", "wiki-data")
    claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
             "metadata": meta(case, "PersistentVolumeClaim", "wiki-data", ns=ns, created=3888000,
                              labels={"app.kubernetes.io/name": "wiki"}, annotations={
                                  "pv.kubernetes.io/bind-completed": "yes",
                                  "pv.kubernetes.io/bound-by-controller": "yes",
                                  "volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com",
                                  "volume.kubernetes.io/selected-node": "node-a",
                                  "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com"},
                              finalizers=["kubernetes.io/pvc-protection"]),
             "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}},
                      "storageClassName": "gp2", "volumeName": pv_name, "volumeMode": "Filesystem"},
             "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "10Gi"}}}
    pv = {"apiVersion": "v1", "kind": "PersistentVolume",
          "metadata": meta(case, "PersistentVolume", pv_name, created=3887996,
                           annotations={"pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com",
                                        "volume.kubernetes.io/provisioner-deletion-secret-name": "",
                                        "volume.kubernetes.io/provisioner-deletion-secret-namespace": ""},
                           finalizers=["kubernetes.io/pv-protection", "external-attacher/ebs-csi-aws-com"]),
          "spec": {"capacity": {"storage": "10Gi"},
                   "csi": {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-0" + uid(case, "vol")[:16].replace("-", ""),
                           "fsType": "ext4", "volumeAttributes": {
                               "storage.kubernetes.io/csiProvisionerIdentity": "1762161601012-8081-ebs.csi.aws.com"}},
                   "accessModes": ["ReadWriteOnce"],
                   "claimRef": {"kind": "PersistentVolumeClaim", "namespace": ns, "name": "wiki-data",
                                "uid": claim["metadata"]["uid"], "apiVersion": "v1", "resourceVersion": "1000"},
                   "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "gp2", "volumeMode": "Filesystem",
                   "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                       {"key": "topology.ebs.csi.aws.com/zone", "operator": "In", "values": ["eu-west-1a"]}]}]}}},
          "status": {"phase": "Bound"}}
    sc = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
          "metadata": meta(case, "StorageClass", "gp2", created=5875200,
                           annotations={"storageclass.kubernetes.io/is-default-class": "true"}),
          "provisioner": "ebs.csi.aws.com", "parameters": {"type": "gp2", "fsType": "ext4"},
          "reclaimPolicy": "Delete", "allowVolumeExpansion": True, "volumeBindingMode": "WaitForFirstConsumer"}
    vols = [{"name": "data", "persistentVolumeClaim": {"claimName": "wiki-data"}}]
    mounts = [{"name": "data", "mountPath": "/wiki/data"}]
    res = {"limits": {"memory": "1Gi"}, "requests": {"cpu": "250m", "memory": "512Mi"}}
    d, rs, pods = workload(
        case, ns, "wiki", "ghcr.io/requarks/wiki:2.5.304", ["node-b"], nodes, 3888000, replicas=1, ready=0,
        resources=res, ports=[{"name": "http", "containerPort": 3000, "protocol": "TCP"}],
        probes={"readinessProbe": http_probe("/healthz", "http", delay=10)}, volumes=vols, mounts=mounts,
        status_fns=[lambda c, s: status_waiting(c, s["name"], "ContainerCreating", version=v)],
        pod_created=421, has_ip=False, strategy={"type": "Recreate"}, version=v,
        available=("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", 961, 961),
        progress=("True", "ReplicaSetUpdated", 'ReplicaSet "%s" is progressing.' % rs_name(case, ns, "wiki"),
                  421, 421))
    p = pods[0]
    tok = [v_ for v_ in p["spec"]["volumes"] if v_["name"].startswith("kube-api-access-")][0]["name"]
    old = rs["metadata"]["name"] + "-" + suffix(5, case, "old-pod")
    old_pod = {"kind": "Pod", "apiVersion": "v1",
               "metadata": {"name": old, "namespace": ns, "uid": uid(case, "Pod", ns, old)}}
    events = [
        event(case, nodes[0], "NodeNotSchedulable", "Node node-a status is now: NodeNotSchedulable",
              host="node-a", first=960, ns="default"),
        event(case, old_pod, "Killing", "Stopping container wiki", host="node-a", first=958,
              field_path="spec.containers{wiki}"),
        event(case, rs, "SuccessfulCreate", "Created pod: " + p["metadata"]["name"], component="replicaset-controller",
              first=421),
        scheduled(case, p, 421),
        event(case, p, "FailedAttachVolume",
              'Multi-Attach error for volume "%s" Volume is already exclusively attached to one node and can\'t be '
              "attached to another" % pv_name, "Warning", component="attachdetach-controller", first=420),
        event(case, p, "FailedMount",
              "Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data %s]: timed out "
              "waiting for the condition" % tok, "Warning", host="node-b", first=297, last=51, count=3),
    ]
    write_scenario(os.path.join(ROOT, case), case,
                   "wiki's new pod on node-b waits for its ReadWriteOnce volume, still attached to the drained "
                   "node-a: Multi-Attach error, then FailedMount timeouts", ns,
                   {"nodes.json": nodes, "leases.json": [lease(case, n) for n in nodes],
                    "deployments.json": [d], "replicasets.json": [rs], "pods.json": pods,
                    "persistentvolumeclaims.json": [claim], "persistentvolumes.json": [pv],
                    "storageclasses.json": [sc], "events.json": events},
                   describe_nodes=["node-a", "node-b"], version=v)


def rs_name(case, ns, name):
    return name + "-" + suffix(10, case, "hash", ns, name)


# ---------------------------------------------------------------------------------------------
# 2. rollout-behind-claim: thumbnailer's rollout passed its progress deadline because its only
#    pod cannot be scheduled, because its claim names a StorageClass that does not exist.
# ---------------------------------------------------------------------------------------------
def rollout_behind_claim():
    case, ns = "rollout-behind-claim", "media"
    nodes = nodes3(case, ["worker-1", "worker-2", "worker-3"])
    sc = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
          "metadata": meta(case, "StorageClass", "gp3", created=5875200,
                           annotations={"storageclass.kubernetes.io/is-default-class": "true"}),
          "provisioner": "ebs.csi.aws.com", "parameters": {"type": "gp3", "fsType": "ext4"},
          "reclaimPolicy": "Delete", "allowVolumeExpansion": True, "volumeBindingMode": "WaitForFirstConsumer"}
    claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
             "metadata": meta(case, "PersistentVolumeClaim", "thumbnailer-cache", ns=ns, created=1502,
                              labels={"app.kubernetes.io/name": "thumbnailer"},
                              finalizers=["kubernetes.io/pvc-protection"]),
             "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "100Gi"}},
                      "storageClassName": "fast-ssd", "volumeMode": "Filesystem"},
             "status": {"phase": "Pending"}}
    sched = ("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes "
             "are available: 3 Preemption is not helpful for scheduling.")
    name = "thumbnailer"
    rsn = rs_name(case, ns, name)
    d, rs, pods = workload(
        case, ns, name, "registry.example.com/media/thumbnailer:3.2.0", None, nodes, 1501, replicas=1, ready=0,
        resources={"limits": {"memory": "2Gi"}, "requests": {"cpu": "1", "memory": "2Gi"}},
        ports=[{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        probes={"readinessProbe": http_probe("/ready", "http", delay=5)},
        volumes=[{"name": "cache", "persistentVolumeClaim": {"claimName": "thumbnailer-cache"}}],
        mounts=[{"name": "cache", "mountPath": "/var/cache/thumbnailer"}], pod_created=1500,
        available=("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", 1501, 1501),
        progress=("False", "ProgressDeadlineExceeded", 'ReplicaSet "%s" has timed out progressing.' % rsn, 899, 899))
    p = pods[0]
    p["status"]["conditions"][0]["message"] = sched
    events = [
        event(case, claim, "ProvisioningFailed", 'storageclass.storage.k8s.io "fast-ssd" not found', "Warning",
              component="persistentvolume-controller", first=1501, last=6, count=101),
        event(case, d, "ScalingReplicaSet", "Scaled up replica set %s from 0 to 1" % rsn,
              component="deployment-controller", first=1501),
        event(case, rs, "SuccessfulCreate", "Created pod: " + p["metadata"]["name"],
              component="replicaset-controller", first=1500),
        sched_event(case, p, "FailedScheduling", sched, 1500, "Warning", series=(7, 84)),
    ]
    write_scenario(os.path.join(ROOT, case), case,
                   "thumbnailer's rollout exceeded its progress deadline: its only pod is unschedulable because "
                   "its claim names StorageClass fast-ssd, which does not exist (ProvisioningFailed)", ns,
                   {"nodes.json": nodes, "leases.json": [lease(case, n) for n in nodes],
                    "deployments.json": [d], "replicasets.json": [rs], "pods.json": pods,
                    "persistentvolumeclaims.json": [claim], "storageclasses.json": [sc], "events.json": events},
                   describe_nodes=[])


# ---------------------------------------------------------------------------------------------
# 3. system-oom / system-oom-other: inventory (a JVM) is OOM-killed on node-1; the kubelet's OOM
#    watcher reports a SystemOOM on node-1 in the same second (system-oom), or hours after the
#    container's kill, naming another process (system-oom-other).
# ---------------------------------------------------------------------------------------------
JAVA_START = """{t}.118Z  INFO 1 --- [           main] c.e.shop.inventory.InventoryApplication  : Starting InventoryApplication v5.1.0 using Java 21.0.5 with PID 1 (/app/inventory.jar started by app in /app)
{t}.121Z  INFO 1 --- [           main] c.e.shop.inventory.InventoryApplication  : No active profile set, falling back to 1 default profile: "default"
{t}.902Z  INFO 1 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)
{t}.977Z  INFO 1 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port 8080 (http) with context path '/'
{t}.989Z  INFO 1 --- [           main] c.e.shop.inventory.InventoryApplication  : Started InventoryApplication in 4.212 seconds (process running for 4.87)
"""


def system_oom(case, oom_ago, node_oom_ago, victim, pid, title):
    ns = "shop"
    nodes = nodes3(case, ["node-1", "node-2"])
    created = 86400 * 3
    restarted = oom_ago - 2
    last = terminated("OOMKilled", 137, created - 5, oom_ago, case + "/inventory")
    d, rs, pods = workload(
        case, ns, "inventory", "registry.example.com/shop/inventory:5.1.0", ["node-1"], nodes, created,
        replicas=1, ready=1,
        resources={"limits": {"memory": "1Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}},
        ports=[{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        env=[{"name": "JAVA_TOOL_OPTIONS", "value": "-Xms512m -Xmx960m"}],
        probes={"readinessProbe": http_probe("/actuator/health/readiness", "http", delay=10)},
        status_fns=[lambda c, s: status_running(c, s["name"], restarted, ready=True, restarts=1, last=last)],
        available=("True", "MinimumReplicasAvailable", "Deployment has minimum availability.", created - 30,
                   created - 30),
        progress=("True", "NewReplicaSetAvailable",
                  'ReplicaSet "%s" has successfully progressed.' % rs_name(case, ns, "inventory"), created - 30,
                  created - 1))
    p = pods[0]
    p["status"]["conditions"][2]["lastTransitionTime"] = ts(restarted - 12)
    p["status"]["conditions"][3]["lastTransitionTime"] = ts(restarted - 12)
    d2, rs2, pods2 = workload(
        case, ns, "search", "registry.example.com/shop/search:8.4.1", ["node-2"], nodes, created, replicas=1,
        ready=1, resources={"limits": {"memory": "4Gi"}, "requests": {"cpu": "1", "memory": "4Gi"}},
        ports=[{"name": "http", "containerPort": 9200, "protocol": "TCP"}], ipbase=30,
        status_fns=[lambda c, s: status_running(c, s["name"], created - 4)],
        available=("True", "MinimumReplicasAvailable", "Deployment has minimum availability.", created - 30,
                   created - 30),
        progress=("True", "NewReplicaSetAvailable",
                  'ReplicaSet "%s" has successfully progressed.' % rs_name(case, ns, "search"), created - 30,
                  created - 1))
    c = p["spec"]["containers"][0]
    events = []
    if restarted < 3600:  # events live an hour: the restart's events are still there
        events += kubelet_start_events(case, p, c, restarted + 1)
    events.append(event(case, nodes[0], "SystemOOM", "System OOM encountered, victim process: %s, pid: %d" % (
        victim, pid), "Warning", host="node-1", first=node_oom_ago, ns="default"))
    logs = {"%s.inventory.previous.log" % p["metadata"]["name"]: JAVA_START.format(t=ts(created - 6)[:-1]) +
            "%s.310Z  WARN 1 --- [nio-8080-exec-7] c.e.shop.inventory.StockSnapshot         : "
            "snapshot of 4212871 items kept in memory (export running)\n" % ts(oom_ago + 3)[:-1],
            "%s.inventory.log" % p["metadata"]["name"]: JAVA_START.format(t=ts(restarted - 1)[:-1]),
            "%s.search.log" % pods2[0]["metadata"]["name"]:
            "[%s,311][INFO ][o.o.n.Node               ] [search] started\n" % ts(created - 9)[:-1]}
    write_scenario(os.path.join(ROOT, case), case, title, ns,
                   {"nodes.json": nodes, "leases.json": [lease(case, n) for n in nodes],
                    "deployments.json": [d, d2], "replicasets.json": [rs, rs2], "pods.json": pods + pods2,
                    "events.json": events}, logs=logs, describe_nodes=["node-1"])


# ---------------------------------------------------------------------------------------------
# 4. recovered / recent-restart
# ---------------------------------------------------------------------------------------------
CATALOG_FATAL = """{{"level":"info","ts":"{t0}","caller":"catalog/main.go:41","msg":"catalog starting","version":"1.14.2"}}
{{"level":"info","ts":"{t0}","caller":"catalog/main.go:77","msg":"listening","addr":":8080"}}
{{"level":"info","ts":"{t0}","caller":"feed/consumer.go:52","msg":"subscribed to price feed","topic":"prices","brokers":"kafka.data.svc:9092"}}
{{"level":"fatal","ts":"{t1}","caller":"feed/consumer.go:118","msg":"price feed consumer stopped","error":"read tcp {ip}:41822->10.96.44.10:9092: read: connection reset by peer"}}
"""


def catalog(case, nodes, last_restart, created, ipbase=20):
    """catalog restarted 3 times (its price-feed consumer stopped: a fatal log line, exit 1), the last
    one `last_restart` seconds ago; Running and Ready since."""
    ns = "shop"
    last = terminated("Error", 1, last_restart + 95, last_restart + 2, case + "/catalog")
    name = "catalog"
    return workload(
        case, ns, name, "registry.example.com/shop/catalog:1.14.2", ["worker-2"], nodes, created, replicas=1,
        ready=1, resources={"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
        ports=[{"name": "http", "containerPort": 8080, "protocol": "TCP"}], ipbase=ipbase,
        probes={"livenessProbe": http_probe("/healthz", "http", delay=5),
                "readinessProbe": http_probe("/ready", "http", delay=5)},
        status_fns=[lambda c, s: status_running(c, s["name"], last_restart, ready=True, restarts=3, last=last)],
        available=("True", "MinimumReplicasAvailable", "Deployment has minimum availability.", last_restart - 8,
                   last_restart - 8),
        progress=("True", "NewReplicaSetAvailable",
                  'ReplicaSet "%s" has successfully progressed.' % rs_name(case, ns, name), created - 20,
                  created - 1))


def catalog_logs(case, p, last_restart):
    t_prev = ts(last_restart + 95)
    prev = CATALOG_FATAL.format(t0=t_prev, t1=ts(last_restart + 2), ip=p["status"]["podIP"])
    return {"%s.catalog.previous.log" % p["metadata"]["name"]: prev,
            "%s.catalog.log" % p["metadata"]["name"]:
            '{"level":"info","ts":"%s","msg":"catalog starting","version":"1.14.2"}\n'
            '{"level":"info","ts":"%s","msg":"listening","addr":":8080"}\n' % (ts(last_restart), ts(last_restart))}


def recovered():
    case, ns = "recovered", "shop"
    nodes = nodes3(case, ["worker-1", "worker-2"])
    day = 86400
    d1, rs1, pods1 = catalog(case, nodes, 2 * day, 5 * day)
    # checkout: crash-looping now, its config file is not where it reads it.
    created = 1800
    last = terminated("Error", 1, 64, 63, case + "/checkout")
    d2, rs2, pods2 = workload(
        case, ns, "checkout", "registry.example.com/shop/checkout:2.8.0", ["worker-1"], nodes, 5 * day,
        replicas=1, ready=0,
        resources={"limits": {"cpu": "500m", "memory": "512Mi"}, "requests": {"cpu": "200m", "memory": "256Mi"}},
        ports=[{"name": "http", "containerPort": 8080, "protocol": "TCP"}], pod_created=created, ipbase=40,
        args=["--config", "/etc/checkout/config.yaml"],
        status_fns=[lambda c, s: status_waiting(c, s["name"], "CrashLoopBackOff", crashloop_message(
            {"metadata": {"name": s["name"], "namespace": ns, "uid": s["uid"]}}, c, "5m0s"), restarts=8,
            last=last)],
        available=("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.",
                   created, created),
        progress=("False", "ProgressDeadlineExceeded",
                  'ReplicaSet "%s" has timed out progressing.' % rs_name(case, ns, "checkout"), created - 600,
                  created - 600))
    p = pods2[0]
    c = p["spec"]["containers"][0]
    events = [event(case, d2, "ScalingReplicaSet", "Scaled up replica set %s from 0 to 1" % rs2["metadata"]["name"],
                    component="deployment-controller", first=created + 1),
              event(case, rs2, "SuccessfulCreate", "Created pod: " + p["metadata"]["name"],
                    component="replicaset-controller", first=created),
              scheduled(case, p, created)]
    events += kubelet_start_events(case, p, c, created - 2, last=64, count=9)
    events.append(backoff_event(case, p, c, created - 14, 9, 171))
    logs = catalog_logs(case, pods1[0], 2 * day)
    err = ('{"level":"info","ts":"%s","msg":"checkout starting","version":"2.8.0"}\n'
           '{"level":"fatal","ts":"%s","msg":"cannot load configuration","error":"open /etc/checkout/config.yaml: '
           'no such file or directory"}\n' % (ts(64), ts(63)))
    logs["%s.checkout.previous.log" % p["metadata"]["name"]] = err
    write_scenario(os.path.join(ROOT, case), case,
                   "checkout crash-loops now (its config file is missing); catalog restarted 3 times two days "
                   "ago and has been Running and Ready since", ns,
                   {"nodes.json": nodes, "leases.json": [lease(case, n) for n in nodes],
                    "deployments.json": [d1, d2], "replicasets.json": [rs1, rs2], "pods.json": pods1 + pods2,
                    "events.json": events}, logs=logs, describe_nodes=[])


def recent_restart():
    case, ns = "recent-restart", "shop"
    nodes = nodes3(case, ["worker-1", "worker-2"])
    created = 900
    d1, rs1, pods1 = catalog(case, nodes, 180, 5 * 86400)
    p = pods1[0]
    c = p["spec"]["containers"][0]
    # The pod was re-created 15 minutes ago (a node drain); its restarts are within the hour.
    p["metadata"]["creationTimestamp"] = ts(created)
    p["status"]["startTime"] = ts(created - 1)
    p["status"]["conditions"][-1]["lastTransitionTime"] = ts(created)
    events = [scheduled(case, p, created)]
    events += kubelet_start_events(case, p, c, created - 2, last=180, count=4)
    events.append(backoff_event(case, p, c, 560, 200, 3))
    write_scenario(os.path.join(ROOT, case), case,
                   "catalog exited (exit 1: its price-feed consumer stopped) three times in its first 12 minutes; Running "
                   "and Ready for the last 3 minutes", ns,
                   {"nodes.json": nodes, "leases.json": [lease(case, n) for n in nodes],
                    "deployments.json": [d1], "replicasets.json": [rs1], "pods.json": pods1, "events.json": events},
                   logs=catalog_logs(case, p, 180), describe_nodes=[])


if __name__ == "__main__":
    multi_attach()
    rollout_behind_claim()
    system_oom("system-oom", 47, 46, "java", 4312,
               "inventory (a JVM) was OOM-killed on node-1; the kubelet reported a SystemOOM on node-1 "
               "(victim java, pid 4312) in the same second")
    system_oom("system-oom-other", 4 * 3600, 240, "python3", 28211,
               "inventory was OOM-killed on node-1 four hours ago; a SystemOOM on node-1 four minutes ago "
               "names another process (python3, pid 28211)")
    recovered()
    recent_restart()
    cases_more.noisy_bundle(ROOT)
    cases_more.shared_dependency(ROOT)
    cases_more.pull_secret_missing(ROOT)
