// The Markdown printer on hand-built reports: structure, escaping of hostile
// text, fences no input can close, the empty report.
#include <catch2/catch.hpp>
#include <sstream>

#include "kubesift/report/report.h"

using namespace kubesift;

namespace {

report::ReportData base() {
  report::ReportData r;
  r.tool_version = "9.9.9";
  r.command = "analyze";
  r.inputs = {{"a.log", "log-text", "", 0, 0, {}},
              {"b.json", "kube-json", "invalid JSON: <b>x</b>", 3, 7, {}}};
  r.objects = {{"Pod", 2}, {"Deploy|ment", 1}};
  r.events = 4;
  r.log_lines = 120;
  return r;
}

Finding finding(int rank, Severity sev, std::string rule) {
  Finding f;
  f.rank = rank;
  f.rule = std::move(rule);
  f.category = Category::AppCrash;
  f.severity = sev;
  f.confidence = 0.9;
  f.title = "The app crashed";
  f.message = "it panicked";
  f.remediation = "fix the code";
  f.subject = {"Pod", "ns", "api-1", "app"};
  f.affected = {f.subject};
  f.evidence = {{"a.log", 4, "panic: boom", "cause", 0, ""}};
  return f;
}

std::string markdown(const report::ReportData& r) {
  std::ostringstream out;
  report::write_markdown(r, out);
  return out.str();
}

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Every line of `s`.
std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("markdown: format name, alias and the list of names") {
  CHECK(report::parse_format("markdown") == report::Format::Markdown);
  CHECK(report::parse_format("md") == report::Format::Markdown);
  CHECK(report::to_string(report::Format::Markdown) == "markdown");
  CHECK(has(report::format_names(), "markdown"));
  CHECK_FALSE(has(report::format_names(), "md,"));
}

TEST_CASE("markdown: title, summary table, one section per finding in rank order") {
  auto r = base();
  r.findings = {finding(1, Severity::Critical, "go-panic"),
                finding(2, Severity::Low, "oom-killed")};
  r.suppressed = {finding(3, Severity::Medium, "no-limits")};
  r.suppressed[0].suppression = Suppression{"annotation", "kubesift.dev/ignore", "accepted"};
  r.rules = {{"go-panic",
              "Go panic",
              "app-crash",
              "high",
              "A Go panic line.",
              "It crashed.",
              "Fix the panic.",
              {},
              ""}};
  std::string md = markdown(r);
  auto ls = lines(md);
  REQUIRE(!ls.empty());
  CHECK(ls[0] == "# kubesift analyze report (kubesift 9.9.9)");
  CHECK(has(md, "| | Count |\n|---|---:|\n"));
  CHECK(has(md, "| Inputs read | 1 |\n| Inputs unreadable | 1 |\n"));
  // A kind's `|` does not split its cell.
  CHECK(has(md, "| Objects: Deploy\\|ment | 1 |\n| Objects: Pod | 2 |\n"));
  CHECK(has(md, "| Events | 4 |\n| Log lines | 120 |\n"));
  CHECK(has(md, "| Findings: critical | 1 |\n| Findings: high | 0 |"));
  CHECK(has(md, "| Findings: low | 1 |"));
  CHECK(has(md, "| Suppressed | 1 |"));
  size_t first = md.find("## 1. CRITICAL · The app crashed (`go-panic`)");
  size_t second = md.find("## 2. LOW · The app crashed (`oom-killed`)");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < second);
  CHECK_FALSE(has(md, "No findings"));
  // Subject, rule, evidence label and block, fix.
  CHECK(has(md, "**Subject:** Pod ns/api-1, container app · **Rule:** `go-panic`"));
  CHECK(has(md, "`a.log:4` · cause\n\n```text\npanic: boom\n```\n"));
  CHECK(has(md, "**Fix:** fix the code"));
  // The doc: the command for both, the catalog's text where the report has it.
  CHECK(has(md, "**More:** `kubesift explain go-panic`"));
  CHECK(has(md, "**More:** `kubesift explain oom-killed`"));
  CHECK(has(md, "<details><summary>About go-panic</summary>\n\n"));
  CHECK(has(md, "**What it finds.** A Go panic line."));
  CHECK(has(md, "</details>"));
  // Suppressed, and the input error with its place.
  CHECK(has(md, "## Suppressed findings\n\n- `no-limits` · The app crashed"));
  CHECK(has(md, "by annotation `kubesift.dev/ignore`: accepted"));
  CHECK(has(md, "## Input errors\n\n- `b.json:3:7`: invalid JSON: \\<b\\>x\\</b\\>"));
}

TEST_CASE("markdown: an empty report is well formed and says there are no findings") {
  report::ReportData r;
  r.tool_version = "1.0";
  r.command = "lint";
  r.fail_on = "high";
  std::string md = markdown(r);
  CHECK(lines(md)[0] == "# kubesift lint report (kubesift 1.0)");
  CHECK(has(md, "**No findings.**"));
  CHECK(has(md, "| Inputs read | 0 |"));
  CHECK(has(md, "Threshold: `--fail-on high`"));
  CHECK_FALSE(has(md, "## 1."));
  CHECK_FALSE(has(md, "<details>"));
  CHECK_FALSE(has(md, "## Notes"));
  CHECK_FALSE(has(md, "## Input errors"));
  // Lint has no unknown-error row.
  CHECK_FALSE(has(md, "no rule explains"));
}

TEST_CASE("markdown: hostile inline text is escaped, never markup") {
  auto r = base();
  Finding f = finding(1, Severity::High, "go-panic");
  f.title = "<script>alert(1)</script> *bold* _it_ [link](http://x) ~~s~~ $x$";
  f.message = "# a heading\nand a new line, see www.example.com";
  f.remediation = "| a | b | & &amp; `tick`";
  f.subject = {"Pod", "ns", "name|with|pipes", "c`1"};
  f.affected = {{"- Kind", "", "n", ""}, {"1. Kind", "", "n", ""}};
  r.findings = {f};
  r.notes = {"> quoted", "   4 spaces", "<img src=x onerror=alert(1)>"};
  std::string md = markdown(r);
  // No raw tag, no emphasis, no link, no strikethrough, no math from input.
  // Every `<` is escaped but the rule doc's own tags (no evidence here).
  for (size_t at = md.find('<'); at != std::string::npos; at = md.find('<', at + 1)) {
    bool ours = false;
    for (const char* tag : {"<details>", "</details>", "<summary>", "</summary>"})
      ours |= md.compare(at, std::string_view(tag).size(), tag) == 0;
    INFO(md.substr(at, 20));
    CHECK((ours || (at > 0 && md[at - 1] == '\\')));
  }
  CHECK(has(md,
            "\\<script\\>alert(1)\\</script\\> \\*bold\\* \\_it\\_ \\[link\\](http\\://x) "
            "\\~\\~s\\~\\~ \\$x\\$"));
  // A heading in a message starts no heading, and its newline is shown, not kept.
  CHECK(has(md, "\n\\# a heading\\\\x0aand a new line, see www\\.example.com\n"));
  for (const auto& l : lines(md)) CHECK_FALSE(l.rfind("# a heading", 0) == 0);
  CHECK(has(md, "**Fix:** \\| a \\| b \\| \\& \\&amp; \\`tick\\`"));
  // Pipes and a backtick in a subject; list markers at a line's start.
  CHECK(has(md, "Pod ns/name\\|with\\|pipes, container c\\`1"));
  CHECK(has(md, "- \\- Kind n\n"));
  CHECK(has(md, "- 1\\. Kind n\n"));
  // Notes: no blockquote, no indented code, no HTML.
  CHECK(has(md, "- \\> quoted\n"));
  CHECK(has(md, "- 4 spaces\n"));
  CHECK(has(md, "- \\<img src=x onerror=alert(1)\\>\n"));
}

TEST_CASE("markdown: a fence is longer than any backtick run of its line") {
  auto r = base();
  Finding f = finding(1, Severity::High, "go-panic");
  f.evidence = {{"a.log", 4, "panic: ```` four ``` three", "cause", 0, ""},
                {"we`ird.log", 9, "```", "log", 3, "spec.x"},
                {"c.log", 2, "</details><script>x</script>\x1b[31m", "log", 0, ""}};
  r.findings = {f};
  std::string md = markdown(r);
  CHECK(has(md, "`````text\npanic: ```` four ``` three\n`````\n"));
  CHECK(has(md, "````text\n```\n````\n"));
  // A label with a backtick in its path: a longer code span.
  CHECK(has(md, "``we`ird.log:9`` · column 3 · log · `spec.x`"));
  // Inside a block, HTML is text; an escape sequence is shown, not sent.
  CHECK(has(md, "```text\n</details><script>x</script>\\x1b[31m\n```\n"));
  CHECK_FALSE(has(md, "\x1b"));
  // Each fence closes: openings and closings pair up.
  int open = 0;
  std::string fence;
  for (const auto& l : lines(md)) {
    if (fence.empty() && l.rfind("```", 0) == 0 && l.size() > 4 &&
        l.substr(l.find_first_not_of('`')) == "text") {
      fence = l.substr(0, l.find_first_not_of('`'));
      ++open;
    } else if (!fence.empty() && l == fence) {
      fence.clear();
    }
  }
  CHECK(open == 3);
  CHECK(fence.empty());
}

TEST_CASE("markdown: log aggregates, unknown errors and notes") {
  auto r = base();
  Finding f = finding(1, Severity::Medium, "conn-refused");
  LogAggregate a;
  a.count = 1234;
  a.files = 3;
  a.first_seen = "2024-05-01T10:00:00Z";
  a.last_seen = "2024-05-02T11:00:00Z";
  a.top_files = {{"logs/a.log", 1000}, {"logs/b.log", 200}};
  f.logs = a;
  r.findings = {f};
  r.unknown_error_lines = 77;
  r.unknown_errors = {{"error <n> at | <path>", 70, 2, "x.log", 5, "error 5 at | /tmp"}};
  r.notes = {"a restarted container has no previous log"};
  std::string md = markdown(r);
  CHECK(has(md,
            "**Log lines:** 1234 matching in 3 file(s), first seen 2024-05-01T10:00:00Z, last "
            "seen 2024-05-02T11:00:00Z\n\n- `logs/a.log`: 1000\n- `logs/b.log`: 200\n"));
  CHECK(has(md, "| Error lines no rule explains | 77 |"));
  CHECK(has(md, "## Errors no rule explains\n\n77 error line(s) no rule explains"));
  CHECK(has(md, "| 70 | 2 | error \\<n\\> at \\| \\<path\\> | x.log:5: error 5 at \\| /tmp |"));
  CHECK(has(md, "## Notes\n\n- a restarted container has no previous log\n"));
}

TEST_CASE("markdown: the same report prints the same bytes") {
  auto r = base();
  for (int i = 1; i <= 50; ++i) r.findings.push_back(finding(i, Severity::High, "go-panic"));
  CHECK(markdown(r) == markdown(r));
}

TEST_CASE("every format carries the finding's rule doc") {
  auto r = base();
  r.findings = {finding(1, Severity::High, "go-panic")};
  r.rules = {{"go-panic",
              "Go panic",
              "app-crash",
              "high",
              "A Go panic line.",
              "It crashed.",
              "Fix the panic.",
              {},
              "kubesift explain go-panic --rules my/rules.yaml"}};
  const std::string cmd = "kubesift explain go-panic --rules my/rules.yaml";
  for (auto f :
       {report::Format::Text, report::Format::Json, report::Format::Ndjson, report::Format::Sarif,
        report::Format::Junit, report::Format::Github, report::Format::Markdown}) {
    std::ostringstream out;
    report::write(f, r, out);
    INFO(report::to_string(f));
    CHECK(has(out.str(), cmd));
  }
  std::ostringstream json;
  report::write_json(r, json);
  CHECK(has(json.str(),
            "\"doc\": {\"explain\": \"" + cmd + "\", \"summary\": \"A Go panic line.\"}"));
  // Without metadata: the plain command, an empty summary.
  r.rules.clear();
  std::ostringstream bare, text;
  report::write_json(r, bare);
  report::write_text(r, text);
  CHECK(
      has(bare.str(), "\"doc\": {\"explain\": \"kubesift explain go-panic\", \"summary\": \"\"}"));
  CHECK(has(text.str(), "   see: kubesift explain go-panic\n"));
}

TEST_CASE("SARIF: every result resolves to a rule with help, metadata or not") {
  auto r = base();
  r.findings = {finding(1, Severity::High, "go-panic"), finding(2, Severity::Low, "oom-killed")};
  r.suppressed = {finding(3, Severity::Low, "no-limits")};
  r.suppressed[0].suppression = Suppression{"config", ".kubesift.yaml:3", ""};
  r.rules = {{"go-panic",
              "Go panic",
              "app-crash",
              "high",
              "A Go panic line.",
              "It crashed.",
              "Fix the panic.",
              {},
              ""}};
  std::ostringstream out;
  report::write_sarif(r, out);
  std::string s = out.str();
  CHECK(has(s, "{\"ruleId\": \"go-panic\", \"ruleIndex\": 0,"));
  CHECK(has(s, "{\"ruleId\": \"oom-killed\", \"ruleIndex\": 1,"));
  CHECK(has(s, "{\"ruleId\": \"no-limits\", \"ruleIndex\": 2,"));
  CHECK(has(s, "{\"id\": \"oom-killed\", \"name\": \"oom-killed\""));
  CHECK(has(s, "`kubesift explain no-limits` shows the whole rule."));
}
