// binding-grants-cluster-admin: a RoleBinding or ClusterRoleBinding gives
// its subjects full control: it names the cluster-admin ClusterRole, or a
// role (or a ClusterRole it aggregates) with a rule granting every verb
// ("*", or all of get, list, watch, create, update, patch and delete) on
// every resource ("*") of every API group ("*"). The cluster's own bindings
// (system:*, the cluster-admin ClusterRoleBinding, the bootstrap policy) are
// left alone. A role the input does not declare is not reported (other than
// cluster-admin).
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

bool exempt(const Object& b) {
  return rbac::system_name(b.name) || rbac::cluster_default(b) ||
         (b.kind == "ClusterRoleBinding" && b.name == "cluster-admin");
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& b : ctx.objects()) {
    if (!rbac::is_binding(b) || exempt(b)) continue;
    rbac::Resolved r = rbac::resolve(ctx, b);
    if (!r.known_kind || r.name.empty()) continue;
    Hit h = make_hit(rule, b);
    h.cites.push_back({r.name_at, "config", {}});
    h.vars.emplace_back("role", r.kind + " " + r.name);
    h.vars.emplace_back("scope", b.kind == "ClusterRoleBinding" ? std::string("in every namespace")
                                                                : "in namespace " + b.ns_key());
    if (r.kind == "ClusterRole" && r.name == "cluster-admin") {
      h.vars.emplace_back("why", "the built-in superuser role");
      if (r.role) h.cites.push_back({r.role->root.at({"metadata", "name"}), "config", {}});
      out.push_back(std::move(h));
      continue;
    }
    const Object* role = nullptr;
    rbac::Grant g;
    if (!r.role || !rbac::member_grant(r, rbac::grants_everything, role, g)) continue;
    h.cites.push_back({g.resource, "config", {}});
    h.vars.emplace_back("why", std::string("which grants every verb on every resource") +
                                   (role == r.role ? "" : " through ClusterRole " + role->name));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_binding_grants_cluster_admin() {
  return {"binding-grants-cluster-admin", run};
}

}  // namespace kubesift::engine::lint
