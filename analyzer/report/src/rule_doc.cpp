#include "rule_doc.h"

namespace kubesift::report {

RuleDocs::RuleDocs(const ReportData& r) {
  for (const RuleInfo& ri : r.rules) by_id_.emplace(ri.id, &ri);  // the first of an id wins
}

const RuleInfo* RuleDocs::find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::string RuleDocs::explain(std::string_view id) const {
  return explain_command(find(id), id);
}

std::string_view RuleDocs::summary(std::string_view id) const {
  const RuleInfo* ri = find(id);
  return ri ? std::string_view(ri->what) : std::string_view();
}

std::string explain_command(const RuleInfo* info, std::string_view id) {
  if (info && !info->explain.empty()) return info->explain;
  return "kubesift explain " + std::string(id);
}

}  // namespace kubesift::report
