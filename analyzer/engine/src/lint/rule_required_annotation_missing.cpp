// required-annotation-missing: a workload without an annotation whose key matches the
// `key` parameter and whose value matches `value` (regular expressions that
// match anywhere in the text; an empty one matches anything, a leading '!'
// negates). By default:
// an `email` annotation holding an address.
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
    model::Value annotations = o.root.at({"metadata", "annotations"});
    bool found = false;
    for (model::Value l : annotations)
      if (key(l.key()) && value(l.scalar())) found = true;
    if (found) continue;
    Hit h = make_hit(rule, o);
    h.vars.emplace_back("wanted", wanted);
    model::Value at = annotations ? annotations : o.root.at({"metadata", "name"});
    h.cites.push_back({at ? at : o.root.get("kind"), "config", {}});
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_required_annotation_missing() {
  return {"required-annotation-missing", run};
}

}  // namespace kubesift::engine::lint
