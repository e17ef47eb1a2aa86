// pod-isolation-incomplete: the NetworkPolicies of a pod's namespace do not
// isolate it in both directions: none selects it (medium), or those that do
// restrict only ingress or only egress (low). A policy's directions are its
// policyTypes, or, when it gives none, Ingress plus Egress if it has egress
// rules.
#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  net::Pods pods_of(ctx);
  for (const auto& ps : pods_of.all()) {
    auto policies = net::policies_selecting(ctx, ps);
    bool ingress = false, egress = false;
    for (const Object* np : policies) {
      net::PolicyTypes t = net::policy_types(*np);
      ingress |= t.ingress;
      egress |= t.egress;
    }
    if (ingress && egress) continue;
    Hit h = make_hit(rule, *ps.obj);
    h.cites.push_back(net::cite(net::pod_labels_anchor(ps)));
    if (policies.empty()) {
      h.vars.emplace_back("problem", "no NetworkPolicy of namespace " + ps.obj->ns_key() +
                                         " selects its pods (labels " + net::labels_str(ps.labels) +
                                         ")");
    } else {
      h.severity = Severity::Low;
      h.vars.emplace_back("problem",
                          "the NetworkPolicies selecting its pods (" + net::objects_of(policies) +
                              ") restrict " +
                              (ingress ? "ingress but not egress" : "egress but not ingress"));
    }
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_pod_isolation_incomplete() {
  return {"pod-isolation-incomplete", run};
}

}  // namespace kubesift::engine::lint
