// env-source-key-missing: an env var's configMapKeyRef or secretKeyRef names
// a key its ConfigMap or Secret does not have (kube-linter's env-value-from,
// the key half: ConfigMap data and binaryData, Secret data and stringData).
// The container is never created until the key exists. Skipped: optional
// references, and objects whose keys a controller fills in.
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index configmaps(ctx, "ConfigMap"), secrets(ctx, "Secret");
  refs::NameFilter ignored_cm(ctx, rule, "ignored-configmaps");
  refs::NameFilter ignored_secret(ctx, rule, "ignored-secrets");
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& ref : refs::config_refs(ps)) {
      if (ref.via != refs::ConfigRef::Via::Env || ref.optional || ref.name.empty()) continue;
      std::string_view key = ref.key_at.scalar();
      if (key.empty()) continue;
      bool secret = ref.kind == "Secret";
      if ((secret ? ignored_secret : ignored_cm).ignored(ref.name)) continue;
      const refs::Index& idx = secret ? secrets : configmaps;
      const auto& r = idx.resolve(refs::from_ns(*ps.obj), ref.name);
      // Several candidates (a reference that may land in any namespace): one
      // with the key, or whose keys are unknown, is enough.
      const refs::Target* lacking = nullptr;
      refs::Keys keys;
      bool satisfied = r.found.empty();
      for (const refs::Target* t : r.found) {
        refs::Keys k = refs::keys_of(*t);
        if (!k.known || k.has(key)) {
          satisfied = true;
          break;
        }
        if (!lacking) {
          lacking = t;
          keys = std::move(k);
        }
      }
      if (satisfied || !lacking) continue;
      Hit h = make_hit(rule, *ps.obj, ref.container->name);
      h.cites.push_back(refs::cite(ref.key_at));
      if (lacking->name_at) h.cites.push_back(refs::cite(lacking->name_at));
      std::string hint = refs::key_hint(keys, key, *lacking, h.cites);
      h.vars.emplace_back("env", ref.env.empty() ? std::string("a variable") : ref.env);
      h.vars.emplace_back("key", std::string(key));
      h.vars.emplace_back("target", ref.name);
      h.vars.emplace_back("target_kind", ref.kind);
      h.vars.emplace_back("defined", refs::where(*lacking));
      h.vars.emplace_back("keys", keys.text());
      h.vars.emplace_back("hint", hint);
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_env_source_key_missing() {
  return {"env-source-key-missing", run};
}

}  // namespace kubesift::engine::lint
