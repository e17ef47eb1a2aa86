#!/usr/bin/env python3
"""Writes the redaction scenario (scenario/), its manifest form (manifest.yaml)
and the list of the secret values seeded into them (seeds.txt).

The values are fake but shaped like real ones. Re-render after a change:
  python3 tests/data/redaction/make-scenario.py
  tests/data/redaction/render.sh
"""
import base64, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
NS = "orders"
NOW = "2026-01-10T12:00:00Z"

# -- the secret values (each must never reach a report) -----------------------
DB_PASSWORD = "Pg-s3cret-91xQ"
API_TOKEN = "tok_7Hc2kLp9QwZr4VbN"
ADMIN_PASSWORD = "Adm1n-Pa55-7781"
SESSION_TOKEN = "sess-4b7c1d9e2f3a8b6c"
QUEUE_PASSWORD = "Qu3ue-pw-5521z"
STRIPE_KEY = "whsec_Rk81mZpQ2yXa"
SA_JWT = ("eyJhbGciOiJSUzI1NiIsImtpZCI6Im9yZGVycy1zYSJ9."
          "eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50Om9yZGVyczpvcmRlcnMtc2EifQ."
          "Vq3mY8tB1xKcN5dR7wZ2pL4sH6jF9gA0eQ")
BEARER = "c2VjcmV0LWJlYXJlci12YWx1ZS0xOTk3"
PEM_BODY = "MIIEowIBAAKCAQEAv8qLr3dX2nVbTz9pQmWk4sHfR6yJcE1oGtUa"
PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "\n-----END RSA PRIVATE KEY-----\n"
CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUe1orders\n-----END CERTIFICATE-----\n"
REGISTRY_AUTH = base64.b64encode(b"orders-bot:R3g-pull-Pw-66").decode()
DOCKERCONFIG = json.dumps({"auths": {"quay.io": {"auth": REGISTRY_AUTH}}}, separators=(",", ":"))
DATABASE_URL = "postgres://orders:%s@orders-db:5432/orders" % DB_PASSWORD
MISSING_PULL_SECRET = "orders-registry"
REPORT_API_KEY = "rk9-Zt2mW7qLx4Pc"


def b64(s):
    return base64.b64encode(s.encode()).decode()


def meta(name, uid, created="2026-01-10T11:40:00Z", **kw):
    m = {"name": name, "namespace": NS, "uid": uid, "resourceVersion": "1000",
         "creationTimestamp": created}
    m.update(kw)
    return m


def lst(items):
    return {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}


# -- Secrets -------------------------------------------------------------------
last_applied = json.dumps({"apiVersion": "v1", "kind": "Secret",
                           "metadata": {"name": "orders-db", "namespace": NS},
                           "stringData": {"username": "orders", "password": DB_PASSWORD}},
                          separators=(",", ":"))
secrets = [
    {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
     "metadata": meta("orders-db", "5b1f3c52-1f0e-4d7e-9a11-000000000001",
                      annotations={"kubectl.kubernetes.io/last-applied-configuration": last_applied + "\n"}),
     "data": {"username": b64("orders"), "password": b64(DB_PASSWORD), "url": b64(DATABASE_URL)}},
    {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
     "metadata": meta("orders-api", "5b1f3c52-1f0e-4d7e-9a11-000000000002"),
     "data": {"api-token": b64(API_TOKEN), "webhook-signing": b64(STRIPE_KEY)}},
    {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
     "metadata": meta("orders-tls", "5b1f3c52-1f0e-4d7e-9a11-000000000003"),
     "data": {"tls.crt": b64(CERT), "tls.key": b64(PEM)}},
    {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
     "metadata": meta("quay-pull", "5b1f3c52-1f0e-4d7e-9a11-000000000004"),
     "data": {".dockerconfigjson": b64(DOCKERCONFIG)}},
    {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
     "metadata": meta("orders-sa-token", "5b1f3c52-1f0e-4d7e-9a11-000000000005",
                      annotations={"kubernetes.io/service-account.name": "orders-sa",
                                   "kubernetes.io/service-account.uid": "5b1f3c52-1f0e-4d7e-9a11-000000000010"}),
     "data": {"ca.crt": b64(CERT), "namespace": b64(NS), "token": b64(SA_JWT)}},
]
service_accounts = [
    {"apiVersion": "v1", "kind": "ServiceAccount",
     "metadata": meta("orders-sa", "5b1f3c52-1f0e-4d7e-9a11-000000000010"),
     "secrets": [{"name": "orders-sa-token"}],
     "imagePullSecrets": [{"name": "quay-pull"}]},
]
configmaps = [
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta("app-config", "5b1f3c52-1f0e-4d7e-9a11-000000000020"),
     "data": {"LOG_LEVEL": "info"}},
]


# -- workloads -----------------------------------------------------------------
def kube_api_volume(suffix):
    return {"name": "kube-api-access-" + suffix, "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}


api_env = [
    {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "orders-db", "key": "password"}}},
    {"name": "API_TOKEN", "valueFrom": {"secretKeyRef": {"name": "orders-api", "key": "api-token", "optional": True}}},
    {"name": "LOG_LEVEL", "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "LOG_LEVEL"}}},
    {"name": "DATABASE_URL", "value": DATABASE_URL},
    {"name": "ADMIN_PASSWORD", "value": ADMIN_PASSWORD},
    {"name": "SESSION_TOKEN", "value": SESSION_TOKEN},
]
api_container = {
    "name": "api", "image": "quay.io/orders/api:1.4.2", "imagePullPolicy": "IfNotPresent",
    "command": ["/app/orders-api"], "args": ["--listen=:8080"],
    "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
    "env": api_env,
    "envFrom": [{"secretRef": {"name": "orders-api"}}],
    "resources": {"limits": {"memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
    "volumeMounts": [{"name": "tls", "mountPath": "/etc/orders/tls", "readOnly": True}],
    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
}
worker_env = [
    {"name": "QUEUE_PASSWORD", "value": QUEUE_PASSWORD},
    {"name": "WEBHOOK_SECRET", "valueFrom": {"secretKeyRef": {"name": "orders-api", "key": "webhook-signing"}}},
]
worker_container = {
    "name": "worker", "image": "registry.example.com/orders/worker:1.4.2", "imagePullPolicy": "IfNotPresent",
    "env": worker_env,
    "resources": {"limits": {"memory": "128Mi"}, "requests": {"cpu": "50m", "memory": "64Mi"}},
    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
}


report_container = {
    "name": "report", "image": "quay.io/orders/report:1.4.2", "imagePullPolicy": "IfNotPresent",
    "env": [
        {"name": "REPORT_DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "orders-db", "key": "db-password"}}},
        {"name": "REPORT_API_KEY", "value": REPORT_API_KEY},
    ],
    "resources": {"limits": {"memory": "128Mi"}, "requests": {"cpu": "50m", "memory": "64Mi"}},
    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
}


def template_spec(containers, extra):
    s = {"containers": containers, "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
         "dnsPolicy": "ClusterFirst", "securityContext": {}, "schedulerName": "default-scheduler"}
    s.update(extra)
    return s


API_VOLS = [{"name": "tls", "secret": {"secretName": "orders-tls", "defaultMode": 420}}]
WORKLOADS = [
    # name, hash, pod suffix, container, spec extras, labels
    ("orders-api", "6d8f9c7b54", "x2k9q", api_container,
     {"serviceAccountName": "orders-sa", "volumes": API_VOLS}, "11"),
    ("orders-worker", "7c4b8d9f6a", "p7m3n", worker_container,
     {"serviceAccountName": "default", "imagePullSecrets": [{"name": MISSING_PULL_SECRET}]}, "12"),
    ("orders-report", "5f9d7c6b8e", "r4t8w", report_container,
     {"serviceAccountName": "orders-sa", "imagePullSecrets": [{"name": "quay-pull"}]}, "13"),
]

deployments, replicasets, pods, events = [], [], [], []


def uid(n):
    return "7a2c9e10-0b3d-4f5a-8c6e-0000000000%s" % n


def event(i, pod, pod_uid, reason, message, typ, count, first, last, container=None, component="kubelet"):
    io = {"kind": "Pod", "namespace": NS, "name": pod, "uid": pod_uid, "apiVersion": "v1", "resourceVersion": "1"}
    if container:
        io["fieldPath"] = "spec.containers{%s}" % container
    return {"apiVersion": "v1", "kind": "Event",
            "metadata": {"name": "%s.18895c61%08x" % (pod, i), "namespace": NS,
                         "uid": "e1000000-0000-4000-8000-%012d" % i, "resourceVersion": "1",
                         "creationTimestamp": first},
            "involvedObject": io, "reason": reason, "message": message,
            "source": {"component": component, "host": "worker-1"},
            "firstTimestamp": first, "lastTimestamp": last, "count": count, "type": typ,
            "eventTime": None, "reportingComponent": component, "reportingInstance": "worker-1"}


for name, h, sfx, container, extra, n in WORKLOADS:
    labels = {"app.kubernetes.io/name": name}
    dep_uid, rs_uid, pod_uid = uid(n + "01"), uid(n + "02"), uid(n + "03")
    tmpl = {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
            "spec": template_spec([container], extra)}
    deployments.append({"apiVersion": "apps/v1", "kind": "Deployment",
                        "metadata": meta(name, dep_uid, generation=1, labels=labels,
                                         annotations={"deployment.kubernetes.io/revision": "1"}),
                        "spec": {"replicas": 1, "selector": {"matchLabels": labels}, "template": tmpl,
                                 "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                                 "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600},
                        "status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "unavailableReplicas": 1,
                                   "conditions": [{"type": "Available", "status": "False", "lastUpdateTime": "2026-01-10T11:40:00Z",
                                                   "lastTransitionTime": "2026-01-10T11:40:00Z", "reason": "MinimumReplicasUnavailable",
                                                   "message": "Deployment does not have minimum availability."}]}})
    rs_labels = dict(labels, **{"pod-template-hash": h})
    rs_tmpl = json.loads(json.dumps(tmpl))
    rs_tmpl["metadata"]["labels"] = dict(rs_labels)
    replicasets.append({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                        "metadata": meta(name + "-" + h, rs_uid, generation=1, labels=rs_labels,
                                         annotations={"deployment.kubernetes.io/desired-replicas": "1",
                                                      "deployment.kubernetes.io/max-replicas": "2",
                                                      "deployment.kubernetes.io/revision": "1"},
                                         ownerReferences=[{"apiVersion": "apps/v1", "kind": "Deployment", "name": name,
                                                           "uid": dep_uid, "controller": True, "blockOwnerDeletion": True}]),
                        "spec": {"replicas": 1, "selector": {"matchLabels": rs_labels}, "template": rs_tmpl},
                        "status": {"replicas": 1, "fullyLabeledReplicas": 1, "observedGeneration": 1}})
    pod_name = "%s-%s-%s" % (name, h, sfx)
    vol_sfx = {"orders-api": "z724p", "orders-worker": "qpg49"}.get(name, "mjhm5")
    spec = json.loads(json.dumps(template_spec([container], extra)))
    spec["volumes"] = spec.get("volumes", []) + [kube_api_volume(vol_sfx)]
    spec["containers"][0]["volumeMounts"] = spec["containers"][0].get("volumeMounts", []) + [
        {"name": "kube-api-access-" + vol_sfx, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": True}]
    spec.update({"nodeName": "worker-1", "serviceAccount": spec["serviceAccountName"], "priority": 0,
                 "enableServiceLinks": True, "preemptionPolicy": "PreemptLowerPriority",
                 "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                                 {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]})
    cname = container["name"]
    if name == "orders-api":
        cstatus = {"name": cname, "ready": False, "restartCount": 6, "started": False,
                   "image": container["image"], "imageID": "quay.io/orders/api@sha256:" + "3f" * 32,
                   "containerID": "containerd://" + "a1" * 32,
                   "state": {"waiting": {"reason": "CrashLoopBackOff",
                                         "message": "back-off 5m0s restarting failed container=api pod=" + pod_name + "_orders(" + pod_uid + ")"}},
                   "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-01-10T11:54:58Z",
                                                "finishedAt": "2026-01-10T11:55:01Z", "containerID": "containerd://" + "b2" * 32}}}
        phase = "Running"
        evs = [event(1, pod_name, pod_uid, "Scheduled", "Successfully assigned %s/%s to worker-1" % (NS, pod_name), "Normal", 1,
                     "2026-01-10T11:40:01Z", "2026-01-10T11:40:01Z", component="default-scheduler"),
               event(2, pod_name, pod_uid, "Pulled", 'Container image "%s" already present on machine' % container["image"], "Normal", 7,
                     "2026-01-10T11:40:02Z", "2026-01-10T11:54:57Z", cname),
               event(3, pod_name, pod_uid, "Started", "Started container api", "Normal", 7,
                     "2026-01-10T11:40:03Z", "2026-01-10T11:54:58Z", cname),
               event(4, pod_name, pod_uid, "BackOff", "Back-off restarting failed container api in pod %s_%s(%s)" % (pod_name, NS, pod_uid),
                     "Warning", 40, "2026-01-10T11:41:00Z", "2026-01-10T11:59:30Z", cname)]
    elif name == "orders-report":
        msg = "couldn't find key db-password in Secret %s/orders-db" % NS
        cstatus = {"name": cname, "ready": False, "restartCount": 0, "started": False,
                   "image": container["image"], "imageID": "",
                   "state": {"waiting": {"reason": "CreateContainerConfigError", "message": msg}}, "lastState": {}}
        phase = "Pending"
        evs = [event(21, pod_name, pod_uid, "Scheduled", "Successfully assigned %s/%s to worker-1" % (NS, pod_name), "Normal", 1,
                     "2026-01-10T11:40:01Z", "2026-01-10T11:40:01Z", component="default-scheduler"),
               event(22, pod_name, pod_uid, "Pulled", 'Container image "%s" already present on machine' % container["image"], "Normal", 90,
                     "2026-01-10T11:40:02Z", "2026-01-10T11:59:40Z", cname),
               event(23, pod_name, pod_uid, "Failed", "Error: " + msg, "Warning", 90,
                     "2026-01-10T11:40:02Z", "2026-01-10T11:59:40Z", cname)]
    else:
        img = container["image"]
        err = ('failed to pull and unpack image "%s": failed to resolve reference "%s": failed to authorize: '
               "failed to fetch anonymous token: unexpected status from GET request to "
               "https://registry.example.com/token?scope=repository%%3Aorders%%2Fworker%%3Apull&service=registry.example.com: 401 Unauthorized") % (img, img)
        cstatus = {"name": cname, "ready": False, "restartCount": 0, "started": False, "image": img, "imageID": "",
                   "state": {"waiting": {"reason": "ImagePullBackOff",
                                         "message": 'Back-off pulling image "%s": ErrImagePull: rpc error: code = Unknown desc = %s' % (img, err)}},
                   "lastState": {}}
        phase = "Pending"
        evs = [event(11, pod_name, pod_uid, "Scheduled", "Successfully assigned %s/%s to worker-1" % (NS, pod_name), "Normal", 1,
                     "2026-01-10T11:40:01Z", "2026-01-10T11:40:01Z", component="default-scheduler"),
               event(12, pod_name, pod_uid, "FailedToRetrieveImagePullSecret",
                     'Unable to retrieve some image pull secrets (%s); attempting to pull the image may not succeed.' % MISSING_PULL_SECRET,
                     "Warning", 30, "2026-01-10T11:40:02Z", "2026-01-10T11:59:40Z"),
               event(13, pod_name, pod_uid, "Pulling", 'Pulling image "%s"' % img, "Normal", 7,
                     "2026-01-10T11:40:02Z", "2026-01-10T11:56:03Z", cname),
               event(14, pod_name, pod_uid, "Failed", 'Failed to pull image "%s": rpc error: code = Unknown desc = %s' % (img, err),
                     "Warning", 7, "2026-01-10T11:40:03Z", "2026-01-10T11:56:04Z", cname),
               event(15, pod_name, pod_uid, "Failed", "Error: ErrImagePull", "Warning", 7,
                     "2026-01-10T11:40:03Z", "2026-01-10T11:56:04Z", cname),
               event(16, pod_name, pod_uid, "BackOff", 'Back-off pulling image "%s"' % img, "Normal", 60,
                     "2026-01-10T11:40:04Z", "2026-01-10T11:59:50Z", cname),
               event(17, pod_name, pod_uid, "Failed", "Error: ImagePullBackOff", "Warning", 60,
                     "2026-01-10T11:40:04Z", "2026-01-10T11:59:50Z", cname)]
    cstatus["volumeMounts"] = [{"name": m["name"], "mountPath": m["mountPath"], "readOnly": True, "recursiveReadOnly": "Disabled"}
                               for m in spec["containers"][0]["volumeMounts"]]
    events += evs
    pods.append({"apiVersion": "v1", "kind": "Pod",
                 "metadata": meta(pod_name, pod_uid, "2026-01-10T11:40:00Z", generateName="%s-%s-" % (name, h),
                                  labels=rs_labels,
                                  ownerReferences=[{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": name + "-" + h,
                                                    "uid": rs_uid, "controller": True, "blockOwnerDeletion": True}]),
                 "spec": spec,
                 "status": {"phase": phase, "hostIP": "10.0.1.21", "hostIPs": [{"ip": "10.0.1.21"}],
                            "podIP": "10.1.0.%s" % n, "podIPs": [{"ip": "10.1.0.%s" % n}], "startTime": "2026-01-10T11:40:01Z",
                            "qosClass": "Burstable",
                            "conditions": [{"type": t, "status": s, "lastProbeTime": None, "lastTransitionTime": "2026-01-10T11:40:02Z"}
                                           for t, s in (("PodReadyToStartContainers", "True"), ("Initialized", "True"),
                                                        ("Ready", "False"), ("ContainersReady", "False"), ("PodScheduled", "True"))],
                            "containerStatuses": [cstatus]}})

nodes = [{"apiVersion": "v1", "kind": "Node",
          "metadata": {"name": "worker-1", "uid": "9d000000-0000-4000-8000-000000000001", "resourceVersion": "1000",
                       "creationTimestamp": "2025-11-03T09:20:00Z",
                       "labels": {"kubernetes.io/hostname": "worker-1", "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}},
          "spec": {"podCIDR": "10.1.0.0/24"},
          "status": {"capacity": {"cpu": "4", "memory": "16Gi", "pods": "110"},
                     "allocatable": {"cpu": "3800m", "memory": "15Gi", "pods": "110"},
                     "conditions": [{"type": "Ready", "status": "True", "lastHeartbeatTime": "2026-01-10T11:59:00Z",
                                     "lastTransitionTime": "2025-11-03T09:21:00Z", "reason": "KubeletReady",
                                     "message": "kubelet is posting ready status"}],
                     "addresses": [{"type": "InternalIP", "address": "10.0.1.21"}, {"type": "Hostname", "address": "worker-1"}],
                     "nodeInfo": {"kubeletVersion": "v1.32.4", "containerRuntimeVersion": "containerd://1.7.24",
                                  "osImage": "Ubuntu 24.04.1 LTS", "kernelVersion": "6.8.0-49-generic",
                                  "operatingSystem": "linux", "architecture": "amd64"}}}]

# -- logs: what an app that leaks its own secrets prints --------------------------
api_log = "\n".join([
    "2026-01-10T11:54:58.101Z INFO  orders-api 1.4.2 starting",
    "2026-01-10T11:54:58.102Z DEBUG config DATABASE_URL=%s" % DATABASE_URL,
    "2026-01-10T11:54:58.103Z DEBUG calling billing with header Authorization: Bearer %s" % BEARER,
    "2026-01-10T11:54:58.104Z DEBUG loaded tls key:",
    "-----BEGIN RSA PRIVATE KEY-----",
    PEM_BODY,
    "-----END RSA PRIVATE KEY-----",
    "2026-01-10T11:54:58.105Z DEBUG service account token %s" % SA_JWT,
    "2026-01-10T11:54:58.106Z WARN  admin login with password=%s" % ADMIN_PASSWORD,
    '2026-01-10T11:55:00.880Z ERROR db: connecting to %s: FATAL:  password authentication failed for user "orders"' % DATABASE_URL,
    '2026-01-10T11:55:01.002Z FATAL cannot start: pq: password authentication failed for user "orders" (session token %s)' % SESSION_TOKEN,
    ""])

files = {
    "scenario.json": {"id": "redaction", "title": "secrets in every input kind: a crash that cites env references, a pull secret that does not exist",
                      "namespace": NS, "now": NOW, "serverVersion": "v1.32.4", "describeNodes": ["worker-1"],
                      "clusterCreated": "2025-11-03T09:12:44Z"},
    "cluster/secrets.json": lst(secrets),
    "cluster/serviceaccounts.json": lst(service_accounts),
    "cluster/configmaps.json": lst(configmaps),
    "cluster/deployments.json": lst(deployments),
    "cluster/replicasets.json": lst(replicasets),
    "cluster/pods.json": lst(pods),
    "cluster/events.json": lst(events),
    "cluster/nodes.json": lst(nodes),
}
scen = os.path.join(HERE, "scenario")
for rel, obj in files.items():
    p = os.path.join(scen, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
os.makedirs(os.path.join(scen, "logs"), exist_ok=True)
with open(os.path.join(scen, "logs", "orders-api-6d8f9c7b54-x2k9q.api.previous.log"), "w") as f:
    f.write(api_log)
with open(os.path.join(scen, "logs", "orders-api-6d8f9c7b54-x2k9q.api.log"), "w") as f:
    f.write(api_log.split("\n", 1)[0] + "\n")

# -- the manifest form: what a repository holds (stringData, env values) ---------
import yaml  # noqa: E402


def block_scalars(dumper, v):
    # multi-line strings as literal blocks (`tls.key: |`), as people write them
    return dumper.represent_scalar("tag:yaml.org,2002:str", v, style="|" if "\n" in v else None)


yaml.SafeDumper.add_representer(str, block_scalars)

manifest = [
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "orders-db", "namespace": NS}, "type": "Opaque",
     "stringData": {"username": "orders", "password": DB_PASSWORD, "url": DATABASE_URL}},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "orders-api", "namespace": NS}, "type": "Opaque",
     "data": {"api-token": b64(API_TOKEN), "webhook-signing": b64(STRIPE_KEY)}},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "orders-tls", "namespace": NS}, "type": "kubernetes.io/tls",
     "stringData": {"tls.crt": CERT, "tls.key": PEM}},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "quay-pull", "namespace": NS},
     "type": "kubernetes.io/dockerconfigjson", "data": {".dockerconfigjson": b64(DOCKERCONFIG)}},
]
for name, h, sfx, container, extra, n in WORKLOADS:
    labels = {"app.kubernetes.io/name": name}
    manifest.append({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": NS, "labels": labels},
                     "spec": {"replicas": 1, "selector": {"matchLabels": labels},
                              "template": {"metadata": {"labels": labels},
                                           "spec": dict({"containers": [container]}, **extra)}}})
with open(os.path.join(HERE, "manifest.yaml"), "w") as f:
    f.write("# Generated by make-scenario.py: the scenario's objects as a repository would declare them.\n")
    yaml.safe_dump_all(manifest, f, sort_keys=False, default_flow_style=False)

# -- the seeds: every secret value above, in each form it is written ------------
seeds = [DB_PASSWORD, API_TOKEN, ADMIN_PASSWORD, REPORT_API_KEY, SESSION_TOKEN, QUEUE_PASSWORD, STRIPE_KEY, SA_JWT,
         SA_JWT.split(".")[2], BEARER, PEM_BODY, REGISTRY_AUTH, "R3g-pull-Pw-66"]
seeds += [b64(s) for s in (DB_PASSWORD, API_TOKEN, STRIPE_KEY, SA_JWT, PEM, DOCKERCONFIG, DATABASE_URL)]
with open(os.path.join(HERE, "seeds.txt"), "w") as f:
    f.write("# Secret values seeded into scenario/, rendered/ and manifest.yaml (make-scenario.py):\n"
            "# none may appear in any report. One a line.\n")
    for s in seeds:
        f.write(s + "\n")
