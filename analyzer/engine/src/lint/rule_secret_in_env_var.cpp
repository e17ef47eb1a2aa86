// secret-in-env-var: a container's env sets a credential as a literal
// value: the variable's name says it is one (password, token, secret, cloud
// keys: the `name-pattern` parameter) or the value holds a PEM private key.
// Variables filled by valueFrom are fine; a value made only of $(VAR)
// references holds no literal. One finding per variable, cited at its
// `value:` with the secret role, so the value itself is never printed.
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  rbac::SecretMatcher names(ctx.param(rule, "name-pattern"));
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& c : ps.containers) {
      for (model::Value env : c.v.get("env")) {
        if (!env.is_map() || env.get("valueFrom")) continue;
        model::Value value = env.get("value");
        if (!value.is_scalar() || value.scalar().empty()) continue;
        if (rbac::only_references(value.scalar())) continue;
        std::string_view name = env.str("name");
        bool by_name = names.name(name);
        if (!by_name && !rbac::SecretMatcher::private_key(value.scalar())) continue;
        Hit h = make_hit(rule, *ps.obj, c.name);
        h.cites.push_back({value, "secret", {}});
        // The name's own line, unless it is the value's too (a flow mapping).
        if (model::Value n = env.get("name"); n && n.cite_line() != value.cite_line())
          h.cites.push_back({n, "config", {}});
        h.vars.emplace_back("env", name.empty() ? std::string("(no name)") : std::string(name));
        h.vars.emplace_back(
            "why", by_name ? "its name marks it as a credential" : "its value holds a private key");
        out.push_back(std::move(h));
      }
    }
  }
}

}  // namespace

LintRule make_lint_rule_secret_in_env_var() {
  return {"secret-in-env-var", run};
}

}  // namespace kubesift::engine::lint
