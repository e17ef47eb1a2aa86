// cpu-request-differs-from-limit: a container whose cpu request is not its
// cpu limit.
#include "resources_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  request_differs_from_limit(ctx, rule, "cpu", false, out);
}

}  // namespace

LintRule make_lint_rule_cpu_request_differs_from_limit() {
  return {"cpu-request-differs-from-limit", run};
}

}  // namespace kubesift::engine::lint
