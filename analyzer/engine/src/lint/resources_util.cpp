#include "resources_util.h"

namespace kubesift::engine::lint {

void request_differs_from_limit(const Context& ctx, const Rule& rule, const std::string& resource,
                                bool both_set, std::vector<Hit>& out) {
  for (const PodSpec& ps : ctx.pod_specs()) {
    for (const auto& c : ps.containers) {
      if (c.ephemeral) continue;  // ephemeral containers take no resources
      model::Value res = c.v.get("resources");
      model::Value req = res.at({"requests", resource}), lim = res.at({"limits", resource});
      double l = lim.is_scalar() ? quantity(lim.scalar()).value_or(0) : 0;
      // Kubernetes defaults an unset request to the limit.
      double r = req.is_scalar() ? quantity(req.scalar()).value_or(0) : l;
      if (both_set && (r == 0 || l == 0)) continue;
      if (r == l) continue;
      Hit h = make_hit(rule, *ps.obj, c.name);
      for (model::Value v : {req, lim})
        if (v) h.cites.push_back({v, "config", {}});
      if (h.cites.empty()) h.cites.push_back({res ? res : c.v.get("name"), "config", {}});
      h.vars.emplace_back("request", req.is_scalar() ? std::string(req.scalar()) : "none");
      h.vars.emplace_back("limit", lim.is_scalar() ? std::string(lim.scalar()) : "none");
      h.vars.emplace_back("resource", resource);
      out.push_back(std::move(h));
    }
  }
}

}  // namespace kubesift::engine::lint
