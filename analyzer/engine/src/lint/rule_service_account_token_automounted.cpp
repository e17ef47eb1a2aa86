// service-account-token-automounted: the pods get an API token mounted.
// The pod spec's automountServiceAccountToken decides when written (true:
// mounted, false: not); unset, the ServiceAccount's field decides, so the
// pods are safe only if their ServiceAccount (serviceAccountName, else the
// deprecated serviceAccount, else "default", in the pod's namespace) is in
// the input and sets automountServiceAccountToken: false.
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    model::Value pod_field = ps.spec.get("automountServiceAccountToken");
    if (pod_field.is_false()) continue;
    model::Value sa_at = ps.spec.get("serviceAccountName");
    if (sa_at.scalar().empty()) sa_at = ps.spec.get("serviceAccount");
    std::string sa(sa_at.scalar());
    if (sa.empty()) sa = "default";
    Hit h = make_hit(rule, *ps.obj);
    h.vars.emplace_back("sa", sa);
    if (pod_field.is_true()) {
      h.cites.push_back({pod_field, "config", {}});
      h.vars.emplace_back("why", "the pod spec turns the token on");
      out.push_back(std::move(h));
      continue;
    }
    const Object* account = nullptr;
    for (const Object* o : ctx.find("ServiceAccount", ps.obj->ns_key(), sa))
      if (o->group.empty()) {
        account = o;
        if (o->root.get("automountServiceAccountToken").is_false()) break;
      }
    if (account && account->root.get("automountServiceAccountToken").is_false()) continue;
    h.cites.push_back({sa_at.scalar().empty() ? ps.spec : sa_at, "config", {}});
    if (account) {
      model::Value f = account->root.get("automountServiceAccountToken");
      h.cites.push_back({f ? f : account->root.at({"metadata", "name"}), "config", {}});
      h.vars.emplace_back(
          "why", f.is_true() ? "the pod spec leaves it to the ServiceAccount, which turns it on"
                             : "neither the pod spec nor the ServiceAccount turns it off");
    } else {
      h.vars.emplace_back("why",
                          "the pod spec does not turn it off, and the ServiceAccount is not in the "
                          "input");
    }
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_service_account_token_automounted() {
  return {"service-account-token-automounted", run};
}

}  // namespace kubesift::engine::lint
