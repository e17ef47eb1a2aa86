"""Builders for kubectl-render scenarios: Kubernetes objects as a cluster stores them.

Used by make-scenarios.py. UIDs, hashes, container IDs and pod-name suffixes are
derived from the object's identity, so a re-run writes the same bytes. Every time
is given as seconds before the scenario's "now".
"""
import datetime as dt
import hashlib
import json
import os
import uuid

NOW = dt.datetime(2026, 1, 10, 12, 0, 0, tzinfo=dt.timezone.utc)
NOW_TEXT = "2026-01-10T12:00:00Z"
ALNUM = "bcdfghjklmnpqrstvwxz2456789"  # the alphabet of generated names (utilrand)


def ts(ago):
    return (NOW - dt.timedelta(seconds=ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def mts(ago, seed):
    micro = int(hashlib.sha256(seed.encode()).hexdigest()[:6], 16) % 1000000
    t = NOW - dt.timedelta(seconds=ago)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%06dZ" % micro


def uid(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "kubesift-postmortem/" + "/".join(parts)))


def hexid(n, *parts):
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:n]


def suffix(n, *parts):
    h = hashlib.sha256("/".join(parts).encode()).digest()
    return "".join(ALNUM[b % len(ALNUM)] for b in h[:n])


def meta(case, kind, name, ns=None, created=86400, labels=None, annotations=None, owner=None, **extra):
    m = {"name": name}
    if ns:
        m["namespace"] = ns
    m["uid"] = uid(case, kind, ns or "", name)
    m["resourceVersion"] = "1000"
    m.update(extra)
    m["creationTimestamp"] = ts(created)
    if labels:
        m["labels"] = dict(labels)
    if annotations:
        m["annotations"] = dict(annotations)
    if owner:
        m["ownerReferences"] = [{"apiVersion": owner["apiVersion"], "kind": owner["kind"],
                                 "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"],
                                 "controller": True, "blockOwnerDeletion": True}]
    return m


# --- nodes -------------------------------------------------------------------------------------

def node(case, name, ip, cidr, version="v1.32.4", ready=True, unschedulable=False, created=5875200,
         labels=None, heartbeat=38):
    lab = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
           "kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}
    lab.update(labels or {})
    spec = {"podCIDR": cidr, "podCIDRs": [cidr]}
    if unschedulable:
        spec["taints"] = [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule",
                           "timeAdded": ts(unschedulable if isinstance(unschedulable, int) else 600)}]
        spec["unschedulable"] = True

    def cond(t, status, reason, msg):
        return {"type": t, "status": status, "lastHeartbeatTime": ts(heartbeat),
                "lastTransitionTime": ts(created), "reason": reason, "message": msg}

    conds = [cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
             cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
             cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
             cond("Ready", "True", "KubeletReady", "kubelet is posting ready status")]
    h = hexid(32, case, "node", name)
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": meta(case, "Node", name, created=created, labels=lab, annotations={
            "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
            "node.alpha.kubernetes.io/ttl": "0",
            "volumes.kubernetes.io/controller-managed-attach-detach": "true"}),
        "spec": spec,
        "status": {
            "capacity": {"cpu": "4", "ephemeral-storage": "101430960Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                         "memory": "16370452Ki", "pods": "110"},
            "allocatable": {"cpu": "4", "ephemeral-storage": "93478772582", "hugepages-1Gi": "0",
                            "hugepages-2Mi": "0", "memory": "16268052Ki", "pods": "110"},
            "conditions": conds,
            "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {"machineID": h, "systemUUID": str(uuid.UUID(h)),
                         "bootID": uid(case, "boot", name), "kernelVersion": "6.8.0-49-generic",
                         "osImage": "Ubuntu 24.04.1 LTS", "containerRuntimeVersion": "containerd://1.7.24",
                         "kubeletVersion": version, "kubeProxyVersion": version if version < "v1.31" else "",
                         "operatingSystem": "linux", "architecture": "amd64"},
        },
    }


def lease(case, n, renew=7):
    return {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": dict(meta(case, "Lease", n["metadata"]["name"], ns="kube-node-lease", created=5875200),
                             ownerReferences=[{"apiVersion": "v1", "kind": "Node", "name": n["metadata"]["name"],
                                               "uid": n["metadata"]["uid"]}]),
            "spec": {"holderIdentity": n["metadata"]["name"], "leaseDurationSeconds": 40,
                     "renewTime": mts(renew, n["metadata"]["name"])}}


# --- containers --------------------------------------------------------------------------------

def container(name, image, ports=None, env=None, resources=None, probes=None, mounts=None, args=None,
              command=None, pull="IfNotPresent", security=None, env_from=None):
    c = {"name": name, "image": image}
    if command:
        c["command"] = command
    if args:
        c["args"] = args
    if ports:
        c["ports"] = ports
    if env_from:
        c["envFrom"] = env_from
    if env:
        c["env"] = env
    c["resources"] = resources or {}
    for k, v in (probes or {}).items():
        c[k] = v
    if mounts:
        c["volumeMounts"] = mounts
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    c["imagePullPolicy"] = pull
    if security:
        c["securityContext"] = security
    return c


def http_probe(path, port, scheme="HTTP", delay=0, period=10, timeout=1, failure=3):
    return {"httpGet": {"path": path, "port": port, "scheme": scheme}, "initialDelaySeconds": delay,
            "timeoutSeconds": timeout, "periodSeconds": period, "successThreshold": 1, "failureThreshold": failure}


def api_access_volume(case, pod_name):
    name = "kube-api-access-" + suffix(5, case, "token", pod_name)
    vol = {"name": name, "projected": {"sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1",
                                                                      "fieldPath": "metadata.namespace"}}]}}],
        "defaultMode": 420}}
    mount = {"name": name, "readOnly": True, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}
    return vol, mount


def cid(*parts):
    return "containerd://" + hexid(64, *parts)


def image_id(image, *parts):
    repo = image.rsplit(":", 1)[0]
    return repo + "@sha256:" + hexid(64, "image", image)


# Container states. `last` is a terminated dict or None.
def terminated(reason, code, started, finished, seed, signal=None, message=None):
    t = {"exitCode": code}
    if signal:
        t["signal"] = signal
    t["reason"] = reason
    if message:
        t["message"] = message
    t.update({"startedAt": ts(started), "finishedAt": ts(finished), "containerID": cid(seed, str(finished))})
    return {"terminated": t}


def status_running(c, seed, started, ready=True, restarts=0, last=None, version="v1.32.4"):
    return _status(c, seed, {"running": {"startedAt": ts(started)}}, last, ready, restarts, True, version,
                   running_id=cid(seed, "run", str(started)))


def status_waiting(c, seed, reason, message=None, restarts=0, last=None, version="v1.32.4", pulled=True):
    w = {"reason": reason}
    if message:
        w["message"] = message
    return _status(c, seed, {"waiting": w}, last, False, restarts, False, version,
                   running_id=None, pulled=pulled)


def _status(c, seed, state, last, ready, restarts, started, version, running_id, pulled=True):
    s = {"name": c["name"], "state": state, "lastState": last or {}, "ready": ready, "restartCount": restarts,
         "image": c["image"], "imageID": image_id(c["image"]) if (pulled and (running_id or last)) else ""}
    if running_id:
        s["containerID"] = running_id
    elif last:
        s["containerID"] = last["terminated"]["containerID"]
    s["started"] = started
    if version >= "v1.30" and c.get("volumeMounts"):
        s["volumeMounts"] = [dict(m, **({"recursiveReadOnly": "Disabled"} if m.get("readOnly") else {}))
                             for m in c["volumeMounts"]]
    return s


# --- pods ----------------------------------------------------------------------------------------

def qos(containers):
    reqs = [c.get("resources", {}) for c in containers]
    if not any(r.get("requests") or r.get("limits") for r in reqs):
        return "BestEffort"
    for r in reqs:
        lim, req = r.get("limits", {}), r.get("requests", {})
        if not ("cpu" in lim and "memory" in lim) or any(req.get(k, lim[k]) != lim[k] for k in ("cpu", "memory")):
            return "Burstable"
    return "Guaranteed"


DEFAULT_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]


def pod(case, ns, name, owner, labels, containers, statuses, node=None, node_ip=None, pod_ip=None, created=3600,
        started=None, phase=None, volumes=None, init_containers=None, init_statuses=None, sched_msg=None,
        version="v1.32.4", pull_secrets=None, sa="default", tolerations=None, extra_spec=None,
        generate_name=None, host_network=False, priority=None):
    vol, mount = api_access_volume(case, name)
    for c in containers + (init_containers or []):
        c.setdefault("volumeMounts", []).append(mount)
    if statuses is not None:  # statuses built from the containers (mounts included)
        statuses = [s(c) if callable(s) else s for s, c in zip(statuses, containers)]
    if init_statuses is not None:
        init_statuses = [s(c) if callable(s) else s for s, c in zip(init_statuses, init_containers)]
    spec = {"volumes": (volumes or []) + [vol]}
    if init_containers:
        spec["initContainers"] = init_containers
    spec["containers"] = containers
    spec.update({"restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                 "serviceAccountName": sa, "serviceAccount": sa})
    if node:
        spec["nodeName"] = node
    if host_network:
        spec["hostNetwork"] = True
    spec["securityContext"] = {}
    if pull_secrets:
        spec["imagePullSecrets"] = [{"name": s} for s in pull_secrets]
    spec["schedulerName"] = "default-scheduler"
    spec.update(extra_spec or {})
    spec["tolerations"] = tolerations or DEFAULT_TOLERATIONS
    if priority:
        spec["priorityClassName"] = priority[0]
        spec["priority"] = priority[1]
    else:
        spec["priority"] = 0
    spec["enableServiceLinks"] = True
    spec["preemptionPolicy"] = "PreemptLowerPriority"

    if started is None:
        started = created - 1
    conds = []
    all_ready = statuses is not None and all(s["ready"] for s in statuses)
    if node:
        sandbox_up = pod_ip is not None
        if version >= "v1.29":
            conds.append(_cond("PodReadyToStartContainers", "True" if sandbox_up else "False", started - 1))
        init_done = not init_statuses or all(s["state"].get("terminated", {}).get("exitCode") == 0
                                             for s in init_statuses)
        conds.append(_cond("Initialized", "True" if init_done else "False", started - 1,
                           None if init_done else ("ContainersNotInitialized", "containers with incomplete status: [%s]"
                                                   % " ".join(c["name"] for c in init_containers))))
        unready = [s["name"] for s in statuses if not s["ready"]]
        for t in ("Ready", "ContainersReady"):
            if all_ready:
                conds.append(_cond(t, "True", _ready_since(statuses, started)))
            else:
                conds.append(_cond(t, "False", _unready_since(statuses, started),
                                   ("ContainersNotReady", "containers with unready status: [%s]" % " ".join(unready))))
        conds.append(_cond("PodScheduled", "True", created))
    else:
        conds.append(_cond("PodScheduled", "False", created, ("Unschedulable", sched_msg)))
    st = {"phase": phase or ("Running" if node and pod_ip else "Pending"), "conditions": conds}
    if node:
        st["hostIP"] = node_ip
        st["hostIPs"] = [{"ip": node_ip}]
        if pod_ip:
            st["podIP"] = pod_ip
            st["podIPs"] = [{"ip": pod_ip}]
        st["startTime"] = ts(started)
        if init_statuses:
            st["initContainerStatuses"] = init_statuses
        st["containerStatuses"] = statuses
    st["qosClass"] = qos(containers)
    m = meta(case, "Pod", name, ns=ns, created=created, labels=labels, owner=owner)
    gen = generate_name if generate_name is not None else name[: name.rfind("-") + 1]
    m = {"name": name, "generateName": gen, **{k: v for k, v in m.items() if k != "name"}}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": m, "spec": spec, "status": st}


def _parse(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def _ago(s):
    return int((NOW - _parse(s)).total_seconds())


def _ready_since(statuses, started):
    # Ready since the latest container start.
    return min(_ago(s["state"]["running"]["startedAt"]) for s in statuses) - 1 if statuses else started


def _unready_since(statuses, started):
    ends = [_ago(s["lastState"]["terminated"]["finishedAt"]) for s in statuses if s["lastState"].get("terminated")]
    return min(ends) if ends else started - 1


def _cond(t, status, ago, why=None):
    c = {"type": t, "status": status, "lastProbeTime": None, "lastTransitionTime": ts(ago)}
    if why:
        c["reason"], c["message"] = why
    return c


# --- workloads ---------------------------------------------------------------------------------

def pod_template(labels, containers, init_containers=None, volumes=None, extra=None, pull_secrets=None,
                 tolerations=None, sa=None, priority=None, host_network=False):
    spec = {}
    if volumes:
        spec["volumes"] = volumes
    if init_containers:
        spec["initContainers"] = init_containers
    spec["containers"] = containers
    spec.update({"restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst"})
    if sa:
        spec["serviceAccountName"] = sa
        spec["serviceAccount"] = sa
    if host_network:
        spec["hostNetwork"] = True
    spec["securityContext"] = {}
    if pull_secrets:
        spec["imagePullSecrets"] = [{"name": s} for s in pull_secrets]
    spec["schedulerName"] = "default-scheduler"
    if tolerations:
        spec["tolerations"] = tolerations
    if priority:
        spec["priorityClassName"] = priority
    spec.update(extra or {})
    return {"metadata": {"creationTimestamp": None, "labels": dict(labels)}, "spec": spec}


def deployment(case, ns, name, labels, template, replicas, ready, created, progress=None, available=None,
               strategy=None, revision="1", updated=None, progress_deadline=600, extra_labels=None):
    """progress: (status, reason, message, last_update_ago, transition_ago); available likewise."""
    updated = replicas if updated is None else updated
    st = {"observedGeneration": 1, "replicas": replicas, "updatedReplicas": updated}
    if ready:
        st["readyReplicas"] = ready
        st["availableReplicas"] = ready
    if replicas - ready:
        st["unavailableReplicas"] = replicas - ready
    conds = []
    for t, c in (("Available", available), ("Progressing", progress)):
        if c:
            conds.append({"type": t, "status": c[0], "lastUpdateTime": ts(c[3]), "lastTransitionTime": ts(c[4]),
                          "reason": c[1], "message": c[2]})
    st["conditions"] = conds
    d = {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": meta(case, "Deployment", name, ns=ns, created=created, labels=extra_labels or labels,
                          annotations={"deployment.kubernetes.io/revision": revision}, generation=1),
         "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)}, "template": template,
                  "strategy": strategy or {"type": "RollingUpdate",
                                           "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                  "revisionHistoryLimit": 10, "progressDeadlineSeconds": progress_deadline},
         "status": st}
    return d


def replicaset(case, deploy, hash_, replicas, ready, created, revision="1"):
    ns, name = deploy["metadata"]["namespace"], deploy["metadata"]["name"] + "-" + hash_
    labels = dict(deploy["spec"]["selector"]["matchLabels"], **{"pod-template-hash": hash_})
    tmpl = json.loads(json.dumps(deploy["spec"]["template"]))
    tmpl["metadata"]["labels"]["pod-template-hash"] = hash_
    st = {"replicas": replicas, "fullyLabeledReplicas": replicas}
    if ready:
        st["readyReplicas"] = ready
        st["availableReplicas"] = ready
    st["observedGeneration"] = 1
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": meta(case, "ReplicaSet", name, ns=ns, created=created, labels=labels, annotations={
                "deployment.kubernetes.io/desired-replicas": str(deploy["spec"]["replicas"]),
                "deployment.kubernetes.io/max-replicas": str(deploy["spec"]["replicas"] + 1),
                "deployment.kubernetes.io/revision": revision}, owner=deploy, generation=1),
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels}, "template": tmpl},
            "status": st}


def daemonset(case, ns, name, labels, template, nodes, ready, created, extra_labels=None):
    n = len(nodes)
    return {"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": meta(case, "DaemonSet", name, ns=ns, created=created, labels=extra_labels or labels,
                             annotations={"deprecated.daemonset.template.generation": "1"}, generation=1),
            "spec": {"selector": {"matchLabels": dict(labels)}, "template": template,
                     "updateStrategy": {"type": "RollingUpdate",
                                        "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
                     "revisionHistoryLimit": 10},
            "status": {"currentNumberScheduled": n, "numberMisscheduled": 0, "desiredNumberScheduled": n,
                       "numberReady": ready, "observedGeneration": 1, "updatedNumberScheduled": n,
                       "numberAvailable": ready}}


def statefulset(case, ns, name, labels, template, replicas, ready, created, service, claims=None, rev=None):
    return {"apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": meta(case, "StatefulSet", name, ns=ns, created=created, labels=labels, generation=1),
            "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)}, "template": template,
                     "serviceName": service, "podManagementPolicy": "OrderedReady",
                     "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                     "revisionHistoryLimit": 10,
                     "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
                     **({"volumeClaimTemplates": claims} if claims else {})},
            "status": {"observedGeneration": 1, "replicas": replicas, "readyReplicas": ready,
                       "currentReplicas": replicas, "updatedReplicas": replicas, "currentRevision": rev,
                       "updateRevision": rev, "collisionCount": 0, "availableReplicas": ready}}


def service(case, ns, name, labels, selector, cluster_ip, ports, created):
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": meta(case, "Service", name, ns=ns, created=created, labels=labels),
            "spec": {"ports": ports, "selector": dict(selector), "clusterIP": cluster_ip, "clusterIPs": [cluster_ip],
                     "type": "ClusterIP", "sessionAffinity": "None", "ipFamilies": ["IPv4"],
                     "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster"},
            "status": {"loadBalancer": {}}}


# --- events --------------------------------------------------------------------------------------

def event(case, obj, reason, message, type_="Normal", component="kubelet", host=None, first=60, last=None,
          count=1, field_path=None, ns=None):
    """A core/v1 event as the kubelet and the controllers record it (firstTimestamp/lastTimestamp/count)."""
    last = first if last is None else last
    m = obj["metadata"]
    ns = ns or m.get("namespace", "default")
    io = {"kind": obj["kind"]}
    if m.get("namespace"):
        io["namespace"] = m["namespace"]
    io["name"] = m["name"]
    # The kubelet refers to its Node by the node's name as UID.
    io["uid"] = m["name"] if obj["kind"] == "Node" else m["uid"]
    if obj["kind"] != "Node":
        io["apiVersion"] = obj["apiVersion"]
        io["resourceVersion"] = "1"
    if field_path:
        io["fieldPath"] = field_path
    name = m["name"] + "." + hexid(16, case, m["name"], reason, message, str(first))
    src = {"component": component}
    if host:
        src["host"] = host
    return {"apiVersion": "v1", "kind": "Event",
            "metadata": {"name": name, "namespace": ns, "uid": uid(case, "Event", name), "resourceVersion": "1",
                         "creationTimestamp": ts(first)},
            "involvedObject": io, "reason": reason, "message": message, "source": src,
            "firstTimestamp": ts(first), "lastTimestamp": ts(last), "count": count, "type": type_,
            "eventTime": None, "reportingComponent": component, "reportingInstance": host or ""}


def sched_event(case, obj, reason, message, first, type_="Normal", series=None, action="Scheduling"):
    """A scheduler event (events.k8s.io series, read back as core/v1)."""
    m = obj["metadata"]
    name = m["name"] + "." + hexid(16, case, m["name"], reason, str(first))
    e = {"apiVersion": "v1", "kind": "Event",
         "metadata": {"name": name, "namespace": m["namespace"], "uid": uid(case, "Event", name),
                      "resourceVersion": "1", "creationTimestamp": ts(first)},
         "involvedObject": {"kind": "Pod", "namespace": m["namespace"], "name": m["name"], "uid": m["uid"],
                            "apiVersion": "v1", "resourceVersion": "1"},
         "reason": reason, "message": message, "source": {}, "firstTimestamp": None, "lastTimestamp": None,
         "type": type_, "eventTime": mts(first, name)}
    if series:
        e["series"] = {"count": series[0], "lastObservedTime": mts(series[1], name + "/last")}
    e.update({"action": action, "reportingComponent": "default-scheduler",
              "reportingInstance": "default-scheduler-control-plane-1"})
    return e


def scheduled(case, p, first):
    return sched_event(case, p, "Scheduled", "Successfully assigned %s/%s to %s" % (
        p["metadata"]["namespace"], p["metadata"]["name"], p["spec"]["nodeName"]), first, action="Binding")


def kubelet_start_events(case, p, c, first, last=None, count=1, pull_ago=None, version="v1.32.4"):
    """Pulled / Created / Started for container `c` of pod `p` (image already present)."""
    host = p["spec"]["nodeName"]
    fp = "spec.containers{%s}" % c["name"]
    created = ("Created container: %s" if version >= "v1.32" else "Created container %s") % c["name"]
    return [
        event(case, p, "Pulled", 'Container image "%s" already present on machine' % c["image"], host=host,
              first=first, last=last, count=count, field_path=fp),
        event(case, p, "Created", created, host=host, first=first, last=last, count=count, field_path=fp),
        event(case, p, "Started", "Started container %s" % c["name"], host=host, first=first, last=last,
              count=count, field_path=fp),
    ]


def backoff_event(case, p, c, first, last, count):
    return event(case, p, "BackOff", "Back-off restarting failed container %s in pod %s_%s(%s)" % (
        c["name"], p["metadata"]["name"], p["metadata"]["namespace"], p["metadata"]["uid"]), "Warning",
        host=p["spec"]["nodeName"], first=first, last=last, count=count,
        field_path="spec.containers{%s}" % c["name"])


def crashloop_message(p, c, backoff):
    return "back-off %s restarting failed container=%s pod=%s_%s(%s)" % (
        backoff, c["name"], p["metadata"]["name"], p["metadata"]["namespace"], p["metadata"]["uid"])


# --- output ------------------------------------------------------------------------------------

def write_scenario(root, sid, title, namespace, lists, logs=None, describe_nodes=None, version="v1.32.4"):
    sdir = os.path.join(root, "scenario")
    for sub in ("cluster", "logs"):
        d = os.path.join(sdir, sub)
        if os.path.isdir(d):
            for f in os.listdir(d):
                os.remove(os.path.join(d, f))
    os.makedirs(os.path.join(sdir, "cluster"), exist_ok=True)
    meta_ = {"id": sid, "title": title, "namespace": namespace, "now": NOW_TEXT, "serverVersion": version}
    if describe_nodes:
        meta_["describeNodes"] = describe_nodes
    meta_["clusterCreated"] = ts(5875200 + 600)
    _dump(os.path.join(sdir, "scenario.json"), meta_)
    for fname, items in lists.items():
        if items:
            _dump(os.path.join(sdir, "cluster", fname),
                  {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items})
    if logs:
        os.makedirs(os.path.join(sdir, "logs"), exist_ok=True)
        for fname, text in logs.items():
            with open(os.path.join(sdir, "logs", fname), "w") as f:
                f.write(text)


def _dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
