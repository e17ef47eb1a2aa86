#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <type_traits>

#include "json_quote.h"
#include "kubesift/core/parallel.h"
#include "kubesift/report/report.h"
#include "rule_doc.h"

namespace kubesift::report {
namespace {

// A finding is rendered into a string: findings are rendered on all
// threads, a slice each, and written in order.
struct Out {
  std::string& s;
  Out& operator<<(std::string_view v) {
    s.append(v);
    return *this;
  }
  Out& operator<<(char c) {
    s.push_back(c);
    return *this;
  }
  template <typename N>
  requires std::is_arithmetic_v<N> Out& operator<<(N n) {
    fmt::format_to(std::back_inserter(s), "{}", n);
    return *this;
  }
};

struct Q {
  std::string_view v;
};
Out& operator<<(Out& o, Q q) {
  json_quote_to(o.s, q.v);
  return o;
}

void object_ref(Out& out, const ObjectRef& r) {
  out << "{\"kind\": " << Q{r.kind} << ", \"namespace\": " << Q{r.ns} << ", \"name\": " << Q{r.name}
      << ", \"container\": " << Q{r.container} << "}";
}

void finding(Out& out, const Finding& f, const RuleDocs& docs) {
  out << "{\n      \"rank\": " << f.rank << ",\n      \"rule\": " << Q{f.rule}
      << ",\n      \"category\": " << Q{to_string(f.category)}
      << ",\n      \"severity\": " << Q{to_string(f.severity)} << ",\n      \"confidence\": ";
  fmt::format_to(std::back_inserter(out.s), "{:.2f}", f.confidence);
  out << ",\n      \"title\": " << Q{f.title} << ",\n      \"message\": " << Q{f.message}
      << ",\n      \"remediation\": " << Q{f.remediation};
  // The rule's documentation: the command that shows it, and what it finds.
  out << ",\n      \"doc\": {\"explain\": " << Q{docs.explain(f.rule)}
      << ", \"summary\": " << Q{docs.summary(f.rule)} << "}";
  out << ",\n      \"subject\": ";
  object_ref(out, f.subject);
  out << ",\n      \"affected\": [";
  for (size_t k = 0; k < f.affected.size(); ++k) {
    out << (k ? ", " : "");
    object_ref(out, f.affected[k]);
  }
  out << "],\n      \"evidence\": [";
  for (size_t k = 0; k < f.evidence.size(); ++k) {
    const Evidence& e = f.evidence[k];
    out << (k ? ",\n        " : "\n        ") << "{\"path\": " << Q{e.path}
        << ", \"line\": " << e.line;
    if (e.column) out << ", \"column\": " << e.column;
    out << ", \"text\": " << Q{e.text} << ", \"role\": " << Q{e.role};
    if (!e.field.empty()) out << ", \"field\": " << Q{e.field};
    out << "}";
  }
  out << (f.evidence.empty() ? "]" : "\n      ]");
  if (f.logs) {
    const LogAggregate& a = *f.logs;
    out << ",\n      \"count\": " << a.count << ",\n      \"files\": " << a.files;
    if (!a.first_seen.empty())
      out << ",\n      \"first_seen\": " << Q{a.first_seen}
          << ",\n      \"last_seen\": " << Q{a.last_seen};
    out << ",\n      \"top_files\": [";
    for (size_t k = 0; k < a.top_files.size(); ++k)
      out << (k ? ", " : "") << "{\"path\": " << Q{a.top_files[k].path}
          << ", \"count\": " << a.top_files[k].count << "}";
    out << "]";
  }
  if (f.suppression)
    out << ",\n      \"suppression\": {\"kind\": " << Q{f.suppression->kind}
        << ", \"source\": " << Q{f.suppression->source}
        << ", \"reason\": " << Q{f.suppression->reason} << "}";
  out << "\n    }";
}

void findings(std::ostream& out, const char* key, const std::vector<Finding>& list,
              const RuleDocs& docs) {
  out << "  \"" << key << "\": [";
  constexpr size_t kSlice = 512;
  // Rendered a window of slices at a time: memory stays at one window.
  const size_t window = 8 * std::max(1u, default_threads());
  std::vector<std::string> text(window);
  for (size_t base = 0; base < list.size(); base += window * kSlice) {
    size_t slices = std::min(window, (list.size() - base + kSlice - 1) / kSlice);
    parallel_for(slices, [&](size_t p) {
      std::string& s = text[p];
      s.clear();
      Out o{s};
      size_t from = base + p * kSlice, to = std::min(list.size(), from + kSlice);
      for (size_t i = from; i < to; ++i) {
        o << (i ? ",\n    " : "\n    ");
        finding(o, list[i], docs);
      }
    });
    for (size_t p = 0; p < slices; ++p)
      out.write(text[p].data(), static_cast<std::streamsize>(text[p].size()));
  }
  out << (list.empty() ? "],\n" : "\n  ],\n");
}

}  // namespace

void append_finding_json(std::string& s, const Finding& f, const RuleDocs& docs) {
  Out o{s};
  finding(o, f, docs);
}

void write_summary_members(const ReportData& r, std::ostream& out, const char* sep) {
  out << "\"inputs\": " << r.inputs.size() << "," << sep << "\"unreadable\": " << r.unreadable()
      << "," << sep << "\"objects\": ";
  write_counts(r.objects, out);
  out << "," << sep << "\"events\": " << r.events << "," << sep << "\"log_lines\": " << r.log_lines;
  if (r.command == "analyze")
    out << "," << sep << "\"unknown_error_lines\": " << r.unknown_error_lines;
  out << "," << sep << "\"findings\": {";
  const Severity order[] = {Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                            Severity::Info};
  for (size_t i = 0; i < 5; ++i) {
    size_t n = 0;
    for (const auto& f : r.findings)
      if (f.severity == order[i]) ++n;
    out << (i ? ", " : "") << json_quote(to_string(order[i])) << ": " << n;
  }
  out << "}," << sep << "\"suppressed\": " << r.suppressed.size();
}

size_t ReportData::unreadable() const {
  size_t n = 0;
  for (const auto& i : inputs)
    if (!i.error.empty()) ++n;
  return n;
}

void write_json(const ReportData& r, std::ostream& out) {
  out << "{\n  \"tool\": {\"name\": \"kubesift\", \"version\": " << json_quote(r.tool_version)
      << "},\n";
  out << "  \"summary\": {\n    ";
  write_summary_members(r, out, "\n    ");
  out << "\n  },\n";
  write_inputs(r.inputs, out);
  const RuleDocs docs(r);
  findings(out, "findings", r.findings, docs);
  if (!r.suppressed.empty()) findings(out, "suppressed", r.suppressed, docs);
  if (!r.unknown_errors.empty() || r.command == "analyze") {
    out << "  \"unknown_errors\": [";
    for (size_t i = 0; i < std::min(r.unknown_errors.size(), kUnknownErrorsShown); ++i) {
      const UnknownError& u = r.unknown_errors[i];
      out << (i ? ",\n    " : "\n    ") << "{\"template\": " << json_quote(u.template_text)
          << ", \"count\": " << u.count << ", \"files\": " << u.files
          << ", \"sample\": {\"path\": " << json_quote(u.path) << ", \"line\": " << u.line
          << ", \"text\": " << json_quote(u.text) << "}}";
    }
    out << (r.unknown_errors.empty() ? "],\n" : "\n  ],\n");
  }
  out << "  \"notes\": [";
  for (size_t i = 0; i < r.notes.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << json_quote(r.notes[i]);
  out << (r.notes.empty() ? "]\n" : "\n  ]\n") << "}\n";
}

std::string describe_input_error(const InputInfo& in) {
  // Said on stderr and in notes: safe for a terminal.
  std::string path = terminal_safe(in.path), error = terminal_safe(in.error);
  if (in.error_line && in.error_col)
    return fmt::format("{}:{}:{}: {}", path, in.error_line, in.error_col, error);
  if (in.error_line) return fmt::format("{}:{}: {}", path, in.error_line, error);
  return fmt::format("{}: {}", path, error);
}

}  // namespace kubesift::report
