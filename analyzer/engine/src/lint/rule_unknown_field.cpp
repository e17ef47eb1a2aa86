// unknown-field: a core object (Pod, Deployment, Service, …) with a field its
// API version does not have: `templates:` for `template:`, a misspelled
// imagePullPolicy, replicas in a DaemonSet. kubectl's strict field
// validation rejects the object; a tool without it drops the field, so what
// was written is not what runs. The fields are data (rules/api-schema.yaml);
// the walker is api_util's.
#include "api_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects())
    for (const api::Issue& i : api::check_object(o)) {
      if (i.kind != api::Issue::Kind::UnknownField) continue;
      Hit h = make_hit(rule, o);
      h.cites.push_back({i.at, "config", {}});
      h.vars.emplace_back("field", field_path(o.root, i.at));
      h.vars.emplace_back("key", std::string(i.at.key()));
      h.vars.emplace_back("parent", api::parent_path(o, i.at));
      h.vars.emplace_back("api", api::api_version_of(o));
      h.vars.emplace_back("hint", api::unknown_hint(i));
      h.vars.emplace_back("fix", api::unknown_fix(i, o));
      out.push_back(std::move(h));
    }
}

}  // namespace

LintRule make_lint_rule_unknown_field() {
  return {"unknown-field", run};
}

}  // namespace kubesift::engine::lint
