"""The post-mortem cases noisy-bundle, shared-dependency and pull-secret-missing (make-scenarios.py)."""
import base64
import os

from k8s import (backoff_event, container, crashloop_message, daemonset, deployment, event, http_probe, image_id,
                 kubelet_start_events, lease, meta, node, pod, pod_template, replicaset, scheduled, service,
                 statefulset, status_running, status_waiting, suffix, terminated, ts, uid, write_scenario)

DAY = 86400


def cluster_nodes(case, names):
    return [node(case, n, "10.0.1.%d" % (21 + i), "10.244.%d.0/24" % (i + 1)) for i, n in enumerate(names)]


def nip(nodes, name):
    return [n for n in nodes if n["metadata"]["name"] == name][0]["status"]["addresses"][0]["address"]


def pip(nodes, name, k):
    i = [n["metadata"]["name"] for n in nodes].index(name)
    return "10.244.%d.%d" % (i + 1, k)


def _init_done(c, seed, started, finished):
    """An init container that ran to completion."""
    last = terminated("Completed", 0, started, finished, seed)
    return {"name": c["name"], "state": last, "lastState": {}, "ready": True, "restartCount": 0,
            "image": c["image"], "imageID": image_id(c["image"]), "containerID": last["terminated"]["containerID"],
            "started": False}


def ds_tolerations():
    return [{"operator": "Exists"}] + [
        {"key": "node.kubernetes.io/%s" % k, "operator": "Exists", "effect": e}
        for k, e in (("not-ready", "NoExecute"), ("unreachable", "NoExecute"), ("disk-pressure", "NoSchedule"),
                     ("memory-pressure", "NoSchedule"), ("pid-pressure", "NoSchedule"),
                     ("unschedulable", "NoSchedule"), ("network-unavailable", "NoSchedule"))]


def daemon(case, ns, name, labels, containers_fn, nodes, created, init_fn=None, host_network=True,
           volumes=None, sa=None, priority="system-node-critical", ipbase=2):
    """A DaemonSet with one Running, Ready pod per node (every container started once, `created` ago)."""
    tmpl = pod_template(labels, containers_fn(), init_containers=init_fn() if init_fn else None, volumes=volumes,
                        tolerations=ds_tolerations(), sa=sa, priority=priority, host_network=host_network)
    ds = daemonset(case, ns, name, labels, tmpl, nodes, len(nodes), created)
    rev = suffix(10, case, "rev", ns, name)
    pods = []
    for i, n in enumerate(nodes):
        nn = n["metadata"]["name"]
        pname = name + "-" + suffix(5, case, "pod", name, nn)
        cs = containers_fn()
        ics = init_fn() if init_fn else None
        ip = nip(nodes, nn) if host_network else pip(nodes, nn, ipbase)
        init_st = None
        if ics:
            init_st = [(lambda c, k=k: _init_done(c, case + pname + c["name"], created - 3 - k, created - 4 - k))
                       for k, _ in enumerate(ics)]
        p = pod(case, ns, pname, ds, dict(labels, **{"controller-revision-hash": rev, "pod-template-generation": "1"}),
                cs, [(lambda c, pn=pname: status_running(c, pn, created - 8)) for _ in cs], node=nn,
                node_ip=nip(nodes, nn), pod_ip=ip, created=created, volumes=[dict(v) for v in (volumes or [])],
                init_containers=ics, init_statuses=init_st, sa=sa or "default", tolerations=ds_tolerations(),
                host_network=host_network, priority=(priority, 2000001000) if priority else None,
                generate_name=name + "-",
                extra_spec={"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In",
                                                            "values": [nn]}]}]}}}})
        pods.append(p)
    return ds, pods


def simple_deployment(case, ns, name, labels, containers_fn, nodes, node_names, created, replicas, ready_fns,
                      sa=None, priority=None, volumes=None, tolerations=None, ipbase=10, strategy=None,
                      pod_created=None, available=None, progress=None, env_labels=None):
    tmpl = pod_template(labels, containers_fn(), volumes=volumes, sa=sa, priority=priority, tolerations=tolerations)
    ready = sum(1 for f in ready_fns if f is not None and getattr(f, "ready", True))
    h = suffix(10, case, "hash", ns, name)
    if available is None:
        available = ("True", "MinimumReplicasAvailable", "Deployment has minimum availability.", created - 30,
                     created - 30)
    if progress is None:
        progress = ("True", "NewReplicaSetAvailable",
                    'ReplicaSet "%s-%s" has successfully progressed.' % (name, h), created - 30, created - 1)
    d = deployment(case, ns, name, labels, tmpl, replicas, ready, created, progress=progress, available=available,
                   strategy=strategy, extra_labels=env_labels)
    rs = replicaset(case, d, h, replicas, ready, created)
    pods = []
    for i in range(replicas):
        pname = rs["metadata"]["name"] + "-" + suffix(5, case, "pod", rs["metadata"]["name"], str(i))
        nn = node_names[i % len(node_names)]
        cs = containers_fn()
        p = pod(case, ns, pname, rs, dict(labels, **{"pod-template-hash": h}), cs,
                [(lambda c, pn=pname, f=ready_fns[i]: f(c, pn)) for _ in cs], node=nn, node_ip=nip(nodes, nn),
                pod_ip=pip(nodes, nn, ipbase + i), created=pod_created or created,
                volumes=[dict(v) for v in (volumes or [])], sa=sa or "default",
                tolerations=tolerations, priority=(priority, 2000000000) if priority else None)
        pods.append(p)
    return d, rs, pods


def running(started):
    return lambda c, pn: status_running(c, pn, started)


# ---------------------------------------------------------------------------------------------
# 5. noisy-bundle: one broken pod in shop (a Secret it reads is missing) in a cluster whose
#    system add-ons run, as they usually do, without limits or probes.
# ---------------------------------------------------------------------------------------------
def noisy_bundle(root):
    case = "noisy-bundle"
    nodes = cluster_nodes(case, ["node-1", "node-2", "node-3"])
    age = 40 * DAY
    ks = "kube-system"
    kp_vols = [{"name": "kube-proxy", "configMap": {"name": "kube-proxy", "defaultMode": 420}},
               {"name": "xtables-lock", "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}},
               {"name": "lib-modules", "hostPath": {"path": "/lib/modules", "type": ""}}]
    kube_proxy, kp_pods = daemon(
        case, ks, "kube-proxy", {"k8s-app": "kube-proxy"},
        lambda: [container("kube-proxy", "registry.k8s.io/kube-proxy:v1.32.4",
                           command=["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                    "--hostname-override=$(NODE_NAME)"],
                           env=[{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                                                 "fieldPath": "spec.nodeName"}}}],
                           mounts=[{"name": "kube-proxy", "mountPath": "/var/lib/kube-proxy"},
                                   {"name": "xtables-lock", "mountPath": "/run/xtables.lock"},
                                   {"name": "lib-modules", "readOnly": True, "mountPath": "/lib/modules"}],
                           security={"privileged": True})],
        nodes, age, volumes=kp_vols, sa="kube-proxy")
    fl_vols = [{"name": "run", "hostPath": {"path": "/run/flannel", "type": ""}},
               {"name": "cni-plugin", "hostPath": {"path": "/opt/cni/bin", "type": ""}},
               {"name": "cni", "hostPath": {"path": "/etc/cni/net.d", "type": ""}},
               {"name": "flannel-cfg", "configMap": {"name": "kube-flannel-cfg", "defaultMode": 420}},
               {"name": "xtables-lock", "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}}]
    flannel, fl_pods = daemon(
        case, "kube-flannel", "kube-flannel-ds", {"app": "flannel", "k8s-app": "flannel"},
        lambda: [container("kube-flannel", "ghcr.io/flannel-io/flannel:v0.26.1", command=["/opt/bin/flanneld"],
                           args=["--ip-masq", "--kube-subnet-mgr"],
                           env=[{"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                                                "fieldPath": "metadata.name"}}},
                                {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {
                                    "apiVersion": "v1", "fieldPath": "metadata.namespace"}}},
                                {"name": "EVENT_QUEUE_DEPTH", "value": "5000"}],
                           resources={"requests": {"cpu": "100m", "memory": "50Mi"}},
                           mounts=[{"name": "run", "mountPath": "/run/flannel"},
                                   {"name": "flannel-cfg", "mountPath": "/etc/kube-flannel/"},
                                   {"name": "xtables-lock", "mountPath": "/run/xtables.lock"}],
                           security={"privileged": False, "capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}})],
        nodes, age, volumes=fl_vols, sa="flannel",
        init_fn=lambda: [container("install-cni-plugin", "ghcr.io/flannel-io/flannel-cni-plugin:v1.5.1-flannel2",
                                   command=["cp"], args=["-f", "/flannel", "/opt/cni/bin/flannel"],
                                   mounts=[{"name": "cni-plugin", "mountPath": "/opt/cni/bin"}]),
                         container("install-cni", "ghcr.io/flannel-io/flannel:v0.26.1", command=["cp"],
                                   args=["-f", "/etc/kube-flannel/cni-conf.json", "/etc/cni/net.d/10-flannel.conflist"],
                                   mounts=[{"name": "cni", "mountPath": "/etc/cni/net.d"},
                                           {"name": "flannel-cfg", "mountPath": "/etc/kube-flannel/"}])])
    dns_vols = [{"name": "config-volume", "configMap": {"name": "coredns", "items": [
        {"key": "Corefile", "path": "Corefile"}], "defaultMode": 420}}]
    coredns, crs, dns_pods = simple_deployment(
        case, ks, "coredns", {"k8s-app": "kube-dns"},
        lambda: [container("coredns", "registry.k8s.io/coredns/coredns:v1.11.3", args=["-conf", "/etc/coredns/Corefile"],
                           ports=[{"name": "dns", "containerPort": 53, "protocol": "UDP"},
                                  {"name": "dns-tcp", "containerPort": 53, "protocol": "TCP"},
                                  {"name": "metrics", "containerPort": 9153, "protocol": "TCP"}],
                           resources={"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                           probes={"livenessProbe": http_probe("/health", 8080, delay=60, timeout=5, failure=5),
                                   "readinessProbe": http_probe("/ready", 8181)},
                           mounts=[{"name": "config-volume", "readOnly": True, "mountPath": "/etc/coredns"}],
                           security={"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
                                     "readOnlyRootFilesystem": True, "allowPrivilegeEscalation": False})],
        nodes, ["node-1", "node-2"], age, 2, [running(age - 9), running(age - 9)], sa="coredns",
        priority="system-cluster-critical", volumes=dns_vols, ipbase=2,
        tolerations=[{"key": "CriticalAddonsOnly", "operator": "Exists"},
                     {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}] +
        [{"key": "node.kubernetes.io/%s" % k, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
         for k in ("not-ready", "unreachable")],
        strategy={"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": "25%"}},
        env_labels={"k8s-app": "kube-dns"})
    ms, msrs, ms_pods = simple_deployment(
        case, ks, "metrics-server", {"k8s-app": "metrics-server"},
        lambda: [container("metrics-server", "registry.k8s.io/metrics-server/metrics-server:v0.7.2",
                           args=["--cert-dir=/tmp", "--secure-port=10250",
                                 "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                                 "--kubelet-use-node-status-port", "--metric-resolution=15s"],
                           ports=[{"name": "https", "containerPort": 10250, "protocol": "TCP"}],
                           resources={"requests": {"cpu": "100m", "memory": "200Mi"}},
                           probes={"livenessProbe": http_probe("/livez", "https", scheme="HTTPS"),
                                   "readinessProbe": http_probe("/readyz", "https", scheme="HTTPS", delay=20)},
                           mounts=[{"name": "tmp-dir", "mountPath": "/tmp"}],
                           security={"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                     "runAsNonRoot": True, "runAsUser": 1000,
                                     "seccompProfile": {"type": "RuntimeDefault"},
                                     "capabilities": {"drop": ["ALL"]}})],
        nodes, ["node-3"], age, 1, [running(age - 9)], sa="metrics-server", priority="system-cluster-critical",
        volumes=[{"name": "tmp-dir", "emptyDir": {}}], ipbase=3)
    lpp, lprs, lp_pods = simple_deployment(
        case, ks, "local-path-provisioner", {"app": "local-path-provisioner"},
        lambda: [container("local-path-provisioner", "docker.io/rancher/local-path-provisioner:v0.0.30",
                           command=["local-path-provisioner", "--debug", "start", "--config",
                                    "/etc/config/config.json"],
                           env=[{"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {
                               "apiVersion": "v1", "fieldPath": "metadata.namespace"}}},
                               {"name": "CONFIG_MOUNT_PATH", "value": "/etc/config/"}],
                           mounts=[{"name": "config-volume", "mountPath": "/etc/config/"}])],
        nodes, ["node-1"], age, 1, [running(age - 9)], sa="local-path-provisioner-service-account",
        volumes=[{"name": "config-volume", "configMap": {"name": "local-path-config", "defaultMode": 420}}], ipbase=4)

    shop = "shop"
    web, wrs, web_pods = simple_deployment(
        case, shop, "storefront", {"app.kubernetes.io/name": "storefront"},
        lambda: [container("storefront", "registry.example.com/shop/storefront:latest", pull="Always",
                           ports=[{"name": "http", "containerPort": 3000, "protocol": "TCP"}])],
        nodes, ["node-2", "node-3"], 12 * DAY, 2, [running(12 * DAY - 20), running(12 * DAY - 20)], ipbase=20)
    created = 1260
    orders_c = lambda: [container(  # noqa: E731
        "orders", "registry.example.com/shop/orders:4.2.0",
        ports=[{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        env=[{"name": "DB_HOST", "value": "orders-db.shop.svc"},
             {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "orders-db", "key": "password"}}}],
        resources={"limits": {"cpu": "1", "memory": "512Mi"}, "requests": {"cpu": "250m", "memory": "512Mi"}},
        probes={"livenessProbe": http_probe("/healthz", "http", delay=10),
                "readinessProbe": http_probe("/ready", "http", delay=5)})]
    labels = {"app.kubernetes.io/name": "orders"}
    h = suffix(10, case, "hash", shop, "orders")
    od = deployment(case, shop, "orders", labels, pod_template(labels, orders_c()), 1, 0, 40 * DAY,
                    available=("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.",
                               created, created),
                    progress=("True", "ReplicaSetUpdated", 'ReplicaSet "orders-%s" is progressing.' % h, created,
                              created), revision="7")
    ors = replicaset(case, od, h, 1, 0, created, revision="7")
    pname = ors["metadata"]["name"] + "-" + suffix(5, case, "pod", "orders")
    cs = orders_c()
    msg = 'secret "orders-db" not found'
    op = pod(case, shop, pname, ors, dict(labels, **{"pod-template-hash": h}), cs,
             [lambda c: status_waiting(c, pname, "CreateContainerConfigError", msg, pulled=False)],
             node="node-1", node_ip=nip(nodes, "node-1"), pod_ip=pip(nodes, "node-1", 31), phase="Pending",
             created=created)
    oc = op["spec"]["containers"][0]
    events = [
        event(case, od, "ScalingReplicaSet", "Scaled up replica set %s from 0 to 1" % ors["metadata"]["name"],
              component="deployment-controller", first=created + 1),
        event(case, ors, "SuccessfulCreate", "Created pod: " + pname, component="replicaset-controller",
              first=created),
        scheduled(case, op, created),
        event(case, op, "Pulling", 'Pulling image "%s"' % oc["image"], host="node-1", first=created - 1,
              field_path="spec.containers{orders}"),
        event(case, op, "Pulled", 'Successfully pulled image "%s" in 2.113s (2.113s including waiting). Image size: '
              '24518310 bytes.' % oc["image"], host="node-1", first=created - 3, field_path="spec.containers{orders}"),
        event(case, op, "Failed", "Error: " + msg, "Warning", host="node-1", first=created - 3, last=14, count=98,
              field_path="spec.containers{orders}"),
        event(case, op, "Pulled", 'Container image "%s" already present on machine' % oc["image"], host="node-1",
              first=created - 16, last=14, count=97, field_path="spec.containers{orders}"),
    ]
    for n in nodes:
        events.append(event(case, n, "RegisteredNode", "Node %s event: Registered Node %s in Controller" % (
            n["metadata"]["name"], n["metadata"]["name"]), component="node-controller", first=1700, ns="default"))
    logs = {}
    for p in kp_pods:
        logs[p["metadata"]["name"] + ".kube-proxy.log"] = (
            'I0110 11:31:42.512208       1 server_linux.go:66] "Using iptables proxy"\n'
            'I0110 11:31:42.600114       1 server.go:698] "Successfully retrieved node IP(s)" IPs=["%s"]\n'
            'I0110 11:31:42.731305       1 shared_informer.go:320] Caches are synced for service config\n'
            % p["status"]["hostIP"])
    for p in fl_pods:
        logs[p["metadata"]["name"] + ".kube-flannel.log"] = (
            "I0110 11:31:44.108411       1 main.go:212] CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,"
            "http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: "
            "etcdUsername: etcdPassword: version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel"
            ".alpha.coreos.com kubeConfigFile: iface:[] ifaceRegex:[] ipMasq:true ifaceCanReach: subnetFile:/run/"
            "flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 "
            "iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json "
            "setNodeNetworkUnavailable:true}\n"
            "I0110 11:31:44.412091       1 main.go:416] Current network or subnet (10.244.0.0/16, %s) is not equal "
            "to previous one (0.0.0.0/0, 0.0.0.0/0), trying to recycle old iptables rules\n"
            % p["spec"].get("nodeName", ""))
        for ic in ("install-cni-plugin", "install-cni"):
            logs[p["metadata"]["name"] + "." + ic + ".log"] = ""
    for p in dns_pods:
        logs[p["metadata"]["name"] + ".coredns.log"] = (
            ".:53\n[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d"
            "94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908\n"
            "CoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n")
    for p in ms_pods:
        logs[p["metadata"]["name"] + ".metrics-server.log"] = (
            'I0110 11:31:52.208113       1 serving.go:374] Generated self-signed cert (/tmp/apiserver.crt, '
            '/tmp/apiserver.key)\nI0110 11:31:53.001842       1 secure_serving.go:213] Serving securely on '
            '[::]:10250\n')
    for p in lp_pods:
        logs[p["metadata"]["name"] + ".local-path-provisioner.log"] = (
            'time="2026-01-10T11:31:47Z" level=debug msg="Applied config: {\\"nodePathMap\\":[{\\"node\\":'
            '\\"DEFAULT_PATH_FOR_NON_LISTED_NODES\\",\\"paths\\":[\\"/opt/local-path-provisioner\\"]}]}"\n'
            'time="2026-01-10T11:31:47Z" level=debug msg="Provisioner started"\n')
    for p in web_pods:
        logs[p["metadata"]["name"] + ".storefront.log"] = "> storefront@3.9.1 start\n> node server.js\n\nlistening on :3000\n"
    write_scenario(os.path.join(root, case), case,
                   "one broken pod in shop (orders: Secret orders-db missing, CreateContainerConfigError) in a "
                   "cluster whose add-ons (kube-proxy, flannel, coredns, metrics-server, local-path-provisioner) "
                   "and storefront run without limits or probes", shop,
                   {"nodes.json": nodes, "leases.json": [lease(case, n) for n in nodes],
                    "daemonsets.json": [kube_proxy, flannel],
                    "deployments.json": [coredns, ms, lpp, web, od], "replicasets.json": [crs, msrs, lprs, wrs, ors],
                    "pods.json": kp_pods + fl_pods + dns_pods + ms_pods + lp_pods + web_pods + [op],
                    "services.json": [
                        service(case, ks, "kube-dns", {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                                       "kubernetes.io/name": "CoreDNS"}, {"k8s-app": "kube-dns"},
                                "10.96.0.10", [{"name": "dns", "protocol": "UDP", "port": 53, "targetPort": 53},
                                               {"name": "dns-tcp", "protocol": "TCP", "port": 53, "targetPort": 53},
                                               {"name": "metrics", "protocol": "TCP", "port": 9153,
                                                "targetPort": 9153}], age),
                        service(case, ks, "metrics-server", {"k8s-app": "metrics-server"}, {"k8s-app": "metrics-server"},
                                "10.96.141.7", [{"name": "https", "protocol": "TCP", "port": 443,
                                                 "targetPort": "https"}], age),
                        service(case, shop, "storefront", {"app.kubernetes.io/name": "storefront"},
                                {"app.kubernetes.io/name": "storefront"}, "10.96.77.20",
                                [{"name": "http", "protocol": "TCP", "port": 80, "targetPort": "http"}], 12 * DAY),
                        service(case, shop, "orders", {"app.kubernetes.io/name": "orders"},
                                {"app.kubernetes.io/name": "orders"}, "10.96.77.31",
                                [{"name": "http", "protocol": "TCP", "port": 80, "targetPort": "http"}], 40 * DAY)],
                    "events.json": events}, logs=logs, describe_nodes=["node-1"])


# ---------------------------------------------------------------------------------------------
# 6. shared-dependency: orders, billing and inventory crash on the same refused connection to
#    postgres.shop.svc (10.96.12.7:5432); postgres-0 crash-loops, so the Service has no ready
#    endpoint (Endpoints: notReadyAddresses only).
# ---------------------------------------------------------------------------------------------
def shared_dependency(root):
    case, ns = "shared-dependency", "shop"
    nodes = cluster_nodes(case, ["worker-1", "worker-2", "worker-3"])
    pg_ip = "10.96.12.7"
    logs, events, pods, deps, rss = {}, [], [], [], []

    # postgres-0: initdb refuses the volume's lost+found.
    pg_labels = {"app.kubernetes.io/name": "postgres"}
    pg_c = lambda: [container(  # noqa: E731
        "postgres", "postgres:16.4", ports=[{"name": "postgres", "containerPort": 5432, "protocol": "TCP"}],
        env=[{"name": "POSTGRES_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "postgres", "key": "password"}}}],
        resources={"limits": {"memory": "2Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}},
        probes={"readinessProbe": {"exec": {"command": ["pg_isready", "-U", "postgres"]}, "initialDelaySeconds": 5,
                                   "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
                                   "failureThreshold": 3}},
        mounts=[{"name": "data", "mountPath": "/var/lib/postgresql/data"}])]
    claims = [{"apiVersion": "v1", "kind": "PersistentVolumeClaim",
               "metadata": {"name": "data", "creationTimestamp": None},
               "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}},
                        "storageClassName": "gp3", "volumeMode": "Filesystem"}, "status": {"phase": "Pending"}}]
    rev = "postgres-" + suffix(10, case, "rev")
    sts = statefulset(case, ns, "postgres", pg_labels, pod_template(pg_labels, pg_c()), 1, 0, 1900, "postgres",
                      claims=claims, rev=rev)
    pg_created = 1880
    pg_last = terminated("Error", 1, 95, 94, case + "/postgres")
    pg = pod(case, ns, "postgres-0", sts, dict(pg_labels, **{"apps.kubernetes.io/pod-index": "0",
                                                           "controller-revision-hash": rev,
                                                           "statefulset.kubernetes.io/pod-name": "postgres-0"}),
             pg_c(), [lambda c: status_waiting(c, "postgres-0", "CrashLoopBackOff", crashloop_message(
                 {"metadata": {"name": "postgres-0", "namespace": ns, "uid": uid(case, "Pod", ns, "postgres-0")}},
                 c, "5m0s"), restarts=7, last=pg_last)],
             node="worker-3", node_ip=nip(nodes, "worker-3"), pod_ip=pip(nodes, "worker-3", 15), created=pg_created,
             volumes=[{"name": "data", "persistentVolumeClaim": {"claimName": "data-postgres-0"}}],
             generate_name="postgres-",
             extra_spec={"hostname": "postgres-0", "subdomain": "postgres"})
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
           "metadata": meta(case, "PersistentVolumeClaim", "data-postgres-0", ns=ns, created=1890,
                            labels=pg_labels, annotations={"pv.kubernetes.io/bind-completed": "yes",
                                                           "pv.kubernetes.io/bound-by-controller": "yes",
                                                           "volume.kubernetes.io/selected-node": "worker-3",
                                                           "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com"},
                            finalizers=["kubernetes.io/pvc-protection"]),
           "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}},
                    "storageClassName": "gp3", "volumeName": "pvc-" + uid(case, "pv"), "volumeMode": "Filesystem"},
           "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "20Gi"}}}
    pgc = pg["spec"]["containers"][0]
    events += [event(case, sts, "SuccessfulCreate", "create Pod postgres-0 in StatefulSet postgres successful",
                     component="statefulset-controller", first=pg_created),
               scheduled(case, pg, pg_created)]
    events += kubelet_start_events(case, pg, pgc, pg_created - 20, last=95, count=8)
    events.append(backoff_event(case, pg, pgc, pg_created - 40, 6, 160))
    logs["postgres-0.postgres.previous.log"] = (
        "The files belonging to this database system will be owned by user \"postgres\".\n"
        "This user must also own the server process.\n\n"
        "The database cluster will be initialized with locale \"en_US.utf8\".\n"
        "The default database encoding has accordingly been set to \"UTF8\".\n"
        "The default text search configuration will be set to \"english\".\n\n"
        "Data page checksums are disabled.\n\n"
        "initdb: error: directory \"/var/lib/postgresql/data\" exists but is not empty\n"
        "initdb: detail: It contains a lost+found directory, perhaps due to it being a mount point.\n"
        "initdb: hint: Using a mount point directly as the data directory is not recommended.\n"
        "Create a subdirectory under the mount point.\n")
    svc = service(case, ns, "postgres", pg_labels, pg_labels, pg_ip,
                  [{"name": "postgres", "protocol": "TCP", "port": 5432, "targetPort": 5432}], 1900)
    ep = {"apiVersion": "v1", "kind": "Endpoints",
          "metadata": dict(meta(case, "Endpoints", "postgres", ns=ns, created=1900, labels=pg_labels),
                           annotations={"endpoints.kubernetes.io/last-change-trigger-time": ts(94)}),
          "subsets": [{"notReadyAddresses": [{"ip": pg["status"]["podIP"], "hostname": "postgres-0",
                                              "nodeName": "worker-3",
                                              "targetRef": {"kind": "Pod", "namespace": ns, "name": "postgres-0",
                                                            "uid": pg["metadata"]["uid"]}}],
                       "ports": [{"name": "postgres", "port": 5432, "protocol": "TCP"}]}]}
    eps = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
           "metadata": dict(meta(case, "EndpointSlice", "postgres-" + suffix(5, case, "eps"), ns=ns, created=1900,
                                 labels={"endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                                         "kubernetes.io/service-name": "postgres", **pg_labels},
                                 owner=svc, generateName="postgres-"),
                            annotations={"endpoints.kubernetes.io/last-change-trigger-time": ts(94)}),
           "addressType": "IPv4",
           "endpoints": [{"addresses": [pg["status"]["podIP"]],
                          "conditions": {"ready": False, "serving": False, "terminating": False},
                          "hostname": "postgres-0",
                          "targetRef": {"kind": "Pod", "namespace": ns, "name": "postgres-0",
                                        "uid": pg["metadata"]["uid"]}, "nodeName": "worker-3"}],
           "ports": [{"name": "postgres", "protocol": "TCP", "port": 5432}]}
    eps["metadata"]["ownerReferences"][0]["blockOwnerDeletion"] = True
    pods.append(pg)

    # The three clients: crash at start-up when the database refuses the connection.
    clients = [
        ("orders", "registry.example.com/shop/orders:4.2.0", 2, ["worker-1", "worker-2"], 20, lambda t, ip: (
            "%s orders-api 4.2.0 starting\n"
            "%s connecting to postgres at postgres.shop.svc:5432\n"
            "%s failed to open database: dial tcp %s:5432: connect: connection refused\n"
            % (t[0], t[0], t[1], pg_ip))),
        ("billing", "registry.example.com/shop/billing:1.9.3", 1, ["worker-2"], 30, lambda t, ip: (
            "[%s] INFO billing.app: starting billing worker 1.9.3\n"
            "Traceback (most recent call last):\n"
            "  File \"/app/billing/main.py\", line 41, in <module>\n"
            "    db = connect(settings.DATABASE_URL)\n"
            "  File \"/app/billing/db.py\", line 18, in connect\n"
            "    return psycopg2.connect(dsn, connect_timeout=5)\n"
            "  File \"/usr/local/lib/python3.11/site-packages/psycopg2/__init__.py\", line 122, in connect\n"
            "    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)\n"
            "psycopg2.OperationalError: could not connect to server: Connection refused\n"
            "\tIs the server running on host \"postgres.shop.svc\" (%s) and accepting\n"
            "\tTCP/IP connections on port 5432?\n\n" % (t[2], pg_ip))),
        ("inventory", "registry.example.com/shop/inventory:5.1.0", 1, ["worker-1"], 40, lambda t, ip: (
            "%s inventory 5.1.0 starting\n"
            "%s failed to connect to `host=postgres.shop.svc user=inventory database=inventory`: dial error "
            "(dial tcp %s:5432: connect: connection refused)\n" % (t[0], t[1], pg_ip))),
    ]
    for k, (name, image, replicas, node_names, ipbase, log) in enumerate(clients):
        labels = {"app.kubernetes.io/name": name}
        mkc = lambda name=name, image=image: [container(  # noqa: E731
            name, image, ports=[{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
            env=[{"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": name + "-db", "key": "url"}}}],
            resources={"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "256Mi"}},
            probes={"readinessProbe": http_probe("/ready", "http", delay=5)})]
        h = suffix(10, case, "hash", ns, name)
        created = 1700 - 30 * k
        d = deployment(case, ns, name, labels, pod_template(labels, mkc()), replicas, 0, 30 * DAY,
                       available=("False", "MinimumReplicasUnavailable",
                                  "Deployment does not have minimum availability.", created, created),
                       progress=("True", "ReplicaSetUpdated", 'ReplicaSet "%s-%s" is progressing.' % (name, h),
                                 created, created), revision="12")
        rs = replicaset(case, d, h, replicas, 0, created, revision="12")
        deps.append(d)
        rss.append(rs)
        events.append(event(case, d, "ScalingReplicaSet", "Scaled up replica set %s-%s from 0 to %d" % (
            name, h, replicas), component="deployment-controller", first=created + 1))
        for i in range(replicas):
            pname = "%s-%s-%s" % (name, h, suffix(5, case, "pod", name, str(i)))
            fin = 70 - 11 * k - 3 * i
            last = terminated("Error", 1, fin + 1, fin, case + pname)
            nn = node_names[i]
            p = pod(case, ns, pname, rs, dict(labels, **{"pod-template-hash": h}), mkc(),
                    [lambda c, pname=pname, last=last: status_waiting(c, pname, "CrashLoopBackOff", crashloop_message(
                        {"metadata": {"name": pname, "namespace": ns, "uid": uid(case, "Pod", ns, pname)}}, c, "5m0s"),
                        restarts=7, last=last)],
                    node=nn, node_ip=nip(nodes, nn), pod_ip=pip(nodes, nn, ipbase + i), created=created)
            pods.append(p)
            c = p["spec"]["containers"][0]
            events += [event(case, rs, "SuccessfulCreate", "Created pod: " + pname, component="replicaset-controller",
                             first=created),
                       scheduled(case, p, created)]
            events += kubelet_start_events(case, p, c, created - 2, last=fin + 1, count=8)
            events.append(backoff_event(case, p, c, created - 12, 4 + i, 150 - 10 * k))
            t0, t1 = ts(fin + 1), ts(fin)
            go = lambda t: t[:10].replace("-", "/") + " " + t[11:19]  # noqa: E731
            py = t0[:10] + " " + t0[11:19] + ",412"
            logs["%s.%s.previous.log" % (pname, name)] = log([go(t0), go(t1), py], None)
    def secret(name, data):
        return {"apiVersion": "v1", "kind": "Secret", "metadata": meta(case, "Secret", name, ns=ns, created=30 * DAY),
                "data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}, "type": "Opaque"}

    secrets = [secret("postgres", {"password": "pg-" + uid(case, "pw")[:13]})]
    for name, *_ in clients:
        secrets.append(secret(name + "-db", {"url": "postgres://%s:%s@postgres.shop.svc:5432/%s" % (
            name, uid(case, "pw", name)[:13], name)}))
    write_scenario(os.path.join(root, case), case,
                   "orders, billing and inventory crash at start-up: postgres.shop.svc (10.96.12.7:5432) refuses "
                   "connections, its only pod postgres-0 crash-loops (initdb: data directory not empty)", ns,
                   {"nodes.json": nodes, "leases.json": [lease(case, n) for n in nodes],
                    "statefulsets.json": [sts], "deployments.json": deps, "replicasets.json": rss,
                    "pods.json": pods, "services.json": [svc], "endpoints.json": [ep], "endpointslices.json": [eps],
                    "persistentvolumeclaims.json": [pvc], "secrets.json": secrets, "events.json": events}, logs=logs,
                   describe_nodes=[])


# ---------------------------------------------------------------------------------------------
# 7. pull-secret-missing: payments-api names imagePullSecrets regcred, which does not exist in
#    its namespace; the private registry answers the anonymous pull with 401.
# ---------------------------------------------------------------------------------------------
def pull_secret_missing(root):
    case, ns = "pull-secret-missing", "payments"
    nodes = cluster_nodes(case, ["worker-1", "worker-2"])
    name, image = "payments-api", "registry.example.com/payments/api:2.3.1"
    labels = {"app.kubernetes.io/name": name}
    mkc = lambda: [container(  # noqa: E731
        name, image, ports=[{"name": "http", "containerPort": 8443, "protocol": "TCP"}],
        env=[{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "payments-db", "key": "password"}}}],
        resources={"limits": {"cpu": "1", "memory": "512Mi"}, "requests": {"cpu": "250m", "memory": "512Mi"}},
        probes={"readinessProbe": http_probe("/ready", "http", delay=5)})]
    h = suffix(10, case, "hash", ns, name)
    created = 720
    d = deployment(case, ns, name, labels, pod_template(labels, mkc(), pull_secrets=["regcred"]), 1, 0, created + 1,
                   available=("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.",
                              created, created),
                   progress=("True", "ReplicaSetUpdated", 'ReplicaSet "%s-%s" is progressing.' % (name, h), created,
                             created))
    rs = replicaset(case, d, h, 1, 0, created)
    pname = "%s-%s-%s" % (name, h, suffix(5, case, "pod"))
    p = pod(case, ns, pname, rs, dict(labels, **{"pod-template-hash": h}), mkc(),
            [lambda c: status_waiting(c, pname, "ImagePullBackOff", 'Back-off pulling image "%s"' % image,
                                      pulled=False)],
            node="worker-1", node_ip=nip(nodes, "worker-1"), pod_ip=pip(nodes, "worker-1", 12), phase="Pending",
            created=created, pull_secrets=["regcred"])
    fp = "spec.containers{%s}" % name
    pull_err = ('Failed to pull image "{i}": rpc error: code = Unknown desc = failed to pull and unpack image "{i}": '
                'failed to resolve reference "{i}": failed to authorize: failed to fetch anonymous token: unexpected '
                'status from GET request to https://registry.example.com/token?scope=repository%3Apayments%2Fapi%3A'
                'pull&service=registry.example.com: 401 Unauthorized').format(i=image)
    events = [
        event(case, d, "ScalingReplicaSet", "Scaled up replica set %s-%s from 0 to 1" % (name, h),
              component="deployment-controller", first=created + 1),
        event(case, rs, "SuccessfulCreate", "Created pod: " + pname, component="replicaset-controller", first=created),
        scheduled(case, p, created),
        event(case, p, "FailedToRetrieveImagePullSecret",
              "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.",
              "Warning", host="worker-1", first=created - 1, last=8, count=52),
        event(case, p, "Pulling", 'Pulling image "%s"' % image, host="worker-1", first=created - 1, last=160, count=8,
              field_path=fp),
        event(case, p, "Failed", pull_err, "Warning", host="worker-1", first=created - 2, last=159, count=8,
              field_path=fp),
        event(case, p, "Failed", "Error: ErrImagePull", "Warning", host="worker-1", first=created - 2, last=159,
              count=8, field_path=fp),
        event(case, p, "BackOff", 'Back-off pulling image "%s"' % image, host="worker-1", first=created - 3, last=8,
              count=44, field_path=fp),
        event(case, p, "Failed", "Error: ImagePullBackOff", "Warning", host="worker-1", first=created - 3, last=8,
              count=44, field_path=fp),
    ]
    secret = {"apiVersion": "v1", "kind": "Secret",
              "metadata": meta(case, "Secret", "payments-db", ns=ns, created=90 * DAY),
              "data": {"password": base64.b64encode(b"s3cr3t-payments-db-pw").decode(),
                       "username": base64.b64encode(b"payments").decode()},
              "type": "Opaque"}
    svc = service(case, ns, name, labels, labels, "10.96.40.12",
                  [{"name": "https", "protocol": "TCP", "port": 443, "targetPort": "http"}], 90 * DAY)
    write_scenario(os.path.join(root, case), case,
                   "payments-api names imagePullSecrets regcred, which does not exist: the kubelet pulls anonymously "
                   "and the private registry answers 401", ns,
                   {"nodes.json": nodes, "leases.json": [lease(case, n) for n in nodes], "deployments.json": [d],
                    "replicasets.json": [rs], "pods.json": [p], "services.json": [svc], "secrets.json": [secret],
                    "events.json": events}, describe_nodes=[])
