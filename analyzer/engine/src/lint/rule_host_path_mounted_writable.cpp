// host-path-mounted-writable: a volumeMounts entry of a hostPath volume
// without readOnly: true, in any container; one finding per mount.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    auto volumes = security::host_path_volumes(ps);
    if (volumes.empty()) continue;
    for (const auto& c : ps.containers)
      for (model::Value m : c.v.get("volumeMounts")) {
        if (m.get("readOnly").is_true()) continue;
        for (const auto& vol : volumes) {
          if (m.str("name") != vol.name) continue;
          // The readOnly: false that says so, else the mount itself.
          model::Value at = m.get("readOnly") ? m.get("readOnly")
                            : m.get("name")   ? m.get("name")
                                              : m;
          Hit h = security::make_container_hit(rule, ps, c);
          h.cites.push_back({at, "config", {}});
          h.cites.push_back({vol.path_field ? vol.path_field : vol.volume, "config", {}});
          h.vars.emplace_back("path", vol.path);
          h.vars.emplace_back("volume", vol.name);
          out.push_back(std::move(h));
          break;
        }
      }
  }
}

}  // namespace

LintRule make_lint_rule_host_path_mounted_writable() {
  return {"host-path-mounted-writable", run};
}

}  // namespace kubesift::engine::lint
