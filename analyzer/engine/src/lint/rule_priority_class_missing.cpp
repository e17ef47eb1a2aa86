// priority-class-missing: a pod spec names a PriorityClass the input does
// not declare. The Priority admission plugin refuses the pods ("no
// PriorityClass with name x was found"), so a controller's pods are never
// created. system-cluster-critical and system-node-critical exist in every
// cluster. PriorityClasses are cluster-scoped: the policy looks at the
// whole input. (kube-linter's priority-class-name compares the name with
// an allow-list, another question.)
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index classes(ctx, "PriorityClass");
  for (const auto& ps : ctx.pod_specs()) {
    model::Value at = ps.spec.get("priorityClassName");
    std::string name(at.scalar());
    if (name.empty()) continue;
    Hit h = make_hit(rule, *ps.obj);
    if (!refs::missing(ctx, classes, "", name, at, h)) continue;
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_priority_class_missing() {
  return {"priority-class-missing", run};
}

}  // namespace kubesift::engine::lint
