// container-runtime-socket-mounted: a container mounts the node's Docker,
// containerd or CRI-O socket through a hostPath volume (the `sockets`
// parameter), one finding per container and mount.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  auto sockets = security::regex_list(ctx.param(rule, "sockets"));
  security::report_host_path_mounts(ctx, rule, sockets, out);
}

}  // namespace

LintRule make_lint_rule_container_runtime_socket_mounted() {
  return {"container-runtime-socket-mounted", run};
}

}  // namespace kubesift::engine::lint
