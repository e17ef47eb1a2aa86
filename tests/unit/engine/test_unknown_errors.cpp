#include <catch2/catch.hpp>
#include <memory>

#include "kubesift/engine/catalog.h"
#include "kubesift/engine/log_scan.h"
#include "kubesift/engine/unknown_errors.h"
#include "kubesift/parse/log_line.h"

using namespace kubesift::engine;

namespace {

// A catalog of one network rule whose log matchers are `match` (YAML).
std::unique_ptr<LogScanner> scanner_of(const std::string& match) {
  Catalog c;
  std::vector<CatalogError> errors;
  c.load("t.yaml",
         "rules:\n"
         "  - id: refused\n    category: network\n    severity: high\n    title: t\n"
         "    message: m\n    remediation: r\n    doc: {what: a, why: b, evidence: c, example: d}\n"
         "    match: " +
             match + "\n    examples: {fire: [x], dont_fire: [y]}\n",
         errors);
  REQUIRE(errors.empty());
  std::string err;
  auto s = LogScanner::build(c, kubesift::parse::log_line_reader(), &err);
  REQUIRE(s);
  return s;
}

}  // namespace

TEST_CASE("error templates mask what varies and keep what does not") {
  CHECK(error_template("failed to sync order 12345 for user \"bob\": upstream 10.0.0.7:8080 "
                       "returned 503") ==
        "failed to sync order <n> for user \"<v>\": upstream <ip> returned <n>");
  CHECK(error_template("failed to sync order 99 for user \"alice\": upstream 10.0.0.9:80 "
                       "returned 503") ==
        error_template("failed to sync order 12345 for user \"bob\": upstream 10.0.0.7:8080 "
                       "returned 503"));
  CHECK(error_template("timeout after 30s on /var/lib/x/0001.db") == "timeout after <n> on <path>");
  CHECK(error_template("request 3f2a9c1e-7b4d-4e0a-9a51-1234567890ab failed") ==
        "request <uuid> failed");
  CHECK(error_template("pod web-7d4b9c-x2kfp crashed, commit deadbeef42") ==
        "pod <id> crashed, commit <hex>");
  CHECK(error_template("retry=3 backoff=200ms giving up") == "retry=<v> backoff=<v> giving up");
  CHECK(error_template("dial [fe80::1%eth0]:443 refused") == "dial [<ip>]:<n> refused");
  CHECK(error_template("plain words   stay  as   they are") == "plain words stay as they are");
  CHECK(error_template(std::string(1000, 'x')).size() <= 300);
}

TEST_CASE("lines without a level read as errors by their words") {
  CHECK(looks_like_error("Traceback (most recent call last):"));
  CHECK(looks_like_error("connection refused by peer"));
  CHECK(looks_like_error("java.lang.IllegalStateException: closed"));
  CHECK(looks_like_error("ValueError: bad"));
  CHECK_FALSE(looks_like_error("served 200 in 3ms"));
  CHECK_FALSE(looks_like_error("terrorists are fictional"));  // whole words only
}

TEST_CASE("groups count lines and files, keep the earliest sample, stay bounded") {
  UnknownErrors a, b;
  a.add("failed order 1", "b.log", 7, "E failed order 1");
  a.add("failed order 2", "b.log", 9, "E failed order 2");
  b.add("failed order 3", "a.log", 4, "E failed order 3");
  a.merge(b);
  auto top = a.top(10);
  REQUIRE(top.size() == 1);
  CHECK(top[0].template_text == "failed order <n>");
  CHECK(top[0].count == 3);
  CHECK(top[0].files == 2);
  CHECK(top[0].sample_path == "a.log");  // the earlier file, whatever the merge order
  CHECK(top[0].sample_line == 4);
  CHECK(a.lines() == 3);

  UnknownErrors many;
  for (size_t i = 0; i < UnknownErrors::kMaxTemplates + 10; ++i)
    many.add("error kind" + std::string(1, static_cast<char>('a' + i % 26)) +
                 std::string(i / 26 % 26 + 1, 'q') + std::string(i / 676 + 1, 'z'),
             "x.log", 1, "t");
  CHECK(many.top(100000).size() == UnknownErrors::kMaxTemplates);
  CHECK(many.dropped() == 10);
  CHECK(many.lines() == UnknownErrors::kMaxTemplates + 10);
}

TEST_CASE("the scan counts matched lines and groups the error lines no signature matched") {
  auto s = scanner_of("[{log: 'connection refused'}, {log: 'refused connection'}]");
  std::string log =
      "level=info msg=\"starting\"\n"
      "level=error msg=\"connection refused, refused connection\"\n"  // one line, two patterns
      "level=error msg=\"ledger write failed for batch 7\"\n"
      "level=info msg=\"no error here\"\n"
      "E0501 10:00:04.000000       1 c.go:9] reconcile of shard-7 failed\n"
      "level=warning msg=\"retrying after error\"\n"
      "level=error msg=\"ledger write failed for batch 8\"\n";
  std::vector<LogHit> hits;
  std::vector<uint64_t> counts;
  ScanStats st;
  UnknownErrors unknown;
  LogScanner::Options o;
  o.unknown = &unknown;
  o.path = "app.log";
  s->scan(log, 1, hits, &counts, &st, o);
  CHECK(st.lines == 7);
  CHECK(st.matched_lines == 1);
  REQUIRE(counts.size() >= 1);
  CHECK(counts[0] == 1);  // the line counts once for its rule
  auto top = unknown.top(10);
  REQUIRE(top.size() == 2);
  CHECK(top[0].template_text == "ledger write failed for batch <n>");
  CHECK(top[0].count == 2);
  CHECK(top[0].sample_line == 3);
  CHECK(top[1].template_text == "reconcile of <id> failed");
  CHECK(unknown.lines() == 3);  // info and warning lines are not errors
}

TEST_CASE("exported patterns are what the scan runs, ready for rg and grep") {
  Matcher m;
  m.kind = Matcher::Kind::Log;
  m.pattern = "^panic: (?P<what>.+)";
  std::string p = LogScanner::portable_pattern(m);
  CHECK(p.starts_with("(?:(?m)^"));
  CHECK(p.find("(?P<") == std::string::npos);
  CHECK(p.back() == ')');
  CHECK(LogScanner::scan_pattern(m).find("(?P<what>") != std::string::npos);
}

TEST_CASE("line numbers from the caller's line index equal counted ones, across blocks") {
  auto s = scanner_of("{log: 'connection refused'}");
  // ~200 KiB: many 16 KiB blocks; hits and error lines spread over them.
  std::string log;
  std::vector<uint32_t> starts;
  for (int i = 1; i <= 4000; ++i) {
    starts.push_back(static_cast<uint32_t>(log.size()));
    if (i % 97 == 0)
      log += "dial tcp: connection refused\n";
    else if (i % 89 == 0)
      log += "level=error msg=\"write failed\"\n";
    else
      log += "level=info msg=\"request " + std::to_string(i) + " served in a while\"\n";
  }
  std::vector<LogHit> counted, indexed;
  UnknownErrors u1, u2;
  LogScanner::Options a, b;
  a.keep = b.keep = 1000;
  a.unknown = &u1;
  b.unknown = &u2;
  b.line_starts = &starts;
  ScanStats st;
  s->scan(log, 1, counted, nullptr, &st, a);
  s->scan(log, 1, indexed, nullptr, nullptr, b);
  REQUIRE(counted.size() == 4000 / 97);
  REQUIRE(indexed.size() == counted.size());
  for (size_t i = 0; i < counted.size(); ++i) {
    CHECK(counted[i].line == indexed[i].line);
    CHECK(counted[i].line % 97 == 0);
  }
  CHECK(st.lines == 4000);
  auto t1 = u1.top(5), t2 = u2.top(5);
  REQUIRE(t1.size() == 1);
  REQUIRE(t2.size() == 1);
  CHECK(t1[0].sample_line == 89);
  CHECK(t2[0].sample_line == 89);
  CHECK(t1[0].count == t2[0].count);
}
