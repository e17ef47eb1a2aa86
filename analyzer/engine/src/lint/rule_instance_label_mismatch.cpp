// instance-label-mismatch: a workload whose app.kubernetes.io/instance
// label is missing or differs from its own metadata.name.
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects()) {
    if (!workloads::is_workload_kind(o.kind)) continue;
    model::Value label = o.root.at({"metadata", "labels"}).get("app.kubernetes.io/instance");
    std::string value = workloads::text_of(label);
    if (label && value == o.name) continue;
    Hit h = make_hit(rule, o);
    model::Value at = label ? label : o.root.at({"metadata", "labels"});
    if (!at) at = o.root.at({"metadata", "name"});
    if (!at) at = o.root.get("metadata");
    if (!at) at = o.root.get("kind");
    h.cites.push_back({at, "config", {}});
    h.vars.emplace_back("found", label ? "is \"" + value + "\"" : "is not set");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_instance_label_mismatch() {
  return {"instance-label-mismatch", run};
}

}  // namespace kubesift::engine::lint
