#include <fmt/format.h>

#include <cmath>

#include "kubesift/report/report.h"

namespace kubesift::report {
namespace {

// JSON string literal: escapes quotes, backslashes and control bytes, and
// replaces invalid UTF-8 with U+FFFD so the output always parses.
std::string quote(std::string_view s) {
  std::string o;
  o.reserve(s.size() + 2);
  o += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': o += "\\n"; break;
        case '\r': o += "\\r"; break;
        case '\t': o += "\\t"; break;
        default: o += fmt::format("\\u{:04x}", c);
      }
      ++i;
    } else if (c < 0x80) {
      o += static_cast<char>(c);
      ++i;
    } else {
      size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      bool ok = len > 0 && i + len <= s.size();
      for (size_t k = 1; ok && k < len; ++k)
        ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (ok) {
        o.append(s.substr(i, len));
        i += len;
      } else {
        o += "\xEF\xBF\xBD";
        ++i;
      }
    }
  }
  o += '"';
  return o;
}

void object_ref(std::ostream& out, const ObjectRef& r) {
  out << "{\"kind\": " << quote(r.kind) << ", \"namespace\": " << quote(r.ns)
      << ", \"name\": " << quote(r.name) << ", \"container\": " << quote(r.container) << "}";
}

}  // namespace

size_t ReportData::unreadable() const {
  size_t n = 0;
  for (const auto& i : inputs)
    if (!i.error.empty()) ++n;
  return n;
}

void write_json(const ReportData& r, std::ostream& out) {
  out << "{\n  \"tool\": {\"name\": \"kubesift\", \"version\": " << quote(r.tool_version) << "},\n";
  out << "  \"summary\": {\n    \"inputs\": " << r.inputs.size()
      << ",\n    \"unreadable\": " << r.unreadable() << ",\n    \"objects\": {";
  bool first = true;
  for (const auto& [kind, n] : r.objects) {
    out << (first ? "" : ", ") << quote(kind) << ": " << n;
    first = false;
  }
  out << "},\n    \"events\": " << r.events << ",\n    \"log_lines\": " << r.log_lines
      << ",\n    \"findings\": {";
  const Severity order[] = {Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                            Severity::Info};
  for (size_t i = 0; i < 5; ++i) {
    size_t n = 0;
    for (const auto& f : r.findings)
      if (f.severity == order[i]) ++n;
    out << (i ? ", " : "") << quote(to_string(order[i])) << ": " << n;
  }
  out << "}\n  },\n  \"inputs\": [";
  for (size_t i = 0; i < r.inputs.size(); ++i) {
    const auto& in = r.inputs[i];
    out << (i ? ",\n    " : "\n    ") << "{\"path\": " << quote(in.path)
        << ", \"format\": " << quote(in.format)
        << ", \"error\": " << (in.error.empty() ? std::string("null") : quote(in.error));
    if (!in.error.empty() && in.error_line) out << ", \"error_line\": " << in.error_line;
    out << "}";
  }
  out << (r.inputs.empty() ? "],\n" : "\n  ],\n");
  out << "  \"findings\": [";
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    out << (i ? ",\n    " : "\n    ") << "{\n      \"rank\": " << f.rank
        << ",\n      \"rule\": " << quote(f.rule)
        << ",\n      \"category\": " << quote(to_string(f.category))
        << ",\n      \"severity\": " << quote(to_string(f.severity))
        << ",\n      \"confidence\": " << fmt::format("{:.2f}", f.confidence)
        << ",\n      \"title\": " << quote(f.title) << ",\n      \"message\": " << quote(f.message)
        << ",\n      \"remediation\": " << quote(f.remediation) << ",\n      \"subject\": ";
    object_ref(out, f.subject);
    out << ",\n      \"affected\": [";
    for (size_t k = 0; k < f.affected.size(); ++k) {
      out << (k ? ", " : "");
      object_ref(out, f.affected[k]);
    }
    out << "],\n      \"evidence\": [";
    for (size_t k = 0; k < f.evidence.size(); ++k) {
      const Evidence& e = f.evidence[k];
      out << (k ? ",\n        " : "\n        ") << "{\"path\": " << quote(e.path)
          << ", \"line\": " << e.line << ", \"text\": " << quote(e.text)
          << ", \"role\": " << quote(e.role) << "}";
    }
    out << (f.evidence.empty() ? "]" : "\n      ]") << "\n    }";
  }
  out << (r.findings.empty() ? "],\n" : "\n  ],\n");
  out << "  \"notes\": [";
  for (size_t i = 0; i < r.notes.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << quote(r.notes[i]);
  out << (r.notes.empty() ? "]\n" : "\n  ]\n") << "}\n";
}

std::string describe_input_error(const InputInfo& in) {
  if (in.error_line) return fmt::format("{}:{}: {}", in.path, in.error_line, in.error);
  return fmt::format("{}: {}", in.path, in.error);
}

}  // namespace kubesift::report
