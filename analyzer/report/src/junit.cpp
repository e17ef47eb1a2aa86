// JUnit XML, as CI systems (Jenkins, GitLab, Azure) read test reports.
#include <fmt/format.h>

#include <map>

#include "kubesift/core/text.h"
#include "kubesift/report/report.h"
#include "rule_doc.h"

namespace kubesift::report {
namespace {

// XML text and attribute values: markup escaped, control bytes (which XML
// 1.0 cannot hold) and invalid UTF-8 replaced.
std::string xml(std::string_view s) {
  std::string o;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '&') {
      o += "&amp;";
    } else if (c == '<') {
      o += "&lt;";
    } else if (c == '>') {
      o += "&gt;";
    } else if (c == '"') {
      o += "&quot;";
    } else if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      o += text::kReplacement;
    } else if (c >= 0x80) {
      uint32_t cp = 0;
      if (size_t len = text::utf8_sequence(s, i, cp)) {
        o.append(s.substr(i, len));
        i += len;
        continue;
      }
      o += text::kReplacement;
    } else {
      o += static_cast<char>(c);
    }
    ++i;
  }
  return o;
}

std::string object_name(const ObjectRef& r) {
  std::string s = r.kind + " " + (r.ns.empty() ? "" : r.ns + "/") + r.name;
  if (!r.container.empty()) s += " (container " + r.container + ")";
  return s;
}

struct Suite {
  std::vector<const Finding*> failures;
  std::vector<const CheckedObject*> passed;
  std::vector<const InputInfo*> errors;
};

}  // namespace

void write_junit(const ReportData& r, std::ostream& out) {
  // One suite per input file, in path order.
  std::map<std::string, Suite> suites;
  for (const Finding& f : r.findings)
    suites[f.evidence.empty() ? std::string("(no file)") : f.evidence.front().path]
        .failures.push_back(&f);
  for (const CheckedObject& c : r.checked) {
    bool failed = false;
    for (const Finding& f : r.findings)
      if (f.subject.kind == c.ref.kind && f.subject.ns == c.ref.ns && f.subject.name == c.ref.name)
        failed = true;
    if (!failed) suites[c.path].passed.push_back(&c);
  }
  for (const InputInfo& in : r.inputs)
    if (!in.error.empty()) suites[in.path].errors.push_back(&in);
  size_t tests = 0, failures = 0, errors = 0;
  for (const auto& [path, s] : suites) {
    tests += s.failures.size() + s.passed.size() + s.errors.size();
    failures += s.failures.size();
    errors += s.errors.size();
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuites name=\"kubesift {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
      xml(r.command), tests, failures, errors);
  const RuleDocs docs(r);
  size_t id = 0;
  for (const auto& [path, s] : suites) {
    out << fmt::format(
        "  <testsuite name=\"{}\" id=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
        "skipped=\"0\">\n",
        xml(path), id++, s.failures.size() + s.passed.size() + s.errors.size(), s.failures.size(),
        s.errors.size());
    for (const InputInfo* in : s.errors) {
      std::string where =
          in->error_line ? fmt::format("{}:{}", in->path, in->error_line) : in->path;
      out << fmt::format("    <testcase name=\"read {}\" classname=\"input-error\">\n",
                         xml(in->path));
      out << fmt::format("      <error message=\"{}\" type=\"input-error\">{}: {}</error>\n",
                         xml(in->error), xml(where), xml(in->error));
      out << "    </testcase>\n";
    }
    for (const Finding* f : s.failures) {
      const Evidence* e = f->evidence.empty() ? nullptr : &f->evidence.front();
      out << fmt::format("    <testcase name=\"{}: {}\" classname=\"{}\">\n", xml(f->rule),
                         xml(object_name(f->subject)), xml(f->rule));
      std::string body = f->message + "\n";
      for (const Evidence& ev : f->evidence)
        body += fmt::format("{}:{}{}: {}\n", ev.path, ev.line,
                            ev.column ? ":" + std::to_string(ev.column) : std::string(), ev.text);
      body += "fix: " + f->remediation + "\nsee: " + docs.explain(f->rule);
      out << fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                         xml(e ? fmt::format("{}:{}: {}", e->path, e->line, f->title) : f->title),
                         xml(std::string(to_string(f->severity))), xml(body));
      out << "    </testcase>\n";
    }
    for (const CheckedObject* c : s.passed)
      out << fmt::format("    <testcase name=\"{}\" classname=\"kubesift\"/>\n",
                         xml(object_name(c->ref)));
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace kubesift::report
