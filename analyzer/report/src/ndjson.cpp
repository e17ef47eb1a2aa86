// NDJSON: one JSON record a line, for pipelines and for `kubesift merge`.
#include <fmt/format.h>

#include <string>

#include "json_quote.h"
#include "kubesift/report/report.h"
#include "rule_doc.h"

namespace kubesift::report {
namespace {

// The finding as the JSON report writes it, on one line: its newlines are
// layout only (json_quote escapes those inside strings), so dropping each
// with the indent after it keeps the same JSON.
std::string compact_finding(const Finding& f, const RuleDocs& docs) {
  std::string pretty;
  append_finding_json(pretty, f, docs);
  std::string out;
  out.reserve(pretty.size());
  for (size_t i = 0; i < pretty.size(); ++i) {
    if (pretty[i] != '\n') {
      out += pretty[i];
      continue;
    }
    while (i + 1 < pretty.size() && pretty[i + 1] == ' ') ++i;
  }
  return out;
}

void finding_record(std::ostream& out, const char* type, const Finding& f, const RuleDocs& docs) {
  out << "{\"type\": \"" << type << "\", \"group\": " << json_quote(f.group)
      << ", \"score\": " << fmt::format("{}", f.score)
      << ", \"finding\": " << compact_finding(f, docs) << "}\n";
}

// A rule the report names, whole: `kubesift merge` gives the merged report
// the same rule metadata (user rules too) without the parts' --rules.
void rule_record(std::ostream& out, const RuleInfo& ri) {
  out << "{\"type\": \"rule\", \"rule\": {\"id\": " << json_quote(ri.id)
      << ", \"title\": " << json_quote(ri.title) << ", \"category\": " << json_quote(ri.category)
      << ", \"severity\": " << json_quote(ri.severity) << ", \"what\": " << json_quote(ri.what)
      << ", \"why\": " << json_quote(ri.why) << ", \"remediation\": " << json_quote(ri.remediation)
      << ", \"explain\": " << json_quote(ri.explain) << ", \"equivalents\": [";
  for (size_t i = 0; i < ri.equivalents.size(); ++i)
    out << (i ? ", " : "") << json_quote(ri.equivalents[i]);
  out << "]}}\n";
}

}  // namespace

void write_ndjson_head(const ReportData& r, std::ostream& out) {
  out << "{\"type\": \"header\", \"tool\": {\"name\": \"kubesift\", \"version\": "
      << json_quote(r.tool_version) << "}, \"command\": " << json_quote(r.command)
      << ", \"shard\": " << (r.shard.empty() ? std::string("null") : json_quote(r.shard)) << "}\n";
}

void write_ndjson_input(const InputInfo& in, std::ostream& out) {
  out << "{\"type\": \"input\", \"unit\": " << in.unit << ", \"input\": ";
  write_input(in, out);
  out << "}\n";
}

void write_ndjson(const ReportData& r, std::ostream& out) {
  write_ndjson_head(r, out);
  for (const auto& in : r.inputs) write_ndjson_input(in, out);
  write_ndjson_tail(r, out);
}

void write_ndjson_tail(const ReportData& r, std::ostream& out) {
  for (const auto& ri : r.rules) rule_record(out, ri);
  const RuleDocs docs(r);
  for (const auto& f : r.findings) finding_record(out, "finding", f, docs);
  for (const auto& f : r.suppressed) finding_record(out, "suppressed", f, docs);
  for (const auto& u : r.unknown_errors)
    out << "{\"type\": \"unknown_error\", \"template\": " << json_quote(u.template_text)
        << ", \"count\": " << u.count << ", \"files\": " << u.files
        << ", \"sample\": {\"path\": " << json_quote(u.path) << ", \"line\": " << u.line
        << ", \"text\": " << json_quote(u.text) << "}}\n";
  for (const auto& n : r.notes) out << "{\"type\": \"note\", \"text\": " << json_quote(n) << "}\n";
  out << "{\"type\": \"summary\", ";
  write_summary_members(r, out, " ");
  out << ", \"unmatched_logs\": " << r.unmatched_logs
      << ", \"first_unmatched_log\": " << json_quote(r.first_unmatched_log);
  out << "}\n";
}

}  // namespace kubesift::report
