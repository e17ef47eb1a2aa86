// unsafe-sysctl: a pod securityContext.sysctls entry whose name starts with
// one of the `prefixes` (kernel.msg, kernel.sem, kernel.shm, fs.mqueue.,
// net.), except the sysctls Kubernetes itself deems safe (the `safe`
// parameter: namespaced, allowed by every kubelet); one finding per sysctl.
#include "security_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  std::vector<std::string> prefixes = split_list(ctx.param(rule, "prefixes"));
  std::vector<std::string> safe = split_list(ctx.param(rule, "safe"));
  for (const auto& ps : ctx.pod_specs())
    for (model::Value s : ps.spec.at({"securityContext", "sysctls"})) {
      model::Value name = s.get("name");
      std::string_view n = name.scalar();
      bool unsafe = false;
      for (const auto& p : prefixes) unsafe |= n.starts_with(p);
      for (const auto& ok : safe) unsafe &= n != ok;
      if (!unsafe) continue;
      Hit h = make_hit(rule, *ps.obj);
      h.cites.push_back({name, "config", {}});
      h.vars.emplace_back("sysctl", std::string(n));
      out.push_back(std::move(h));
    }
}

}  // namespace

LintRule make_lint_rule_unsafe_sysctl() {
  return {"unsafe-sysctl", run};
}

}  // namespace kubesift::engine::lint
