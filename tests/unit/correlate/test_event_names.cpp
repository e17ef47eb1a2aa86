// Events without involvedObject (reduced records): joined to the objects
// their messages name (correlate/src/event_names), else left unjoined.
#include <catch2/catch.hpp>

#include "../graph_fixture.h"
#include "correlate/src/event_names.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/parse/parse.h"

using namespace kubesift;

namespace {

using Fixture = unit_test::GraphFixture;

// Objects of namespace shop (and one pod of another namespace, of the same
// name as one in shop).
const char* kObjects = R"([
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-7c9f8d7b5-x2k4p","namespace":"shop","uid":"u1",
  "labels":{"app":"web","pod-template-hash":"7c9f8d7b5"},
  "ownerReferences":[{"kind":"ReplicaSet","name":"web-7c9f8d7b5","uid":"rs1","controller":true}]},
 "spec":{"containers":[{"name":"web"},{"name":"proxy"}]},
 "status":{"phase":"Running","containerStatuses":[{"name":"web","restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}},
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"db-0","namespace":"shop","uid":"u2",
  "ownerReferences":[{"kind":"StatefulSet","name":"db","uid":"ss1","controller":true}]},
 "spec":{"containers":[{"name":"db"}],"volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data-db-0"}}]},
 "status":{"phase":"Pending"}},
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"other","namespace":"elsewhere","uid":"u3"},
 "spec":{"containers":[{"name":"c"}]},"status":{"phase":"Running"}},
{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop","uid":"d1"},
 "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[{"name":"web"}]}}},"status":{"replicas":1}},
{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-7c9f8d7b5","namespace":"shop","uid":"rs1",
  "ownerReferences":[{"kind":"Deployment","name":"web","uid":"d1","controller":true}]},
 "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[{"name":"web"}]}}},"status":{"replicas":1}},
{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"shop","uid":"ss1"},
 "spec":{"serviceName":"db","selector":{"matchLabels":{"app":"db"}},"template":{"spec":{"containers":[{"name":"db"}]}}},"status":{"replicas":1}},
{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data-db-0","namespace":"shop"},
 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}},"status":{"phase":"Pending"}},
{"apiVersion":"v1","kind":"Node","metadata":{"name":"worker-1"},"status":{"conditions":[{"type":"Ready","status":"False"}]}}
])";

std::string reduced(const std::vector<std::pair<std::string, std::string>>& events,
                    const std::string& ns = "shop") {
  std::string s = "[";
  for (size_t i = 0; i < events.size(); ++i) {
    if (i) s += ",";
    std::string message;
    for (char ch : events[i].second)
      message += ch == '"' ? std::string("\\\"") : std::string(1, ch);
    s += R"({"namespace":")" + ns + R"(","lastTimestamp":"2026-01-10T11:59:00Z","reason":")" +
         events[i].first + R"(","message":")" + message + R"(","type":"Warning"})";
  }
  return s + "]";
}

bool has_event(const std::vector<const model::Event*>& events, const std::string& reason) {
  for (const auto* e : events)
    if (e->reason == reason) return true;
  return false;
}

}  // namespace

TEST_CASE("names in event messages, as Kubernetes' components write them") {
  using About = correlate::MessageName::About;
  auto first = [](std::string_view msg) {
    auto v = correlate::names_in_message(msg);
    REQUIRE(!v.empty());
    return v.front();
  };
  auto m = first("Successfully assigned shop/web-1 to worker-1");
  CHECK((m.kind == "Pod" && m.ns == "shop" && m.name == "web-1" && m.about == About::Object));
  m = first("Back-off restarting failed container web in pod web-1_shop(5c4f56c5-a84f)");
  CHECK((m.kind == "Pod" && m.name == "web-1" && m.ns == "shop" && m.uid == "5c4f56c5-a84f"));
  m = first("Created pod: web-7c9-abcde");
  CHECK((m.kind == "Pod" && m.name == "web-7c9-abcde" && m.about == About::Controller));
  m = first("Scaled up replica set web-7c9 to 3");
  CHECK((m.kind == "ReplicaSet" && m.name == "web-7c9" && m.about == About::Controller));
  m = first("Scaled down replica set web-7c9 from 3 to 1");
  CHECK(m.name == "web-7c9");
  m = first("create Pod db-0 in StatefulSet db successful");
  CHECK((m.kind == "StatefulSet" && m.name == "db"));
  m = first("0/3 nodes are available: persistentvolumeclaim \"data-x\" not found.");
  CHECK((m.kind == "PersistentVolumeClaim" && m.name == "data-x"));
  m = first("Error creating: pods \"web-7c9-\" is forbidden: exceeded quota: q");
  CHECK((m.kind == "Pod" && m.prefix && m.name == "web-7c9-"));
  m = first("Killing pod/web-1 (probe failed)");
  CHECK((m.kind == "Pod" && m.name == "web-1"));
  m = first("Pod \"web-1\" was evicted");
  CHECK(m.name == "web-1");
  m = first("Node worker-1 status is now: NodeNotReady");
  CHECK((m.kind == "Node" && m.name == "worker-1"));
  CHECK(correlate::names_in_message("Readiness probe failed: HTTP probe failed").empty());
  CHECK(correlate::names_in_message("MountVolume.SetUp failed for volume \"tls\"").empty());
}

TEST_CASE("reduced events join the objects their messages name, in their namespace") {
  Fixture fx(Fixture::Inputs{
      {"objects.json", kObjects},
      {"events.json",
       reduced({
           {"Scheduled", "Successfully assigned shop/web-7c9f8d7b5-x2k4p to worker-1"},
           {"BackOff",
            "Back-off restarting failed container web in pod web-7c9f8d7b5-x2k4p_shop(u1)"},
           {"SuccessfulCreate", "Created pod: web-7c9f8d7b5-x2k4p"},
           {"ScalingReplicaSet", "Scaled up replica set web-7c9f8d7b5 from 0 to 1"},
           {"SuccessfulCreate", "create Pod db-0 in StatefulSet db successful"},
           {"FailedMount", "MountVolume.SetUp failed for volume \"tls\" : secret \"t\" not found"},
           {"Evicted", "pod/ghost-1 was evicted"},
       })},
      {"other-events.json", reduced({{"Killing", "Killing pod/db-0"}}, "elsewhere")},
  });
  const correlate::Graph& g = fx.graph;
  const correlate::PodView* web = nullptr;
  for (const auto& pv : g.pods)
    if (pv.pod.meta.name == "web-7c9f8d7b5-x2k4p") web = &pv;
  REQUIRE(web);
  CHECK(has_event(web->events, "Scheduled"));
  CHECK(has_event(web->events, "BackOff"));
  CHECK_FALSE(has_event(web->events, "SuccessfulCreate"));  // that is the ReplicaSet's
  // The container is read from the message ("container web").
  const correlate::ContainerView* c = web->container("web");
  REQUIRE(c);
  CHECK(has_event(c->events, "BackOff"));
  CHECK_FALSE(has_event(web->container("proxy")->events, "BackOff"));
  auto events_of = [&](const std::string& kind, const std::string& name) {
    for (const auto& w : g.workloads)
      if (w.workload.meta.kind == kind && w.workload.meta.name == name) return w.events;
    return std::vector<const model::Event*>{};
  };
  CHECK(has_event(events_of("ReplicaSet", "web-7c9f8d7b5"), "SuccessfulCreate"));
  CHECK(has_event(events_of("Deployment", "web"), "ScalingReplicaSet"));
  CHECK(has_event(events_of("StatefulSet", "db"), "SuccessfulCreate"));
  // db-0 is in shop; an event of namespace elsewhere that names it joins nothing.
  for (const auto& pv : g.pods) CHECK_FALSE(has_event(pv.events, "Killing"));
  // No event is joined to an object the input does not hold.
  for (const auto& pv : g.pods) CHECK_FALSE(has_event(pv.events, "Evicted"));
  CHECK_FALSE(has_event(web->events, "FailedMount"));
  bool noted = false;
  for (const auto& n : g.notes)
    if (n ==
        "8 events had no involvedObject: 5 joined to their objects by the names in their "
        "messages, 3 left unjoined (their messages name no object of the input)")
      noted = true;
  INFO((g.notes.empty() ? std::string() : g.notes.back()));
  CHECK(noted);
}

TEST_CASE("events with an involvedObject are joined as before, and no note is made") {
  Fixture fx(Fixture::Inputs{
      {"objects.json", kObjects},
      {"events.json",
       R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e1","namespace":"shop"},
  "involvedObject":{"kind":"Pod","name":"db-0","namespace":"shop"},"reason":"FailedScheduling",
  "message":"Successfully assigned shop/web-7c9f8d7b5-x2k4p to worker-1"})"},
  });
  for (const auto& pv : fx.graph.pods)
    CHECK(has_event(pv.events, "FailedScheduling") == (pv.pod.meta.name == "db-0"));
  for (const auto& n : fx.graph.notes) CHECK(n.find("involvedObject") == std::string::npos);
}

TEST_CASE("a claim and a node named in reduced events get them") {
  Fixture fx(Fixture::Inputs{
      {"objects.json", kObjects},
      {"events.json", reduced({{"ProvisioningFailed",
                                "persistentvolumeclaim \"data-db-0\" "
                                "could not be provisioned"},
                               {"NodeNotReady", "Node worker-1 status is now: NodeNotReady"}})},
  });
  REQUIRE(fx.graph.claims.size() == 1);
  CHECK(has_event(fx.graph.claims[0].events, "ProvisioningFailed"));
  REQUIRE(fx.graph.nodes.size() == 1);
  CHECK(has_event(fx.graph.nodes[0].events, "NodeNotReady"));
  CHECK(fx.graph.notes.back() ==
        "2 events had no involvedObject: joined to their objects by the names in their messages");
}
