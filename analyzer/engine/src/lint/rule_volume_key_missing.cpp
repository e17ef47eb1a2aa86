// volume-key-missing: a configMap or secret volume (or projected source)
// lists, in items[], a key its ConfigMap or Secret does not have. The mount
// fails ("configmap references non-existent config key") and the pod stays
// in ContainerCreating, unless the source is optional: true.
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index configmaps(ctx, "ConfigMap"), secrets(ctx, "Secret");
  refs::NameFilter ignored_cm(ctx, rule, "ignored-configmaps");
  refs::NameFilter ignored_secret(ctx, rule, "ignored-secrets");
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& ref : refs::config_refs(ps)) {
      if (ref.via != refs::ConfigRef::Via::Volume && ref.via != refs::ConfigRef::Via::Projected)
        continue;
      if (ref.optional || ref.name.empty() || ref.items.empty()) continue;
      bool secret = ref.kind == "Secret";
      if ((secret ? ignored_secret : ignored_cm).ignored(ref.name)) continue;
      const auto& r = (secret ? secrets : configmaps).resolve(refs::from_ns(*ps.obj), ref.name);
      if (r.found.empty()) continue;  // volume-source-missing's case
      for (const model::Value& item : ref.items) {
        std::string_view key = item.scalar();
        if (key.empty()) continue;
        const refs::Target* lacking = nullptr;
        refs::Keys keys;
        bool satisfied = false;
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
        Hit h = make_hit(rule, *ps.obj);
        h.cites.push_back(refs::cite(item));
        if (lacking->name_at) h.cites.push_back(refs::cite(lacking->name_at));
        std::string hint = refs::key_hint(keys, key, *lacking, h.cites);
        h.vars.emplace_back("volume", ref.volume.empty() ? std::string("(unnamed)") : ref.volume);
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
}

}  // namespace

LintRule make_lint_rule_volume_key_missing() {
  return {"volume-key-missing", run};
}

}  // namespace kubesift::engine::lint
