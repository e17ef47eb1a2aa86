// The timeline of failing workloads: lanes and marks from a pod's states,
// events and cited log lines; the snapshot's now from the data.
#include <catch2/catch.hpp>

#include "../graph_fixture.h"
#include "kubesift/core/time.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/engine/timeline.h"
#include "kubesift/model/store.h"
#include "kubesift/parse/log_line.h"
#include "kubesift/parse/parse.h"

using namespace kubesift;

namespace {

constexpr const char* kPod = R"({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "worker-7d9f6c5b8d-abcde", "namespace": "billing", "uid": "u1",
    "labels": {"app": "worker", "pod-template-hash": "7d9f6c5b8d"},
    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "worker-7d9f6c5b8d",
                         "uid": "rs1", "controller": true}]},
  "spec": {"containers": [{"name": "app", "image": "worker:1"}]},
  "status": {"phase": "Running", "startTime": "2026-11-30T07:00:00Z",
    "containerStatuses": [{"name": "app", "ready": false, "restartCount": 4, "image": "worker:1",
      "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s"}},
      "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
        "startedAt": "2026-11-30T08:00:00Z", "finishedAt": "2026-11-30T08:05:00Z"}}}]}
})";

constexpr const char* kEvents = R"({"apiVersion": "v1", "kind": "EventList", "items": [
  {"kind": "Event", "metadata": {"name": "e1", "namespace": "billing"},
   "involvedObject": {"kind": "Pod", "namespace": "billing", "name": "worker-7d9f6c5b8d-abcde",
                      "uid": "u1", "fieldPath": "spec.containers{app}"},
   "type": "Warning", "reason": "BackOff", "message": "Back-off restarting failed container",
   "count": 12, "firstTimestamp": "2026-11-30T07:10:00Z", "lastTimestamp": "2026-11-30T08:06:00Z",
   "source": {"component": "kubelet"}},
  {"kind": "Event", "metadata": {"name": "e2", "namespace": "billing"},
   "involvedObject": {"kind": "Pod", "namespace": "billing", "name": "worker-7d9f6c5b8d-abcde",
                      "uid": "u1"},
   "type": "Normal", "reason": "Scheduled", "message": "Successfully assigned billing/worker",
   "firstTimestamp": "2026-11-30T07:00:00Z", "lastTimestamp": "2026-11-30T07:00:00Z",
   "source": {"component": "default-scheduler"}}
]})";

constexpr const char* kLog =
    "2026-11-30T08:04:58.100000000Z starting batch\n"
    "2026-11-30T08:04:59.500000000Z ERROR allocating 900MiB for invoices\n";

using World = unit_test::GraphFixture;

Finding oom_finding() {
  Finding f;
  f.rank = 1;
  f.rule = "oom-killed";
  f.category = Category::OomKilled;
  f.severity = Severity::Critical;
  f.subject = {"Pod", "billing", "worker-7d9f6c5b8d-abcde", "app"};
  f.affected = {f.subject};
  f.evidence = {{"logs/billing/worker-7d9f6c5b8d-abcde/app-previous.log", 2, "ERROR allocating",
                 "cause", 0, ""}};
  return f;
}

int64_t t(const char* rfc) {
  return *epoch_seconds(rfc);
}

const TimelineMark* find(const TimelineLane& l, TimelineMark::Kind k) {
  for (const auto& m : l.marks)
    if (m.kind == k) return &m;
  return nullptr;
}

}  // namespace

TEST_CASE("timeline: a crash-looping pod's instances, events and cited log line") {
  World w({{"cluster-resources/pods/billing.json", kPod},
           {"cluster-resources/events/billing.json", kEvents},
           {"logs/billing/worker-7d9f6c5b8d-abcde/app-previous.log", kLog}});
  REQUIRE(w.graph.pods.size() == 1);
  Timeline tl = engine::build_timeline(w.graph, {oom_finding()}, parse::log_line_reader());
  // Now: the latest time in the data (the last event), never the clock.
  CHECK(tl.now == t("2026-11-30T08:06:00Z"));
  CHECK(tl.now_source == "the latest time in the data");
  REQUIRE(tl.tracks.size() == 1);
  const TimelineTrack& tr = tl.tracks[0];
  CHECK(tr.workload.kind == "Deployment");  // inferred from the ReplicaSet's name
  CHECK(tr.workload.name == "worker");
  CHECK(tr.ranks == std::vector<int>{1});
  REQUIRE(tr.lanes.size() == 2);
  const TimelineLane& pod = tr.lanes[0];
  const TimelineLane& app = tr.lanes[1];
  CHECK(pod.container.empty());
  const auto* start = find(pod, TimelineMark::Kind::PodStart);
  REQUIRE(start);
  CHECK(start->at == t("2026-11-30T07:00:00Z"));
  // The pod's own event, wherever the graph put it.
  const TimelineMark* scheduled = nullptr;
  for (const auto& l : tr.lanes)
    for (const auto& m : l.marks)
      if (m.label == "Scheduled") scheduled = &m;
  REQUIRE(scheduled);
  CHECK_FALSE(scheduled->warning);
  CHECK(scheduled->at == t("2026-11-30T07:00:00Z"));

  CHECK(app.container == "app");
  CHECK(app.restarts == 4);
  const auto* ran = find(app, TimelineMark::Kind::Running);
  REQUIRE(ran);
  CHECK(ran->at == t("2026-11-30T08:00:00Z"));
  CHECK(ran->until == t("2026-11-30T08:05:00Z"));
  const auto* ended = find(app, TimelineMark::Kind::Terminated);
  REQUIRE(ended);
  CHECK(ended->label == "exit 137 OOMKilled");
  CHECK(ended->warning);
  CHECK(ended->path == "cluster-resources/pods/billing.json");
  CHECK(ended->line > 0);
  const auto* waiting = find(app, TimelineMark::Kind::Waiting);
  REQUIRE(waiting);
  CHECK(waiting->label == "CrashLoopBackOff");
  CHECK(waiting->at == tl.now);
  const TimelineMark* backoff = nullptr;
  for (const auto& m : app.marks)
    if (m.kind == TimelineMark::Kind::Event && m.label.starts_with("BackOff")) backoff = &m;
  REQUIRE(backoff);
  CHECK(backoff->label == "BackOff \u00d712");
  CHECK(backoff->at == t("2026-11-30T07:10:00Z"));
  CHECK(backoff->until == t("2026-11-30T08:06:00Z"));
  CHECK_FALSE(backoff->approximate);
  const auto* log = find(app, TimelineMark::Kind::Log);
  REQUIRE(log);
  CHECK(log->at == t("2026-11-30T08:04:59Z"));
  CHECK(log->line == 2);
  // Marks by time; the axis covers them all and ends at now.
  for (const auto& l : tr.lanes)
    CHECK(std::is_sorted(l.marks.begin(), l.marks.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; }));
  CHECK(tl.start == t("2026-11-30T07:00:00Z"));
  CHECK(tl.end == tl.now);
}

TEST_CASE("timeline: only runtime findings have tracks") {
  World w(World::Inputs{{"pods.json", kPod}});
  Finding f = oom_finding();
  f.category = Category::MissingResourceLimits;
  Timeline tl = engine::build_timeline(w.graph, {f}, parse::log_line_reader());
  CHECK(tl.tracks.empty());
}

TEST_CASE("timeline: ages are placed from the collection time when the data says it") {
  World w({{"must-gather.local.1/quay-io-image-sha256-abc/timestamp",
            "2026-11-30 08:00:00.123456789 +0000 UTC m=+0.067341291\n"
            "2026-11-30 08:10:00.987654321 +0000 UTC m=+600.1\n"},
           {"pods.json", kPod}});
  engine::CollectionTime ct = engine::collection_time(w.store);
  CHECK(ct.at == t("2026-11-30T08:10:00Z"));
  CHECK(ct.source.find("must-gather") != std::string::npos);
  Timeline tl = engine::build_timeline(w.graph, {oom_finding()}, parse::log_line_reader());
  CHECK(tl.now == ct.at);
}

TEST_CASE("timeline: a support bundle's name is its collection time") {
  model::Store s;
  s.add_document(
      "support-bundle-2026-11-30T08_14_05.tar.gz:support-bundle-2026-11-30T08_14_05/"
      "version.yaml",
      "x");
  engine::CollectionTime ct = engine::collection_time(s);
  CHECK(ct.at == t("2026-11-30T08:14:05Z"));
  CHECK(ct.source == "the support bundle's name");
  model::Store none;
  none.add_document("support-bundle-latest/version.yaml", "x");
  CHECK(engine::collection_time(none).at == 0);
}
