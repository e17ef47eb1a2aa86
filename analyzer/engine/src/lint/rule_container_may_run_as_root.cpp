// container-may-run-as-root: a container that Kubernetes does not keep from
// running as root. Each field is the container's when set, else the pod's
// (runAsUser, runAsGroup, runAsNonRoot). It fires when the user is not
// above 0 and runAsNonRoot is not true, when runAsNonRoot is true with
// runAsUser 0 (a contradiction the kubelet refuses to start), and when the
// group is 0. Explicit root is high; merely not forbidding it, the rule's
// own severity.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

std::string where(const security::Resolved& r) {
  return r.from_pod ? " (from the pod's securityContext)" : "";
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs())
    for (const auto& c : ps.containers) {
      security::Resolved user = security::effective(ps, c, "runAsUser");
      security::Resolved group = security::effective(ps, c, "runAsGroup");
      security::Resolved nonroot = security::effective(ps, c, "runAsNonRoot");
      auto uid = user.v.as_int();
      auto gid = group.v.as_int();
      if (gid && *gid == 0) {
        Hit h = security::container_hit(rule, ps, c, group.v,
                                        "runs with runAsGroup 0, the root group" + where(group));
        h.severity = Severity::High;
        out.push_back(std::move(h));
      }
      if (uid && *uid > 0) continue;
      if (nonroot.v.is_true()) {
        if (uid && *uid == 0) {
          Hit h = security::container_hit(
              rule, ps, c, user.v,
              "sets runAsNonRoot: true but runAsUser 0" + where(user) +
                  ": the kubelet refuses to start it (CreateContainerConfigError)");
          h.severity = Severity::High;
          out.push_back(std::move(h));
        }
        continue;
      }
      if (uid && *uid == 0) {
        Hit h = security::container_hit(rule, ps, c, user.v,
                                        "runs as root (runAsUser 0" + where(user) + ")");
        h.severity = Severity::High;
        out.push_back(std::move(h));
        continue;
      }
      // Nothing forbids root: cite an explicit runAsNonRoot: false, else
      // the container's securityContext (or name).
      model::Value at = nonroot.v ? nonroot.v : model::Value();
      std::string reason =
          nonroot.v ? "sets runAsNonRoot: false" + where(nonroot) +
                          " and no non-zero runAsUser, so it runs as the image's user, root for "
                          "most images"
                    : "sets neither runAsNonRoot: true nor a non-zero runAsUser (nor does its "
                      "pod), so it runs as the image's user, root for most images";
      out.push_back(security::container_hit(rule, ps, c, at, std::move(reason)));
    }
}

}  // namespace

LintRule make_lint_rule_container_may_run_as_root() {
  return {"container-may-run-as-root", run};
}

}  // namespace kubesift::engine::lint
