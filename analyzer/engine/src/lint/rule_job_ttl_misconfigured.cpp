// job-ttl-misconfigured: a standalone Job without
// spec.ttlSecondsAfterFinished (its pods and the Job stay after it
// finishes, until someone deletes them), or a CronJob whose job template
// sets one (it competes with the CronJob's successfulJobsHistoryLimit and
// failedJobsHistoryLimit, and the stricter wins). A Job owned by a CronJob
// is not standalone.
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

bool owned_by_cronjob(const Object& o) {
  for (model::Value ref : o.root.at({"metadata", "ownerReferences"}))
    if (ref.str("kind") == "CronJob") return true;
  return false;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* o : ctx.of_kind("Job")) {
    if (o->group != "batch" || owned_by_cronjob(*o)) continue;
    model::Value spec = o->root.get("spec");
    if (spec.get("ttlSecondsAfterFinished")) continue;
    Hit h = make_hit(rule, *o);
    model::Value at = spec ? spec : o->root.at({"metadata", "name"});
    h.cites.push_back({at ? at : o->root.get("kind"), "config", {}});
    h.vars.emplace_back("problem",
                        "does not set spec.ttlSecondsAfterFinished: the finished Job and its pods "
                        "stay until someone deletes them");
    out.push_back(std::move(h));
  }
  for (const Object* o : ctx.of_kind("CronJob")) {
    if (o->group != "batch") continue;
    model::Value ttl = o->root.at({"spec", "jobTemplate", "spec", "ttlSecondsAfterFinished"});
    if (!ttl) continue;
    Hit h = make_hit(rule, *o);
    h.cites.push_back({ttl, "config", {}});
    h.vars.emplace_back("problem",
                        "sets ttlSecondsAfterFinished in its job template: it competes with the "
                        "CronJob's job history limits, and the stricter of the two deletes jobs");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_job_ttl_misconfigured() {
  return {"job-ttl-misconfigured", run};
}

}  // namespace kubesift::engine::lint
