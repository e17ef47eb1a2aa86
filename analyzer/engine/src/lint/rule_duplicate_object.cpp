// duplicate-object: a manifest set declares the same object twice (same
// kind, API group, namespace and name), so one silently replaces the other
// when both are applied. Objects read from a cluster (with a status) are
// several views of one live object, never duplicates.
#include <map>
#include <tuple>

#include "context.h"

namespace kubesift::engine::lint {
namespace {

// Kinds that moved between API groups are one resource whatever group a
// manifest names (extensions/v1beta1 Deployment = apps/v1 Deployment).
std::string resource_group(const Object& o) {
  if (o.group == "extensions") {
    if (o.kind == "Ingress" || o.kind == "NetworkPolicy") return "networking.k8s.io";
    if (o.kind == "PodSecurityPolicy") return "policy";
    return "apps";
  }
  return o.group;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  std::map<std::tuple<std::string, std::string, std::string, std::string>, const Object*> first;
  for (const auto& o : ctx.objects()) {
    if (o.decl->observed || o.name.empty() || o.kind.empty()) continue;
    auto key = std::make_tuple(o.kind, resource_group(o), o.ns_key(), o.name);
    auto [it, fresh] = first.emplace(key, &o);
    if (fresh) continue;
    const Object& prev = *it->second;
    Hit h = make_hit(rule, o);
    h.cites.push_back({o.root.at({"metadata", "name"}), "config", {}});
    h.cites.push_back({prev.root.at({"metadata", "name"}), "config", {}});
    h.vars.emplace_back(
        "first", prev.path + ":" + std::to_string(prev.root.at({"metadata", "name"}).cite_line()));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_duplicate_object() {
  return {"duplicate-object", run};
}

}  // namespace kubesift::engine::lint
