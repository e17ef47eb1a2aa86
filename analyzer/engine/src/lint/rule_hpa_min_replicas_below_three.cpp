// hpa-min-replicas-below-three: a HorizontalPodAutoscaler that may scale its
// target down below min-replicas pods (3 by default; minReplicas unset means
// 1), the stricter floor of teams that want a quorum left when a node fails.
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  avail::run_hpa_floor(ctx, rule, out, 3);
}

}  // namespace

LintRule make_lint_rule_hpa_min_replicas_below_three() {
  return {"hpa-min-replicas-below-three", run};
}

}  // namespace kubesift::engine::lint
