// volume-source-missing: a configMap or secret volume (or a source of a
// projected volume, or a CSI volume's nodePublishSecretRef) names a
// ConfigMap or Secret the input does not declare.
// The kubelet cannot set the volume up, so the pod stays in
// ContainerCreating with FailedMount events, unless the source is
// optional: true. No peer checks volumes.
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
      if (ref.optional || ref.name.empty()) continue;
      bool secret = ref.kind == "Secret";
      if ((secret ? ignored_secret : ignored_cm).ignored(ref.name)) continue;
      if (secret && refs::token_secret(ps, ref.name)) continue;
      Hit h = make_hit(rule, *ps.obj);
      if (!refs::missing(ctx, secret ? secrets : configmaps, refs::from_ns(*ps.obj), ref.name,
                         ref.name_at, h))
        continue;
      h.vars.emplace_back("volume", ref.volume.empty() ? std::string("(unnamed)") : ref.volume);
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_volume_source_missing() {
  return {"volume-source-missing", run};
}

}  // namespace kubesift::engine::lint
