// samples/: the document's own case, and the promise that every evidence
// line is really that line of that file.
#include "cited_line.h"
#include "harness.h"
#include "kubesift/core/redact.h"

using namespace e2e;

TEST_CASE("demo-ng: the first finding is checkoutservice's missing script, from its log") {
  Result r = analyze({src("samples/demo-ng")});
  INFO(r.summary() << r.err);
  CHECK(r.exit_code == 0);
  REQUIRE(!r.findings.empty());
  const Finding& f = r.findings.front();
  CHECK(f.category == "missing-file");
  CHECK(f.severity == "critical");
  CHECK(f.subject_kind == "Pod");
  CHECK(f.subject_name.rfind("checkoutservice-", 0) == 0);
  CHECK(f.subject_container == "checkoutservice");
  bool cites_log = false;
  for (const auto& e : f.evidence)
    cites_log |= e.text.find("/Users/my_user/bin/currency_script.sh") != std::string::npos &&
                 e.path.find("logs-checkoutservice") != std::string::npos;
  CHECK(cites_log);
  CHECK(f.message.find("/Users/my_user/bin/currency_script.sh") != std::string::npos);
}

TEST_CASE("demo-ng: currencyservice's crash loop is its OOM kill, ranked right after") {
  Result r = analyze({src("samples/demo-ng")});
  INFO(r.summary());
  REQUIRE(r.findings.size() >= 2);
  const Finding& f = r.findings[1];
  CHECK(f.rule == "oom-killed");
  CHECK(f.subject_name.rfind("currencyservice-", 0) == 0);
  CHECK(f.severity == "critical");
  CHECK(f.message.find("64Mi") != std::string::npos);
}

TEST_CASE("demo-ng: crash-loop symptoms are attached to causes, never standalone") {
  Result r = analyze({src("samples/demo-ng")});
  CHECK_FALSE(r.fired("crash-loop-back-off"));
  // checkoutservice's readiness failures are a consequence of the crash.
  for (const auto& f : r.findings)
    if (f.subject_name.rfind("checkoutservice-", 0) == 0) CHECK(f.rule != "probe-failing");
}

TEST_CASE("demo-ng: distractors are never critical or high") {
  Result r = analyze({src("samples/demo-ng")});
  INFO(r.summary());
  for (const auto& f : r.findings) {
    // adservice was stopped by the kubelet (exit 143), emailservice exited 0.
    bool distractor =
        f.subject_name.rfind("adservice-", 0) == 0 || f.subject_name.rfind("emailservice-", 0) == 0;
    if (distractor) CHECK((f.severity != "critical" && f.severity != "high"));
  }
}

TEST_CASE("demo-ng: cartservice fails intermittently on redis: high, after the two outages") {
  Result r = analyze({src("samples/demo-ng")});
  INFO(r.summary());
  REQUIRE(r.findings.size() >= 3);
  const Finding& f = r.findings[2];
  CHECK(f.rule == "connection-refused");
  CHECK(f.subject_name.rfind("cartservice-", 0) == 0);
  CHECK(f.severity == "high");
  CHECK(f.message.find("redis-cart:6379") != std::string::npos);
}

TEST_CASE("demo-ng: objects and events counted once although each appears in several inputs") {
  Result r = analyze({src("samples/demo-ng")});
  CHECK(r.objects["Pod"] == 9);
  CHECK(r.objects["ReplicaSet"] == 9);
  CHECK(r.objects["Deployment"] == 9);
  // 74 events, each seen in describe, get events and the JSON alike.
  CHECK(r.events == 74);
  CHECK(r.input_errors.empty());
}

TEST_CASE("every evidence line of every finding on samples/ is that line of that file") {
  for (const auto& entry : fs::directory_iterator(src("samples"))) {
    // Each sample: a directory (not the scenarios they are rendered from) or an archive.
    bool archive = entry.is_regular_file() && entry.path().string().ends_with(".tar.gz");
    if (!(entry.is_directory() || archive) || entry.path().filename() == "scenarios") continue;
    Result r = analyze({entry.path().string()});
    for (const auto& f : r.findings) {
      REQUIRE(!f.evidence.empty());
      for (const auto& e : f.evidence) {
        INFO(f.rule << " cites " << e.path << ":" << e.line);
        REQUIRE(e.line >= 1);
        std::string actual = read_cited_line(e.path, e.line);
        std::string expect = e.text;
        if (expect.size() >= 3 && expect.compare(expect.size() - 3, 3, "…") == 0) {
          expect.resize(expect.size() - 3);
          actual = kubesift::redact(actual).substr(0, expect.size());
        } else {
          actual = kubesift::redact(actual);
        }
        CHECK(actual == expect);
      }
    }
  }
}
