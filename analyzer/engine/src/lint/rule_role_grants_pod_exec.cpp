// role-grants-pod-exec: a Role or ClusterRole lets its subjects run commands
// in pods or attach to them: a rule on the core group (or "*") lists
// pods/exec, pods/attach or "*" with create, get (the exec websocket is
// opened with a GET) or "*". The cluster's own roles are left alone: names
// starting with system:, the built-in admin, edit and cluster-admin
// ClusterRoles, and the bootstrap policy. One finding per role, at the first
// such rule.
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

bool exempt(const Object& o) {
  if (rbac::system_name(o.name) || rbac::cluster_default(o)) return true;
  return o.kind == "ClusterRole" &&
         (o.name == "admin" || o.name == "edit" || o.name == "cluster-admin");
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects()) {
    if (!rbac::is_role(o) || exempt(o)) continue;
    rbac::Grant g;
    if (!rbac::first_grant(o, rbac::grants_exec, g)) continue;
    Hit h = make_hit(rule, o);
    h.cites.push_back({g.resource, "config", {}});
    h.cites.push_back({g.verb, "config", {}});
    h.vars.emplace_back("resource", rbac::shown(g.resource));
    h.vars.emplace_back("verb", rbac::shown(g.verb));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_role_grants_pod_exec() {
  return {"role-grants-pod-exec", run};
}

}  // namespace kubesift::engine::lint
