// SARIF 2.1.0 (OASIS), as code scanning services read it.
#include <fmt/format.h>

#include <set>
#include <unordered_map>

#include "json_quote.h"
#include "kubesift/report/report.h"
#include "rule_doc.h"

namespace kubesift::report {
namespace {

std::string_view level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    default: return "note";
  }
}

// GitHub code scanning ranks security results by this number (0–10).
std::string_view security_severity(std::string_view sev) {
  if (sev == "critical") return "9.5";
  if (sev == "high") return "8.0";
  if (sev == "medium") return "5.5";
  return "3.0";
}

// A relative URI reference for a path as the user gave it: unreserved
// characters and '/' stay, everything else is percent-encoded (a ':' of an
// archive member included, so the first segment never reads as a scheme).
std::string uri(std::string_view path) {
  std::string out;
  bool absolute = path.starts_with("/");
  if (absolute) out = "file://";
  for (unsigned char c : path) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

void artifact(std::ostream& out, std::string_view path) {
  out << "{\"uri\": " << json_quote(uri(path));
  if (!path.starts_with("/")) out << ", \"uriBaseId\": \"%SRCROOT%\"";
  out << "}";
}

void physical(std::ostream& out, const std::string& path, uint32_t line, uint32_t col,
              std::string_view snippet) {
  out << "{\"physicalLocation\": {\"artifactLocation\": ";
  artifact(out, path);
  if (line) {
    out << ", \"region\": {\"startLine\": " << line;
    if (col) out << ", \"startColumn\": " << col;
    if (!snippet.empty()) out << ", \"snippet\": {\"text\": " << json_quote(snippet) << "}";
    out << "}";
  }
  out << "}}";
}

// FNV-1a, 64 bits: a fingerprint that does not move when lines do.
std::string fingerprint(const Finding& f) {
  std::string key = f.rule + "|" + f.subject.kind + "|" + f.subject.ns + "|" + f.subject.name +
                    "|" + f.subject.container;
  if (!f.evidence.empty()) key += "|" + f.evidence.front().field;
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

// The driver's rules: the report's, then one for any rule a result names
// that the report has no metadata for (a result always resolves to a rule
// with help), each with its index.
struct Rules {
  std::vector<RuleInfo> list;
  std::unordered_map<std::string, size_t> index;
  explicit Rules(const ReportData& r) : list(r.rules) {
    for (size_t i = 0; i < list.size(); ++i) index.emplace(list[i].id, i);
    for (const auto* findings : {&r.findings, &r.suppressed})
      for (const Finding& f : *findings)
        if (index.emplace(f.rule, list.size()).second) {
          RuleInfo ri;
          ri.id = ri.title = f.rule;
          ri.category = std::string(to_string(f.category));
          ri.severity = std::string(to_string(f.severity));
          ri.what = f.title;
          ri.why = "The report carries no metadata for this rule.";
          ri.remediation = f.remediation;
          list.push_back(std::move(ri));
        }
  }
};

void result(std::ostream& out, const Rules& rules, const Finding& f) {
  out << "{\"ruleId\": " << json_quote(f.rule) << ", \"ruleIndex\": " << rules.index.at(f.rule);
  out << ", \"level\": \"" << level(f.severity)
      << "\", \"message\": {\"text\": " << json_quote(f.message) << "}";
  out << ", \"locations\": [";
  bool located = false;
  for (const Evidence& e : f.evidence)
    if (e.line) {
      physical(out, e.path, e.line, e.column, e.text);
      located = true;
      break;
    }
  out << "]";
  if (f.evidence.size() > 1 || !located) {
    out << ", \"relatedLocations\": [";
    bool first = true;
    for (size_t i = located ? 1 : 0; i < f.evidence.size(); ++i) {
      const Evidence& e = f.evidence[i];
      out << (first ? "" : ", ");
      first = false;
      out << "{\"id\": " << i << ", \"message\": {\"text\": " << json_quote(e.role) << "}, ";
      out << "\"physicalLocation\": {\"artifactLocation\": ";
      artifact(out, e.path);
      if (e.line) {
        out << ", \"region\": {\"startLine\": " << e.line;
        if (e.column) out << ", \"startColumn\": " << e.column;
        if (!e.text.empty()) out << ", \"snippet\": {\"text\": " << json_quote(e.text) << "}";
        out << "}";
      }
      out << "}}";
    }
    out << "]";
  }
  out << ", \"partialFingerprints\": {\"kubesift/v1\": \"" << fingerprint(f) << "\"}";
  out << ", \"properties\": {\"category\": " << json_quote(to_string(f.category))
      << ", \"severity\": " << json_quote(to_string(f.severity))
      << ", \"confidence\": " << fmt::format("{:.2f}", f.confidence) << ", \"subject\": "
      << json_quote(f.subject.kind + " " + (f.subject.ns.empty() ? "" : f.subject.ns + "/") +
                    f.subject.name + (f.subject.container.empty() ? "" : "/" + f.subject.container))
      << "}";
  if (f.suppression) {
    out << ", \"suppressions\": [{\"kind\": \""
        << (f.suppression->kind == "annotation" ? "inSource" : "external")
        << "\", \"status\": \"accepted\", \"justification\": "
        << json_quote(f.suppression->reason.empty() ? f.suppression->source : f.suppression->reason)
        << ", \"properties\": {\"source\": " << json_quote(f.suppression->source) << "}}]";
  }
  out << "}";
}

}  // namespace

void write_sarif(const ReportData& r, std::ostream& out) {
  out << "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
      << "  \"version\": \"2.1.0\",\n  \"runs\": [{\n";
  out << "    \"tool\": {\"driver\": {\"name\": \"kubesift\", \"version\": "
      << json_quote(r.tool_version) << ", \"semanticVersion\": " << json_quote(r.tool_version)
      << ", \"rules\": [";
  const Rules rules(r);
  for (size_t i = 0; i < rules.list.size(); ++i) {
    const RuleInfo& ri = rules.list[i];
    const std::string explain = explain_command(&ri, ri.id);
    std::string help = ri.what + "\n\nWhy: " + ri.why + "\n\nFix: " + ri.remediation + "\n\n`" +
                       explain + "` shows the whole rule.";
    std::string md = "**" + ri.title + "**\n\n" + ri.what + "\n\n**Why it matters.** " + ri.why +
                     "\n\n**Fix.** " + ri.remediation + "\n\n`" + explain + "`";
    out << (i ? ",\n      " : "\n      ") << "{\"id\": " << json_quote(ri.id)
        << ", \"name\": " << json_quote(ri.id)
        << ", \"shortDescription\": {\"text\": " << json_quote(ri.title)
        << "}, \"fullDescription\": {\"text\": " << json_quote(ri.what)
        << "}, \"help\": {\"text\": " << json_quote(help) << ", \"markdown\": " << json_quote(md)
        << "}, \"defaultConfiguration\": {\"level\": \""
        << level(parse_severity(ri.severity).value_or(Severity::Medium))
        << "\"}, \"properties\": {\"category\": " << json_quote(ri.category) << ", \"tags\": ["
        << json_quote(ri.category) << "]";
    if (ri.category == "security")
      out << ", \"security-severity\": \"" << security_severity(ri.severity) << "\"";
    if (!ri.equivalents.empty()) {
      out << ", \"equivalents\": [";
      for (size_t k = 0; k < ri.equivalents.size(); ++k)
        out << (k ? ", " : "") << json_quote(ri.equivalents[k]);
      out << "]";
    }
    out << "}}";
  }
  out << (rules.list.empty() ? "]" : "\n    ]") << "}},\n";
  out << "    \"columnKind\": \"unicodeCodePoints\",\n";
  out << "    \"invocations\": [{\"executionSuccessful\": " << (r.unreadable() ? "false" : "true")
      << ", \"toolExecutionNotifications\": [";
  bool first = true;
  for (const auto& in : r.inputs) {
    if (in.error.empty()) continue;
    std::vector<InputInfo::Problem> problems = in.errors;
    if (problems.empty()) problems.push_back({in.error, in.error_line, in.error_col});
    for (const auto& p : problems) {
      out << (first ? "\n      " : ",\n      ");
      first = false;
      out << "{\"level\": \"error\", \"message\": {\"text\": " << json_quote(p.message)
          << "}, \"locations\": [";
      physical(out, in.path, p.line, p.col, {});
      out << "]}";
    }
  }
  out << (first ? "]}],\n" : "\n    ]}],\n");
  out << "    \"results\": [";
  first = true;
  for (const auto* list : {&r.findings, &r.suppressed})
    for (const Finding& f : *list) {
      out << (first ? "\n      " : ",\n      ");
      first = false;
      result(out, rules, f);
    }
  out << (first ? "]\n" : "\n    ]\n") << "  }]\n}\n";
}

}  // namespace kubesift::report
