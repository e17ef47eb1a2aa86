// ephemeral-storage-request-differs-from-limit: a container whose ephemeral-storage request is not
// its ephemeral-storage limit (both set).
#include "resources_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  request_differs_from_limit(ctx, rule, "ephemeral-storage", true, out);
}

}  // namespace

LintRule make_lint_rule_ephemeral_storage_request_differs_from_limit() {
  return {"ephemeral-storage-request-differs-from-limit", run};
}

}  // namespace kubesift::engine::lint
