// workload-selector-mismatch: a workload whose spec.selector does not select
// the labels of its own pod template (the API server rejects it), or that
// has no selector where one is required. Jobs and CronJobs generate theirs;
// a ReplicationController, and the beta APIs (extensions/v1beta1,
// apps/v1beta1), default an absent selector to the template's labels.
#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  net::Pods pods_of(ctx);
  for (const auto& ps : pods_of.all()) {
    const Object& o = *ps.obj;
    const std::string& k = o.kind;
    model::Value spec = o.root.get("spec");
    model::Value selv;
    bool plain = k == "ReplicationController" || k == "DeploymentConfig";
    if (k == "CronJob")
      selv = spec.at({"jobTemplate", "spec", "selector"});
    else if (k == "Deployment" || k == "StatefulSet" || k == "DaemonSet" || k == "ReplicaSet" ||
             k == "Job" || k == "Rollout" || plain)
      selv = spec.get("selector");
    else
      continue;
    bool direct = false;
    Selector sel = plain ? parse_selector(selv) : label_selector(selv, &direct);
    Hit h = make_hit(rule, o);
    h.vars.emplace_back("labels", net::labels_str(ps.labels));
    if (sel.invalid) {
      h.cites.push_back(net::cite(net::first_of(o, {selv, spec})));
      h.vars.emplace_back("problem", "its selector is not a valid label selector");
      out.push_back(std::move(h));
      continue;
    }
    if (sel.empty()) {
      bool defaulted = k == "Job" || k == "CronJob" || k == "ReplicationController" ||
                       o.group == "extensions" || (o.group == "apps" && o.version == "v1beta1");
      if (defaulted) continue;
      h.cites.push_back(net::cite(net::first_of(o, {selv, spec})));
      h.vars.emplace_back("problem",
                          direct ? "its spec.selector lists labels directly; only matchLabels and "
                                   "matchExpressions count, so the selector is empty, which the "
                                   "API server rejects"
                                 : "it has no spec.selector, which " + k + " requires");
      out.push_back(std::move(h));
      continue;
    }
    if (sel.matches(ps.labels)) continue;
    h.cites.push_back(net::cite(selv));
    h.vars.emplace_back("problem", "its selector (" + sel.describe() +
                                       ") does not select its own pod template, whose labels are " +
                                       net::labels_str(ps.labels));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_workload_selector_mismatch() {
  return {"workload-selector-mismatch", run};
}

}  // namespace kubesift::engine::lint
