// binding-subject-missing: a RoleBinding or ClusterRoleBinding grants its
// role to a ServiceAccount the input does not declare. The grant reaches
// nobody (the workload meant to get it is refused with 403), and it passes
// to whoever later creates an account of that name. The subject's
// namespace is its own, else (RoleBinding) the binding's; "default" exists
// in every namespace.
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index accounts(ctx, "ServiceAccount");
  for (const auto& b : ctx.objects()) {
    if ((b.kind != "RoleBinding" && b.kind != "ClusterRoleBinding") ||
        b.group != "rbac.authorization.k8s.io" || refs::bootstrap_binding(b))
      continue;
    model::Value ref = b.root.get("roleRef");
    std::string role = std::string(ref.str("kind")) + " " + std::string(ref.str("name"));
    for (model::Value s : b.root.get("subjects")) {
      if (s.str("kind") != "ServiceAccount") continue;
      model::Value name_at = s.get("name");
      std::string name(name_at.scalar());
      if (name.empty() || name == "default") continue;
      std::string ns(s.str("namespace"));
      // A ClusterRoleBinding's ServiceAccount subject must name its namespace.
      if (ns.empty() && b.kind == "ClusterRoleBinding") continue;
      if (ns.empty()) ns = b.ns;
      Hit h = make_hit(rule, b);
      if (!refs::missing(ctx, accounts, ns, name, name_at, h)) continue;
      h.vars.emplace_back("role", ref.str("name").empty() ? std::string("its role") : role);
      h.vars.emplace_back("account_ns", refs::ns_text(ns));
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_binding_subject_missing() {
  return {"binding-subject-missing", run};
}

}  // namespace kubesift::engine::lint
