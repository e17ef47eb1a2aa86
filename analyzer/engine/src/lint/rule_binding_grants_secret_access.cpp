// binding-grants-secret-access: a RoleBinding or ClusterRoleBinding lets
// its subjects read or change Secrets: its role has a rule with get, list,
// watch, create, delete or "*" on secrets or "*" (any API group, as
// kube-linter reads it). Roles are looked up by roleRef.kind (a RoleBinding
// may name a ClusterRole) with the ClusterRoles they aggregate; undeclared,
// the built-in cluster-admin, admin and edit ClusterRoles grant it.
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  rbac::run_access_rule(ctx, rule, out, {"secrets"}, {"get", "list", "watch", "create", "delete"});
}

}  // namespace

LintRule make_lint_rule_binding_grants_secret_access() {
  return {"binding-grants-secret-access", run};
}

}  // namespace kubesift::engine::lint
