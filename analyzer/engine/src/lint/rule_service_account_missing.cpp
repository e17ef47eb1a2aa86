// service-account-missing: a pod spec runs as a ServiceAccount the input
// does not declare (kube-linter's non-existent-service-account). The
// ServiceAccount admission plugin refuses such pods, so a controller's pods
// are never created (FailedCreate). serviceAccountName is read, else the
// deprecated serviceAccount; an empty name and "default" (every namespace
// has it) are not checked.
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index accounts(ctx, "ServiceAccount");
  for (const auto& ps : ctx.pod_specs()) {
    model::Value at = ps.spec.get("serviceAccountName");
    if (at.scalar().empty()) at = ps.spec.get("serviceAccount");
    std::string name(at.scalar());
    if (name.empty() || name == "default") continue;
    Hit h = make_hit(rule, *ps.obj);
    if (!refs::missing(ctx, accounts, refs::from_ns(*ps.obj), name, at, h)) continue;
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_service_account_missing() {
  return {"service-account-missing", run};
}

}  // namespace kubesift::engine::lint
