// pod-not-isolated: a pod (or the pods of a workload) that no NetworkPolicy
// of its namespace selects: every pod of the cluster can reach it, and it
// can reach anything.
#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  net::Pods pods_of(ctx);
  for (const auto& ps : pods_of.all()) {
    if (!net::policies_selecting(ctx, ps).empty()) continue;
    const std::string& ns = ps.obj->ns_key();
    size_t n = ctx.of_kind("NetworkPolicy", ns).size();
    Hit h = make_hit(rule, *ps.obj);
    h.cites.push_back(net::cite(net::pod_labels_anchor(ps)));
    h.vars.emplace_back("labels", net::labels_str(ps.labels));
    h.vars.emplace_back("policies", n == 0 ? "the input holds no NetworkPolicy in namespace " + ns
                                           : "none of the " + net::count_of(n, "NetworkPolicy") +
                                                 " of namespace " + ns + " selects them");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_pod_not_isolated() {
  return {"pod-not-isolated", run};
}

}  // namespace kubesift::engine::lint
