// served-deployment-not-rolling-update: a Deployment behind a Service (a
// Service of its namespace selects its pods) whose spec.strategy.type is set
// to something other than RollingUpdate (Recreate): every rollout stops all
// old pods before starting new ones, and the Service has nothing to route to
// meanwhile. An unset type is RollingUpdate.
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* o : ctx.of_kind("Deployment")) {
    model::Value type = o->root.at({"spec", "strategy", "type"});
    if (type.scalar().empty() || type.scalar() == "RollingUpdate") continue;
    auto svcs = avail::services_selecting(ctx, o->ns_key(), avail::pod_labels(*o));
    if (svcs.empty()) continue;
    Hit h = make_hit(rule, *o);
    h.cites.push_back(avail::cite(type));
    h.vars.emplace_back("value", std::string(type.scalar()));
    h.vars.emplace_back("service", svcs.front()->name);
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_served_deployment_not_rolling_update() {
  return {"served-deployment-not-rolling-update", run};
}

}  // namespace kubesift::engine::lint
