// image-pull-secret-missing: an imagePullSecrets entry (of a pod spec, or of
// a ServiceAccount, which hands it to its pods) names a Secret the input
// does not declare. The kubelet warns and pulls without credentials, which
// a private registry refuses (ErrImagePull, ImagePullBackOff).
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void check(const Context& ctx, const Rule& rule, const refs::Index& secrets,
           const refs::NameFilter& ignored, const Object& o, model::Value list,
           std::vector<Hit>& out) {
  for (model::Value e : list) {
    model::Value name_at = e.get("name");
    std::string name(name_at.scalar());
    if (name.empty() || ignored.ignored(name)) continue;
    Hit h = make_hit(rule, o);
    if (!refs::missing(ctx, secrets, refs::from_ns(o), name, name_at, h)) continue;
    h.vars.emplace_back("user",
                        o.kind == "ServiceAccount" ? "the pods that run as it" : "its pods");
    out.push_back(std::move(h));
  }
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index secrets(ctx, "Secret");
  refs::NameFilter ignored(ctx, rule, "ignored-secrets");
  for (const auto& ps : ctx.pod_specs())
    check(ctx, rule, secrets, ignored, *ps.obj, ps.spec.get("imagePullSecrets"), out);
  for (const Object* sa : ctx.of_kind("ServiceAccount"))
    if (sa->group.empty())
      check(ctx, rule, secrets, ignored, *sa, sa->root.get("imagePullSecrets"), out);
}

}  // namespace

LintRule make_lint_rule_image_pull_secret_missing() {
  return {"image-pull-secret-missing", run};
}

}  // namespace kubesift::engine::lint
