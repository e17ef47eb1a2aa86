// pdb-min-available-above-hpa-min: a Deployment whose PodDisruptionBudget
// asks for more available pods (minAvailable; a percentage is taken of the
// autoscaler's minReplicas and rounded up) than the floor its
// HorizontalPodAutoscaler may scale it down to (minReplicas): once scaled
// down, none of its pods may be evicted.
#include <cmath>

#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* o : ctx.of_kind("Deployment")) {
    auto hpas = avail::autoscalers_of(ctx, *o, false);
    if (hpas.empty()) continue;
    const Object* hpa = hpas.front();
    model::Value minf = avail::autoscaler_min_field(*hpa);
    auto hmin = minf.as_int();
    if (!hmin) continue;
    for (const Object* p : avail::pdbs_selecting(ctx, o->ns_key(), avail::pod_labels(*o))) {
      model::Value mv = p->root.at({"spec", "minAvailable"});
      auto iop = avail::int_or_percent(mv);
      if (!iop) continue;
      long long need =
          iop->percent
              ? static_cast<long long>(std::ceil(static_cast<double>(*hmin) * iop->value / 100.0))
              : iop->value;
      if (need <= *hmin) continue;
      Hit h = make_hit(rule, *o);
      h.cites.push_back(avail::cite(mv));
      h.cites.push_back(avail::cite(minf));
      h.vars.emplace_back("pdb", p->name);
      h.vars.emplace_back(
          "min_available",
          std::string(mv.scalar()) + (iop->percent ? " (" + std::to_string(need) + " pods)" : ""));
      h.vars.emplace_back("hpa", hpa->name);
      h.vars.emplace_back("hpa_min", std::to_string(*hmin));
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_pdb_min_available_above_hpa_min() {
  return {"pdb-min-available-above-hpa-min", run};
}

}  // namespace kubesift::engine::lint
