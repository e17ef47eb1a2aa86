// env-source-missing: an env var's valueFrom.configMapKeyRef or secretKeyRef
// names a ConfigMap or Secret the input does not declare (kube-linter's
// env-value-from, the name half). The kubelet cannot build the container's
// environment: CreateContainerConfigError until the object exists.
// References marked optional: true are skipped; the policy of
// references_util.h decides when a miss is reported.
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
      bool secret = ref.kind == "Secret";
      if ((secret ? ignored_secret : ignored_cm).ignored(ref.name)) continue;
      Hit h = make_hit(rule, *ps.obj, ref.container->name);
      if (!refs::missing(ctx, secret ? secrets : configmaps, refs::from_ns(*ps.obj), ref.name,
                         ref.name_at, h))
        continue;
      h.vars.emplace_back("env", ref.env.empty() ? std::string("a variable") : ref.env);
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_env_source_missing() {
  return {"env-source-missing", run};
}

}  // namespace kubesift::engine::lint
