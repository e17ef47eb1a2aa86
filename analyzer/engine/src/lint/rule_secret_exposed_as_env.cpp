// secret-exposed-as-env: a container reads a Secret through environment
// variables (env[].valueFrom.secretKeyRef, or every key at once with
// envFrom[].secretRef) instead of a mounted file. One finding per variable
// or envFrom entry.
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& c : ps.containers) {
      for (model::Value env : c.v.get("env")) {
        model::Value ref = env.at({"valueFrom", "secretKeyRef"});
        if (!ref || ref.is_null()) continue;
        Hit h = make_hit(rule, *ps.obj, c.name);
        h.cites.push_back({ref, "config", {}});
        std::string_view name = env.str("name"), secret = ref.str("name");
        h.vars.emplace_back("what", "variable " + std::string(name.empty() ? "(no name)" : name));
        h.vars.emplace_back("secret",
                            secret.empty() ? std::string("(no name)") : std::string(secret));
        out.push_back(std::move(h));
      }
      for (model::Value from : c.v.get("envFrom")) {
        model::Value ref = from.get("secretRef");
        if (!ref || ref.is_null()) continue;
        Hit h = make_hit(rule, *ps.obj, c.name);
        h.cites.push_back({ref, "config", {}});
        std::string_view secret = ref.str("name");
        h.vars.emplace_back("what", std::string("envFrom (every key)"));
        h.vars.emplace_back("secret",
                            secret.empty() ? std::string("(no name)") : std::string(secret));
        out.push_back(std::move(h));
      }
    }
  }
}

}  // namespace

LintRule make_lint_rule_secret_exposed_as_env() {
  return {"secret-exposed-as-env", run};
}

}  // namespace kubesift::engine::lint
