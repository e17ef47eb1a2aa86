#include <catch2/catch.hpp>
#include <sstream>

#include "kubesift/report/report.h"

using namespace kubesift;

namespace {

report::ReportData sample() {
  report::ReportData r;
  r.tool_version = "9.9.9";
  r.inputs = {{"a.txt", "log-text", "", 0, 0, {}},
              {"b.json", "kube-json", "invalid JSON: x", 3, 0, {}}};
  r.objects = {{"Pod", 2}};
  Finding f;
  f.rank = 1;
  f.rule = "file-not-found";
  f.category = Category::MissingFile;
  f.severity = Severity::Critical;
  f.confidence = 0.95;
  f.title = "A file is missing";
  f.message = "quote \" backslash \\ tab \t bell \x07 bad \xff utf8 é";
  f.remediation = "fix";
  f.subject = {"Pod", "ns", "p", "c"};
  f.affected = {f.subject};
  f.evidence = {{"a.txt", 4, "line text", "cause", 0, ""}};
  r.findings.push_back(f);
  r.notes = {"a note"};
  return r;
}

}  // namespace

TEST_CASE("JSON escapes control bytes and replaces invalid UTF-8") {
  std::ostringstream out;
  report::write_json(sample(), out);
  std::string s = out.str();
  CHECK(s.find(R"(quote \" backslash \\ tab \t bell \u0007 bad \xEF\xBF\xBD utf8 é)") ==
        std::string::npos);  // raw form is not there...
  CHECK(s.find("quote \\\" backslash \\\\ tab \\t bell \\u0007 bad \xEF\xBF\xBD utf8 \xC3\xA9") !=
        std::string::npos);  // ...the escaped one is
  CHECK(s.find("\"unreadable\": 1") != std::string::npos);
  CHECK(s.find("\"error\": \"invalid JSON: x\", \"error_line\": 3") != std::string::npos);
  CHECK(s.find("\"error\": null") != std::string::npos);
  CHECK(s.find("\"critical\": 1, \"high\": 0") != std::string::npos);
}

TEST_CASE("text shows path:line: text evidence - colour only when asked") {
  std::ostringstream plain, color;
  report::write_text(sample(), plain, {false});
  report::write_text(sample(), color, {true});
  CHECK(plain.str().find("a.txt:4: line text") != std::string::npos);
  CHECK(plain.str().find("a note") != std::string::npos);
  CHECK(plain.str().find('\x1b') == std::string::npos);
  CHECK(color.str().find("\x1b[1;31mCRITICAL") != std::string::npos);
}
