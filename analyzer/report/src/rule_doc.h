// The documentation a finding carries: its rule's metadata and the command
// that explains the rule, looked up once per report (not once per finding).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "kubesift/report/report.h"

namespace kubesift::report {

class RuleDocs {
 public:
  explicit RuleDocs(const ReportData& r);
  // The rule's metadata, nullptr when the report has none for it.
  const RuleInfo* find(std::string_view id) const;
  // `kubesift explain ID` (a user rule's with its --rules file).
  std::string explain(std::string_view id) const;
  // The rule's "what it finds" ("" when the report has no metadata for it).
  std::string_view summary(std::string_view id) const;

 private:
  std::unordered_map<std::string_view, const RuleInfo*> by_id_;
};

// The command for a rule: its own when set, else `kubesift explain ID`.
std::string explain_command(const RuleInfo* info, std::string_view id);

}  // namespace kubesift::report
