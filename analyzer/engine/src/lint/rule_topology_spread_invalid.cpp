// topology-spread-invalid: a topologySpreadConstraints entry the scheduler
// cannot use as meant: no labelSelector (it would count no pods), maxSkew
// unset or below 1, minDomains below 1, no topologyKey, or whenUnsatisfiable
// other than DoNotSchedule or ScheduleAnyway. One finding per entry, with
// its first problem.
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

bool below_one(model::Value v) {
  auto n = v.as_int();
  return !n || *n < 1;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    size_t i = 0;
    for (model::Value c : ps.spec.get("topologySpreadConstraints")) {
      ++i;
      if (!c.is_map()) continue;
      model::Value sel = c.get("labelSelector"), skew = c.get("maxSkew"),
                   domains = c.get("minDomains"), key = c.get("topologyKey"),
                   when = c.get("whenUnsatisfiable");
      model::Value at;
      std::string problem;
      if (!sel || sel.is_null()) {
        at = c;
        problem = "has no labelSelector, so it counts no pods in any domain";
      } else if (!skew || skew.is_null() || below_one(skew)) {
        at = skew ? skew : c;
        problem = skew ? "sets maxSkew " + std::string(skew.scalar()) + "; it must be 1 or more"
                       : "sets no maxSkew; it must be 1 or more";
      } else if (domains && !domains.is_null() && below_one(domains)) {
        at = domains;
        problem = "sets minDomains " + std::string(domains.scalar()) + "; it must be 1 or more";
      } else if (key.scalar().empty()) {
        at = key ? key : c;
        problem = "has no topologyKey to group nodes into domains";
      } else if (when.scalar() != "DoNotSchedule" && when.scalar() != "ScheduleAnyway") {
        at = when ? when : c;
        problem = when ? "sets whenUnsatisfiable " + std::string(when.scalar()) +
                             "; it must be DoNotSchedule or ScheduleAnyway"
                       : "sets no whenUnsatisfiable (DoNotSchedule or ScheduleAnyway)";
      } else {
        continue;
      }
      Hit h = make_hit(rule, *ps.obj);
      h.cites.push_back(avail::cite(at));
      h.vars.emplace_back("index", std::to_string(i));
      h.vars.emplace_back("problem", problem);
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_topology_spread_invalid() {
  return {"topology-spread-invalid", run};
}

}  // namespace kubesift::engine::lint
