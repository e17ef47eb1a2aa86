// hpa-max-replicas-not-above-min: a HorizontalPodAutoscaler that cannot
// scale: maxReplicas missing or below 1, minReplicas below 1, or maxReplicas
// not above minReplicas (when minReplicas is set).
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* a : ctx.of_kind("HorizontalPodAutoscaler")) {
    model::Value spec = a->root.get("spec");
    model::Value maxf = spec.get("maxReplicas"), minf = spec.get("minReplicas");
    auto max = maxf.as_int(), min = minf.as_int();
    bool min_set = minf && !minf.is_null();
    model::Value at;
    std::string problem;
    if (!max || *max < 1) {
      at = maxf ? maxf : avail::spec_or_name(*a);
      problem =
          maxf ? "its maxReplicas " + std::string(maxf.scalar()) + " is not a count of 1 or more"
               : "it sets no maxReplicas";
    } else if (min_set && (!min || *min < 1)) {
      at = minf;
      problem = "its minReplicas " + std::string(minf.scalar()) + " is not a count of 1 or more";
    } else if (min && *max <= *min) {
      at = maxf;
      problem = "its maxReplicas " + std::to_string(*max) + " is not above its minReplicas " +
                std::to_string(*min) + ", so it can never add a pod";
    } else {
      continue;
    }
    Hit h = make_hit(rule, *a);
    h.cites.push_back(avail::cite(at));
    h.vars.emplace_back("problem", problem);
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_hpa_max_replicas_not_above_min() {
  return {"hpa-max-replicas-not-above-min", run};
}

}  // namespace kubesift::engine::lint
