// liveness-probe-same-as-readiness: a container whose liveness probe checks
// exactly what its readiness probe checks (the same httpGet path and port,
// the same tcpSocket port, or the same exec command). When the application
// is merely busy, both fail together: the pod leaves its Service and is then
// restarted, which turns a slowdown into an outage. Jobs and CronJobs are
// left alone, like the pod-level probe checks.
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using namespace workloads;

bool same_list(model::Value a, model::Value b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a.child(i).scalar() != b.child(i).scalar()) return false;
  return true;
}

// What the two probes both check, or "" when they differ.
std::string identical(model::Value r, model::Value l) {
  if (model::Value rh = r.get("httpGet"), lh = l.get("httpGet"); rh && lh) {
    if (rh.str("path") != lh.str("path") || rh.str("port") != lh.str("port")) return "";
    return "httpGet " + std::string(rh.str("path").empty() ? "/" : rh.str("path")) + " on port " +
           std::string(rh.str("port"));
  }
  if (model::Value rt = r.get("tcpSocket"), lt = l.get("tcpSocket"); rt && lt)
    return rt.str("port") == lt.str("port") ? "tcpSocket on port " + std::string(rt.str("port"))
                                            : "";
  if (model::Value re = r.get("exec"), le = l.get("exec"); re && le) {
    if (!same_list(re.get("command"), le.get("command"))) return "";
    std::string cmd;
    for (model::Value a : re.get("command")) cmd += (cmd.empty() ? "" : " ") + text_of(a);
    return "exec `" + cmd + "`";
  }
  return "";
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    if (is_batch_kind(ps.obj->kind)) continue;
    for (const auto& c : ps.containers) {
      if (c.ephemeral) continue;
      model::Value r = c.v.get("readinessProbe"), l = c.v.get("livenessProbe");
      if (!r.is_map() || !l.is_map()) continue;
      std::string what = identical(r, l);
      if (what.empty()) continue;
      Hit h = container_hit(rule, ps, c);
      h.cites.push_back({l, "config", {}});
      h.cites.push_back({r, "config", {}});
      h.vars.emplace_back("check", what);
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_liveness_probe_same_as_readiness() {
  return {"liveness-probe-same-as-readiness", run};
}

}  // namespace kubesift::engine::lint
