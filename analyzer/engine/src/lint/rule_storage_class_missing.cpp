// storage-class-missing: a PersistentVolumeClaim, a StatefulSet's claim
// template or a pod's generic ephemeral volume asks for a StorageClass the
// input does not declare. No provisioner answers, so the claim stays
// Pending and so do the pods that use it. storageClassName "" asks for no
// class (a pre-provisioned volume) and is not a reference; without the
// field, the beta annotation volume.beta.kubernetes.io/storage-class counts.
// StorageClasses are cluster-scoped: the policy looks at the whole input.
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

constexpr std::string_view kBetaAnnotation = "volume.beta.kubernetes.io/storage-class";

// The class a claim spec (with its metadata) asks for: the field, else the
// beta annotation; absent when neither names one.
model::Value class_of(model::Value spec, model::Value meta) {
  if (model::Value f = spec.get("storageClassName"); f) return f;
  return meta.at({"annotations"}).get(kBetaAnnotation);
}

void check(const Context& ctx, const Rule& rule, const refs::Index& classes, const Object& o,
           model::Value cls, const std::string& claim, std::vector<Hit>& out) {
  if (!cls.is_scalar() || cls.scalar().empty()) return;
  Hit h = make_hit(rule, o);
  if (!refs::missing(ctx, classes, "", std::string(cls.scalar()), cls, h)) return;
  h.vars.emplace_back("claim", claim);
  out.push_back(std::move(h));
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index classes(ctx, "StorageClass");
  for (const auto& o : ctx.objects()) {
    if (o.kind == "PersistentVolumeClaim" && o.group.empty()) {
      check(ctx, rule, classes, o, class_of(o.root.get("spec"), o.root.get("metadata")),
            "PersistentVolumeClaim " + o.name, out);
    } else if (o.kind == "StatefulSet") {
      for (model::Value t : o.root.at({"spec", "volumeClaimTemplates"})) {
        std::string name(t.at({"metadata", "name"}).scalar());
        check(ctx, rule, classes, o, class_of(t.get("spec"), t.get("metadata")),
              "Claim template " + (name.empty() ? std::string("(unnamed)") : name) +
                  " of StatefulSet " + o.name,
              out);
      }
    }
  }
  for (const auto& ps : ctx.pod_specs())
    for (model::Value vol : ps.spec.get("volumes")) {
      model::Value t = vol.at({"ephemeral", "volumeClaimTemplate"});
      if (!t) continue;
      std::string name(vol.str("name"));
      check(ctx, rule, classes, *ps.obj, class_of(t.get("spec"), t.get("metadata")),
            "Ephemeral volume " + (name.empty() ? std::string("(unnamed)") : name) + " of " +
                ps.obj->kind + " " + ps.obj->name,
            out);
    }
}

}  // namespace

LintRule make_lint_rule_storage_class_missing() {
  return {"storage-class-missing", run};
}

}  // namespace kubesift::engine::lint
