// served-deployment-few-replicas: a Deployment behind a Service (a Service
// of its namespace selects its pods) that no autoscaler targets and that runs
// fewer than min-replicas pods (spec.replicas unset means 1): the Service
// has nothing to route to while that pod is replaced.
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  long long min = ctx.param_int(rule, "min-replicas", 2);
  for (const Object* o : ctx.of_kind("Deployment")) {
    auto r = avail::replicas_of(*o);
    if (!r || r->n >= min) continue;
    auto svcs = avail::services_selecting(ctx, o->ns_key(), avail::pod_labels(*o));
    if (svcs.empty() || !avail::autoscalers_of(ctx, *o).empty()) continue;
    Hit h = make_hit(rule, *o);
    h.cites.push_back(avail::cite(r->at));
    h.vars.emplace_back("replicas",
                        avail::replicas_text(r->n) + (r->set ? "" : " (spec.replicas is not set)"));
    h.vars.emplace_back("service", svcs.front()->name);
    h.vars.emplace_back("min-replicas", std::to_string(min));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_served_deployment_few_replicas() {
  return {"served-deployment-few-replicas", run};
}

}  // namespace kubesift::engine::lint
