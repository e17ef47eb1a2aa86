// JSON string literals for the JSON printers.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/report/report.h"

namespace kubesift::report {

// Escapes quotes, backslashes and control bytes, and replaces invalid UTF-8
// with U+FFFD, so the output always parses.
std::string json_quote(std::string_view s);
// The same, appended to `o`.
void json_quote_to(std::string& o, std::string_view s);

// `{"Pod": 9, …}` and the `"inputs": [...]` array, shared by the report
// and the inventory.
void write_counts(const std::map<std::string, size_t>& counts, std::ostream& out);
void write_inputs(const std::vector<InputInfo>& inputs, std::ostream& out);
// One input as a JSON object, on one line.
void write_input(const InputInfo& in, std::ostream& out);
class RuleDocs;
// One finding as the JSON report writes it (json.cpp), appended to `out`,
// with its rule's doc from `docs`.
void append_finding_json(std::string& out, const Finding& f, const RuleDocs& docs);
// The summary object's members (json.cpp), as the JSON report writes them.
void write_summary_members(const ReportData& r, std::ostream& out, const char* sep);

}  // namespace kubesift::report
