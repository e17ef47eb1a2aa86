// pdb-missing: a Deployment or StatefulSet that may run several pods
// (spec.replicas unset or 2 or more) whose pods no PodDisruptionBudget of its
// namespace selects (matchLabels and matchExpressions): a node drain may
// evict every replica at once. A budget that selects the pods from another
// namespace is named, since a budget only covers pods of its own namespace.
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects()) {
    if (o.kind != "Deployment" && o.kind != "StatefulSet") continue;
    auto r = avail::replicas_of(o);
    if (!r || (r->set && r->n < 2)) continue;
    Labels labels = avail::pod_labels(o);
    if (!avail::pdbs_selecting(ctx, o.ns_key(), labels).empty()) continue;
    std::string elsewhere;
    for (const Object* p : ctx.of_kind("PodDisruptionBudget"))
      if (p->ns_key() != o.ns_key() && avail::pdb_selects(*p, labels)) {
        elsewhere = "; PodDisruptionBudget " + p->name + " of namespace " + p->ns_key() +
                    " selects these labels, but a budget only covers pods of its own namespace";
        break;
      }
    Hit h = make_hit(rule, o);
    h.cites.push_back(avail::cite(avail::labels_anchor(o)));
    h.vars.emplace_back("replicas",
                        r->set ? avail::replicas_text(r->n) : "an unset number of replicas");
    h.vars.emplace_back("elsewhere", elsewhere);
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_pdb_missing() {
  return {"pdb-missing", run};
}

}  // namespace kubesift::engine::lint
