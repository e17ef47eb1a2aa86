// GitHub Actions workflow commands: annotations on the pull request's files.
#include "kubesift/report/report.h"
#include "rule_doc.h"

namespace kubesift::report {
namespace {

// The escaping GitHub's runner expects: in the message %, CR and LF; in a
// property also ':' and ','.
std::string escape(std::string_view raw, bool property) {
  // Controls other than CR/LF (escape sequences color a runner's log) and
  // invalid UTF-8 are shown escaped first, a line at a time.
  std::string safe;
  for (size_t at = 0; at <= raw.size();) {
    size_t nl = raw.find_first_of("\r\n", at);
    size_t end = nl == std::string_view::npos ? raw.size() : nl;
    safe += terminal_safe(raw.substr(at, end - at));
    if (nl == std::string_view::npos) break;
    safe += raw[nl];
    at = nl + 1;
  }
  std::string_view s = safe;
  std::string o;
  for (char c : s) {
    if (c == '%')
      o += "%25";
    else if (c == '\r')
      o += "%0D";
    else if (c == '\n')
      o += "%0A";
    else if (property && c == ':')
      o += "%3A";
    else if (property && c == ',')
      o += "%2C";
    else
      o += c;
  }
  return o;
}

std::string_view command(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    default: return "notice";
  }
}

}  // namespace

void write_github(const ReportData& r, std::ostream& out) {
  for (const InputInfo& in : r.inputs) {
    if (in.error.empty()) continue;
    out << "::error file=" << escape(in.path, true);
    if (in.error_line) out << ",line=" << in.error_line;
    if (in.error_col) out << ",col=" << in.error_col;
    out << ",title=" << escape("kubesift: input error", true) << "::" << escape(in.error, false)
        << "\n";
  }
  const RuleDocs docs(r);
  for (const Finding& f : r.findings) {
    out << "::" << command(f.severity);
    const Evidence* e = nullptr;
    for (const Evidence& ev : f.evidence)
      if (ev.line) {
        e = &ev;
        break;
      }
    if (e) {
      out << " file=" << escape(e->path, true) << ",line=" << e->line;
      if (e->column) out << ",col=" << e->column;
      out << ",";
    } else {
      out << " ";
    }
    out << "title=" << escape("kubesift " + f.rule + ": " + f.title, true) << "::"
        << escape(f.message + "\nFix: " + f.remediation + "\nSee: " + docs.explain(f.rule), false)
        << "\n";
  }
  size_t high = 0;
  for (const Finding& f : r.findings) high += f.severity >= Severity::High;
  out << "kubesift: " << r.findings.size() << " finding(s), " << high << " high or critical, "
      << r.suppressed.size() << " suppressed\n";
}

}  // namespace kubesift::report
