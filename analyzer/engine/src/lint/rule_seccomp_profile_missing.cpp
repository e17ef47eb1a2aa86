// seccomp-profile-missing: kube-score's optional seccomp check, per pod. A
// pod passes with the seccomp annotation on its template (pod or
// defaultProfileName), or when every init and regular container has a
// profile other than Unconfined: its own type, else the pod's.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

bool confined(const model::Value& type) {
  return security::set(type) && !type.scalar().empty() && type.scalar() != "Unconfined";
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    model::Value ann = ps.meta.get("annotations");
    bool annotated = false;
    for (const char* key : {"seccomp.security.alpha.kubernetes.io/pod",
                            "seccomp.security.alpha.kubernetes.io/defaultProfileName"}) {
      model::Value a = ann.get(key);
      if (security::set(a) && a.scalar() != "unconfined") annotated = true;
    }
    if (annotated) continue;
    model::Value pod_type = ps.spec.at({"securityContext", "seccompProfile", "type"});
    std::vector<std::string> bare;
    model::Value unconfined;  // the first container's own Unconfined type
    size_t total = 0;
    for (const auto& c : ps.containers) {
      if (!security::is_pod_container(c)) continue;
      ++total;
      model::Value own = c.v.at({"securityContext", "seccompProfile", "type"});
      if (confined(security::set(own) ? own : pod_type)) continue;
      bare.push_back(security::container_label(ps, c));
      if (security::set(own) && !unconfined) unconfined = own;
    }
    if (bare.empty()) continue;
    std::string names = bare.size() > 1 ? "containers " : "container ";
    for (size_t i = 0; i < bare.size(); ++i) names += (i ? ", " : "") + bare[i];
    std::string reason;
    if (confined(pod_type))
      reason = names + (bare.size() > 1 ? " set" : " sets") + " seccompProfile Unconfined";
    else if (security::set(pod_type) && !pod_type.scalar().empty())
      reason = "the pod's seccompProfile is " + std::string(pod_type.scalar()) +
               (bare.size() < total
                    ? " and " + names + (bare.size() > 1 ? " have" : " has") + " no other"
                    : "");
    else if (bare.size() == total)
      reason = "no seccompProfile is set on the pod or its containers";
    else
      reason = "no seccompProfile is set on the pod nor on " + names;
    Hit h = make_hit(rule, *ps.obj);
    model::Value at = confined(pod_type) && unconfined ? unconfined
                      : security::set(pod_type)        ? pod_type
                                                       : security::pod_anchor(ps);
    h.cites.push_back({at, "config", {}});
    h.vars.emplace_back("reason", std::move(reason));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_seccomp_profile_missing() {
  return {"seccomp-profile-missing", run};
}

}  // namespace kubesift::engine::lint
