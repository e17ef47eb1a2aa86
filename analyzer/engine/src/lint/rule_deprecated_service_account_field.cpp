// deprecated-service-account-field: a pod spec names its service account
// with serviceAccount, the deprecated alias of serviceAccountName. Only
// declarations count: on an object read from a cluster the API server fills
// serviceAccount in itself, so it says nothing about the manifest.
#include "context.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    if (ps.obj->decl && ps.obj->decl->observed) continue;
    model::Value sa = ps.spec.get("serviceAccount");
    if (!sa.is_scalar() || sa.scalar().empty()) continue;
    Hit h = make_hit(rule, *ps.obj);
    h.cites.push_back({sa, "config", {}});
    h.vars.emplace_back("value", std::string(sa.scalar()));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_deprecated_service_account_field() {
  return {"deprecated-service-account-field", run};
}

}  // namespace kubesift::engine::lint
