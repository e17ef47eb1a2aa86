#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "../graph_fixture.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/parse/parse.h"

using namespace kubesift;

namespace {

// Parses each (path, content) as kubesift would and builds the graph.
using Fixture = unit_test::GraphFixture;

const char* kPodJson =
    R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-6d9f7c8b5d-x2k4p","namespace":"shop","uid":"u1","labels":{"app":"web","pod-template-hash":"6d9f7c8b5d"}},
"spec":{"containers":[{"name":"web","image":"web:1"},{"name":"sidecar","image":"s:1"}]},
"status":{"phase":"Running","containerStatuses":[{"name":"web","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})";

}  // namespace

TEST_CASE("a pod seen in a table and in JSON is one pod with both facts") {
  Fixture fx(
      Fixture::Inputs{{"get-pods.txt",
                       "NAME                   READY   STATUS             RESTARTS     AGE\n"
                       "web-6d9f7c8b5d-x2k4p   1/2     CrashLoopBackOff   3 (1m ago)   5m\n"},
                      {"pod.json", kPodJson}});
  REQUIRE(fx.graph.pods.size() == 1);
  const auto& pv = fx.graph.pods[0];
  CHECK(pv.pod.meta.ns == "shop");
  CHECK(pv.pod.table_status.value == "CrashLoopBackOff");
  CHECK(pv.pod.table_status.at.doc == 0);
  REQUIRE(pv.containers.size() == 2);
  CHECK(pv.containers[0].status != nullptr);
  CHECK(pv.containers[1].status == nullptr);
  CHECK(fx.graph.object_counts.at("Pod") == 1);
}

TEST_CASE("owners are inferred from pod-template-hash names when absent") {
  Fixture fx(Fixture::Inputs{{"pod.json", kPodJson}});
  const auto& pv = fx.graph.pods[0];
  CHECK(pv.owner_kind == "ReplicaSet");
  CHECK(pv.owner_name == "web-6d9f7c8b5d");
  CHECK(pv.top_kind == "Deployment");
  CHECK(pv.top_name == "web");
}

TEST_CASE("logs join their pod and container by path - previous by name") {
  Fixture fx(Fixture::Inputs{{"pod.json", kPodJson},
                             {"logs/web-6d9f7c8b5d-x2k4p-web-previous.txt", "boom\n"},
                             {"logs/web-6d9f7c8b5d-x2k4p-sidecar.txt", "ok\n"},
                             {"logs/other-pod.txt", "?\n"}});
  const auto& pv = fx.graph.pods[0];
  const auto* web = pv.container("web");
  const auto* side = pv.container("sidecar");
  REQUIRE(web);
  REQUIRE(side);
  CHECK(web->previous_logs.size() == 1);
  CHECK(web->current_logs.empty());
  CHECK(side->current_logs.size() == 1);
  CHECK(fx.graph.unmatched_logs.size() == 1);
}

TEST_CASE("events join their container by field path or message - duplicates count once") {
  const char* events = R"({"apiVersion":"v1","kind":"List","items":[
{"apiVersion":"v1","kind":"Event","metadata":{"namespace":"shop"},"involvedObject":{"kind":"Pod","name":"web-6d9f7c8b5d-x2k4p","namespace":"shop","fieldPath":"spec.containers{web}"},"reason":"BackOff","message":"Back-off restarting failed container web in pod x","type":"Warning"},
{"apiVersion":"v1","kind":"Event","metadata":{"namespace":"shop"},"involvedObject":{"kind":"Pod","name":"web-6d9f7c8b5d-x2k4p","namespace":"shop"},"reason":"Killing","message":"Stopping container sidecar","type":"Normal"},
{"apiVersion":"v1","kind":"Event","metadata":{"namespace":"shop"},"involvedObject":{"kind":"Pod","name":"web-6d9f7c8b5d-x2k4p","namespace":"shop","fieldPath":"spec.containers{web}"},"reason":"BackOff","message":"Back-off restarting failed container web in pod x","type":"Warning"}]})";
  Fixture fx(Fixture::Inputs{{"pod.json", kPodJson}, {"events.json", events}});
  const auto& pv = fx.graph.pods[0];
  CHECK(pv.events.size() == 2);
  CHECK(fx.graph.event_count == 2);
  CHECK(pv.container("web")->events.size() == 1);
  CHECK(pv.container("sidecar")->events.size() == 1);
}

TEST_CASE("field paths name containers") {
  CHECK(correlate::container_of_field_path("spec.containers{web}") == "web");
  CHECK(correlate::container_of_field_path("spec.initContainers{init-db}") == "init-db");
  CHECK(correlate::container_of_field_path("") == "");
}

TEST_CASE("the same event from get events and describe keeps the count describe knows") {
  auto read = [](const std::string& rel) {
    std::ifstream in(std::string(KUBESIFT_SOURCE_DIR) + "/tests/data/kubectl/" + rel);
    std::stringstream ss;
    ss << in.rdbuf();
    REQUIRE(!ss.str().empty());
    return ss.str();
  };
  for (bool table_first : {true, false}) {
    INFO("get events first: " << table_first);
    Fixture::Inputs in{{"get-events.txt", read("stuck-rollout/get-events.txt")},
                       {"describe-pod-db-0.txt", read("stuck-rollout/describe-pod-db-0.txt")}};
    if (!table_first) std::swap(in[0], in[1]);
    Fixture fx(in);
    const correlate::PodView* db = nullptr;
    for (const auto& pv : fx.graph.pods)
      if (pv.pod.meta.name == "db-0") db = &pv;
    REQUIRE(db);
    size_t n = 0;
    for (const model::Event* e : db->events)
      if (e->reason == "FailedScheduling") {
        ++n;
        CHECK(e->count == 14);  // "5m (x14 over 60m)"; the table says nothing
      }
    CHECK(n == 1);
  }
}
