// image-pull-secret-wrong-type: an imagePullSecrets entry names a Secret
// whose type is neither kubernetes.io/dockerconfigjson nor
// kubernetes.io/dockercfg (an unset type is Opaque). The kubelet reads
// registry credentials only from Secrets of those two types and silently
// skips any other, so pulls go out without credentials.
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

bool registry_type(std::string_view t) {
  return t == "kubernetes.io/dockerconfigjson" || t == "kubernetes.io/dockercfg";
}

void check(const Rule& rule, const refs::Index& secrets, const Object& o, model::Value list,
           std::vector<Hit>& out) {
  for (model::Value e : list) {
    model::Value name_at = e.get("name");
    std::string name(name_at.scalar());
    if (name.empty()) continue;
    const auto& r = secrets.resolve(refs::from_ns(o), name);
    const refs::Target* bad = nullptr;
    bool good = r.found.empty();
    for (const refs::Target* t : r.found) {
      // Made by a controller: its type is the controller's to set.
      if (t->made || t->builtin || !t->obj || registry_type(t->obj->root.str("type"))) {
        good = true;
        break;
      }
      if (!bad) bad = t;
    }
    if (good || !bad) continue;
    model::Value type_at = bad->obj->root.get("type");
    std::string type(type_at.scalar());
    Hit h = make_hit(rule, o);
    h.cites.push_back(refs::cite(name_at));
    h.cites.push_back(refs::cite(type_at ? type_at : bad->name_at));
    h.vars.emplace_back("target", name);
    h.vars.emplace_back("defined", refs::where(*bad));
    h.vars.emplace_back("type", type.empty() ? std::string("Opaque (no type is set)") : type);
    out.push_back(std::move(h));
  }
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index secrets(ctx, "Secret");
  for (const auto& ps : ctx.pod_specs())
    check(rule, secrets, *ps.obj, ps.spec.get("imagePullSecrets"), out);
  for (const Object* sa : ctx.of_kind("ServiceAccount"))
    if (sa->group.empty()) check(rule, secrets, *sa, sa->root.get("imagePullSecrets"), out);
}

}  // namespace

LintRule make_lint_rule_image_pull_secret_wrong_type() {
  return {"image-pull-secret-wrong-type", run};
}

}  // namespace kubesift::engine::lint
