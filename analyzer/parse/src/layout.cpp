#include "layout.h"

#include <array>
#include <utility>
#include <vector>

#include "kubesift/core/text.h"

namespace kubesift::parse {
namespace {

// Support bundle resource directories and files → the kind their Lists hold
// (old bundles write items without kind/apiVersion). Both spellings of the
// renamed directories are accepted.
constexpr std::array<std::pair<std::string_view, std::string_view>, 40> kBundleKinds = {{
    {"pods", "Pod"},
    {"events", "Event"},
    {"deployments", "Deployment"},
    {"replicasets", "ReplicaSet"},
    {"statefulsets", "StatefulSet"},
    {"daemonsets", "DaemonSet"},
    {"jobs", "Job"},
    {"cronjobs", "CronJob"},
    {"services", "Service"},
    {"endpoints", "Endpoints"},
    {"endpointslices", "EndpointSlice"},
    {"configmaps", "ConfigMap"},
    {"secrets", "Secret"},
    {"image-pull-secrets", "Secret"},
    {"pvcs", "PersistentVolumeClaim"},
    {"pvs", "PersistentVolume"},
    {"ingress", "Ingress"},
    {"network-policy", "NetworkPolicy"},
    {"resource-quota", "ResourceQuota"},
    {"resource-quotas", "ResourceQuota"},
    {"limitranges", "LimitRange"},
    {"pod-disruption-budgets", "PodDisruptionBudget"},
    {"serviceaccounts", "ServiceAccount"},
    {"leases", "Lease"},
    {"roles", "Role"},
    {"rolebindings", "RoleBinding"},
    {"clusterroles", "ClusterRole"},
    {"clusterrolebindings", "ClusterRoleBinding"},
    {"clusterRoleBindings", "ClusterRoleBinding"},
    {"clusterRoles", "ClusterRole"},
    {"nodes", "Node"},
    {"namespaces", "Namespace"},
    {"storage-classes", "StorageClass"},
    {"storageclasses", "StorageClass"},
    {"ingress-classes", "IngressClass"},
    {"priorityclasses", "PriorityClass"},
    {"custom-resource-definitions", "CustomResourceDefinition"},
    {"volumeattachments", "VolumeAttachment"},
    {"certificatesigningrequests", "CertificateSigningRequest"},
    {"replicationcontrollers", "ReplicationController"},
}};

std::string_view bundle_kind(std::string_view name) {
  for (const auto& [dir, kind] : kBundleKinds)
    if (dir == name) return kind;
  return {};
}

// Singular and short names (kubectl's) of the kinds a file may hold.
constexpr std::pair<std::string_view, std::string_view> kResourceWords[] = {
    {"pod", "Pod"},
    {"po", "Pod"},
    {"event", "Event"},
    {"ev", "Event"},
    {"deployment", "Deployment"},
    {"deploy", "Deployment"},
    {"replicaset", "ReplicaSet"},
    {"rs", "ReplicaSet"},
    {"statefulset", "StatefulSet"},
    {"sts", "StatefulSet"},
    {"daemonset", "DaemonSet"},
    {"ds", "DaemonSet"},
    {"job", "Job"},
    {"cronjob", "CronJob"},
    {"cj", "CronJob"},
    {"service", "Service"},
    {"svc", "Service"},
    {"configmap", "ConfigMap"},
    {"cm", "ConfigMap"},
    {"secret", "Secret"},
    {"persistentvolumeclaim", "PersistentVolumeClaim"},
    {"persistentvolumeclaims", "PersistentVolumeClaim"},
    {"pvc", "PersistentVolumeClaim"},
    {"persistentvolume", "PersistentVolume"},
    {"persistentvolumes", "PersistentVolume"},
    {"pv", "PersistentVolume"},
    {"node", "Node"},
    {"no", "Node"},
    {"namespace", "Namespace"},
    {"ns", "Namespace"},
    {"ingresses", "Ingress"},
    {"ing", "Ingress"},
    {"networkpolicy", "NetworkPolicy"},
    {"networkpolicies", "NetworkPolicy"},
    {"netpol", "NetworkPolicy"},
    {"poddisruptionbudget", "PodDisruptionBudget"},
    {"poddisruptionbudgets", "PodDisruptionBudget"},
    {"pdb", "PodDisruptionBudget"},
    {"horizontalpodautoscaler", "HorizontalPodAutoscaler"},
    {"horizontalpodautoscalers", "HorizontalPodAutoscaler"},
    {"hpa", "HorizontalPodAutoscaler"},
    {"serviceaccount", "ServiceAccount"},
    {"sa", "ServiceAccount"},
    {"endpoint", "Endpoints"},
    {"ep", "Endpoints"},
    {"replicationcontroller", "ReplicationController"},
    {"rc", "ReplicationController"},
    {"storageclass", "StorageClass"},
    {"sc", "StorageClass"},
};

// Path components after `marker` (a component sequence such as
// "cluster-resources/"), or empty when the marker is absent.
std::vector<std::string_view> after(std::string_view path, std::string_view marker) {
  size_t pos = 0;
  while ((pos = path.find(marker, pos)) != std::string_view::npos) {
    bool boundary = pos == 0 || path[pos - 1] == '/' || path[pos - 1] == ':';
    if (boundary) return text::split(path.substr(pos + marker.size()), '/');
    pos += marker.size();
  }
  return {};
}

std::string_view strip_suffix(std::string_view s, std::string_view suffix) {
  return s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : std::string_view();
}

bool support_bundle(std::string_view path, PathInfo& info) {
  auto parts = after(path, "cluster-resources/");
  if (parts.empty()) {
    // Collector output beside cluster-resources/ with nothing to analyse.
    for (std::string_view dir : {"execution-data/", "host-collectors/", "node-metrics/"})
      if (!after(path, dir).empty() || path.ends_with("cluster-info/cluster_version.json")) {
        info.layout = "support-bundle";
        info.role = PathInfo::Role::Metadata;
        return true;
      }
    return false;
  }
  info.layout = "support-bundle";
  // pods/logs/<ns>/<pod>/<container>[-previous|-logs-errors].log
  if (parts.size() == 5 && parts[0] == "pods" && parts[1] == "logs") {
    info.ns = parts[2];
    info.pod = parts[3];
    std::string_view file = parts[4];
    if (auto c = strip_suffix(file, "-logs-errors.log"); !c.empty()) {
      info.role = PathInfo::Role::LogErrors;
      info.container = c;
    } else if (auto p = strip_suffix(file, "-previous.log"); !p.empty()) {
      info.role = PathInfo::Role::ContainerLog;
      info.container = p;
      info.previous = true;
    } else if (auto l = strip_suffix(file, ".log"); !l.empty()) {
      info.role = PathInfo::Role::ContainerLog;
      info.container = l;
    }
    return info.role != PathInfo::Role::Unknown;
  }
  std::string_view last = parts.back();
  if (auto res = strip_suffix(last, "-errors.json"); !res.empty()) {
    info.role = PathInfo::Role::CollectionErrors;
    info.resource = parts.size() > 1 ? std::string(parts[0]) : std::string(res);
    return true;
  }
  if (parts[0] == "auth-cani-list" || last == "groups.json" || last == "resources.json") {
    info.role = PathInfo::Role::Metadata;
    return true;
  }
  if (parts.size() == 1) {
    info.kind_hint = std::string(bundle_kind(strip_suffix(last, ".json")));
  } else if (parts[0] != "custom-resources") {
    info.kind_hint = std::string(bundle_kind(parts[0]));
  }
  return true;
}

bool must_gather(std::string_view path, PathInfo& info) {
  auto parts = after(path, "namespaces/");
  // namespaces/<ns>/pods/<pod>/<container>/<container>/logs/{current,previous}[.insecure].log
  // namespaces/<ns>/pods/<pod>/<container>/<container>/logs/rotated/<n>.log.<date>[.gz]
  if (parts.size() >= 7 && parts[1] == "pods" && parts[5] == "logs") {
    info.layout = "must-gather";
    info.ns = parts[0];
    info.pod = parts[2];
    info.container = parts[3];
    std::string_view file = parts.back();
    if (parts.size() == 7 && (file.starts_with("current") || file.starts_with("previous"))) {
      info.role = PathInfo::Role::ContainerLog;
      info.previous = file.starts_with("previous");
      return true;
    }
    if (parts.size() == 8 && parts[6] == "rotated") {
      info.role = PathInfo::Role::ContainerLog;
      return true;
    }
    info.role = PathInfo::Role::Metadata;
    return true;
  }
  // Probes of older inspect versions: pods/<pod>/<c>/<c>/{healthz/…,metrics.json,version.json}
  if (parts.size() >= 5 && parts[1] == "pods" && parts[3] == parts[4]) {
    info.layout = "must-gather";
    info.role = PathInfo::Role::Metadata;
    return true;
  }
  std::string_view base = path.substr(path.find_last_of("/:") + 1);
  if ((base == "timestamp" || base == "version" || base == "event-filter.html" ||
       base == "must-gather.logs") &&
      (text::contains_ci(path, "must-gather") || !after(path, "namespaces/").empty())) {
    info.layout = "must-gather";
    info.role = PathInfo::Role::Metadata;
    return true;
  }
  return false;
}

bool insights(std::string_view path, PathInfo& info) {
  // config/pod/<ns>/logs/<pod>/<container>_{current,previous}.log
  auto parts = after(path, "config/pod/");
  if (parts.size() == 4 && parts[1] == "logs") {
    std::string_view file = parts[3];
    for (auto [suffix, prev] :
         {std::pair{"_current.log", false}, std::pair{"_previous.log", true}}) {
      if (auto c = strip_suffix(file, suffix); !c.empty()) {
        info.layout = "insights";
        info.role = PathInfo::Role::ContainerLog;
        info.ns = parts[0];
        info.pod = parts[2];
        info.container = c;
        info.previous = prev;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::string_view kind_of_resource_word(std::string_view word) {
  std::string w = text::lower(word);
  if (std::string_view k = bundle_kind(w); !k.empty()) return k;
  for (const auto& [name, kind] : kResourceWords)
    if (name == w) return kind;
  // A kind written as such ("Pod", "PersistentVolumeClaim").
  for (const auto& [dir, kind] : kBundleKinds)
    if (text::lower(kind) == w) return kind;
  return {};
}

namespace {

// The one kind the words of a name (split at - _ . and spaces) name; none
// when they name two.
std::string_view kind_in_words(std::string_view name) {
  std::string_view found;
  size_t start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i < name.size() && name[i] != '-' && name[i] != '_' && name[i] != '.' && name[i] != ' ')
      continue;
    std::string_view word = name.substr(start, i - start);
    start = i + 1;
    // Short names (po, rs, ns, …) only as the whole name: a word of two
    // letters in a longer name is seldom one.
    if (word.size() < 4 && word.size() != name.size()) continue;
    std::string_view k = kind_of_resource_word(word);
    if (k.empty()) continue;
    if (!found.empty() && found != k) return {};
    found = k;
  }
  return found;
}

}  // namespace

std::string_view kind_from_name(std::string_view path) {
  std::string_view rest = path.substr(
      path.find_last_of(':') == std::string_view::npos ? 0 : path.find_last_of(':') + 1);
  std::vector<std::string_view> parts = text::split(rest, '/');
  // The file's name, then its folder and the one above.
  for (size_t i = parts.size(); i-- > 0 && i + 3 >= parts.size();) {
    std::string_view part = parts[i];
    if (i + 1 == parts.size()) {
      for (std::string_view ext : {".gz", ".json", ".ndjson", ".jsonl", ".yaml", ".yml", ".txt"})
        if (part.ends_with(ext)) part.remove_suffix(ext.size());
      for (std::string_view ext : {".json", ".ndjson", ".jsonl", ".yaml", ".yml"})
        if (part.ends_with(ext)) part.remove_suffix(ext.size());
    }
    if (std::string_view k = kind_in_words(part); !k.empty()) return k;
  }
  return {};
}

PathInfo classify_path(std::string_view path) {
  PathInfo info;
  if (support_bundle(path, info) || must_gather(path, info) || insights(path, info)) return info;
  return PathInfo{};
}

}  // namespace kubesift::parse
