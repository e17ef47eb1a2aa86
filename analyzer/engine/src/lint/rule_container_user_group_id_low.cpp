// container-user-group-id-low: kube-score's user and group ID check. Init
// and regular containers; each ID is the container's when set, else the
// pod's; unset or below min-uid / min-gid (10000) fires, and so does a
// container without securityContext in a pod without one.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

// "runs with runAsUser 1000, below 10000", or "" when the ID is fine.
std::string low(const security::Resolved& r, const char* key, long long min) {
  auto id = r.v.as_int();
  if (id && *id >= min) return {};
  if (!id && r.v)
    return std::string("sets ") + key + " to " + std::string(r.v.scalar()) + ", not a number";
  if (!id) return {};
  return std::string("runs with ") + key + " " + std::to_string(*id) +
         (r.from_pod ? " (from its pod)" : "") + ", below " + std::to_string(min);
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  long long min_uid = ctx.param_int(rule, "min-uid", 10000);
  long long min_gid = ctx.param_int(rule, "min-gid", 10000);
  for (const auto& ps : ctx.pod_specs()) {
    bool pod_sc = security::set(ps.spec.get("securityContext"));
    for (const auto& c : ps.containers) {
      if (!security::is_pod_container(c)) continue;
      if (!pod_sc && !security::set(c.v.get("securityContext"))) {
        out.push_back(security::container_hit(
            rule, ps, c, {},
            "has no securityContext, nor does its pod: it runs with the image's user and group"));
        continue;
      }
      security::Resolved user = security::effective(ps, c, "runAsUser");
      security::Resolved group = security::effective(ps, c, "runAsGroup");
      if (!user.v && !group.v) {
        out.push_back(security::container_hit(rule, ps, c, {},
                                              "sets neither runAsUser nor runAsGroup (nor does its "
                                              "pod), so the image's IDs are used"));
        continue;
      }
      for (const auto& [r, key, min, what] : {std::tuple{user, "runAsUser", min_uid, "user"},
                                              std::tuple{group, "runAsGroup", min_gid, "group"}}) {
        std::string reason = r.v ? low(r, key, min)
                                 : std::string("sets no ") + key +
                                       " (nor does its pod), so the image's " + what + " applies";
        if (!reason.empty())
          out.push_back(security::container_hit(rule, ps, c, r.v, std::move(reason)));
      }
    }
  }
}

}  // namespace

LintRule make_lint_rule_container_user_group_id_low() {
  return {"container-user-group-id-low", run};
}

}  // namespace kubesift::engine::lint
