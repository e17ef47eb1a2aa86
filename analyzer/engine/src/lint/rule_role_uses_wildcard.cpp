// role-uses-wildcard: a Role or ClusterRole rule lists "*" as a resource or
// a verb, so it grants whatever resources and verbs the API gains later
// (CRDs, new subresources) along with today's. One finding per "*" (in
// resources and in verbs), as kube-linter counts them; apiGroups and
// nonResourceURLs are not looked at, nor is the API server's bootstrap policy
// (label kubernetes.io/bootstrapping: rbac-defaults: cluster-admin has "*").
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects()) {
    if (!rbac::is_role(o) || rbac::cluster_default(o)) continue;
    for (model::Value r : o.root.get("rules")) {
      for (auto [list, what] : {std::pair{"resources", "resources"}, std::pair{"verbs", "verbs"}}) {
        model::Value items = r.get(list);
        if (!items.is_seq()) continue;
        for (model::Value e : items) {
          if (!e.is_scalar() || e.scalar() != "*") continue;
          Hit h = make_hit(rule, o);
          h.cites.push_back({e, "config", {}});
          h.vars.emplace_back("where", what);
          out.push_back(std::move(h));
        }
      }
    }
  }
}

}  // namespace

LintRule make_lint_rule_role_uses_wildcard() {
  return {"role-uses-wildcard", run};
}

}  // namespace kubesift::engine::lint
