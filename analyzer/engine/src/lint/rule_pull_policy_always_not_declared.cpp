// pull-policy-always-not-declared: a container that does not write
// `imagePullPolicy: Always`. Stricter than image-pull-policy-not-always:
// an unset policy counts even where Kubernetes would default it to Always,
// so the manifest says what it gets.
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using namespace workloads;

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& c : ps.containers) {
      if (c.ephemeral) continue;
      model::Value policy = c.v.get("imagePullPolicy");
      std::string written = text_of(policy);
      if (written == "Always") continue;
      Hit h = container_hit(rule, ps, c);
      h.cites.push_back({policy ? policy : container_anchor(c), "config", {}});
      h.vars.emplace_back("written", written.empty() ? "does not set imagePullPolicy"
                                                     : "sets imagePullPolicy: " + written);
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_pull_policy_always_not_declared() {
  return {"pull-policy-always-not-declared", run};
}

}  // namespace kubesift::engine::lint
