// secret-in-configmap: a ConfigMap's data holds a credential: a key named
// like one (the `name-pattern` parameter) or a value holding a PEM private
// key. ConfigMaps are not meant for secrets: readable by anyone who may read
// the namespace's configuration, never encrypted at rest. One finding per
// key, cited with the secret role so the value is never printed.
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  rbac::SecretMatcher names(ctx.param(rule, "name-pattern"));
  for (const Object* o : ctx.of_kind("ConfigMap")) {
    if (!o->group.empty()) continue;  // core/v1 only
    for (model::Value entry : o->root.get("data")) {
      std::string_view key = entry.key();
      bool by_name = names.name(key);
      if (!by_name && !(entry.is_scalar() && rbac::SecretMatcher::private_key(entry.scalar())))
        continue;
      Hit h = make_hit(rule, *o);
      h.cites.push_back({entry, "secret", {}});
      h.vars.emplace_back("key", std::string(key));
      h.vars.emplace_back(
          "why", by_name ? "its name marks it as a credential" : "its value holds a private key");
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_secret_in_configmap() {
  return {"secret-in-configmap", run};
}

}  // namespace kubesift::engine::lint
