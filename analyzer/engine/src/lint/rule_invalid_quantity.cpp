// invalid-quantity: a resource amount that is not a Kubernetes quantity
// (`memory: 1GB`, `cpu: 2 cores`, `storage: 10 Gi`). The API server rejects
// the object ("quantities must match the regular expression …"). Which
// fields are quantities is data (rules/api-schema.yaml); the walker is
// api_util's.
#include "api_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects())
    for (const api::Issue& i : api::check_object(o)) {
      if (i.kind != api::Issue::Kind::BadQuantity) continue;
      Hit h = make_hit(rule, o);
      h.cites.push_back({i.at, "config", {}});
      h.vars.emplace_back("field", field_path(o.root, i.at));
      h.vars.emplace_back("value", std::string(i.at.scalar()));
      h.vars.emplace_back("fix", api::quantity_fix(i.at.scalar()));
      out.push_back(std::move(h));
    }
}

}  // namespace

LintRule make_lint_rule_invalid_quantity() {
  return {"invalid-quantity", run};
}

}  // namespace kubesift::engine::lint
