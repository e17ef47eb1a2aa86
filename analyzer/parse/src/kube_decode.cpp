#include "kube_decode.h"

#include <algorithm>

#include "kubesift/core/parallel.h"
#include "kubesift/core/text.h"
#include "layout.h"

namespace kubesift::parse {
namespace {

// Lists of at least twice this many items are decoded in pieces this long.
constexpr size_t kItemsPerPiece = 512;

using model::SourceRef;

struct Ctx {
  model::DocId doc;
  std::shared_ptr<const model::Tree> tree;
  uint32_t source_line = 0;  // the Helm "# Source:" line of the document
  std::string_view kind;     // the object's kind, written or inferred
  // Cites the key of a member (`image: nginx` → the `image:` key) and the
  // value itself otherwise.
  SourceRef at(model::Value n) const {
    return n ? SourceRef{doc, n.cite_line(), n.cite_col()} : SourceRef{};
  }
};

long long to_ll(std::string_view s, long long fallback = 0) {
  long long v;
  return text::to_int(s, v) ? v : fallback;
}

void set_str(model::Sourced<std::string>& dst, model::Value parent, std::string_view key,
             const Ctx& c) {
  model::Value n = parent.get(key);
  if (n.is_scalar()) dst.set(std::string(n.scalar()), c.at(n));
}

void set_ll(model::Sourced<long long>& dst, model::Value parent, std::string_view key,
            const Ctx& c) {
  model::Value n = parent.get(key);
  long long v;
  if (n.is_scalar() && text::to_int(n.scalar(), v)) dst.set(v, c.at(n));
}

std::map<std::string, std::string> str_map(model::Value n) {
  std::map<std::string, std::string> m;
  if (n && n.is_map())
    for (model::Value v : n)
      if (v.is_scalar()) m[std::string(v.key())] = std::string(v.scalar());
  return m;
}

model::ObjectMeta decode_meta(model::Value obj, const Ctx& c) {
  model::ObjectMeta m;
  m.api_version = std::string(obj.str("apiVersion"));
  m.kind = std::string(c.kind.empty() ? obj.str("kind") : c.kind);
  model::Value md = obj.get("metadata");
  m.at = c.at(obj);
  if (c.source_line) m.template_at = {c.doc, c.source_line, 1};
  if (!md) return m;
  m.ns = std::string(md.str("namespace"));
  m.name = std::string(md.str("name"));
  if (m.name.empty()) m.name = std::string(md.str("generateName"));
  m.uid = std::string(md.str("uid"));
  m.labels = str_map(md.get("labels"));
  m.annotations = str_map(md.get("annotations"));
  if (model::Value n = md.get("name")) m.at = c.at(n);
  if (model::Value owners = md.get("ownerReferences"); owners && owners.is_seq()) {
    for (model::Value o : owners) {
      model::OwnerRef r;
      r.kind = std::string(o.str("kind"));
      r.name = std::string(o.str("name"));
      r.uid = std::string(o.str("uid"));
      r.controller = o.get("controller").is_true();
      m.owners.push_back(std::move(r));
    }
  }
  return m;
}

std::vector<std::string> str_list(model::Value n) {
  std::vector<std::string> v;
  if (n && n.is_seq())
    for (model::Value e : n)
      if (e.is_scalar()) v.emplace_back(e.scalar());
  return v;
}

std::optional<model::Probe> decode_probe(model::Value n, const Ctx& c) {
  if (!n || !n.is_map()) return std::nullopt;
  model::Probe p;
  p.at = c.at(n);
  if (model::Value h = n.get("httpGet")) {
    p.handler = "httpGet";
    p.port = std::string(h.str("port"));
    p.path = std::string(h.str("path"));
    p.host = std::string(h.str("host"));
    p.scheme = std::string(h.str("scheme"));
  } else if (model::Value t = n.get("tcpSocket")) {
    p.handler = "tcpSocket";
    p.port = std::string(t.str("port"));
    p.host = std::string(t.str("host"));
  } else if (model::Value g = n.get("grpc")) {
    p.handler = "grpc";
    p.port = std::string(g.str("port"));
  } else if (model::Value e = n.get("exec")) {
    p.handler = "exec";
    p.command = str_list(e.get("command"));
  }
  // Cite the port when there is one: it is what a finding about the probe
  // is usually about.
  for (const char* h : {"httpGet", "tcpSocket", "grpc"})
    if (model::Value hn = n.get(h))
      if (model::Value port = hn.get("port")) p.at = c.at(port);
  p.initial_delay = to_ll(n.str("initialDelaySeconds"), 0);
  p.timeout = to_ll(n.str("timeoutSeconds"), 1);
  p.period = to_ll(n.str("periodSeconds"), 10);
  p.success_threshold = to_ll(n.str("successThreshold"), 1);
  p.failure_threshold = to_ll(n.str("failureThreshold"), 3);
  return p;
}

model::ContainerSpec decode_container(model::Value n, bool init, const Ctx& c) {
  model::ContainerSpec s;
  s.name = std::string(n.str("name"));
  s.init = init;
  s.at = c.at(n.get("name") ? n.get("name") : n);
  set_str(s.image, n, "image", c);
  s.command = str_list(n.get("command"));
  s.command_at = c.at(n.get("command"));
  s.args = str_list(n.get("args"));
  s.args_at = c.at(n.get("args"));
  s.ports_known = true;
  if (model::Value ports = n.get("ports"); ports && ports.is_seq()) {
    for (model::Value p : ports) {
      model::ContainerPort cp;
      cp.port = to_ll(p.str("containerPort"));
      cp.name = std::string(p.str("name"));
      cp.protocol = std::string(p.str("protocol"));
      cp.at = c.at(p.get("containerPort") ? p.get("containerPort") : p);
      s.ports.push_back(std::move(cp));
    }
  }
  s.env_known = true;
  if (model::Value env = n.get("env"); env && env.is_seq()) {
    for (model::Value e : env) {
      model::EnvVar v;
      v.name = std::string(e.str("name"));
      v.value = std::string(e.str("value"));
      v.at = c.at(e.get("name") ? e.get("name") : e);
      if (model::Value vf = e.get("valueFrom")) {
        if (model::Value r = vf.get("configMapKeyRef")) {
          v.from_kind = "ConfigMap";
          v.from_name = std::string(r.str("name"));
          v.from_key = std::string(r.str("key"));
          v.optional = r.get("optional").is_true();
        } else if (model::Value r2 = vf.get("secretKeyRef")) {
          v.from_kind = "Secret";
          v.from_name = std::string(r2.str("name"));
          v.from_key = std::string(r2.str("key"));
          v.optional = r2.get("optional").is_true();
        } else if (model::Value r3 = vf.get("fieldRef")) {
          v.from_kind = "Field";
          v.from_key = std::string(r3.str("fieldPath"));
        } else if (model::Value r4 = vf.get("resourceFieldRef")) {
          v.from_kind = "Resource";
          v.from_key = std::string(r4.str("resource"));
        }
      }
      s.env.push_back(std::move(v));
    }
  }
  if (model::Value ef = n.get("envFrom"); ef && ef.is_seq()) {
    for (model::Value e : ef) {
      model::EnvFromSource f;
      f.prefix = std::string(e.str("prefix"));
      f.at = c.at(e);
      if (model::Value r = e.get("configMapRef")) {
        f.kind = "ConfigMap";
        f.name = std::string(r.str("name"));
        f.optional = r.get("optional").is_true();
      } else if (model::Value r2 = e.get("secretRef")) {
        f.kind = "Secret";
        f.name = std::string(r2.str("name"));
        f.optional = r2.get("optional").is_true();
      }
      s.env_from.push_back(std::move(f));
    }
  }
  s.resources.known = true;
  if (model::Value r = n.get("resources"); r && r.is_map()) {
    s.resources.at = c.at(r);
    if (model::Value l = r.get("limits")) {
      set_str(s.resources.cpu_limit, l, "cpu", c);
      set_str(s.resources.memory_limit, l, "memory", c);
    }
    if (model::Value q = r.get("requests")) {
      set_str(s.resources.cpu_request, q, "cpu", c);
      set_str(s.resources.memory_request, q, "memory", c);
      if (q.is_map())
        for (model::Value v : q)
          if (v.is_scalar() && v.key() != "cpu" && v.key() != "memory")
            s.resources.other_requests[std::string(v.key())].set(std::string(v.scalar()), c.at(v));
    }
  }
  s.probes_known = true;
  s.liveness = decode_probe(n.get("livenessProbe"), c);
  s.readiness = decode_probe(n.get("readinessProbe"), c);
  s.startup = decode_probe(n.get("startupProbe"), c);
  if (model::Value vm = n.get("volumeMounts"); vm && vm.is_seq()) {
    for (model::Value m : vm) {
      model::VolumeMount v;
      v.name = std::string(m.str("name"));
      v.mount_path = std::string(m.str("mountPath"));
      v.read_only = m.get("readOnly").is_true();
      v.at = c.at(m);
      s.mounts.push_back(std::move(v));
    }
  }
  return s;
}

std::vector<model::ContainerSpec> decode_pod_spec(model::Value spec, const Ctx& c) {
  std::vector<model::ContainerSpec> out;
  if (!spec) return out;
  if (model::Value ic = spec.get("initContainers"); ic && ic.is_seq())
    for (model::Value n : ic) out.push_back(decode_container(n, true, c));
  if (model::Value cs = spec.get("containers"); cs && cs.is_seq())
    for (model::Value n : cs) out.push_back(decode_container(n, false, c));
  return out;
}

// spec.nodeSelector, the required node affinity and the tolerations.
void decode_scheduling(model::Value spec, const Ctx& c, model::Pod& p) {
  p.node_selector_known = p.node_affinity_known = p.tolerations_known = true;
  if (model::Value ns = spec.get("nodeSelector"); ns && ns.is_map())
    for (model::Value v : ns)
      if (v.is_scalar())
        p.node_selector[std::string(v.key())].set(std::string(v.scalar()), c.at(v));
  model::Value req =
      spec.at({"affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
               "nodeSelectorTerms"});
  if (req && req.is_seq()) {
    for (model::Value t : req) {
      model::NodeSelectorTerm term;
      term.at = c.at(t);
      for (auto [key, field] :
           {std::pair{"matchExpressions", false}, std::pair{"matchFields", true}}) {
        model::Value list = t.get(key);
        if (!list || !list.is_seq()) continue;
        for (model::Value e : list) {
          model::NodeSelectorRequirement r;
          r.key = std::string(e.str("key"));
          r.op = std::string(e.str("operator"));
          r.values = str_list(e.get("values"));
          r.field = field;
          r.at = c.at(e.get("key") ? e.get("key") : e);
          term.requirements.push_back(std::move(r));
        }
      }
      p.node_affinity.push_back(std::move(term));
    }
  }
  if (model::Value tols = spec.get("tolerations"); tols && tols.is_seq()) {
    for (model::Value t : tols) {
      model::Toleration tol;
      tol.key = std::string(t.str("key"));
      if (std::string_view op = t.str("operator"); !op.empty()) tol.op = std::string(op);
      tol.value = std::string(t.str("value"));
      tol.effect = std::string(t.str("effect"));
      tol.at = c.at(t.get("key") ? t.get("key") : t);
      p.tolerations.push_back(std::move(tol));
    }
  }
}

model::ContainerState decode_state(model::Value n, const Ctx& c) {
  model::ContainerState st;
  if (!n || !n.is_map()) return st;
  st.at = c.at(n);
  model::Value body;
  if ((body = n.get("waiting"))) {
    st.kind = model::ContainerState::Kind::Waiting;
  } else if ((body = n.get("terminated"))) {
    st.kind = model::ContainerState::Kind::Terminated;
  } else if ((body = n.get("running"))) {
    st.kind = model::ContainerState::Kind::Running;
  }
  if (!body) return st;
  st.at = c.at(body);
  if (!body.is_map()) return st;
  set_str(st.reason, body, "reason", c);
  set_str(st.message, body, "message", c);
  set_ll(st.exit_code, body, "exitCode", c);
  set_ll(st.signal, body, "signal", c);
  st.started_at = std::string(body.str("startedAt"));
  st.finished_at = std::string(body.str("finishedAt"));
  return st;
}

std::vector<model::Condition> decode_conditions(model::Value n, const Ctx& c) {
  std::vector<model::Condition> out;
  if (!n || !n.is_seq()) return out;
  for (model::Value e : n) {
    model::Condition k;
    k.type = std::string(e.str("type"));
    k.status = std::string(e.str("status"));
    k.reason = std::string(e.str("reason"));
    k.message = std::string(e.str("message"));
    for (const char* t : {"lastTransitionTime", "lastProbeTime", "lastHeartbeatTime"})
      if (!e.str(t).empty()) k.latest_time = std::string(e.str(t));  // the heartbeat, if any
    // Cite the message: it is what a finding about the condition quotes.
    k.at = c.at(e.get("message") ? e.get("message") : e.get("reason") ? e.get("reason") : e);
    out.push_back(std::move(k));
  }
  return out;
}

void decode_pod(model::Value obj, const Ctx& c, model::Facts& out) {
  model::Pod p;
  p.meta = decode_meta(obj, c);
  model::Value spec = obj.get("spec");
  p.containers = decode_pod_spec(spec, c);
  if (spec) {
    set_str(p.node, spec, "nodeName", c);
    set_str(p.restart_policy, spec, "restartPolicy", c);
    decode_scheduling(spec, c, p);
    if (model::Value vols = spec.get("volumes"); vols && vols.is_seq()) {
      for (model::Value v : vols) {
        model::PodVolume pv;
        pv.name = std::string(v.str("name"));
        pv.at = c.at(v.get("name") ? v.get("name") : v);
        if (model::Value x = v.get("persistentVolumeClaim"))
          pv.claim = std::string(x.str("claimName"));
        if (model::Value x = v.get("configMap")) pv.configmap = std::string(x.str("name"));
        if (model::Value x = v.get("secret")) pv.secret = std::string(x.str("secretName"));
        if (model::Value x = v.get("hostPath")) pv.host_path = std::string(x.str("path"));
        p.volumes.push_back(std::move(pv));
      }
    }
    if (model::Value ips = spec.get("imagePullSecrets"); ips && ips.is_seq())
      for (model::Value s2 : ips) p.image_pull_secrets.emplace_back(s2.str("name"));
  }
  model::Value status = obj.get("status");
  p.from_manifest = !status.is_map() || status.size() == 0;
  if (status && status.is_map()) {
    set_str(p.phase, status, "phase", c);
    set_str(p.reason, status, "reason", c);
    set_str(p.message, status, "message", c);
    set_str(p.start_time, status, "startTime", c);
    p.conditions = decode_conditions(status.get("conditions"), c);
    for (auto [key, init] :
         {std::pair{"initContainerStatuses", true}, std::pair{"containerStatuses", false}}) {
      model::Value list = status.get(key);
      if (!list || !list.is_seq()) continue;
      for (model::Value e : list) {
        model::ContainerStatus cs;
        cs.name = std::string(e.str("name"));
        cs.init = init;
        cs.at = c.at(e.get("name") ? e.get("name") : e);
        cs.image = std::string(e.str("image"));
        if (model::Value r = e.get("ready")) cs.ready.set(r.is_true(), c.at(r));
        set_ll(cs.restart_count, e, "restartCount", c);
        cs.state = decode_state(e.get("state"), c);
        cs.last_state = decode_state(e.get("lastState"), c);
        p.statuses.push_back(std::move(cs));
      }
    }
  }
  out.pods.push_back(std::move(p));
}

void decode_workload(model::Value obj, const Ctx& c, model::Facts& out) {
  model::Workload w;
  w.meta = decode_meta(obj, c);
  model::Value spec = obj.get("spec");
  model::Value tmpl = spec ? spec.get("template") : model::Value();
  if (w.meta.kind == "CronJob" && spec) {
    model::Value jt = spec.get("jobTemplate");
    tmpl = jt ? jt.at({"spec", "template"}) : model::Value();
  }
  if (spec) {
    set_ll(w.replicas, spec, "replicas", c);
    if (model::Value sel = spec.get("selector")) {
      if (model::Value ml = sel.get("matchLabels"))
        w.selector = str_map(ml);
      else if (w.meta.kind == "ReplicationController")
        w.selector = str_map(sel);
    }
  }
  if (tmpl) {
    w.containers = decode_pod_spec(tmpl.get("spec"), c);
    if (model::Value tm = tmpl.get("metadata")) w.template_labels = str_map(tm.get("labels"));
  }
  model::Value status = obj.get("status");
  w.from_manifest = !status.is_map() || status.size() == 0;
  if (status && status.is_map()) {
    set_ll(w.ready_replicas, status, "readyReplicas", c);
    set_ll(w.available_replicas, status, "availableReplicas", c);
    set_ll(w.updated_replicas, status, "updatedReplicas", c);
    w.conditions = decode_conditions(status.get("conditions"), c);
  }
  out.workloads.push_back(std::move(w));
}

// Reads "spec.containers{web}" → "web".
void decode_event(model::Value obj, const Ctx& c, model::Facts& out) {
  model::Event e;
  model::Value md = obj.get("metadata");
  e.ns = md ? std::string(md.str("namespace")) : std::string();
  // A reduced record (a collector's, a jq extract) keeps the namespace at
  // the top level.
  if (e.ns.empty()) e.ns = std::string(obj.str("namespace"));
  // core/v1 uses involvedObject/message; events.k8s.io/v1 regarding/note.
  model::Value inv = obj.get("involvedObject");
  if (!inv) inv = obj.get("regarding");
  if (inv.is_scalar()) {
    // Written as `kubectl get events` prints it: "pod/web-1".
    std::string_view ref = inv.scalar();
    if (size_t slash = ref.find('/'); slash != std::string_view::npos && slash > 0) {
      std::string_view kind = kind_of_resource_word(ref.substr(0, slash));
      e.involved_kind = std::string(kind.empty() ? ref.substr(0, slash) : kind);
      e.involved_name = std::string(ref.substr(slash + 1));
    }
  } else if (inv) {
    e.involved_kind = std::string(inv.str("kind"));
    e.involved_ns = std::string(inv.str("namespace"));
    e.involved_name = std::string(inv.str("name"));
    e.involved_uid = std::string(inv.str("uid"));
    e.field_path = std::string(inv.str("fieldPath"));
  }
  if (e.involved_ns.empty()) e.involved_ns = e.ns;
  e.type = std::string(obj.str("type"));
  e.reason = std::string(obj.str("reason"));
  model::Value msg = obj.get("message");
  if (!msg) msg = obj.get("note");
  if (msg.is_scalar()) e.message = std::string(msg.scalar());
  e.at = c.at(msg ? msg : (obj.get("reason") ? obj.get("reason") : obj));
  long long count = to_ll(obj.str("count"), 0);
  if (count == 0)
    if (model::Value series = obj.get("series")) count = to_ll(series.str("count"), 0);
  if (count == 0) count = to_ll(obj.str("deprecatedCount"), 0);
  e.count = count > 0 ? count : 1;
  e.first_seen = std::string(obj.str("firstTimestamp"));
  e.last_seen = std::string(obj.str("lastTimestamp"));
  if (e.last_seen.empty()) e.last_seen = std::string(obj.str("eventTime"));
  if (model::Value src = obj.get("source")) e.source = std::string(src.str("component"));
  if (e.source.empty()) e.source = std::string(obj.str("reportingController"));
  if (e.source.empty()) e.source = std::string(obj.str("reportingComponent"));
  out.events.push_back(std::move(e));
}

void decode_config(model::Value obj, const Ctx& c, std::vector<model::ConfigSource>& out) {
  model::ConfigSource s;
  s.meta = decode_meta(obj, c);
  for (auto key : {"data", "binaryData", "stringData"})
    if (model::Value d = obj.get(key); d && d.is_map())
      for (model::Value v : d) {
        s.keys.emplace_back(v.key());
        s.key_at.push_back(c.at(v));
      }
  out.push_back(std::move(s));
}

void decode_node(model::Value obj, const Ctx& c, model::Facts& out) {
  model::Node n;
  n.meta = decode_meta(obj, c);
  if (model::Value labels = obj.at({"metadata", "labels"}); labels && labels.is_map()) {
    n.labels_at = c.at(labels);
    for (model::Value v : labels)
      if (v.is_scalar()) n.label_at[std::string(v.key())] = c.at(v);
  }
  // A node object without spec.taints has none.
  n.taints_known = true;
  if (model::Value spec = obj.get("spec")) {
    if (model::Value u = spec.get("unschedulable")) n.unschedulable.set(u.is_true(), c.at(u));
    if (model::Value taints = spec.get("taints"); taints && taints.is_seq()) {
      n.taints_at = c.at(taints);
      for (model::Value t : taints) {
        model::Value at = t.get("key") ? t.get("key") : t;
        n.taints.push_back({std::string(t.str("key")), std::string(t.str("value")),
                            std::string(t.str("effect")), c.at(at)});
      }
    }
  }
  if (model::Value status = obj.get("status")) {
    n.conditions = decode_conditions(status.get("conditions"), c);
    if (model::Value a = status.get("allocatable"); a && a.is_map())
      for (model::Value v : a)
        if (v.is_scalar())
          n.resources[std::string(v.key())].allocatable.set(std::string(v.scalar()), c.at(v));
  }
  out.nodes.push_back(std::move(n));
}

void decode_claim(model::Value obj, const Ctx& c, model::Facts& out) {
  model::PersistentVolumeClaim pvc;
  pvc.meta = decode_meta(obj, c);
  if (model::Value spec = obj.get("spec")) {
    set_str(pvc.storage_class, spec, "storageClassName", c);
    set_str(pvc.volume_name, spec, "volumeName", c);
  }
  if (model::Value status = obj.get("status")) set_str(pvc.phase, status, "phase", c);
  out.claims.push_back(std::move(pvc));
}

bool is_object(model::Value n) {
  return n.is_map() && !n.str("kind").empty() && n.get("apiVersion");
}

size_t decode_one(model::Value obj, const Ctx& c, model::Facts& out) {
  std::string_view kind = c.kind;
  if (obj.str("apiVersion").starts_with("troubleshoot.sh/")) return 0;
  bool decoded_workload = false;
  if (kind == "Pod") {
    decode_pod(obj, c, out);
  } else if (kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet" ||
             kind == "DaemonSet" || kind == "Job" || kind == "CronJob" ||
             kind == "ReplicationController") {
    decode_workload(obj, c, out);
    decoded_workload = true;
  } else if (kind == "Event") {
    decode_event(obj, c, out);
  } else if (kind == "Node") {
    decode_node(obj, c, out);
  } else if (kind == "PersistentVolumeClaim") {
    decode_claim(obj, c, out);
  } else if (kind == "ConfigMap") {
    decode_config(obj, c, out.configmaps);
  } else if (kind == "Secret") {
    decode_config(obj, c, out.secrets);
  } else {
    out.others.push_back({decode_meta(obj, c)});
  }
  // Events are records of what happened, not objects anyone declares.
  if (kind != "Event") {
    model::DeclaredObject d;
    if (kind == "Pod") d.pod = static_cast<long long>(out.pods.size()) - 1;
    if (decoded_workload) d.workload = static_cast<long long>(out.workloads.size()) - 1;
    d.meta = decode_meta(obj, c);
    d.root = obj;
    d.tree = c.tree;
    // Read from a cluster: the API server set a status or its own metadata
    // (uid, resourceVersion, creationTimestamp). A manifest sets neither.
    model::Value status = obj.get("status"), md = obj.get("metadata");
    d.observed = (status.is_map() && status.size() > 0) || md.get("uid").is_scalar() ||
                 md.get("resourceVersion").is_scalar() || !md.str("creationTimestamp").empty();
    d.kind_inferred = obj.str("kind").empty();
    out.objects.push_back(std::move(d));
  }
  return 1;
}

}  // namespace

bool is_kube_value(model::Value root) {
  if (root.is_seq()) return root.size() > 0 && is_object(root.child(0));
  if (!root.is_map()) return false;
  if (is_object(root)) return true;
  model::Value items = root.get("items");
  return items.is_seq() && !root.str("kind").empty();
}

bool list_item_kind(model::Value root, std::string_view kind_hint, std::string& item_kind) {
  if (!root.is_map() || !root.get("items").is_seq()) return false;
  return list_item_kind(root.str("kind"), kind_hint, item_kind);
}

bool list_item_kind(std::string_view kind, std::string_view kind_hint, std::string& item_kind) {
  if (kind != "List" && !kind.ends_with("List") && !kind.empty()) return false;
  // A typed List's items (PodList) may omit kind/apiVersion.
  if (kind.ends_with("List") && kind != "List")
    item_kind = std::string(kind.substr(0, kind.size() - 4));
  else
    item_kind = std::string(kind_hint);
  return true;
}

KindHints list_hints(const KindHints* hints, std::string_view list_kind) {
  KindHints h = hints ? *hints : KindHints{};
  if (list_kind.ends_with("List") && list_kind != "List") h.layout = {};
  return h;
}

size_t decode_items(const std::shared_ptr<const model::Tree>& tree, model::Value items,
                    std::string_view item_kind, uint32_t source_line, model::DocId doc,
                    model::Facts& out, const KindHints* hints) {
  Ctx c{doc, tree, source_line, {}};
  auto decode_item = [&](model::Value item, Ctx& ic, model::Facts& to, KindTally* tally) -> size_t {
    if (!item.is_map()) return 0;
    std::string_view kind = item.str("kind");
    if (!kind.empty()) {
      ic.kind = kind;
    } else if (!item_kind.empty()) {
      ic.kind = item_kind;
      if (tally && hints && item_kind == hints->layout) tally->add(item_kind, "place", "");
    } else {
      ic.kind = infer_counted(item, hints ? hints->name : std::string_view(), tally);
    }
    return ic.kind.empty() ? 0 : decode_one(item, ic, to);
  };
  KindTally* tally = hints ? hints->tally : nullptr;
  size_t n = 0;
  if (items.size() < 2 * kItemsPerPiece) {
    for (model::Value item : items) n += decode_item(item, c, out, tally);
    return n;
  }
  // A large List (kubectl get -o json of a whole namespace) is decoded in
  // pieces on all threads, appended in order.
  std::vector<model::Value> all;
  all.reserve(items.size());
  for (model::Value item : items) all.push_back(item);
  std::vector<model::Facts> pieces((all.size() + kItemsPerPiece - 1) / kItemsPerPiece);
  std::vector<size_t> counts(pieces.size(), 0);
  std::vector<KindTally> tallies(tally ? pieces.size() : 0);
  parallel_for(pieces.size(), [&](size_t p) {
    Ctx ic = c;
    size_t end = std::min(all.size(), (p + 1) * kItemsPerPiece);
    for (size_t i = p * kItemsPerPiece; i < end; ++i)
      counts[p] += decode_item(all[i], ic, pieces[p], tally ? &tallies[p] : nullptr);
  });
  append_pieces(out, pieces);
  for (size_t count : counts) n += count;
  for (const KindTally& t : tallies) tally->merge(t);
  return n;
}

size_t decode_objects(const std::shared_ptr<const model::Tree>& tree, model::Value root,
                      uint32_t source_line, model::DocId doc, model::Facts& out,
                      std::string_view kind_hint, const KindHints* hints) {
  std::string item_kind;
  if (root.is_seq()) return decode_items(tree, root, kind_hint, source_line, doc, out, hints);
  if (list_item_kind(root, kind_hint, item_kind)) {
    KindHints h = list_hints(hints, root.str("kind"));
    return decode_items(tree, root.get("items"), item_kind, source_line, doc, out, &h);
  }
  if (is_object(root)) {
    Ctx c{doc, tree, source_line, root.str("kind")};
    return decode_one(root, c, out);
  }
  // An object that names no kind: the file's place says, or its fields.
  if (!root.is_map() || root.get("kind")) return 0;
  KindTally* tally = hints ? hints->tally : nullptr;
  Ctx c{doc, tree, source_line, {}};
  if (!kind_hint.empty()) {
    if (!root.get("metadata").is_map()) return 0;
    c.kind = kind_hint;
    if (tally) tally->add(kind_hint, "place", "");
  } else {
    c.kind = infer_counted(root, hints ? hints->name : std::string_view(), tally);
  }
  return c.kind.empty() ? 0 : decode_one(root, c, out);
}

void append_pieces(model::Facts& out, std::vector<model::Facts>& pieces) {
  auto grow = [&](auto member) {
    size_t n = (out.*member).size();
    for (auto& p : pieces) n += (p.*member).size();
    (out.*member).reserve(n);
  };
  grow(&model::Facts::pods);
  grow(&model::Facts::workloads);
  grow(&model::Facts::events);
  grow(&model::Facts::configmaps);
  grow(&model::Facts::secrets);
  grow(&model::Facts::others);
  grow(&model::Facts::nodes);
  grow(&model::Facts::claims);
  grow(&model::Facts::logs);
  grow(&model::Facts::objects);
  grow(&model::Facts::notes);
  for (auto& p : pieces) out.append(std::move(p));
}

}  // namespace kubesift::parse
