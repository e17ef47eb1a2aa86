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

TEST_CASE("troubleshoot failure fixtures: each gets its category first") {
  struct Case {
    const char* fixture;
    bool events;
    const char* category;
    const char* rule;
  };
  const Case cases[] = {
      {"message-image-pull-fail", true, "image-pull", "image-pull-tls"},
      {"message-pod-crashloop-backoff", false, "bad-command", "executable-not-found"},
      {"message-pod-init-crashloop-backoff", true, "bad-command", "executable-not-found"},
      {"message-container-creating-failed-mount", true, "storage", "volume-mount-failed"},
      {"message-pending-node-affinity", false, "scheduling", "unschedulable"},
      {"message-pending-pod-resources", false, "scheduling", "unschedulable"},
      {"message-oomkill-pod", false, "oom-killed", "oom-killed"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> paths = {
        corpus(std::string("troubleshoot/pkg/analyze/files/pods/") + c.fixture + ".json")};
    if (c.events)
      paths.push_back(
          corpus(std::string("troubleshoot/pkg/analyze/files/events/") + c.fixture + ".json"));
    Result r = analyze(paths);
    INFO(c.fixture << "\n" << r.summary() << r.err);
    REQUIRE(!r.findings.empty());
    CHECK(r.findings.front().category == c.category);
    CHECK(r.findings.front().rule == c.rule);
  }
  Result pending =
      analyze({corpus("troubleshoot/pkg/analyze/files/pods/message-pending-pod-resources.json")});
  REQUIRE(!pending.findings.empty());
  CHECK(pending.findings.front().message.find("Insufficient nvidia.com/gpu") != std::string::npos);
}
