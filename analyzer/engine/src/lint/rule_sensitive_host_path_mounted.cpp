// sensitive-host-path-mounted: a container mounts a hostPath volume of one
// of the node's system directories (/, /etc, /proc, ... exactly, by
// default: the `paths` parameter), one finding per container and mount.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  auto paths = security::regex_list(ctx.param(rule, "paths"));
  security::report_host_path_mounts(ctx, rule, paths, out);
}

}  // namespace

LintRule make_lint_rule_sensitive_host_path_mounted() {
  return {"sensitive-host-path-mounted", run};
}

}  // namespace kubesift::engine::lint
