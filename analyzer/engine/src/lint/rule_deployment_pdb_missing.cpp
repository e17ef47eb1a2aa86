// deployment-pdb-missing: a Deployment, whatever its replica count, whose
// pods no PodDisruptionBudget of its namespace selects (Kubernetes selector
// semantics: every matchLabels pair and matchExpression must hold).
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* o : ctx.of_kind("Deployment")) {
    Labels labels = avail::pod_labels(*o);
    if (!labels.empty() && !avail::pdbs_selecting(ctx, o->ns_key(), labels).empty()) continue;
    Hit h = make_hit(rule, *o);
    h.cites.push_back(avail::cite(avail::labels_anchor(*o)));
    h.vars.emplace_back("problem", labels.empty()
                                       ? "its pod template has no labels a budget could select"
                                       : "no PodDisruptionBudget of namespace " + o->ns_key() +
                                             " selects its pods");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_deployment_pdb_missing() {
  return {"deployment-pdb-missing", run};
}

}  // namespace kubesift::engine::lint
