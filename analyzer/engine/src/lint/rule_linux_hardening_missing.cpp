// linux-hardening-missing: Polaris' linuxHardening. An init or regular
// container restricted by none of seccomp, SELinux, AppArmor or dropped
// capabilities, each read as Kubernetes applies it.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

bool has_members(const model::Value& v) {
  return v.is_map() && v.size() > 0;
}

// A seccomp profile other than Unconfined: the container's type when it
// sets one, else the pod's.
bool seccomp(const PodSpec& ps, const PodSpec::Container& c) {
  model::Value own = c.v.at({"securityContext", "seccompProfile", "type"});
  if (security::set(own)) return !own.scalar().empty() && own.scalar() != "Unconfined";
  model::Value pod = ps.spec.at({"securityContext", "seccompProfile", "type"});
  return security::set(pod) && !pod.scalar().empty() && pod.scalar() != "Unconfined";
}

// SELinux options with at least one field, on the pod or the container.
bool selinux(const PodSpec& ps, const PodSpec::Container& c) {
  return has_members(ps.spec.at({"securityContext", "seLinuxOptions"})) ||
         has_members(c.v.at({"securityContext", "seLinuxOptions"}));
}

// An AppArmor profile other than unconfined: the pod template's
// container.apparmor.security.beta.kubernetes.io/<name> annotation, or
// appArmorProfile (Kubernetes 1.30+) on the container, else the pod.
bool apparmor(const PodSpec& ps, const PodSpec::Container& c) {
  std::string key = "container.apparmor.security.beta.kubernetes.io/" + c.name;
  model::Value ann = ps.meta.get("annotations").get(key);
  if (security::set(ann) && !ann.scalar().empty() && ann.scalar() != "unconfined") return true;
  security::Resolved prof = security::effective(ps, c, "appArmorProfile");
  model::Value type = prof.v.get("type");
  return security::set(type) && !type.scalar().empty() && type.scalar() != "Unconfined";
}

// Some capability dropped, and ALL not added back.
bool drops_capabilities(const PodSpec::Container& c) {
  model::Value caps = c.v.at({"securityContext", "capabilities"});
  model::Value drop = caps.get("drop");
  if (!drop.is_seq() || drop.size() == 0) return false;
  for (model::Value a : caps.get("add"))
    if (security::capability(a.scalar()) == "ALL") return false;
  return true;
}

// What each mechanism lacks, for the message.
std::string why(const PodSpec& ps, const PodSpec::Container& c) {
  security::Resolved prof = security::effective(ps, c, "seccompProfile");
  model::Value type = prof.v.get("type");
  std::string out = security::set(type) && !type.scalar().empty()
                        ? "seccompProfile " + std::string(type.scalar())
                        : "no seccomp profile";
  out += ", no SELinux options, no AppArmor profile, ";
  model::Value caps = c.v.at({"securityContext", "capabilities"});
  out += caps.get("drop").size() > 0 ? "capabilities dropped but ALL added back"
                                     : "no capability dropped";
  return out;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs())
    for (const auto& c : ps.containers) {
      if (!security::is_pod_container(c)) continue;
      if (seccomp(ps, c) || selinux(ps, c) || apparmor(ps, c) || drops_capabilities(c)) continue;
      out.push_back(security::container_hit(rule, ps, c, {}, why(ps, c)));
    }
}

}  // namespace

LintRule make_lint_rule_linux_hardening_missing() {
  return {"linux-hardening-missing", run};
}

}  // namespace kubesift::engine::lint
