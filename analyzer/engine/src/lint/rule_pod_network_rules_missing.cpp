// pod-network-rules-missing: no NetworkPolicy of a pod's namespace both
// selects it and gives it ingress rules and egress rules in effect (each
// direction listed in policyTypes, or implied when policyTypes is absent).
// Several policies may share the work: one for ingress, one for egress.
#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

bool has_rules(const Object& np, const char* dir) {
  model::Value v = np.root.at({"spec", dir});
  return v.is_seq() && v.size() > 0;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  net::Pods pods_of(ctx);
  for (const auto& ps : pods_of.all()) {
    auto policies = net::policies_selecting(ctx, ps);
    bool ingress = false, egress = false;
    for (const Object* np : policies) {
      net::PolicyTypes t = net::policy_types(*np);
      ingress |= t.ingress && has_rules(*np, "ingress");
      egress |= t.egress && has_rules(*np, "egress");
    }
    if (ingress && egress) continue;
    Hit h = make_hit(rule, *ps.obj);
    h.cites.push_back(net::cite(net::pod_labels_anchor(ps)));
    std::string missing = !ingress && !egress ? "ingress and egress"
                          : !ingress          ? "ingress"
                                              : "egress";
    if (policies.empty())
      h.vars.emplace_back("problem", "no NetworkPolicy of namespace " + ps.obj->ns_key() +
                                         " selects its pods (labels " + net::labels_str(ps.labels) +
                                         ")");
    else
      h.vars.emplace_back("problem", "the NetworkPolicies selecting its pods (" +
                                         net::objects_of(policies) + ") have no " + missing +
                                         " rules in effect (rules listed, with the direction in "
                                         "policyTypes)");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_pod_network_rules_missing() {
  return {"pod-network-rules-missing", run};
}

}  // namespace kubesift::engine::lint
