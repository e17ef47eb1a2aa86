// Markdown (GitHub Flavored) for tickets and pull-request comments.
//
// Every string from the inputs is untrusted: it is shown as written, never
// read as markup. Inline text has its controls shown (terminal_safe) and the
// characters Markdown or HTML would act on backslash-escaped; evidence goes
// in fenced code blocks whose fence is longer than any run of backticks in
// the line, so no input closes one. The only raw HTML written is the
// <details> of each finding's rule doc, its text HTML-escaped.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "html_text.h"
#include "kubesift/report/report.h"
#include "rule_doc.h"

namespace kubesift::report {
namespace {

// What Markdown (CommonMark, GFM tables, strikethrough, autolinks in <>),
// HTML (tags, entities) or GitHub (math between $) would act on; bare URLs
// are broken up below.
constexpr std::string_view kEscaped = "\\`*_[]<>|#~&$";

bool ascii_punct(char c) {
  return std::ispunct(static_cast<unsigned char>(c)) != 0;
}

// Inline text: as written once rendered. `line_start`: the text begins a
// line, where a leading `#`, `-`, `1.`, `>` or indent would start a block.
std::string md(std::string_view raw, bool line_start = false) {
  std::string s = terminal_safe(raw);  // no newline survives: one line stays one line
  std::string_view v = s;
  if (line_start) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  }
  std::string out;
  out.reserve(v.size() + 8);
  // At a line's start: a digit run followed by `.` or `)` is a list item.
  size_t digits = 0;
  if (line_start)
    while (digits < v.size() && std::isdigit(static_cast<unsigned char>(v[digits]))) ++digits;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    bool escape = kEscaped.find(c) != std::string_view::npos;
    if (line_start && i == 0 && ascii_punct(c)) escape = true;
    if (line_start && digits > 0 && i == digits && (c == '.' || c == ')')) escape = true;
    // GFM links bare URLs and www. names: input text links nowhere.
    if (c == ':' && v.substr(i + 1, 2) == "//") escape = true;
    if (c == '.' && i >= 3 && (v.substr(i - 3, 3) == "www" || v.substr(i - 3, 3) == "WWW") &&
        (i == 3 || !std::isalnum(static_cast<unsigned char>(v[i - 4]))))
      escape = true;
    if (escape) out += '\\';
    out += c;
  }
  return out;
}

size_t longest_backtick_run(std::string_view s) {
  size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// A code span: delimited by more backticks than any run inside, padded
// with a space where the content would touch its delimiter.
std::string code(std::string_view raw) {
  std::string s = terminal_safe(raw);
  if (s.empty()) return "";
  std::string fence(longest_backtick_run(s) + 1, '`');
  bool pad = s.front() == '`' || s.back() == '`' ||
             (s.front() == ' ' && s.back() == ' ' && s.find_first_not_of(' ') != std::string::npos);
  return fence + (pad ? " " : "") + s + (pad ? " " : "") + fence;
}

// A fenced code block of one line of an input.
void code_block(std::ostream& out, std::string_view raw) {
  std::string s = terminal_safe(raw);
  std::string fence(std::max<size_t>(3, longest_backtick_run(s) + 1), '`');
  out << fence << "text\n" << s << "\n" << fence << "\n";
}

std::string upper(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

std::string object(const ObjectRef& r, bool line_start = false) {
  std::string s = r.kind + " " + (r.ns.empty() ? "" : r.ns + "/") + r.name;
  if (!r.container.empty()) s += ", container " + r.container;
  return md(s, line_start);
}

std::string place(std::string_view path, uint32_t line, uint32_t col = 0) {
  std::string s(path);
  if (line) s += ":" + std::to_string(line);
  if (line && col) s += ":" + std::to_string(col);
  return s;
}

void row(std::ostream& out, std::string_view what, uint64_t n) {
  out << "| " << what << " | " << n << " |\n";
}

void summary(const ReportData& r, std::ostream& out) {
  out << "## Summary\n\n| | Count |\n|---|---:|\n";
  row(out, "Inputs read", r.inputs.size() - r.unreadable());
  row(out, "Inputs unreadable", r.unreadable());
  for (const auto& [kind, n] : r.objects) row(out, "Objects: " + md(kind), n);
  row(out, "Events", r.events);
  row(out, "Log lines", r.log_lines);
  if (r.command == "analyze") row(out, "Error lines no rule explains", r.unknown_error_lines);
  const Severity order[] = {Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                            Severity::Info};
  for (Severity sev : order) {
    size_t n = 0;
    for (const auto& f : r.findings) n += f.severity == sev;
    row(out, "Findings: " + std::string(to_string(sev)), n);
  }
  row(out, "Suppressed", r.suppressed.size());
  out << "\n";
  if (!r.fail_on.empty()) out << "Threshold: " << code("--fail-on " + r.fail_on) << "\n\n";
}

// Catalog text may be written over several lines (a YAML block): joined.
std::string joined(std::string_view s) {
  std::string o(s);
  std::replace(o.begin(), o.end(), '\n', ' ');
  return o;
}

void rule_doc(std::ostream& out, const Finding& f, const RuleDocs& docs) {
  out << "**More:** " << code(docs.explain(f.rule)) << "\n\n";
  const RuleInfo* ri = docs.find(f.rule);
  if (!ri) return;
  // An HTML block ends at a blank line: the Markdown between is rendered.
  out << "<details><summary>About " << html::esc(ri->id) << "</summary>\n\n";
  if (!ri->title.empty()) out << "**" << md(joined(ri->title)) << "**\n\n";
  if (!ri->what.empty()) out << "**What it finds.** " << md(joined(ri->what)) << "\n\n";
  if (!ri->why.empty()) out << "**Why it matters.** " << md(joined(ri->why)) << "\n\n";
  if (!ri->remediation.empty()) out << "**Fix.** " << md(joined(ri->remediation)) << "\n\n";
  out << "</details>\n\n";
}

void finding(std::ostream& out, const Finding& f, const RuleDocs& docs) {
  out << "## " << f.rank << ". " << upper(to_string(f.severity)) << " · " << md(f.title) << " ("
      << code(f.rule) << ")\n\n";
  out << "**Subject:** " << object(f.subject) << " · **Rule:** " << code(f.rule)
      << " · **Category:** " << to_string(f.category) << " · **Confidence:** "
      << fmt::format("{:.2f}", f.confidence) << "\n\n";
  out << md(f.message, true) << "\n\n";
  out << "**Fix:** " << md(f.remediation) << "\n\n";
  if (!f.affected.empty()) {
    out << "**Affected (" << f.affected.size() << "):**\n\n";
    for (const ObjectRef& a : f.affected) out << "- " << object(a, true) << "\n";
    out << "\n";
  }
  if (f.logs) {
    const LogAggregate& a = *f.logs;
    out << "**Log lines:** " << a.count << " matching in " << a.files << " file(s)";
    if (!a.first_seen.empty())
      out << ", first seen " << md(a.first_seen) << ", last seen " << md(a.last_seen);
    out << "\n\n";
    for (const auto& tf : a.top_files) out << "- " << code(tf.path) << ": " << tf.count << "\n";
    if (!a.top_files.empty()) out << "\n";
  }
  if (!f.evidence.empty()) out << "**Evidence:**\n\n";
  for (const Evidence& e : f.evidence) {
    out << code(place(e.path, e.line));
    if (e.column) out << " · column " << e.column;
    if (!e.role.empty()) out << " · " << md(e.role);
    if (!e.field.empty()) out << " · " << code(e.field);
    out << "\n\n";
    code_block(out, e.text);
    out << "\n";
  }
  if (f.suppression)
    out << "**Suppressed** by " << md(f.suppression->kind) << " " << code(f.suppression->source)
        << (f.suppression->reason.empty() ? "" : ": " + md(f.suppression->reason)) << "\n\n";
  rule_doc(out, f, docs);
}

}  // namespace

void write_markdown(const ReportData& r, std::ostream& out) {
  const RuleDocs docs(r);
  out << "# kubesift " << md(r.command) << " report (kubesift " << md(r.tool_version) << ")\n\n";
  if (!r.shard.empty()) out << "A partial run: shard " << md(r.shard) << ".\n\n";
  summary(r, out);
  if (r.findings.empty()) out << "**No findings.**\n\n";
  for (const Finding& f : r.findings) finding(out, f, docs);
  if (!r.suppressed.empty()) {
    out << "## Suppressed findings\n\n";
    for (const Finding& f : r.suppressed) {
      out << "- " << code(f.rule) << " · " << md(f.title) << " · " << object(f.subject);
      if (f.suppression)
        out << " · by " << md(f.suppression->kind) << " " << code(f.suppression->source)
            << (f.suppression->reason.empty() ? "" : ": " + md(f.suppression->reason));
      out << " · " << code(docs.explain(f.rule)) << "\n";
    }
    out << "\n";
  }
  if (!r.notes.empty()) {
    out << "## Notes\n\n";
    for (const auto& n : r.notes) out << "- " << md(n, true) << "\n";
    out << "\n";
  }
  if (!r.unknown_errors.empty()) {
    out << "## Errors no rule explains\n\n"
        << r.unknown_error_lines << " error line(s) no rule explains; the largest groups:\n\n"
        << "| Lines | Files | Template | Example |\n|---:|---:|---|---|\n";
    for (size_t i = 0; i < std::min(r.unknown_errors.size(), kUnknownErrorsShown); ++i) {
      const UnknownError& u = r.unknown_errors[i];
      out << "| " << u.count << " | " << u.files << " | " << md(u.template_text) << " | "
          << md(place(u.path, u.line)) << ": " << md(u.text) << " |\n";
    }
    out << "\n";
  }
  bool errors = false;
  for (const InputInfo& in : r.inputs) {
    if (in.error.empty()) continue;
    if (!errors) out << "## Input errors\n\n";
    errors = true;
    std::vector<InputInfo::Problem> problems = in.errors;
    if (problems.empty()) problems.push_back({in.error, in.error_line, in.error_col});
    for (const auto& p : problems)
      out << "- " << code(place(in.path, p.line, p.col)) << ": " << md(p.message) << "\n";
  }
  if (errors) out << "\n";
}

}  // namespace kubesift::report
