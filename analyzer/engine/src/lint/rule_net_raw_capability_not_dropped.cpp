// net-raw-capability-not-dropped: a container that declares
// securityContext.capabilities but adds NET_RAW (or ALL), or does not drop
// NET_RAW (or ALL). Containers that declare no capabilities at all are left
// to insecure-capabilities-kept, as kube-linter does.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs())
    for (const auto& c : ps.containers) {
      model::Value caps = c.v.at({"securityContext", "capabilities"});
      if (!security::set(caps)) continue;
      for (model::Value a : caps.get("add")) {
        std::string cap = security::capability(a.scalar());
        if (cap != "NET_RAW" && cap != "ALL") continue;
        std::string reason = cap == "ALL" ? "adds ALL capabilities, NET_RAW among them"
                                          : "adds the capability " + std::string(a.scalar());
        out.push_back(security::container_hit(rule, ps, c, a, std::move(reason)));
      }
      bool dropped = false;
      for (model::Value d : caps.get("drop")) {
        std::string cap = security::capability(d.scalar());
        dropped |= cap == "NET_RAW" || cap == "ALL";
      }
      if (dropped) continue;
      model::Value at = caps.get("drop") ? caps.get("drop") : caps;
      out.push_back(security::container_hit(
          rule, ps, c, at, "declares capabilities but does not drop NET_RAW (nor ALL)"));
    }
}

}  // namespace

LintRule make_lint_rule_net_raw_capability_not_dropped() {
  return {"net-raw-capability-not-dropped", run};
}

}  // namespace kubesift::engine::lint
