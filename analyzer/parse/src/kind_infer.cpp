#include "kind_infer.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "kubesift/parse/log_line.h"

namespace kubesift::parse {
namespace {

using model::Value;

bool has(Value v, std::initializer_list<std::string_view> path) {
  return static_cast<bool>(v.at(path));
}
bool is_map_at(Value v, std::initializer_list<std::string_view> path) {
  return v.at(path).is_map();
}
bool is_seq_at(Value v, std::initializer_list<std::string_view> path) {
  return v.at(path).is_seq();
}

// The first of `keys` under `parent` (a path prefix such as "spec."), as
// "spec.key", or "".
std::string first_of(Value parent, std::string_view prefix,
                     std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys)
    if (parent.get(k)) return std::string(prefix) + std::string(k);
  return {};
}

// A controller's shape: a pod template and a label selector.
bool has_template(Value o) {
  return is_map_at(o, {"spec", "template"});
}

// StatefulSet: fields no other controller has.
std::string statefulset(Value o) {
  if (!has_template(o)) return {};
  if (std::string f = first_of(o.get("spec"), "spec.",
                               {"serviceName", "volumeClaimTemplates", "podManagementPolicy",
                                "persistentVolumeClaimRetentionPolicy"});
      !f.empty())
    return f;
  if (has(o, {"status", "currentRevision"}) || has(o, {"status", "updateRevision"}))
    return "status.currentRevision";
  return {};
}

std::string daemonset(Value o) {
  if (!has_template(o)) return {};
  return first_of(o.get("status"), "status.",
                  {"desiredNumberScheduled", "currentNumberScheduled", "numberMisscheduled",
                   "numberReady", "updatedNumberScheduled"});
}

std::string deployment(Value o) {
  if (!has_template(o) || !is_map_at(o, {"spec", "selector"}) || !statefulset(o).empty() ||
      !daemonset(o).empty())
    return {};
  Value spec = o.get("spec"), status = o.get("status");
  if (std::string f = first_of(spec, "spec.", {"strategy", "progressDeadlineSeconds", "paused"});
      !f.empty())
    return f;
  if (std::string f = first_of(status, "status.", {"updatedReplicas", "unavailableReplicas"});
      !f.empty())
    return f;
  if (Value conds = status.get("conditions"); conds.is_seq())
    for (Value c : conds)
      if (c.str("type") == "Progressing") return "status.conditions[Progressing]";
  return {};
}

std::string replicaset(Value o) {
  Value spec = o.get("spec");
  if (!has_template(o) || !is_map_at(o, {"spec", "selector"}) || spec.get("strategy") ||
      spec.get("progressDeadlineSeconds") || !statefulset(o).empty() || !daemonset(o).empty())
    return {};
  if (Value owners = o.at({"metadata", "ownerReferences"}); owners.is_seq())
    for (Value r : owners)
      if (r.str("kind") == "Deployment") return "metadata.ownerReferences[Deployment]";
  if (has(o, {"status", "fullyLabeledReplicas"})) return "status.fullyLabeledReplicas";
  if (has(o, {"metadata", "labels", "pod-template-hash"}))
    return "metadata.labels.pod-template-hash";
  return {};
}

// A ReplicationController's selector is a plain label map.
std::string replication_controller(Value o) {
  Value sel = o.at({"spec", "selector"});
  if (!has_template(o) || !sel.is_map() || sel.size() == 0 || sel.get("matchLabels") ||
      sel.get("matchExpressions") || !statefulset(o).empty() || !daemonset(o).empty() ||
      o.at({"spec", "strategy"}))
    return {};
  for (Value v : sel)
    if (!v.is_scalar()) return {};
  return "spec.selector (labels)";
}

std::string job(Value o) {
  if (!has_template(o) || o.at({"spec", "replicas"})) return {};
  if (std::string f = first_of(o.get("spec"), "spec.",
                               {"backoffLimit", "completions", "parallelism", "completionMode",
                                "ttlSecondsAfterFinished", "backoffLimitPerIndex",
                                "podFailurePolicy", "activeDeadlineSeconds"});
      !f.empty())
    return f;
  return first_of(o.get("status"), "status.",
                  {"succeeded", "failed", "completionTime", "uncountedTerminatedPods"});
}

std::string cronjob(Value o) {
  if (!is_map_at(o, {"spec", "jobTemplate"})) return {};
  return has(o, {"spec", "schedule"}) ? "spec.schedule, spec.jobTemplate" : "spec.jobTemplate";
}

std::string pod(Value o) {
  if (has_template(o)) return {};
  if (is_seq_at(o, {"spec", "containers"})) return "spec.containers";
  if (is_seq_at(o, {"status", "containerStatuses"})) return "status.containerStatuses";
  Value status = o.get("status");
  if (!status.is_map()) return {};
  // Pod phases (Namespace's Active/Terminating and a claim's Bound are not).
  std::string_view phase = status.str("phase");
  bool pod_phase = phase == "Pending" || phase == "Running" || phase == "Succeeded" ||
                   phase == "Failed" || phase == "Unknown";
  if (pod_phase && (status.get("podIP") || status.get("hostIP") || status.get("qosClass")))
    return std::string("status.phase, status.") + (status.get("podIP")    ? "podIP"
                                                   : status.get("hostIP") ? "hostIP"
                                                                          : "qosClass");
  return {};
}

std::string service(Value o) {
  Value spec = o.get("spec");
  if (!spec.is_map() || spec.get("template") || spec.get("containers")) return {};
  if (spec.str("type") == "ExternalName" && spec.get("externalName"))
    return "spec.type ExternalName";
  Value ports = spec.get("ports");
  if (!ports.is_seq() || ports.size() == 0 || !ports.child(0).get("port")) return {};
  std::string f =
      first_of(spec, "spec.", {"clusterIP", "clusterIPs", "selector", "type", "sessionAffinity"});
  return f.empty() ? std::string() : "spec.ports, " + f;
}

std::string endpoints(Value o) {
  return o.get("subsets").is_seq() && !o.get("spec") ? "subsets" : "";
}

std::string endpointslice(Value o) {
  return o.get("addressType") && o.get("endpoints") ? "addressType, endpoints" : "";
}

std::string ingress(Value o) {
  Value spec = o.get("spec");
  if (!spec.is_map()) return {};
  if (spec.get("ingressClassName")) return "spec.ingressClassName";
  if (spec.get("defaultBackend")) return "spec.defaultBackend";
  Value rules = spec.get("rules");
  if (rules.is_seq() && rules.size() > 0 &&
      (rules.child(0).get("http") || rules.child(0).get("host")))
    return "spec.rules[].http";
  return {};
}

std::string network_policy(Value o) {
  return is_map_at(o, {"spec", "podSelector"}) ? "spec.podSelector" : "";
}

std::string pdb(Value o) {
  Value spec = o.get("spec");
  if (!spec.is_map() || spec.get("template")) return {};
  if (spec.get("minAvailable")) return "spec.minAvailable";
  if (spec.get("maxUnavailable")) return "spec.maxUnavailable";
  return first_of(o.get("status"), "status.", {"disruptionsAllowed", "expectedPods"});
}

std::string hpa(Value o) {
  return is_map_at(o, {"spec", "scaleTargetRef"}) && has(o, {"spec", "maxReplicas"})
             ? "spec.scaleTargetRef, spec.maxReplicas"
             : "";
}

// A ConfigMap has data or binaryData and no type; a Secret always has a
// type (the API server defaults it to Opaque).
std::string configmap(Value o) {
  if (o.get("type") || o.get("spec") || o.get("status")) return {};
  if (o.get("data").is_map()) return "data";
  if (o.get("binaryData").is_map()) return "binaryData";
  return {};
}

bool base64ish(std::string_view s) {
  if (s.size() < 8 || s.size() % 4 != 0) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '='))
      return false;
  return true;
}

// Data whose every value is base64 may be a Secret that lost its type.
bool all_values_base64(Value data) {
  if (!data.is_map() || data.size() == 0) return false;
  for (Value v : data)
    if (!v.is_scalar() || !base64ish(v.scalar())) return false;
  return true;
}

std::string secret(Value o) {
  Value type = o.get("type");
  if (!type.is_scalar() || o.get("spec") || o.get("status") || o.get("reason")) return {};
  std::string_view t = type.scalar();
  if (o.get("data").is_map() || o.get("stringData").is_map()) return "type, data";
  if (t == "Opaque" || t.starts_with("kubernetes.io/") || t.starts_with("bootstrap.kubernetes.io/"))
    return "type " + std::string(t);
  return {};
}

std::string claim(Value o) {
  if (is_seq_at(o, {"spec", "accessModes"}) && has(o, {"spec", "resources", "requests", "storage"}))
    return "spec.accessModes, spec.resources.requests.storage";
  return {};
}

std::string volume(Value o) {
  if (is_seq_at(o, {"spec", "accessModes"}) && has(o, {"spec", "capacity"}))
    return "spec.accessModes, spec.capacity";
  return {};
}

std::string node(Value o) {
  Value status = o.get("status");
  if (status.get("nodeInfo")) return "status.nodeInfo";
  if (status.get("capacity") && status.get("allocatable"))
    return "status.capacity, status.allocatable";
  if (status.get("daemonEndpoints")) return "status.daemonEndpoints";
  return first_of(o.get("spec"), "spec.", {"podCIDR", "podCIDRs", "providerID"});
}

std::string namespace_(Value o) {
  std::string_view phase = o.at({"status", "phase"}).scalar();
  if (o.at({"spec", "containers"}) || has_template(o)) return {};
  if ((phase == "Active" || phase == "Terminating") && o.get("status").size() <= 2)
    return "status.phase " + std::string(phase);
  Value fin = o.at({"spec", "finalizers"});
  if (fin.is_seq() && fin.size() == 1 && fin.child(0).scalar() == "kubernetes" &&
      o.get("spec").size() == 1)
    return "spec.finalizers [kubernetes]";
  return {};
}

// An event record: core/v1 (reason, message) or events.k8s.io/v1 (reason,
// note), with at least one field events alone have.
std::string event(Value o) {
  if (!o.get("reason").is_scalar() || o.get("spec") || o.get("status").is_map()) return {};
  std::string_view text = o.get("message") ? "message" : o.get("note") ? "note" : "";
  if (text.empty()) return {};
  for (std::string_view k :
       {"involvedObject", "regarding", "lastTimestamp", "firstTimestamp", "eventTime", "count",
        "series", "source", "reportingComponent", "reportingController"})
    if (o.get(k)) return "reason, " + std::string(text) + ", " + std::string(k);
  std::string_view type = o.str("type");
  if (type == "Normal" || type == "Warning") return "reason, " + std::string(text) + ", type";
  return {};
}

std::string service_account(Value o) {
  if (o.get("spec") || o.get("status") || o.get("data") || o.get("type")) return {};
  return first_of(o, "", {"secrets", "imagePullSecrets", "automountServiceAccountToken"});
}

std::string storage_class(Value o) {
  return o.get("provisioner").is_scalar() && !o.get("spec") ? "provisioner" : "";
}

std::string lease(Value o) {
  return first_of(o.get("spec"), "spec.", {"holderIdentity", "leaseDurationSeconds", "renewTime"});
}

std::string quota(Value o) {
  return is_map_at(o, {"spec", "hard"}) ? "spec.hard" : "";
}

std::string limit_range(Value o) {
  Value l = o.at({"spec", "limits"});
  return l.is_seq() && l.size() > 0 && l.child(0).get("type") ? "spec.limits[].type" : "";
}

std::string crd(Value o) {
  return has(o, {"spec", "group"}) && has(o, {"spec", "names"}) ? "spec.group, spec.names" : "";
}

bool namespaced(Value o) {
  return !o.at({"metadata", "namespace"}).scalar().empty();
}

std::string rbac_rules(Value o) {
  Value rules = o.get("rules");
  if (!rules.is_seq() || o.get("spec")) return {};
  for (Value r : rules)
    if (!r.get("verbs")) return {};
  return "rules[].verbs";
}

std::string role(Value o) {
  std::string f = rbac_rules(o);
  return !f.empty() && namespaced(o) ? f + ", metadata.namespace" : "";
}
std::string cluster_role(Value o) {
  if (o.get("aggregationRule")) return "aggregationRule";
  std::string f = rbac_rules(o);
  return !f.empty() && !namespaced(o) && !o.at({"metadata", "uid"}).scalar().empty()
             ? f + ", no namespace"
             : "";
}
std::string binding(Value o, bool cluster) {
  if (!o.get("roleRef").is_map()) return {};
  if (namespaced(o)) return cluster ? "" : "roleRef, metadata.namespace";
  // Read from a cluster (a uid), a binding without namespace is cluster-wide.
  if (!cluster || o.at({"metadata", "uid"}).scalar().empty()) return {};
  return "roleRef, no namespace";
}

struct Signature {
  std::string_view kind;
  std::string (*fits)(Value);
};

const Signature kSignatures[] = {
    {"Pod", pod},
    {"Deployment", deployment},
    {"ReplicaSet", replicaset},
    {"StatefulSet", statefulset},
    {"DaemonSet", daemonset},
    {"Job", job},
    {"CronJob", cronjob},
    {"ReplicationController", replication_controller},
    {"Service", service},
    {"Endpoints", endpoints},
    {"EndpointSlice", endpointslice},
    {"Ingress", ingress},
    {"NetworkPolicy", network_policy},
    {"PodDisruptionBudget", pdb},
    {"HorizontalPodAutoscaler", hpa},
    {"ConfigMap", configmap},
    {"Secret", secret},
    {"PersistentVolumeClaim", claim},
    {"PersistentVolume", volume},
    {"Node", node},
    {"Namespace", namespace_},
    {"Event", event},
    {"ServiceAccount", service_account},
    {"StorageClass", storage_class},
    {"Lease", lease},
    {"ResourceQuota", quota},
    {"LimitRange", limit_range},
    {"CustomResourceDefinition", crd},
    {"Role", role},
    {"ClusterRole", cluster_role},
    {"RoleBinding", [](Value o) { return binding(o, false); }},
    {"ClusterRoleBinding", [](Value o) { return binding(o, true); }},
};

bool has_object_metadata(Value o) {
  Value md = o.get("metadata");
  return md.is_map() && (md.get("name").is_scalar() || md.get("generateName").is_scalar());
}

}  // namespace

KindGuess infer_kind(Value obj, std::string_view hint) {
  KindGuess g;
  if (!obj.is_map() || obj.get("kind").is_scalar()) return g;
  bool metadata = has_object_metadata(obj);
  std::vector<std::string> because;
  for (const Signature& s : kSignatures) {
    // Every kind but an event record needs an object's metadata: `data` or
    // `type` alone is any JSON.
    if (!metadata && s.kind != "Event") continue;
    std::string f = s.fits(obj);
    if (f.empty()) continue;
    g.fits.push_back(s.kind);
    because.push_back(std::move(f));
  }
  // A ConfigMap whose every value is base64 may be a Secret without its type.
  auto cm = std::find(g.fits.begin(), g.fits.end(), std::string_view("ConfigMap"));
  if (cm != g.fits.end() && g.fits.size() == 1 && all_values_base64(obj.get("data"))) {
    g.fits.push_back("Secret");
    because.push_back("data (every value base64)");
  }
  g.object_like = metadata || !because.empty();
  if (g.fits.size() == 1) {
    g.kind = g.fits.front();
    g.because = because.front();
    return g;
  }
  if (hint.empty()) return g;
  for (size_t i = 0; i < g.fits.size(); ++i)
    if (g.fits[i] == hint) {
      g.kind = g.fits[i];
      g.because = because[i];
      g.from_hint = true;
      return g;
    }
  // Nothing in the fields says; the file's name does.
  if (g.fits.empty() && metadata) {
    g.kind = hint;
    g.from_hint = true;
  }
  return g;
}

std::string_view infer_counted(Value obj, std::string_view hint, KindTally* tally) {
  KindGuess g = infer_kind(obj, hint);
  if (!tally) return g.kind;
  if (!g.kind.empty()) {
    tally->add(g.kind, g.from_hint ? "name" : "fields", g.because);
  } else if (g.fits.size() > 1) {
    std::string kinds;
    for (size_t i = 0; i < g.fits.size(); ++i)
      kinds += std::string(i == 0                   ? ""
                           : i + 1 == g.fits.size() ? " or "
                                                    : ", ") +
               std::string(g.fits[i]);
    ++tally->ambiguous[kinds];
  } else if (g.object_like) {
    ++tally->unread;
  }
  return g.kind;
}

void KindTally::add(std::string_view kind, std::string_view how, std::string_view because) {
  Read& r = read[{std::string(kind), std::string(how)}];
  ++r.count;
  if (!because.empty() && r.because.size() < 4 &&
      std::find(r.because.begin(), r.because.end(), because) == r.because.end())
    r.because.emplace_back(because);
}

void KindTally::merge(const KindTally& other) {
  for (const auto& [key, r] : other.read) {
    Read& into = read[key];
    into.count += r.count;
    for (const auto& b : r.because)
      if (into.because.size() < 4 &&
          std::find(into.because.begin(), into.because.end(), b) == into.because.end())
        into.because.push_back(b);
  }
  for (const auto& [k, n] : other.ambiguous) ambiguous[k] += n;
  unread += other.unread;
}

void inference_notes(const KindTally& tally, std::string_view path,
                     std::vector<std::string>& notes) {
  std::string in = path.empty() ? std::string("the input") : std::string(path);
  auto objects = [](size_t n) { return std::to_string(n) + (n == 1 ? " object" : " objects"); };
  for (const auto& [key, r] : tally.read) {
    const auto& [kind, how] = key;
    std::string fields;
    for (const auto& b : r.because) fields += (fields.empty() ? "" : "; ") + b;
    std::string note = objects(r.count) + " in " + in + " had no kind: read as " + kind;
    std::string their = r.count == 1 ? " from its fields (" : " from their fields (";
    if (how == "fields")
      note += their + fields + ")";
    else if (how == "name" && !fields.empty())
      note += their + fields + ") and the file's name";
    else if (how == "name")
      note += " from the file's name";
    else
      note += " from the file's place in the layout";
    notes.push_back(std::move(note));
  }
  for (const auto& [kinds, n] : tally.ambiguous)
    notes.push_back(objects(n) + " in " + in + " had no kind and fit several (" + kinds +
                    "): not read");
  if (tally.unread > 0)
    notes.push_back(objects(tally.unread) + " in " + in +
                    " had no kind and no field or name says which: not read");
}

bool looks_like_kindless_object_line(std::string_view line) {
  bool found = false;
  auto top = [&](std::string_view key) {
    json_top_level(line, key, found);
    return found;
  };
  if (top("kind")) return false;
  for (std::string_view key : {"msg", "level", "severity", "log", "ts"})
    if (top(key)) return false;
  // A log record's text; an object's only when it is an event.
  if (top("message") && !top("reason")) return false;
  // An object's metadata: a map that names it.
  std::string_view md = json_top_level(line, "metadata", found);
  bool named = found && md.starts_with('{') &&
               (md.find("\"name\"") != md.npos || md.find("\"generateName\"") != md.npos);
  if (named && (top("spec") || top("status") || top("data") || top("type") || top("subsets") ||
                top("rules") || top("roleRef")))
    return true;
  if (top("reason") && (top("message") || top("note")))
    for (std::string_view key :
         {"involvedObject", "regarding", "lastTimestamp", "firstTimestamp", "eventTime", "count"})
      if (top(key)) return true;
  return false;
}

}  // namespace kubesift::parse
