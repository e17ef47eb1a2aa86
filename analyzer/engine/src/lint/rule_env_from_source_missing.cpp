// env-from-source-missing: a container's envFrom imports a ConfigMap or
// Secret the input does not declare. Like a missing valueFrom source, the
// kubelet cannot build the environment (CreateContainerConfigError) unless
// the import is optional: true. No peer checks envFrom.
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index configmaps(ctx, "ConfigMap"), secrets(ctx, "Secret");
  refs::NameFilter ignored_cm(ctx, rule, "ignored-configmaps");
  refs::NameFilter ignored_secret(ctx, rule, "ignored-secrets");
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& ref : refs::config_refs(ps)) {
      if (ref.via != refs::ConfigRef::Via::EnvFrom || ref.optional || ref.name.empty()) continue;
      bool secret = ref.kind == "Secret";
      if ((secret ? ignored_secret : ignored_cm).ignored(ref.name)) continue;
      Hit h = make_hit(rule, *ps.obj, ref.container->name);
      if (!refs::missing(ctx, secret ? secrets : configmaps, refs::from_ns(*ps.obj), ref.name,
                         ref.name_at, h))
        continue;
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_env_from_source_missing() {
  return {"env-from-source-missing", run};
}

}  // namespace kubesift::engine::lint
