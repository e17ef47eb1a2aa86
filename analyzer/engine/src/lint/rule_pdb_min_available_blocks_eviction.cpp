// pdb-min-available-blocks-eviction: a PodDisruptionBudget whose minAvailable
// leaves no pod to evict: 100%, or at least the replica count of a workload
// it selects (spec.replicas, or the floor of an autoscaler targeting the
// workload, which owns the count; a percentage is rounded up as the
// disruption controller does). A minAvailable that is neither an integer nor
// a percentage, or a budget with minAvailable but no selector, is reported
// too. Only workloads with a replica count are compared.
#include <cmath>

#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* p : ctx.of_kind("PodDisruptionBudget")) {
    model::Value spec = p->root.get("spec");
    model::Value mv = spec.get("minAvailable");
    if (!mv || mv.is_null()) continue;
    Hit h = make_hit(rule, *p);
    h.cites.push_back(avail::cite(mv));
    h.vars.emplace_back("value", std::string(mv.scalar()));
    auto iop = avail::int_or_percent(mv);
    if (!iop) {
      h.vars.emplace_back("problem", "it is neither a number of pods nor a percentage");
      out.push_back(std::move(h));
      continue;
    }
    if (iop->percent && iop->value >= 100) {
      h.vars.emplace_back("problem", "no pod it covers may ever be evicted");
      out.push_back(std::move(h));
      continue;
    }
    model::Value selv = spec.get("selector");
    if (!selv || selv.is_null()) {
      h.vars.emplace_back("problem", "the budget has no selector, so it covers no pods");
      out.push_back(std::move(h));
      continue;
    }
    std::string blocked;
    for (const auto& w : ctx.objects()) {
      if (w.ns_key() != p->ns_key()) continue;
      auto r = avail::replicas_of(w);
      if (!r || !avail::pdb_selects(*p, avail::pod_labels(w))) continue;
      long long count = r->n;
      std::string from = avail::replicas_text(r->n);
      if (auto scalers = avail::autoscalers_of(ctx, w); !scalers.empty()) {
        count = avail::autoscaler_min(*scalers.front());
        from = "a floor of " + avail::replicas_text(count) + " (" + scalers.front()->kind + " " +
               scalers.front()->name + ")";
      }
      long long min =
          iop->percent
              ? static_cast<long long>(std::ceil(static_cast<double>(count) * iop->value / 100.0))
              : iop->value;
      if (count > min) continue;
      blocked += (blocked.empty() ? "" : " and ") + w.kind + " " + w.name + " with " + from;
    }
    if (blocked.empty()) continue;
    h.vars.emplace_back(
        "problem", "it selects the pods of " + blocked + ", so none of them may ever be evicted");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_pdb_min_available_blocks_eviction() {
  return {"pdb-min-available-blocks-eviction", run};
}

}  // namespace kubesift::engine::lint
