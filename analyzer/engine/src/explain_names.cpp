#include "explain_names.h"

#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "kubesift/core/text.h"
#include "near_names.h"

namespace kubesift::engine {
namespace {

// The kind of a variable that names an object.
struct VarKind {
  std::string_view var, kind;
};
constexpr VarKind kVarKinds[] = {
    {"secret", "Secret"},
    {"configmap", "ConfigMap"},
    {"service_account", "ServiceAccount"},
    {"service", "Service"},
    {"storage_class", "StorageClass"},
    {"claim", "PersistentVolumeClaim"},
};

// The kind of a resource as the API server's "not found" names it
// (`secrets "x"`, `storageclass.storage.k8s.io "x"`).
std::string_view kind_of_resource(std::string_view resource) {
  std::string r = text::lower(resource.substr(0, resource.find('.')));
  static constexpr std::pair<std::string_view, std::string_view> kResources[] = {
      {"secret", "Secret"},
      {"configmap", "ConfigMap"},
      {"persistentvolumeclaim", "PersistentVolumeClaim"},
      {"storageclass", "StorageClass"},
      {"serviceaccount", "ServiceAccount"},
      {"service", "Service"},
      {"persistentvolume", "PersistentVolume"},
      {"priorityclass", "PriorityClass"},
      {"ingressclass", "IngressClass"},
      {"runtimeclass", "RuntimeClass"},
  };
  for (auto [res, kind] : kResources)
    if (r == res || r == std::string(res) + "s" || r == std::string(res) + "es") return kind;
  return {};
}

std::string plural(std::string_view kind) {
  std::string k(kind);
  return k + (k.ends_with("s") ? "es" : "s");
}

// A reference the signal makes: a missing object, or a missing key of one.
struct Miss {
  std::string kind, ns, name;
  std::string key;       // set for a key of `name`
  bool asserted = true;  // the signal says it is missing (pull secrets do not)
};

// "shop/app-config" → ("shop", "app-config"); "app-config" → (ns, itself).
std::pair<std::string, std::string> split_name(std::string_view v, std::string_view ns,
                                               std::string_view kind) {
  size_t slash = v.find('/');
  if (slash == std::string_view::npos || cluster_scoped_kind(kind))
    return {std::string(ns), std::string(v)};
  return {std::string(v.substr(0, slash)), std::string(v.substr(slash + 1))};
}

bool usable(std::string_view name) {
  return !name.empty() && name.front() != '(' && name != "<none>" && name != "unknown";
}

std::string_view var(const Vars& vars, std::string_view name) {
  for (const auto& [k, v] : vars)
    if (k == name) return v;
  return {};
}

std::vector<Miss> misses(const Signal& s, std::string_view ns) {
  std::vector<Miss> out;
  auto add = [&](Miss m) {
    if (!usable(m.name)) return;
    for (const auto& o : out)
      if (o.kind == m.kind && o.ns == m.ns && o.name == m.name && o.key == m.key) return;
    out.push_back(std::move(m));
  };
  std::string_view key = var(s.vars, "key");
  for (const auto& vk : kVarKinds) {
    std::string_view v = var(s.vars, vk.var);
    if (v.empty()) continue;
    auto [where, name] = split_name(v, ns, vk.kind);
    bool keyed = !key.empty() && (vk.kind == "Secret" || vk.kind == "ConfigMap");
    add({std::string(vk.kind), where, name, keyed ? std::string(key) : std::string(), true});
  }
  static const RE2 not_found(R"re(([A-Za-z][\w.\-]*) "([^"]+)" not found)re");
  for (std::string_view field : {"message", "detail", "error"}) {
    std::string_view v = var(s.vars, field);
    re2::StringPiece in(v.data(), v.size());
    std::string resource, name;
    while (RE2::FindAndConsume(&in, not_found, &resource, &name)) {
      std::string_view kind = kind_of_resource(resource);
      if (kind.empty()) continue;
      auto [where, n] = split_name(name, ns, kind);
      add({std::string(kind), where, n, {}, true});
    }
  }
  std::string_view pulls = var(s.vars, "pull_secrets");
  if (pulls.starts_with("imagePullSecrets: "))
    for (std::string_view n : text::split(pulls.substr(18), ','))
      add({"Secret", std::string(ns), std::string(text::trim(n)), {}, false});
  return out;
}

// "Secret a exists", "Secrets a and b exist"; "key K exists".
std::string sentence(const Miss& m, const std::vector<NearName>& near) {
  std::string what = m.key.empty() ? (near.size() == 1 ? m.kind : plural(m.kind))
                                   : (near.size() == 1 ? "key" : "keys");
  std::string names;
  for (size_t i = 0; i < near.size(); ++i) names += (i ? " and " : "") + near[i].name;
  std::string out = what + " " + names + (near.size() == 1 ? " exists" : " exist");
  if (!m.asserted) out = m.kind + " " + m.name + " is not in the input, but " + out;
  return out;
}

}  // namespace

void suggest_near_names(const model::Store& store, std::string_view ns, Signal& s) {
  if (!s.rule || s.rule->message.find("{did_you_mean}") == std::string::npos) return;
  if (!var(s.vars, "did_you_mean").empty()) return;
  std::string text;
  std::vector<EvidenceRef> cites;
  for (const Miss& m : misses(s, ns)) {
    std::vector<NearName> near;
    if (m.key.empty()) {
      // A pull secret is named by the pod, not said to be missing: only a
      // name the input does not show counts, and near_objects checks that.
      near = near_objects(store, m.kind, m.ns, m.name);
    } else {
      near = near_keys(store, m.kind, m.ns, m.name, m.key);
    }
    if (near.empty()) continue;
    text += (text.empty() ? "" : "; ") + sentence(m, near);
    for (const auto& n : near)
      if (n.at.valid()) cites.push_back({n.at, "config"});
  }
  if (text.empty()) return;
  s.vars.emplace_back("did_you_mean", std::move(text));
  // Right after the cause (the first line stays the finding's), so that the
  // cap on evidence never drops them.
  auto at = s.evidence.empty() ? s.evidence.end() : s.evidence.begin() + 1;
  at = std::find_if(at, s.evidence.end(), [](const EvidenceRef& e) { return e.role != "cause"; });
  s.evidence.insert(at, cites.begin(), cites.end());
}

}  // namespace kubesift::engine
