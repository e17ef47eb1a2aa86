#include <fmt/format.h>

#include <cmath>

#include "json_quote.h"
#include "kubesift/report/report.h"

namespace kubesift::report {
namespace {

void object_ref(std::ostream& out, const ObjectRef& r) {
  out << "{\"kind\": " << json_quote(r.kind) << ", \"namespace\": " << json_quote(r.ns)
      << ", \"name\": " << json_quote(r.name) << ", \"container\": " << json_quote(r.container)
      << "}";
}

void finding(std::ostream& out, const Finding& f) {
  out << "{\n      \"rank\": " << f.rank << ",\n      \"rule\": " << json_quote(f.rule)
      << ",\n      \"category\": " << json_quote(to_string(f.category))
      << ",\n      \"severity\": " << json_quote(to_string(f.severity))
      << ",\n      \"confidence\": " << fmt::format("{:.2f}", f.confidence)
      << ",\n      \"title\": " << json_quote(f.title)
      << ",\n      \"message\": " << json_quote(f.message)
      << ",\n      \"remediation\": " << json_quote(f.remediation) << ",\n      \"subject\": ";
  object_ref(out, f.subject);
  out << ",\n      \"affected\": [";
  for (size_t k = 0; k < f.affected.size(); ++k) {
    out << (k ? ", " : "");
    object_ref(out, f.affected[k]);
  }
  out << "],\n      \"evidence\": [";
  for (size_t k = 0; k < f.evidence.size(); ++k) {
    const Evidence& e = f.evidence[k];
    out << (k ? ",\n        " : "\n        ") << "{\"path\": " << json_quote(e.path)
        << ", \"line\": " << e.line;
    if (e.column) out << ", \"column\": " << e.column;
    out << ", \"text\": " << json_quote(e.text) << ", \"role\": " << json_quote(e.role);
    if (!e.field.empty()) out << ", \"field\": " << json_quote(e.field);
    out << "}";
  }
  out << (f.evidence.empty() ? "]" : "\n      ]");
  if (f.suppression)
    out << ",\n      \"suppression\": {\"kind\": " << json_quote(f.suppression->kind)
        << ", \"source\": " << json_quote(f.suppression->source)
        << ", \"reason\": " << json_quote(f.suppression->reason) << "}";
  out << "\n    }";
}

void findings(std::ostream& out, const char* key, const std::vector<Finding>& list) {
  out << "  \"" << key << "\": [";
  for (size_t i = 0; i < list.size(); ++i) {
    out << (i ? ",\n    " : "\n    ");
    finding(out, list[i]);
  }
  out << (list.empty() ? "],\n" : "\n  ],\n");
}

}  // namespace

size_t ReportData::unreadable() const {
  size_t n = 0;
  for (const auto& i : inputs)
    if (!i.error.empty()) ++n;
  return n;
}

void write_json(const ReportData& r, std::ostream& out) {
  out << "{\n  \"tool\": {\"name\": \"kubesift\", \"version\": " << json_quote(r.tool_version)
      << "},\n";
  out << "  \"summary\": {\n    \"inputs\": " << r.inputs.size()
      << ",\n    \"unreadable\": " << r.unreadable() << ",\n    \"objects\": ";
  write_counts(r.objects, out);
  out << ",\n    \"events\": " << r.events << ",\n    \"log_lines\": " << r.log_lines
      << ",\n    \"findings\": {";
  const Severity order[] = {Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                            Severity::Info};
  for (size_t i = 0; i < 5; ++i) {
    size_t n = 0;
    for (const auto& f : r.findings)
      if (f.severity == order[i]) ++n;
    out << (i ? ", " : "") << json_quote(to_string(order[i])) << ": " << n;
  }
  out << "},\n    \"suppressed\": " << r.suppressed.size() << "\n  },\n";
  write_inputs(r.inputs, out);
  findings(out, "findings", r.findings);
  if (!r.suppressed.empty()) findings(out, "suppressed", r.suppressed);
  out << "  \"notes\": [";
  for (size_t i = 0; i < r.notes.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << json_quote(r.notes[i]);
  out << (r.notes.empty() ? "]\n" : "\n  ]\n") << "}\n";
}

std::string describe_input_error(const InputInfo& in) {
  if (in.error_line && in.error_col)
    return fmt::format("{}:{}:{}: {}", in.path, in.error_line, in.error_col, in.error);
  if (in.error_line) return fmt::format("{}:{}: {}", in.path, in.error_line, in.error);
  return fmt::format("{}: {}", in.path, in.error);
}

}  // namespace kubesift::report
