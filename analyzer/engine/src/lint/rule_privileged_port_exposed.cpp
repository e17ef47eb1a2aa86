// privileged-port-exposed: a container port between 1 and 1023, which only
// root (or NET_BIND_SERVICE) may bind; one finding per port, any container.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs())
    for (const auto& c : ps.containers)
      for (model::Value p : c.v.get("ports")) {
        model::Value cp = p.get("containerPort");
        auto n = cp.as_int();
        if (!n || *n <= 0 || *n >= 1024) continue;
        Hit h = security::make_container_hit(rule, ps, c);
        h.cites.push_back({cp, "config", {}});
        h.vars.emplace_back("port", std::to_string(*n));
        out.push_back(std::move(h));
      }
}

}  // namespace

LintRule make_lint_rule_privileged_port_exposed() {
  return {"privileged-port-exposed", run};
}

}  // namespace kubesift::engine::lint
