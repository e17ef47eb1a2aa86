// network-policy-peer-selects-no-pods: an ingress `from` or egress `to` peer
// of a NetworkPolicy that selects pods of the policy's namespace (a
// podSelector without a namespaceSelector) and matches none of them, so the
// traffic the rule allows comes from, or goes to, nobody.
#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  net::Pods pods_of(ctx);
  for (const Object* o : ctx.of_kind("NetworkPolicy")) {
    model::Value spec = o->root.get("spec");
    const std::string& ns = o->ns_key();
    size_t pods = pods_of.in(ns).size();
    for (auto [dir, peers] : {std::pair{"ingress", "from"}, std::pair{"egress", "to"}})
      for (model::Value r : spec.get(dir))
        for (model::Value peer : r.get(peers)) {
          model::Value psv = peer.get("podSelector");
          if (!psv || peer.get("namespaceSelector")) continue;
          Selector sel = label_selector(psv);
          Hit h = make_hit(rule, *o);
          h.cites.push_back(net::cite(psv));
          h.vars.emplace_back("peer", std::string(dir) + "." + peers);
          if (sel.invalid) {
            h.vars.emplace_back("problem", "is not a valid label selector");
            out.push_back(std::move(h));
            continue;
          }
          if (ctx.selects_any_pod(ns, sel)) continue;
          auto elsewhere = net::objects_of(pods_of.selected_elsewhere(ns, sel));
          net::Absence a =
              net::absence(ctx, pods, "pod-bearing object", "namespace " + ns, elsewhere);
          if (!a.report) continue;
          h.vars.emplace_back("problem",
                              "(" + sel.describe() + ") selects no pods (" + a.why + ")");
          out.push_back(std::move(h));
        }
  }
}

}  // namespace

LintRule make_lint_rule_network_policy_peer_selects_no_pods() {
  return {"network-policy-peer-selects-no-pods", run};
}

}  // namespace kubesift::engine::lint
