// priority-class-not-allowed: a pod spec whose priorityClassName is set but is
// not one of the accepted names (the comma-separated `accepted` param;
// system-cluster-critical and system-node-critical by default). An unset or
// blank name is not reported.
#include "availability_util.h"
#include "kubesift/core/text.h"

namespace kubesift::engine::lint {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  std::string accepted = ctx.param(rule, "accepted");
  std::vector<std::string_view> names;
  for (std::string_view n : text::split(accepted, ','))
    if (!trim(n).empty()) names.push_back(trim(n));
  for (const auto& ps : ctx.pod_specs()) {
    if (ps.obj->kind == "PodTemplate") continue;
    model::Value pc = ps.spec.get("priorityClassName");
    std::string_view name = pc.scalar();
    if (trim(name).empty()) continue;
    bool ok = false;
    for (auto n : names) ok |= n == name;
    if (ok) continue;
    Hit h = make_hit(rule, *ps.obj);
    h.cites.push_back(avail::cite(pc));
    h.vars.emplace_back("value", std::string(name));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_priority_class_not_allowed() {
  return {"priority-class-not-allowed", run};
}

}  // namespace kubesift::engine::lint
