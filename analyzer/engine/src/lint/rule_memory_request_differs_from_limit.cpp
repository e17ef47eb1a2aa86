// memory-request-differs-from-limit: a container whose memory request is not its
// memory limit.
#include "resources_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  request_differs_from_limit(ctx, rule, "memory", false, out);
}

}  // namespace

LintRule make_lint_rule_memory_request_differs_from_limit() {
  return {"memory-request-differs-from-limit", run};
}

}  // namespace kubesift::engine::lint
