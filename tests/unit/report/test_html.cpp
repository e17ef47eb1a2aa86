// The HTML printer on hand-made report data: structure, escaping of hostile
// text, nothing to load, the timeline's marks and axis, excerpts.
#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "kubesift/core/time.h"
#include "kubesift/report/report.h"

using namespace kubesift;

namespace {

int64_t at(const char* rfc) {
  return *epoch_seconds(rfc);
}

report::ReportData hostile() {
  report::ReportData r;
  r.tool_version = "9.9.9";
  r.command = "analyze";
  r.inputs = {{"logs/<b>x</b>.txt", "log-text", "", 0, 0, {}},
              {"bad.json", "kube-json", "invalid JSON: x", 3, 0, {}}};
  r.objects = {{"Pod", 1}};
  Finding f;
  f.rank = 1;
  f.rule = "file-not-found";
  f.category = Category::MissingFile;
  f.severity = Severity::Critical;
  f.confidence = 0.95;
  f.title = "Missing <script>alert(1)</script>";
  f.message = "see https://evil.example/x.js and HTTP://a and \"quotes\" & 'single' \x1b[31m";
  f.remediation = "fix <img src=x onerror=alert(1)>";
  f.subject = {"Pod", "ns", "p", "c"};
  f.affected = {f.subject};
  f.evidence = {{"logs/<b>x</b>.txt", 4, "open </pre><iframe src=\"http://x\">", "cause", 0, ""}};
  r.findings.push_back(f);
  report::RuleInfo ri;
  ri.id = "file-not-found";
  ri.title = "t";
  ri.category = "missing-file";
  ri.severity = "critical";
  ri.what = "what <b>";
  ri.why = "why";
  ri.remediation = "fix";
  ri.equivalents = {"kube-score:x"};
  r.rules.push_back(ri);
  r.excerpts.push_back(
      {"logs/<b>x</b>.txt",
       4,
       {{2, "two"}, {3, "three <u>"}, {4, "ignored: the evidence text shows"}, {5, "five"}}});
  r.notes = {"note <i>"};
  return r;
}

std::string html(const report::ReportData& r) {
  std::ostringstream out;
  report::write_html(r, out);
  return out.str();
}

// The text of every element matching `tag` with `attr="value"`, roughly:
// enough to count elements without an HTML parser.
size_t count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("HTML: input text is escaped, never markup") {
  std::string s = html(hostile());
  CHECK(s.find("<script>") == std::string::npos);
  CHECK(s.find("<img") == std::string::npos);
  CHECK(s.find("<iframe") == std::string::npos);
  CHECK(s.find("<b>x</b>") == std::string::npos);
  CHECK(s.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(s.find("&quot;quotes&quot; &amp; &#39;single&#39;") != std::string::npos);
  // Escape sequences are shown, not passed through.
  CHECK(s.find('\x1b') == std::string::npos);
  CHECK(s.find("\\x1b[31m") != std::string::npos);
}

TEST_CASE("HTML: nothing to load, in any case of the scheme") {
  std::string s = html(hostile());
  std::smatch m;
  CHECK_FALSE(std::regex_search(s, m, std::regex("https?:", std::regex::icase)));
  CHECK(s.find("https&#58;//evil.example") != std::string::npos);
  CHECK(s.find("HTTP&#58;//a") != std::string::npos);
  // No external resource of any kind, and no script at all.
  for (const char* bad : {"<script", "<link", "@import", "url(", "<object", "<embed", "<img"})
    CHECK(s.find(bad) == std::string::npos);
  CHECK_FALSE(std::regex_search(
      s, m, std::regex("<[^<>]*\\s(src|srcset|href)\\s*=\\s*\"?[a-z]", std::regex::icase)));
}

TEST_CASE("HTML: a finding with its evidence in context, its doc and a copyable place") {
  std::string s = html(hostile());
  CHECK(count(s, "<article class=\"finding critical\" id=\"finding-1\" data-rank=\"1\"") == 1);
  CHECK(s.find("data-rule=\"file-not-found\"") != std::string::npos);
  // The excerpt's neighbours, the cited line as the finding quotes it.
  CHECK(s.find("<i>3</i>three &lt;u&gt;") != std::string::npos);
  CHECK(s.find("<span class=\"hit\"><i>4</i>open &lt;/pre&gt;") != std::string::npos);
  CHECK(s.find("ignored: the evidence text shows") == std::string::npos);
  CHECK(s.find("<code>logs/&lt;b&gt;x&lt;/b&gt;.txt:4</code>") != std::string::npos);
  // The rule's documentation folds under the finding.
  CHECK(
      s.find("<details class=\"doc\" data-explain=\"kubesift explain file-not-found\"><summary>"
             "About <code>file-not-found</code> (<code>kubesift explain file-not-found</code>)") !=
      std::string::npos);
  CHECK(s.find("what &lt;b&gt;") != std::string::npos);
  // Inputs, the unreadable one with its place, and notes.
  CHECK(s.find("bad.json:3: invalid JSON: x") != std::string::npos);
  CHECK(s.find("note &lt;i&gt;") != std::string::npos);
  CHECK(s.find("id=\"timeline\"") == std::string::npos);  // no timeline given
}

TEST_CASE("HTML: an empty report is a whole page that says so") {
  report::ReportData r;
  r.tool_version = "1";
  std::string s = html(r);
  CHECK(s.starts_with("<!DOCTYPE html>"));
  CHECK(s.find("No findings.") != std::string::npos);
  CHECK(s.ends_with("</html>\n"));
}

TEST_CASE("HTML: the timeline draws every mark on one axis, with now from the data") {
  report::ReportData r = hostile();
  Timeline& t = r.timeline;
  t.now = at("2026-11-26T18:48:48Z");
  t.now_source = "the latest time in the data";
  t.start = at("2026-11-26T18:06:00Z");
  t.end = t.now;
  TimelineTrack tr;
  tr.workload = {"Deployment", "ns", "web", ""};
  tr.ranks = {1};
  TimelineLane lane;
  lane.pod = "web-1";
  lane.container = "app";
  lane.restarts = 16;
  using K = TimelineMark::Kind;
  auto mark = [](K k, int64_t a, int64_t u, std::string label) {
    TimelineMark m;
    m.kind = k;
    m.at = a;
    m.until = u;
    m.label = std::move(label);
    m.path = "describe.txt";
    m.line = 28;
    return m;
  };
  lane.marks.push_back(
      mark(K::Running, at("2026-11-26T18:41:14Z"), at("2026-11-26T18:41:42Z"), "ran"));
  lane.marks.push_back(mark(K::Terminated, at("2026-11-26T18:41:42Z"), 0, "exit 2 Error"));
  auto ev =
      mark(K::Event, at("2026-11-26T18:06:48Z"), at("2026-11-26T18:48:37Z"), "BackOff \u00d7183");
  ev.approximate = true;
  ev.warning = true;
  ev.count = 183;
  ev.detail = "Back-off restarting <failed> container";
  lane.marks.push_back(ev);
  lane.marks.push_back(mark(K::Log, at("2026-11-26T18:48:48Z"), 0, "log (#1)"));
  lane.marks.push_back(mark(K::Waiting, t.now, 0, "CrashLoopBackOff"));
  tr.lanes.push_back(lane);
  t.tracks.push_back(tr);
  std::string s = html(r);
  CHECK(s.find("<section id=\"timeline\">") != std::string::npos);
  CHECK(count(s, "<svg class=\"timeline\"") == 1);
  CHECK(s.find("data-workload=\"Deployment/ns/web\"") != std::string::npos);
  for (const char* k : {"running", "terminated", "event", "log", "waiting"})
    CHECK(count(s, std::string("data-kind=\"") + k + "\"") == 1);
  CHECK(s.find("data-time=\"2026-11-26T18:41:42Z\"") != std::string::npos);
  CHECK(s.find("data-until=\"2026-11-26T18:48:37Z\"") != std::string::npos);
  CHECK(s.find("data-cite=\"describe.txt:28\"") != std::string::npos);
  CHECK(s.find("data-restarts=\"16\"") != std::string::npos);
  CHECK(s.find("Back-off restarting &lt;failed&gt; container") != std::string::npos);
  CHECK(s.find("class=\"approx\"") != std::string::npos);
  CHECK(s.find("<g class=\"now\">") != std::string::npos);
  CHECK(s.find("2026-11-26 18:48:48, from the latest time in the data") != std::string::npos);
  CHECK(s.find("href=\"#finding-1\"") != std::string::npos);
  // Marks stay on the plot: every x is within the SVG's width.
  std::regex xs("(?:x|x1|x2|cx)=\"(-?[0-9.]+)\"");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), xs); it != std::sregex_iterator(); ++it) {
    double x = std::stod((*it)[1].str());
    CHECK(x >= 0);
    CHECK(x <= 1000);
  }
  // The same marks as a table.
  CHECK(s.find("As a list (5)") != std::string::npos);
  CHECK(s.find("~2026-11-26 18:06:48 \u2192 18:48:37") != std::string::npos);
}
