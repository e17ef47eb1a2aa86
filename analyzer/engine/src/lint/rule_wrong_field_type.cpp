// wrong-field-type: a field of a core object holding the wrong kind of value
// (`replicas: "three"`, `containerPort: http`, an env value written as a bare
// number, a map where a list is due). The API server cannot decode the
// object and rejects it. The fields and their types are data
// (rules/api-schema.yaml); the walker is api_util's.
#include "api_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects())
    for (const api::Issue& i : api::check_object(o)) {
      if (i.kind != api::Issue::Kind::WrongType) continue;
      Hit h = make_hit(rule, o);
      h.cites.push_back({i.at, "config", {}});
      h.vars.emplace_back("field", field_path(o.root, i.at));
      h.vars.emplace_back("found", api::found_words(i.at));
      h.vars.emplace_back(
          "shown", i.at.is_scalar() ? " (" + std::string(i.at.scalar()) + ")" : std::string());
      h.vars.emplace_back("expected", api::expected_words(i.expected));
      h.vars.emplace_back("fix", api::type_fix(i));
      out.push_back(std::move(h));
    }
}

}  // namespace

LintRule make_lint_rule_wrong_field_type() {
  return {"wrong-field-type", run};
}

}  // namespace kubesift::engine::lint
