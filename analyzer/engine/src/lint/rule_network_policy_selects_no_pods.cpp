// network-policy-selects-no-pods: a NetworkPolicy whose podSelector
// (matchLabels and matchExpressions) matches no pod template of its
// namespace, so the isolation it was written for applies to nothing.
#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  net::Pods pods_of(ctx);
  for (const Object* o : ctx.of_kind("NetworkPolicy")) {
    model::Value spec = o->root.get("spec");
    model::Value psv = spec.get("podSelector");
    bool direct = false;
    Selector sel = label_selector(psv, &direct);
    const std::string& ns = o->ns_key();
    Hit h = make_hit(rule, *o);
    if (sel.invalid) {
      h.cites.push_back(net::cite(net::first_of(*o, {psv, spec})));
      h.vars.emplace_back("problem",
                          "its podSelector is not a valid label selector (an operator "
                          "other than In, NotIn, Exists and DoesNotExist)");
      out.push_back(std::move(h));
      continue;
    }
    if (ctx.selects_any_pod(ns, sel)) continue;
    auto elsewhere = net::objects_of(pods_of.selected_elsewhere(ns, sel));
    net::Absence a = net::absence(ctx, pods_of.in(ns).size(), "pod-bearing object",
                                  "namespace " + ns, elsewhere);
    if (!a.report) continue;
    h.cites.push_back(net::cite(net::first_of(*o, {psv, spec})));
    std::string problem = "its podSelector (" + sel.describe() + ") selects no pods";
    if (direct) problem += " (the labels under podSelector are not under matchLabels)";
    h.vars.emplace_back("problem", problem + " (" + a.why + ")");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_network_policy_selects_no_pods() {
  return {"network-policy-selects-no-pods", run};
}

}  // namespace kubesift::engine::lint
