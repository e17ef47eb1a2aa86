// hpa-min-replicas-low: a HorizontalPodAutoscaler that may scale its target
// down below min-replicas pods (2 by default; minReplicas unset means 1).
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  avail::run_hpa_floor(ctx, rule, out, 2);
}

}  // namespace

LintRule make_lint_rule_hpa_min_replicas_low() {
  return {"hpa-min-replicas-low", run};
}

}  // namespace kubesift::engine::lint
