// ssh-port-exposed: a container port that is the SSH port (the `port`
// parameter, 22) over TCP, the protocol Kubernetes assumes when none is
// written; one finding per port, any container.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  long long want = ctx.param_int(rule, "port", 22);
  for (const auto& ps : ctx.pod_specs())
    for (const auto& c : ps.containers)
      for (model::Value p : c.v.get("ports")) {
        model::Value cp = p.get("containerPort");
        auto n = cp.as_int();
        if (!n || *n != want) continue;
        model::Value proto = p.get("protocol");
        if (security::set(proto) && proto.scalar() != "TCP") continue;
        Hit h = security::make_container_hit(rule, ps, c);
        h.cites.push_back({cp, "config", {}});
        h.vars.emplace_back("port", std::to_string(*n));
        out.push_back(std::move(h));
      }
}

}  // namespace

LintRule make_lint_rule_ssh_port_exposed() {
  return {"ssh-port-exposed", run};
}

}  // namespace kubesift::engine::lint
