// binding-role-missing: a RoleBinding or ClusterRoleBinding's roleRef names
// a Role (in the binding's namespace) or ClusterRole the input does not
// declare. The API server accepts the binding, but it grants nothing until
// a role of that name appears, and then grants whatever that role holds.
// The ClusterRoles every cluster has (cluster-admin, admin, edit, view and
// the system: ones) need no declaration.
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index roles(ctx, "Role"), cluster_roles(ctx, "ClusterRole");
  for (const auto& b : ctx.objects()) {
    if ((b.kind != "RoleBinding" && b.kind != "ClusterRoleBinding") ||
        b.group != "rbac.authorization.k8s.io" || refs::bootstrap_binding(b))
      continue;
    model::Value ref = b.root.get("roleRef");
    std::string_view kind = ref.str("kind");
    model::Value name_at = ref.get("name");
    std::string name(name_at.scalar());
    if (name.empty()) continue;
    bool cluster = kind == "ClusterRole";
    if (!cluster && !(kind == "Role" && b.kind == "RoleBinding")) continue;
    Hit h = make_hit(rule, b);
    if (!refs::missing(ctx, cluster ? cluster_roles : roles, cluster ? "" : refs::from_ns(b), name,
                       name_at, h))
      continue;
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_binding_role_missing() {
  return {"binding-role-missing", run};
}

}  // namespace kubesift::engine::lint
