// binding-grants-pod-exec: a RoleBinding or ClusterRoleBinding gives its
// subjects a role that allows pods/exec or pods/attach (the reading of
// role-grants-pod-exec, on the role and the ClusterRoles it aggregates).
// A role the input does not declare cannot be cleared: the built-in
// cluster-admin, admin, edit and system:aggregate-to-edit ClusterRoles are
// known to allow exec, view and the other system:* ClusterRoles of the
// bootstrap policy not to; any other is reported at a lower severity, as
// unverified.
// The cluster's own bindings (system:*, the cluster-admin ClusterRoleBinding,
// the bootstrap policy) are left alone, as are ClusterRoleBindings to view.
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

constexpr const char* kUnverified =
    "which is not in the input: it may allow pods/exec or pods/attach, and cannot be checked";

bool exempt(const Object& b) {
  return rbac::system_name(b.name) || rbac::cluster_default(b) ||
         (b.kind == "ClusterRoleBinding" && b.name == "cluster-admin");
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& b : ctx.objects()) {
    if (!rbac::is_binding(b) || exempt(b)) continue;
    rbac::Resolved r = rbac::resolve(ctx, b);
    if (!r.known_kind || r.name.empty()) continue;
    if (b.kind == "ClusterRoleBinding" && r.name == "view") continue;
    Hit h = make_hit(rule, b);
    h.cites.push_back({r.name_at, "config", {}});
    h.vars.emplace_back("role", r.kind + " " + r.name);
    if (r.role) {
      const Object* role = nullptr;
      rbac::Grant g;
      if (!rbac::member_grant(r, rbac::grants_exec, role, g)) continue;
      h.cites.push_back({g.resource, "config", {}});
      h.vars.emplace_back("why", "which allows " + rbac::shown(g.verb) + " on " +
                                     rbac::shown(g.resource) +
                                     (role == r.role ? "" : " through ClusterRole " + role->name) +
                                     ": its subjects can run commands inside pods");
    } else if (r.kind == "ClusterRole") {
      rbac::Builtin bi = rbac::builtin_cluster_role(r.name);
      if (bi == rbac::Builtin::View || bi == rbac::Builtin::System) continue;
      if (bi != rbac::Builtin::None) {
        h.vars.emplace_back("why",
                            "a built-in ClusterRole that allows pods/exec and pods/attach: its "
                            "subjects can run commands inside pods");
      } else {
        h.vars.emplace_back("why", kUnverified);
        h.severity = Severity::Medium;
      }
    } else {
      h.vars.emplace_back("why", kUnverified);
      h.severity = Severity::Medium;
    }
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_binding_grants_pod_exec() {
  return {"binding-grants-pod-exec", run};
}

}  // namespace kubesift::engine::lint
