// deployment-single-replica: a Deployment that runs one pod (spec.replicas
// unset or below 2), so a node drain, an eviction or a crash leaves it with
// nothing serving. A Deployment an autoscaler targets is left alone: the
// autoscaler owns the count, and spec.replicas should then be unset
// (hpa-target-sets-replicas).
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* o : ctx.of_kind("Deployment")) {
    auto r = avail::replicas_of(*o);
    if (!r || (r->set && r->n >= 2)) continue;
    if (!avail::autoscalers_of(ctx, *o).empty()) continue;
    Hit h = make_hit(rule, *o);
    h.cites.push_back(avail::cite(r->at));
    h.vars.emplace_back("count", r->set ? "sets spec.replicas: " + std::to_string(r->n)
                                        : "sets no spec.replicas, so it runs 1 pod");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_deployment_single_replica() {
  return {"deployment-single-replica", run};
}

}  // namespace kubesift::engine::lint
