#include <fmt/format.h>

#include "kubesift/report/report.h"

namespace kubesift::report {
namespace {

struct Style {
  bool on;
  std::string wrap(std::string_view code, std::string_view s) const {
    if (!on) return std::string(s);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, s);
  }
  std::string severity(Severity s) const {
    std::string label = std::string(to_string(s));
    for (char& c : label) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    switch (s) {
      case Severity::Critical: return wrap("1;31", label);
      case Severity::High: return wrap("31", label);
      case Severity::Medium: return wrap("33", label);
      case Severity::Low: return wrap("36", label);
      case Severity::Info: return wrap("2", label);
    }
    return label;
  }
};

std::string subject_text(const ObjectRef& r) {
  std::string s = r.kind + " " + (r.ns.empty() ? "" : r.ns + "/") + r.name;
  if (!r.container.empty()) s += ", container " + r.container;
  return s;
}

}  // namespace

void write_text(const ReportData& r, std::ostream& out, const TextOptions& opts) {
  Style st{opts.color};
  size_t pods = r.objects.count("Pod") ? r.objects.at("Pod") : 0;
  out << fmt::format(
      "kubesift {}: {} input(s), {} unreadable; {} pod(s), {} event(s), {} log line(s)\n",
      r.tool_version, r.inputs.size(), r.unreadable(), pods, r.events, r.log_lines);
  if (r.findings.empty()) out << "\nNo findings.\n";
  for (const Finding& f : r.findings) {
    out << fmt::format("\n#{} {} {} [{}] {} (confidence {:.2f})\n", f.rank, st.severity(f.severity),
                       st.wrap("1", f.title), to_string(f.category), f.rule, f.confidence);
    out << "   " << subject_text(f.subject) << "\n";
    if (f.affected.size() > 1) {
      out << "   affected:";
      for (const auto& a : f.affected) out << " " << a.name;
      out << "\n";
    }
    out << "   " << f.message << "\n";
    for (const Evidence& e : f.evidence)
      out << fmt::format("     {}:{}: {}  {}\n", st.wrap("2", e.path), e.line, e.text,
                         st.wrap("2", "(" + e.role + ")"));
    out << "   fix: " << f.remediation << "\n";
  }
  if (!r.notes.empty()) {
    out << "\nNotes (evidence that was missing or not linked):\n";
    for (const auto& n : r.notes) out << "  - " << n << "\n";
  }
  size_t counts[5] = {};
  for (const auto& f : r.findings) ++counts[static_cast<size_t>(f.severity)];
  out << fmt::format("\n{} finding(s): {} critical, {} high, {} medium, {} low, {} info\n",
                     r.findings.size(), counts[4], counts[3], counts[2], counts[1], counts[0]);
}

}  // namespace kubesift::report
