// The engine's stages on candidates made by hand: explain (a finding
// another explains becomes its evidence), group (replicas, a shared
// dependency, hygiene) and rank (messages, evidence, the hygiene band).
#include <catch2/catch.hpp>

#include "engine/src/explain.h"
#include "engine/src/group.h"
#include "engine/src/rank.h"
#include "kubesift/engine/catalog.h"

using namespace kubesift;
using namespace kubesift::engine;

namespace {

const Catalog& catalog() {
  static const Catalog c = [] {
    std::vector<CatalogError> errors;
    Catalog cat = Catalog::builtin(errors);
    REQUIRE(errors.empty());
    return cat;
  }();
  return c;
}

const Rule& rule(std::string_view id) {
  const Rule* r = catalog().find(id);
  REQUIRE(r != nullptr);
  return *r;
}

Candidate pod_cand(std::string_view rule_id, std::string pod, size_t index, uint32_t line,
                   std::string container = "") {
  Candidate c;
  c.sig.rule = &rule(rule_id);
  c.sig.confidence = c.sig.rule->confidence;
  c.sig.evidence.push_back({{0, line}, "cause"});
  c.subject = {"Pod", "shop", pod, container};
  c.affected = {c.subject};
  c.pods = {index};
  c.runtime = true;
  c.severity = c.sig.rule->severity;
  c.group = "R|" + std::string(rule_id) + "|" + pod + "|" + container;
  return c;
}

bool has_rule(const std::vector<Candidate>& cs, std::string_view id) {
  for (const auto& c : cs)
    if (c.sig.rule->id == id) return true;
  return false;
}

}  // namespace

TEST_CASE("explain: a FailedMount of the pod a Multi-Attach error blocks is its evidence") {
  std::vector<Candidate> cs = {pod_cand("volume-mount-failed", "db-0", 0, 7),
                               pod_cand("volume-multi-attach", "db-0", 0, 5)};
  explain(cs);
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].sig.rule->id == "volume-multi-attach");
  REQUIRE(cs[0].sig.evidence.size() == 2);
  CHECK(cs[0].sig.evidence[1].at.line == 7);
  CHECK(cs[0].sig.evidence[1].role == "symptom");

  // Another pod's Multi-Attach explains nothing here.
  std::vector<Candidate> two = {pod_cand("volume-mount-failed", "db-0", 0, 7),
                                pod_cand("volume-multi-attach", "db-1", 1, 5)};
  explain(two);
  CHECK(two.size() == 2);
}

TEST_CASE("explain: a rollout past its deadline joins the cause found on its pods") {
  Candidate rollout;
  rollout.sig.rule = &rule("rollout-stuck");
  rollout.sig.evidence.push_back({{0, 30}, "cause"});
  rollout.subject = {"Deployment", "shop", "web", ""};
  rollout.affected = {rollout.subject};
  rollout.pods = {2, 3};
  rollout.runtime = true;
  Candidate claim = pod_cand("pvc-pending", "x", 3, 4);
  claim.subject = {"PersistentVolumeClaim", "shop", "data", ""};
  claim.affected = {claim.subject, {"Pod", "shop", "web-1", ""}};
  std::vector<Candidate> cs = {rollout, claim};
  explain(cs);
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].sig.rule->id == "pvc-pending");
  CHECK(cs[0].sig.evidence.back().at.line == 30);

  // No cause on its pods: the rollout is the finding.
  std::vector<Candidate> alone = {rollout, pod_cand("oom-killed", "other", 9, 2)};
  explain(alone);
  CHECK(has_rule(alone, "rollout-stuck"));
}

TEST_CASE("explain: a node's SystemOOM joins the container OOM on that node at that time") {
  Candidate node;
  node.sig.rule = &rule("node-system-oom");
  node.sig.evidence.push_back({{0, 50}, "cause"});
  node.subject = {"Node", "", "node-1", ""};
  node.affected = {node.subject};
  node.node = "node-1";
  node.when = 1'000'000;
  node.runtime = true;
  Candidate oom = pod_cand("oom-killed", "api-1", 0, 3, "api");
  oom.node = "node-1";
  oom.when = 1'000'000 + 40;
  std::vector<Candidate> cs = {node, oom};
  explain(cs);
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].sig.rule->id == "oom-killed");

  oom.when = 1'000'000 + 6 * 3600;  // hours apart: two things
  std::vector<Candidate> apart = {node, oom};
  explain(apart);
  CHECK(apart.size() == 2);

  oom.node = "node-2";
  oom.when = node.when;
  std::vector<Candidate> elsewhere = {node, oom};
  explain(elsewhere);
  CHECK(elsewhere.size() == 2);
}

TEST_CASE("group: workloads failing on one dependency are one finding naming them all") {
  std::vector<Candidate> cs;
  for (size_t i = 0; i < 3; ++i) {
    Candidate c = pod_cand("connection-refused", "w" + std::to_string(i), i, 10 + i);
    c.sig.vars = {{"target", "postgres.shop.svc:5432"},
                  {"workload", "Deployment/w" + std::to_string(i)}};
    cs.push_back(c);
  }
  Candidate other = pod_cand("connection-refused", "z", 7, 40);
  other.sig.vars = {{"target", "redis:6379"}, {"workload", "Deployment/z"}};
  cs.push_back(other);
  group_shared_dependencies(cs);
  auto groups = collapse_groups(cs);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].affected.size() == 3);
  CHECK(groups[0].workloads ==
        std::vector<std::string>{"Deployment/w0", "Deployment/w1", "Deployment/w2"});
  CHECK(groups[0].sig.evidence.size() == 3);  // a line of each
  CHECK(groups[1].affected.size() == 1);
}

TEST_CASE("group: hygiene of objects that are not failing is one finding per rule and namespace") {
  std::vector<Candidate> cs;
  for (size_t i = 0; i < 4; ++i) {
    Candidate c = pod_cand("oom-killed", "p" + std::to_string(i), i, 1 + i);
    c.sig.rule = &rule("cpu-limit-missing");
    c.runtime = false;
    c.subject = {"DaemonSet", i < 3 ? "kube-system" : "shop", "ds" + std::to_string(i), "c"};
    c.affected = {c.subject};
    c.sig.vars = {{"workload", "DaemonSet/ds" + std::to_string(i)}};
    cs.push_back(c);
  }
  REQUIRE(is_hygiene_category(cs[0].sig.rule->category));
  group_hygiene(cs, /*failing=*/{1});
  auto groups = collapse_groups(cs);
  // p1's pod is failing: its hygiene stays its own; p0 and p2 group; p3 is
  // of another namespace.
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].affected.size() == 2);
  CHECK(groups[0].workloads == std::vector<std::string>{"DaemonSet/ds0", "DaemonSet/ds2"});
}

TEST_CASE("rank: messages have no empty slot and hygiene ranks below runtime causes") {
  model::Store store;
  store.add_document("events.txt", "line one\nline two\n");
  Candidate rollout;
  rollout.sig.rule = &rule("rollout-stuck");
  rollout.sig.evidence.push_back({{0, 1}, "cause"});
  rollout.sig.vars = {{"workload", "Deployment/web"}, {"message", ""}};
  rollout.subject = {"Deployment", "shop", "web", ""};
  rollout.affected = {rollout.subject};
  rollout.runtime = true;
  rollout.severity = Severity::Info;
  rollout.sig.confidence = 0.3;
  Candidate hyg = rollout;
  hyg.sig.rule = &rule("cpu-limit-missing");
  hyg.runtime = false;
  hyg.severity = Severity::High;
  hyg.sig.confidence = 1.0;
  std::vector<Candidate> cs = {rollout, hyg};
  auto fs = to_findings(cs, store);
  REQUIRE(fs.size() == 2);
  CHECK(fs[0].message == "Deployment/web has not progressed within its deadline");
  CHECK(fs[0].evidence.at(0).text == "line one");
  CHECK(fs[1].score < fs[0].score);  // a high hygiene finding below an info runtime one
}
