// replicas-below-three: a replicated workload (Deployment, StatefulSet,
// ReplicaSet, ReplicationController, DeploymentConfig, Rollout) asking for
// fewer than min-replicas pods (3 by default; spec.replicas unset means 1),
// so losing one pod or one node removes a large share of its capacity.
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  long long min = ctx.param_int(rule, "min-replicas", 3);
  for (const auto& o : ctx.objects()) {
    auto r = avail::replicas_of(o);
    if (!r || r->n >= min) continue;
    Hit h = make_hit(rule, o);
    h.cites.push_back(avail::cite(r->at));
    h.vars.emplace_back("replicas",
                        avail::replicas_text(r->n) + (r->set ? "" : " (spec.replicas is not set)"));
    h.vars.emplace_back("min-replicas", std::to_string(min));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_replicas_below_three() {
  return {"replicas-below-three", run};
}

}  // namespace kubesift::engine::lint
