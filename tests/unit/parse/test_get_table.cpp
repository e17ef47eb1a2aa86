// parse_get_table / looks_like_get_table on tables rendered by the real
// kubectl (v1.32, tests/data/kubectl/<scenario>/, see commands.txt there).
// Variants (collapsed spacing, misaligned rows, cuts) are derived in the tests.

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "kubectl_data.h"
#include "kubesift/model/document.h"
#include "kubesift/model/objects.h"
#include "kubesift/model/store.h"
#include "kubesift/parse/parse.h"

using namespace kubesift;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr model::DocId kTableDoc = 4;

std::string read_table(const std::string& rel) {
  return read_kubectl_data(rel);
}

struct Parsed {
  model::Document doc;
  model::Facts facts;
  parse::ParseError err;
};

Parsed parse_text(std::string content) {
  Parsed p;
  p.doc.id = kTableDoc;
  p.doc.path = "table";
  p.doc.content = std::move(content);
  p.err = parse::parse_get_table(p.doc, p.facts);
  return p;
}

Parsed parse_file(const std::string& rel) {
  std::string s = read_table(rel);
  CHECK(parse::looks_like_get_table(s));
  CHECK_FALSE(parse::looks_like_describe(s));
  return parse_text(std::move(s));
}

std::string row_text(const Parsed& p, const model::SourceRef& at) {
  REQUIRE(at.doc == kTableDoc);
  REQUIRE(at.line >= 1);
  REQUIRE(at.line <= p.doc.line_count());
  return std::string(p.doc.line(at.line));
}

const model::Pod& pod(const Parsed& p, std::string_view name) {
  for (const auto& x : p.facts.pods)
    if (x.meta.name == name) return x;
  FAIL("no pod " << name);
  return p.facts.pods.front();
}

const model::Event& event(const Parsed& p, std::string_view reason, std::string_view name) {
  for (const auto& e : p.facts.events)
    if (e.reason == reason && e.involved_name == name) return e;
  FAIL("no event " << reason << " for " << name);
  return p.facts.events.front();
}

std::string collapse(const std::string& s) {
  std::string out;
  for (char c : s)
    if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
  return out;
}

}  // namespace

TEST_CASE("get pods: default columns", "[parse][table]") {
  Parsed p = parse_file("crashloop-api/get-pods.txt");
  CHECK_FALSE(p.err);
  REQUIRE(p.facts.pods.size() == 2);
  const auto& x = pod(p, "api-7c9d8f6b5-x2k4p");
  CHECK(x.meta.kind == "Pod");
  CHECK(x.meta.ns.empty());
  CHECK(x.meta.at.line == 3);
  CHECK(x.table_ready.value == "1/2");
  CHECK(x.table_status.value == "CrashLoopBackOff");
  CHECK(x.table_restarts.value == 12);  // "12 (5m49s ago)"
  CHECK(x.table_restarts.at.line == 3);
  CHECK_THAT(row_text(p, x.table_status.at), StartsWith("api-7c9d8f6b5-x2k4p"));
  CHECK_FALSE(x.node.has());
  const auto& q = pod(p, "api-7c9d8f6b5-q8wzt");
  CHECK(q.table_status.value == "ContainerStatusUnknown");
  CHECK(q.table_restarts.value == 3);
  CHECK(p.facts.events.empty());
  CHECK(p.facts.workloads.empty());
}

TEST_CASE("get pods: -o wide, -A, --show-labels", "[parse][table]") {
  SECTION("wide: node, and <none> is no value") {
    Parsed p = parse_file("stuck-rollout/get-pods-wide.txt");
    REQUIRE(p.facts.pods.size() == 4);
    CHECK(pod(p, "cache").node.value == "node-1");
    CHECK(pod(p, "toolbox").node.value == "node-2");
    CHECK_FALSE(pod(p, "db-0").node.has());
    CHECK(pod(p, "db-0").table_status.value == "Pending");
    CHECK(pod(p, "db-0").table_restarts.value == 0);
  }
  SECTION("all namespaces") {
    Parsed p = parse_file("stuck-rollout/get-pods-all-namespaces.txt");
    REQUIRE(p.facts.pods.size() == 4);
    for (const auto& x : p.facts.pods) CHECK(x.meta.ns == "batch");
    const auto& w = pod(p, "worker-6b8f7d9c4-lm2np");
    CHECK(w.table_status.value == "Init:CrashLoopBackOff");
    CHECK(w.table_ready.value == "0/1");
    CHECK(w.table_restarts.value == 7);
    CHECK(w.meta.at.line == 5);
  }
  SECTION("labels") {
    Parsed p = parse_file("stuck-rollout/get-pods-show-labels.txt");
    const auto& db = pod(p, "db-0");
    CHECK(db.meta.labels.size() == 3);
    CHECK(db.meta.labels.at("statefulset.kubernetes.io/pod-name") == "db-0");
    CHECK(pod(p, "worker-6b8f7d9c4-lm2np").meta.labels.at("pod-template-hash") == "6b8f7d9c4");
  }
}

TEST_CASE("get events: default columns", "[parse][table]") {
  Parsed p = parse_file("crashloop-api/get-events.txt");
  CHECK_FALSE(p.err);
  REQUIRE(p.facts.events.size() == 13);
  for (const auto& e : p.facts.events) {
    CHECK_THAT(row_text(p, e.at), Contains(e.reason));
    CHECK_FALSE(e.involved_name.empty());
  }
  const auto& backoff = event(p, "BackOff", "api-7c9d8f6b5-x2k4p");
  CHECK(backoff.involved_kind == "Pod");
  CHECK(backoff.type == "Warning");
  CHECK(backoff.last_seen == "2m");
  CHECK(backoff.at.line == 10);
  CHECK_THAT(backoff.message, StartsWith("Back-off restarting failed container api in pod"));
  CHECK(backoff.involved_ns.empty());  // the table does not say
  // kubectl shows only the first line of a multi-line message.
  CHECK(event(p, "Failed", "api-7c9d8f6b5-x2k4p").message ==
        "Error: failed to reserve container name...");
  CHECK(event(p, "SuccessfulCreate", "api-7c9d8f6b5").involved_kind == "ReplicaSet");
  CHECK(event(p, "ScalingReplicaSet", "api").involved_kind == "Deployment");
  CHECK_THAT(event(p, "Evicted", "api-7c9d8f6b5-q8wzt").message,
             StartsWith("The node was low on resource: memory."));
}

TEST_CASE("get events: -A and -o wide", "[parse][table]") {
  SECTION("all namespaces") {
    Parsed p = parse_file("stuck-rollout/get-events-all-namespaces.txt");
    REQUIRE(p.facts.events.size() == 9);
    for (const auto& e : p.facts.events) {
      CHECK(e.ns == "batch");
      CHECK(e.involved_ns == "batch");
    }
    CHECK(event(p, "SuccessfulCreate", "db").involved_kind == "StatefulSet");
    CHECK(event(p, "Unhealthy", "cache").message == "Liveness probe failed:");
  }
  SECTION("wide: count, source, sub-object, first seen; empty cells") {
    Parsed p = parse_file("stuck-rollout/get-events-wide.txt");
    REQUIRE(p.facts.events.size() == 9);
    const auto& fs = event(p, "FailedScheduling", "db-0");
    CHECK(fs.count == 14);
    CHECK(fs.source == "default-scheduler");  // "default-scheduler, default-scheduler-cp-1"
    CHECK(fs.field_path.empty());             // an empty SUBOBJECT cell
    CHECK(fs.first_seen == "60m");
    CHECK(fs.last_seen == "5m");
    CHECK_THAT(fs.message, StartsWith("0/2 nodes are available"));
    CHECK_THAT(fs.message, Contains("Preemption is not helpful for scheduling."));
    const auto& bo = event(p, "BackOff", "worker-6b8f7d9c4-lm2np");
    CHECK(bo.count == 31);
    CHECK(bo.field_path == "spec.initContainers{init-schema}");
    CHECK(bo.source == "kubelet");
    CHECK(bo.at.line == 8);
  }
}

TEST_CASE("get events: the count is unknown unless COUNT or the age says it", "[parse][table]") {
  // The scenario's events.json has FailedScheduling x14, BackOff x31, the
  // cache's Pulled x6 and Unhealthy x2, the rest once.
  SECTION("kubectl get events: no COUNT column, bare ages, count unknown") {
    Parsed p = parse_file("stuck-rollout/get-events.txt");
    REQUIRE(p.facts.events.size() == 9);
    for (const auto& e : p.facts.events) CHECK(e.count == 0);
    CHECK(event(p, "BackOff", "worker-6b8f7d9c4-lm2np").last_seen == "30s");
  }
  SECTION("kubectl get events -o wide: the COUNT column") {
    Parsed p = parse_file("stuck-rollout/get-events-wide.txt");
    REQUIRE(p.facts.events.size() == 9);
    CHECK(event(p, "Pulled", "cache").count == 6);
    CHECK(event(p, "Unhealthy", "cache").count == 2);
    CHECK(event(p, "Scheduled", "worker-6b8f7d9c4-lm2np").count == 1);
    for (const auto& e : p.facts.events) CHECK(e.count >= 1);
  }
  SECTION("kubectl events: \"5m (x14 over 60m)\", a bare age is once") {
    Parsed p = parse_file("stuck-rollout/kubectl-events.txt");
    REQUIRE(p.facts.events.size() == 9);
    const auto& fs = event(p, "FailedScheduling", "db-0");
    CHECK(fs.count == 14);
    CHECK(fs.last_seen == "5m");
    CHECK(fs.first_seen == "60m");
    CHECK(event(p, "BackOff", "worker-6b8f7d9c4-lm2np").count == 31);
    CHECK(event(p, "Unhealthy", "cache").count == 2);
    CHECK(event(p, "Scheduled", "worker-6b8f7d9c4-lm2np").count == 1);
    CHECK(event(p, "SuccessfulCreate", "db").count == 1);
    CHECK(event(p, "SuccessfulCreate", "db").involved_kind == "StatefulSet");
  }
  SECTION("a table of bare ages after one with counts stays unknown") {
    Parsed p = parse_text(read_table("stuck-rollout/kubectl-events.txt") + "\n" +
                          read_table("stuck-rollout/get-events.txt"));
    REQUIRE(p.facts.events.size() == 18);
    for (size_t k = 0; k < 9; ++k) CHECK(p.facts.events[k].count >= 1);
    for (size_t k = 9; k < 18; ++k) CHECK(p.facts.events[k].count == 0);
  }
}

TEST_CASE("get all: one table per kind", "[parse][table]") {
  Parsed p = parse_file("crashloop-api/get-all.txt");
  CHECK_FALSE(p.err);
  REQUIRE(p.facts.pods.size() == 2);
  CHECK(p.facts.pods[0].meta.name == "api-7c9d8f6b5-q8wzt");  // "pod/" dropped
  CHECK(p.facts.pods[1].table_restarts.value == 12);
  REQUIRE(p.facts.workloads.size() == 2);
  const auto& dep = p.facts.workloads[0];
  CHECK(dep.meta.kind == "Deployment");
  CHECK(dep.meta.name == "api");
  CHECK(dep.ready_replicas.value == 0);  // "0/2"
  CHECK(dep.replicas.value == 2);
  CHECK(dep.updated_replicas.value == 2);
  CHECK(dep.available_replicas.value == 0);
  CHECK(dep.meta.at.line == 6);
  const auto& rs = p.facts.workloads[1];
  CHECK(rs.meta.kind == "ReplicaSet");
  CHECK(rs.meta.name == "api-7c9d8f6b5");
  CHECK(rs.replicas.value == 2);
  CHECK(rs.ready_replicas.value == 0);
  CHECK(rs.replicas.at.line == 9);
  CHECK_THAT(row_text(p, rs.replicas.at), StartsWith("replicaset.apps/api-7c9d8f6b5"));
}

TEST_CASE("get deployments -o wide, replicasets, nodes, configmaps, secrets", "[parse][table]") {
  {
    Parsed p = parse_file("stuck-rollout/get-deployments-wide.txt");
    REQUIRE(p.facts.workloads.size() == 1);
    const auto& w = p.facts.workloads[0];
    CHECK(w.meta.kind == "Deployment");
    CHECK(w.replicas.value == 1);
    REQUIRE(w.containers.size() == 1);
    CHECK(w.containers[0].name == "worker");
    CHECK(w.containers[0].image.value == "registry.example.com/batch/worker:1.4.0");
    CHECK(w.selector.at("app") == "worker");
  }
  {
    Parsed p = parse_file("stuck-rollout/get-replicasets.txt");
    REQUIRE(p.facts.workloads.size() == 1);
    CHECK(p.facts.workloads[0].meta.kind == "ReplicaSet");
    CHECK(p.facts.workloads[0].replicas.value == 1);
    CHECK(p.facts.workloads[0].ready_replicas.value == 0);
  }
  {
    Parsed p = parse_file("crashloop-api/get-nodes.txt");
    REQUIRE(p.facts.others.size() == 2);
    CHECK(p.facts.others[0].meta.kind == "Node");
    CHECK(p.facts.others[0].meta.name == "node-1");
  }
  {
    Parsed p = parse_file("crashloop-api/get-configmaps.txt");
    REQUIRE(p.facts.others.size() == 2);
    CHECK(p.facts.others[1].meta.kind == "ConfigMap");
    CHECK(p.facts.others[1].meta.name == "api-env");
    CHECK(p.facts.configmaps.empty());  // a table does not list the keys
  }
  {
    Parsed p = parse_file("crashloop-api/get-secrets.txt");
    REQUIRE(p.facts.others.size() == 1);
    CHECK(p.facts.others[0].meta.kind == "Secret");
  }
}

TEST_CASE("get tables pasted with single spaces", "[parse][table]") {
  SECTION("pods") {
    std::string s = collapse(read_table("stuck-rollout/get-pods-all-namespaces.txt"));
    REQUIRE(s.find("  ") == std::string::npos);
    CHECK(parse::looks_like_get_table(s));
    Parsed p = parse_text(s);
    REQUIRE(p.facts.pods.size() == 4);
    const auto& c = pod(p, "cache");
    CHECK(c.meta.ns == "batch");
    CHECK(c.table_restarts.value == 5);  // "5 (2m22s ago)"
    CHECK(c.table_status.value == "Running");
    CHECK(pod(p, "worker-6b8f7d9c4-lm2np").table_status.value == "Init:CrashLoopBackOff");
  }
  SECTION("events") {
    std::string s = collapse(read_table("stuck-rollout/get-events-all-namespaces.txt"));
    CHECK(parse::looks_like_get_table(s));
    Parsed p = parse_text(s);
    REQUIRE(p.facts.events.size() == 9);
    const auto& fs = event(p, "FailedScheduling", "db-0");
    CHECK(fs.involved_kind == "Pod");
    CHECK_THAT(fs.message, StartsWith("0/2 nodes are available: 1 Insufficient memory"));
  }
}

TEST_CASE("get table rows that do not line up with the header", "[parse][table]") {
  // Watch output and edited files lose the alignment; squeeze every row's
  // padding to two spaces so no column starts under its header.
  std::string s = read_table("crashloop-api/get-pods.txt");
  std::string header = s.substr(0, s.find('\n') + 1);
  std::string rows = s.substr(header.size());
  std::string squeezed;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] == ' ' && i + 2 < rows.size() && rows[i + 1] == ' ' && rows[i + 2] == ' ') continue;
    squeezed += rows[i];
  }
  Parsed p = parse_text(header + squeezed);
  REQUIRE(p.facts.pods.size() == 2);
  const auto& x = pod(p, "api-7c9d8f6b5-x2k4p");
  CHECK(x.table_status.value == "CrashLoopBackOff");
  CHECK(x.table_restarts.value == 12);
  CHECK(x.table_ready.value == "1/2");
}

TEST_CASE("get table saved with 2>&1: kubectl's warnings on top", "[parse][table]") {
  std::string err = read_table("kubectl-errors/get-pods-unreachable.txt");
  CHECK_FALSE(parse::looks_like_get_table(err));
  Parsed none = parse_text(err);
  CHECK(none.facts.pods.empty());
  std::string warn = err.substr(0, err.rfind("The connection"));
  std::string s = warn + read_table("crashloop-api/get-pods.txt");
  CHECK(parse::looks_like_get_table(s));
  CHECK(parse::sniff(s) == model::Format::GetTable);
  Parsed p = parse_text(s);
  REQUIRE(p.facts.pods.size() == 2);
  CHECK(pod(p, "api-7c9d8f6b5-x2k4p").table_restarts.at.line == 8);
}

TEST_CASE("get tables: no rows, not a table, cut anywhere", "[parse][table]") {
  SECTION("a header and no rows") {
    std::string s = read_table("crashloop-api/get-pods.txt");
    std::string header = s.substr(0, s.find('\n') + 1);
    CHECK(parse::looks_like_get_table(header));
    Parsed p = parse_text(header);
    CHECK_FALSE(p.err);
    CHECK(p.facts.pods.empty());
  }
  SECTION("kubectl's message for an empty list") {
    std::string s = read_table("stuck-rollout/get-pods-empty.txt");
    CHECK_THAT(s, StartsWith("No resources found"));
    CHECK_FALSE(parse::looks_like_get_table(s));
    Parsed p = parse_text(s);
    CHECK_FALSE(p.err);
    CHECK(p.facts.pods.empty());
  }
  SECTION("empty and random text") {
    CHECK_FALSE(parse::looks_like_get_table(""));
    CHECK_FALSE(parse::looks_like_get_table("\n\n   \n"));
    CHECK_FALSE(parse::looks_like_get_table("hello world\nNAME  READY\n"));
    CHECK_FALSE(parse::looks_like_get_table("NAME IS NOT A HEADER\n"));
    CHECK_FALSE(parse::looks_like_get_table("Name:  web\nNamespace:  x\n"));
    CHECK_FALSE(parse::looks_like_get_table(
        read_table("crashloop-api/describe-pod-api-7c9d8f6b5-x2k4p.txt")));
    Parsed p = parse_text("");
    CHECK_FALSE(p.err);
    Parsed q = parse_text("lorem ipsum dolor\nsit amet  consectetur  adipiscing\n");
    CHECK(q.facts.pods.empty());
    CHECK(q.facts.events.empty());
    CHECK(q.facts.others.empty());
  }
  SECTION("every cut of every table") {
    for (const char* rel : {"crashloop-api/get-all.txt", "stuck-rollout/get-events-wide.txt",
                            "stuck-rollout/get-pods-all-namespaces.txt"}) {
      std::string full = read_table(rel);
      for (size_t n = 0; n <= full.size(); n += (n < 400 ? 1 : 5)) {
        Parsed p = parse_text(full.substr(0, n));
        CHECK_FALSE(p.err);
        for (const auto& x : p.facts.pods) CHECK(x.meta.at.line <= p.doc.line_count());
        for (const auto& e : p.facts.events) CHECK(e.at.line <= p.doc.line_count());
      }
    }
  }
}
