// required-label-missing: a workload without a label whose key matches the
// `key` parameter and whose value matches `value` (regular expressions that
// match anywhere in the text; an empty one matches anything, a leading '!'
// negates). By default:
// an `owner` label.
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  std::string key_p = ctx.param(rule, "key"), value_p = ctx.param(rule, "value");
  workloads::TextMatcher key(key_p), value(value_p);
  std::string wanted =
      "whose key matches '" + key_p + "'" +
      (value_p.empty() ? std::string() : " and whose value matches '" + value_p + "'");
  for (const auto& o : ctx.objects()) {
    if (!workloads::is_workload_kind(o.kind)) continue;
    model::Value labels = o.root.at({"metadata", "labels"});
    bool found = false;
    for (model::Value l : labels)
      if (key(l.key()) && value(l.scalar())) found = true;
    if (found) continue;
    Hit h = make_hit(rule, o);
    h.vars.emplace_back("wanted", wanted);
    model::Value at = labels ? labels : o.root.at({"metadata", "name"});
    h.cites.push_back({at ? at : o.root.get("kind"), "config", {}});
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_required_label_missing() {
  return {"required-label-missing", run};
}

}  // namespace kubesift::engine::lint
