#include <fmt/format.h>

#include <algorithm>

#include "kubesift/report/report.h"
#include "rule_doc.h"

namespace kubesift::report {
namespace {

// Every string from the inputs goes to the terminal through this.
std::string T(std::string_view s) {
  return terminal_safe(s);
}

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
  return terminal_safe(s);
}

// `lint`: one block per finding, led by file:line:column, as compilers and
// linters print them (editors and CI logs link them).
void write_lint_text(const ReportData& r, std::ostream& out, const Style& st) {
  const RuleDocs docs(r);
  for (const auto& in : r.inputs) {
    if (in.error.empty()) continue;
    std::vector<InputInfo::Problem> problems = in.errors;
    if (problems.empty()) problems.push_back({in.error, in.error_line, in.error_col});
    for (const auto& p : problems) {
      out << st.wrap("1", T(in.path));
      if (p.line) out << ":" << p.line;
      if (p.line && p.col) out << ":" << p.col;
      out << ": " << st.wrap("1;31", "error") << " [input-error] " << T(p.message) << "\n";
    }
  }
  for (const Finding& f : r.findings) {
    const Evidence* e = f.evidence.empty() ? nullptr : &f.evidence.front();
    std::string where = e ? fmt::format("{}:{}", T(e->path), e->line) : std::string("(no file)");
    if (e && e->column) where += ":" + std::to_string(e->column);
    std::string sev(to_string(f.severity));
    out << fmt::format("{}: {} [{}] {}\n", st.wrap("1", where), st.severity(f.severity), f.rule,
                       T(f.message));
    out << "    " << subject_text(f.subject) << "\n";
    for (const Evidence& ev : f.evidence) {
      if (&ev == e) {
        out << "    | " << T(ev.text) << "\n";
        continue;
      }
      out << fmt::format("    {}:{}: {}  {}\n", st.wrap("2", T(ev.path)), ev.line, T(ev.text),
                         st.wrap("2", "(" + ev.role + ")"));
    }
    out << "    fix: " << T(f.remediation) << "\n";
    out << "    " << st.wrap("2", "see: " + T(docs.explain(f.rule))) << "\n";
  }
  if (!r.notes.empty()) {
    out << "\nNotes:\n";
    for (const auto& n : r.notes) out << "  - " << T(n) << "\n";
  }
  size_t counts[5] = {};
  for (const auto& f : r.findings) ++counts[static_cast<size_t>(f.severity)];
  size_t objects = 0;
  for (const auto& [k, n] : r.objects) objects += n;
  out << fmt::format(
      "\nkubesift {} lint: {} input(s), {} unreadable, {} object(s); {} finding(s): {} critical, "
      "{} high, {} medium, {} low, {} info; {} suppressed{}\n",
      r.tool_version, r.inputs.size(), r.unreadable(), objects, r.findings.size(), counts[4],
      counts[3], counts[2], counts[1], counts[0], r.suppressed.size(),
      r.fail_on.empty() ? std::string() : "; --fail-on " + r.fail_on);
}

}  // namespace

void write_text(const ReportData& r, std::ostream& out, const TextOptions& opts) {
  Style st{opts.color};
  if (r.command == "lint") return write_lint_text(r, out, st);
  size_t pods = r.objects.count("Pod") ? r.objects.at("Pod") : 0;
  out << fmt::format(
      "kubesift {}: {} input(s), {} unreadable; {} pod(s), {} event(s), {} log line(s)\n",
      r.tool_version, r.inputs.size(), r.unreadable(), pods, r.events, r.log_lines);
  if (r.findings.empty()) out << "\nNo findings.\n";
  const RuleDocs docs(r);
  for (const Finding& f : r.findings) {
    out << fmt::format("\n#{} {} {} [{}] {} (confidence {:.2f})\n", f.rank, st.severity(f.severity),
                       st.wrap("1", f.title), to_string(f.category), f.rule, f.confidence);
    out << "   " << subject_text(f.subject) << "\n";
    if (f.affected.size() > 1) {
      out << "   affected:";
      for (const auto& a : f.affected) out << " " << T(a.name);
      out << "\n";
    }
    out << "   " << T(f.message) << "\n";
    for (const Evidence& e : f.evidence)
      out << fmt::format("     {}:{}: {}  {}\n", st.wrap("2", T(e.path)), e.line, T(e.text),
                         st.wrap("2", "(" + e.role + ")"));
    if (f.logs && f.logs->files > 1) {
      out << "   top files:";
      for (const auto& tf : f.logs->top_files) out << fmt::format(" {} ({})", T(tf.path), tf.count);
      out << "\n";
    }
    out << "   fix: " << T(f.remediation) << "\n";
    out << "   " << st.wrap("2", "see: " + T(docs.explain(f.rule))) << "\n";
  }
  if (!r.unknown_errors.empty()) {
    out << fmt::format("\nErrors no rule explains ({} line(s); the largest groups):\n",
                       r.unknown_error_lines);
    for (size_t i = 0; i < std::min(r.unknown_errors.size(), kUnknownErrorsShown); ++i) {
      const UnknownError& u = r.unknown_errors[i];
      out << fmt::format("  {:>7} x in {} file(s)  {}\n           e.g. {}:{}: {}\n", u.count,
                         u.files, T(u.template_text), st.wrap("2", T(u.path)), u.line, T(u.text));
    }
  }
  if (!r.notes.empty()) {
    out << "\nNotes (evidence that was missing or not linked):\n";
    for (const auto& n : r.notes) out << "  - " << T(n) << "\n";
  }
  size_t counts[5] = {};
  for (const auto& f : r.findings) ++counts[static_cast<size_t>(f.severity)];
  out << fmt::format("\n{} finding(s): {} critical, {} high, {} medium, {} low, {} info\n",
                     r.findings.size(), counts[4], counts[3], counts[2], counts[1], counts[0]);
  if (!r.suppressed.empty()) out << r.suppressed.size() << " suppressed\n";
}

}  // namespace kubesift::report
