// hpa-target-sets-replicas: a Deployment that an autoscaler of its namespace
// targets (a HorizontalPodAutoscaler, or a KEDA ScaledObject, which makes
// one) but that also sets spec.replicas: every apply resets the count the
// autoscaler chose, scaling a loaded Deployment down until it reacts.
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* o : ctx.of_kind("Deployment")) {
    model::Value rep = o->root.at({"spec", "replicas"});
    if (!rep || rep.is_null()) continue;
    auto scalers = avail::autoscalers_of(ctx, *o);
    if (scalers.empty()) continue;
    Hit h = make_hit(rule, *o);
    h.cites.push_back(avail::cite(rep));
    const Object* a = scalers.front();
    h.cites.push_back(avail::cite(avail::first_of(*a, {a->root.at({"spec", "scaleTargetRef"})})));
    h.vars.emplace_back("autoscaler", a->kind + " " + a->name);
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_hpa_target_sets_replicas() {
  return {"hpa-target-sets-replicas", run};
}

}  // namespace kubesift::engine::lint
