// Real data from other projects (../shared/corpus): the expected outcomes a
// good analyzer reaches on them.
#include "harness.h"

using namespace e2e;

TEST_CASE("troubleshoot: the OOM-killed Job pod's first finding is oom-killed") {
  Result r = analyze({corpus("troubleshoot/pkg/analyze/files/pods/message-oomkill-pod.json")});
  INFO(r.summary() << r.err);
  REQUIRE(!r.findings.empty());
  CHECK(r.findings.front().rule == "oom-killed");
  CHECK(r.findings.front().category == "oom-killed");
}

TEST_CASE("troubleshoot: the crash-looping pod's bad command is found from its status") {
  Result r =
      analyze({corpus("troubleshoot/pkg/analyze/files/pods/message-pod-crashloop-backoff.json")});
  INFO(r.summary());
  REQUIRE(!r.findings.empty());
  CHECK(r.findings.front().category == "bad-command");
}

TEST_CASE("troubleshoot: healthy pods get no critical or high finding") {
  Result r = analyze({corpus("troubleshoot/pkg/analyze/files/pods/default.json")});
  INFO(r.summary());
  for (const auto& f : r.findings) CHECK((f.severity != "critical" && f.severity != "high"));
}
