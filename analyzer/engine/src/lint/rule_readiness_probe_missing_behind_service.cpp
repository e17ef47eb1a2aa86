// readiness-probe-missing-behind-service: a Service in the same namespace
// selects the pods, yet none of their containers has a readinessProbe, so
// the Service sends them traffic as soon as they start (and keeps sending it
// to pods that stopped answering). Pods of Jobs and CronJobs run to
// completion and are left alone. One readiness probe anywhere in the pod is
// enough; a Service without a selector (or of type ExternalName) selects no
// pods.
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using namespace workloads;

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    const Object& o = *ps.obj;
    if (is_batch_kind(o.kind) || o.kind == "PodTemplate") continue;
    bool ready = false;
    const PodSpec::Container* first = nullptr;
    for (const auto& c : ps.containers) {
      if (c.ephemeral) continue;
      if (c.v.get("readinessProbe")) ready = true;
      if (!c.init && !first) first = &c;
    }
    if (ready || !first) continue;
    for (const Object* svc : ctx.services_selecting(o.ns_key(), ps.labels)) {
      model::Value sel_at = svc->root.at({"spec", "selector"});
      Selector sel = map_selector(sel_at);
      Hit h = container_hit(rule, ps, *first);
      h.cites.push_back({container_anchor(*first), "config", {}});
      h.cites.push_back({sel_at, "config", {}});
      h.vars.emplace_back("service", svc->name);
      h.vars.emplace_back("selector", sel.describe());
      out.push_back(std::move(h));
      break;
    }
  }
}

}  // namespace

LintRule make_lint_rule_readiness_probe_missing_behind_service() {
  return {"readiness-probe-missing-behind-service", run};
}

}  // namespace kubesift::engine::lint
