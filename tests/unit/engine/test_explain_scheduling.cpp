// explain_scheduling on the unschedulable rule's fixtures, rendered by the
// real kubectl (tests/rules/unschedulable/<case>/rendered) and as the API's
// JSON (…/scenario/cluster): the nodes' labels, taints, cordons and figures
// against the pod's selector, affinity, tolerations and requests.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/src/explain_scheduling.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/parse/parse.h"

using namespace kubesift;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

const std::string kCases = std::string(KUBESIFT_SOURCE_DIR) + "/tests/rules/unschedulable/";

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The files of `dir` that `keep` accepts, parsed and correlated as analyze
// does.
struct Case {
  model::Store store;
  correlate::Graph graph;
  Case(const std::string& dir, const std::function<bool(const std::string&)>& keep) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(kCases + dir))
      if (e.is_regular_file() && e.path().filename() != "scenario.json" &&
          e.path().filename() != "commands.txt" && keep(e.path().filename().string()))
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
      model::DocId id = store.add_document(p.string(), slurp(p));
      model::Facts f;
      parse::parse_document(store.doc(id), f);
      store.facts.append(std::move(f));
    }
    graph = correlate::build_graph(store);
  }
  const correlate::PodView& pod(std::string_view prefix) const {
    for (const auto& pv : graph.pods)
      if (pv.pod.meta.name.starts_with(prefix)) return pv;
    FAIL("no pod " << prefix);
    return graph.pods.front();
  }
  engine::SchedulingExplanation explain(std::string_view pod_prefix) const {
    const auto& pv = pod(pod_prefix);
    std::string msg = engine::scheduler_message(pv);
    REQUIRE(!msg.empty());
    return engine::explain_scheduling(graph, pv, msg);
  }
  // The cited lines, as "file: text".
  std::vector<std::string> cited(const engine::SchedulingExplanation& x) const {
    std::vector<std::string> v;
    for (const auto& at : x.evidence) {
      const model::Document& d = store.doc(at.doc);
      v.push_back(fs::path(d.path).filename().string() + ": " +
                  std::string(text_trim(d.line(at.line))));
    }
    return v;
  }
  static std::string_view text_trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    return s;
  }
};

bool any_contains(const std::vector<std::string>& v, const std::string& part) {
  return std::any_of(v.begin(), v.end(),
                     [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

auto all = [](const std::string&) { return true; };
auto describe_only = [](const std::string& f) { return f.starts_with("describe-"); };

}  // namespace

TEST_CASE("scheduler messages of every wording are read reason by reason", "[engine][scheduling]") {
  using K = engine::SchedulerReason::Kind;
  auto m = engine::parse_scheduler_message(
      "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 node(s) didn't "
      "match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is "
      "not "
      "helpful for scheduling.");
  CHECK(m.available == 0);
  CHECK(m.total == 5);
  REQUIRE(m.reasons.size() == 2);
  CHECK(m.reasons[0].kind == K::Taint);
  CHECK(m.reasons[0].count == 2);
  CHECK(m.reasons[0].taint_key == "dedicated");
  CHECK(m.reasons[0].taint_value == "gpu");
  CHECK(m.reasons[1].kind == K::NodeAffinity);
  CHECK(m.reasons[1].count == 3);

  // Control-plane taints have an empty value; older schedulers said "had taint … didn't tolerate".
  m = engine::parse_scheduler_message(
      "0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the "
      "pod "
      "didn't tolerate, 2 node(s) didn't match node selector.");
  REQUIRE(m.reasons.size() == 2);
  CHECK(m.reasons[0].kind == K::Taint);
  CHECK(m.reasons[0].taint_key == "node-role.kubernetes.io/master");
  CHECK(m.reasons[0].taint_value.empty());
  CHECK(m.reasons[1].kind == K::NodeAffinity);

  // The corpus' GPU message, and the other plugins' wordings.
  m = engine::parse_scheduler_message(
      "0/1 nodes are available: 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are "
      "available: 1 No preemption victims found for incoming pod.");
  REQUIRE(m.reasons.size() == 1);
  CHECK(m.reasons[0].kind == K::Resources);
  CHECK(m.reasons[0].resource == "nvidia.com/gpu");
  m = engine::parse_scheduler_message(
      "0/6 nodes are available: 1 node(s) were unschedulable, 1 node(s) had volume node affinity "
      "conflict, 1 node(s) didn't match pod anti-affinity rules, 1 node(s) didn't have free ports "
      "for the requested pod ports, 1 Too many pods, 1 node(s) had untolerated taint(s).");
  REQUIRE(m.reasons.size() == 6);
  CHECK(m.reasons[0].kind == K::Unschedulable);
  CHECK(m.reasons[1].kind == K::VolumeNodeAffinity);
  CHECK(m.reasons[2].kind == K::PodAntiAffinity);
  CHECK(m.reasons[3].kind == K::Ports);
  CHECK(m.reasons[4].kind == K::TooManyPods);
  CHECK(m.reasons[5].kind == K::Taint);
  CHECK_FALSE(m.reasons[5].taint_named);

  // Kubernetes before 1.10: predicate names with the count after them.
  m = engine::parse_scheduler_message(
      "No nodes are available that match all of the following predicates:: Insufficient cpu (3), "
      "MatchNodeSelector (2), PodToleratesNodeTaints (1).");
  REQUIRE(m.reasons.size() == 3);
  CHECK(m.reasons[0].kind == K::Resources);
  CHECK(m.reasons[0].resource == "cpu");
  CHECK(m.reasons[0].count == 3);
  CHECK(m.reasons[1].kind == K::NodeAffinity);
  CHECK(m.reasons[1].count == 2);
  CHECK(m.reasons[2].kind == K::Taint);

  m = engine::parse_scheduler_message("no nodes available to schedule pods");
  CHECK(m.no_nodes);
  m = engine::parse_scheduler_message(
      "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: "
      "0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  CHECK(m.unbound_claims);
  CHECK(m.reasons.empty());
}

TEST_CASE("an untolerated taint and a selector only tainted nodes satisfy, from describe text",
          "[engine][scheduling]") {
  Case c("fire-untolerated-taint-and-selector/rendered", describe_only);
  auto x = c.explain("indexer-");
  INFO(x.explanation << "\n" << x.remediation);
  CHECK_THAT(x.explanation, Contains("gpu-1, gpu-2: taint dedicated=gpu:NoSchedule, not tolerated "
                                     "(the pod tolerates dedicated=batch:NoSchedule)"));
  CHECK_THAT(x.explanation, Contains("disktype=ssd is only on gpu-1, gpu-2, held off by the "
                                     "untolerated taint dedicated=gpu:NoSchedule"));
  CHECK_THAT(x.explanation, Contains("nodes carry disktype=hdd (worker-1, worker-2), worker-3 no "
                                     "disktype label"));
  // The counts agree with the facts: nothing said about them.
  CHECK_THAT(x.explanation, !Contains("the message counts"));
  CHECK_THAT(x.remediation, Contains("tolerations: [{key: dedicated, operator: Equal, value: gpu, "
                                     "effect: NoSchedule}]"));
  CHECK_THAT(x.remediation, Contains("kubectl label node worker-1 disktype=ssd"));
  CHECK_THAT(x.remediation, Contains("disktype=hdd"));
  auto ev = c.cited(x);
  CHECK(any_contains(ev, "describe-node-gpu-1.txt: Taints:             dedicated=gpu:NoSchedule"));
  CHECK(any_contains(ev, "describe-node-gpu-2.txt: Taints:"));
  CHECK(any_contains(ev, "describe-pod-indexer-7c9d5b6f4d-q8x2m.txt: Tolerations:"));
  CHECK(any_contains(ev, "describe-pod-indexer-7c9d5b6f4d-q8x2m.txt: Node-Selectors:"));
  CHECK(any_contains(ev, "describe-node-worker-1.txt: disktype=hdd"));
}

TEST_CASE("the same explanation from the API's JSON", "[engine][scheduling]") {
  Case c("fire-untolerated-taint-and-selector/scenario", all);
  auto x = c.explain("indexer-");
  INFO(x.explanation << "\n" << x.remediation);
  CHECK_THAT(x.explanation,
             Contains("gpu-1, gpu-2: taint dedicated=gpu:NoSchedule, not tolerated"));
  CHECK_THAT(x.explanation, Contains("disktype=ssd is only on gpu-1, gpu-2"));
  CHECK_THAT(x.explanation, Contains("nodes carry disktype=hdd (worker-1, worker-2)"));
  CHECK_THAT(x.remediation, Contains("tolerations: [{key: dedicated, operator: Equal, value: gpu, "
                                     "effect: NoSchedule}]"));
  auto ev = c.cited(x);
  CHECK(any_contains(ev, "nodes.json: \"key\": \"dedicated\""));
  CHECK(any_contains(ev, "nodes.json: \"disktype\": \"hdd\""));
  CHECK(any_contains(ev, "pods.json: \"disktype\": \"ssd\""));
}

TEST_CASE("a required node affinity no node satisfies names the values the nodes carry",
          "[engine][scheduling]") {
  // The scenario's pod, its nodeSelector dropped and its affinity asking for
  // an accelerator no untainted node has.
  Case c("fire-untolerated-taint-and-selector/scenario", all);
  correlate::PodView pv = c.pod("indexer-");
  pv.pod.node_selector.clear();
  REQUIRE(pv.pod.node_affinity.size() == 1);
  model::NodeSelectorRequirement req;
  req.key = "accelerator";
  req.op = "In";
  req.values = {"nvidia-a100"};
  pv.pod.node_affinity[0].requirements.push_back(req);
  auto x = engine::explain_scheduling(
      c.graph, pv,
      "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 node(s) didn't "
      "match Pod's node affinity/selector.");
  INFO(x.explanation << "\n" << x.remediation);
  CHECK_THAT(x.explanation, Contains("Required node affinity: no node has accelerator In "
                                     "(nvidia-a100) (no node has the label key accelerator)"));
  CHECK_THAT(x.remediation, Contains("kubectl label node worker-1 accelerator=nvidia-a100"));
}

TEST_CASE("cordoned, unreachable and full nodes, each with its fix", "[engine][scheduling]") {
  Case c("fire-cordoned-unreachable-short-of-memory/rendered", all);
  auto x = c.explain("cache-");
  INFO(x.explanation << "\n" << x.remediation);
  CHECK_THAT(x.explanation, Contains("worker-1 is cordoned (Unschedulable: true)"));
  CHECK_THAT(x.explanation, Contains("worker-3: taint node.kubernetes.io/unreachable:NoSchedule: "
                                     "the node is not ready: worker-3 Ready=Unknown (Kubelet "
                                     "stopped posting node status.)"));
  CHECK_THAT(x.explanation, Contains("control-plane-1: taint "
                                     "node-role.kubernetes.io/control-plane:NoSchedule"));
  CHECK_THAT(x.explanation, Contains("Insufficient memory: the pod requests memory 6Gi; worker-2 "
                                     "memory requested 12Gi (77%) of 16268052Ki allocatable (3.5Gi "
                                     "free)"));
  CHECK_THAT(x.explanation, !Contains("the message counts"));
  CHECK_THAT(x.remediation, Contains("kubectl uncordon worker-1"));
  CHECK_THAT(x.remediation, Contains("bring worker-3 back"));
  CHECK_THAT(x.remediation, StartsWith("Lower the pod's memory request to 3.5Gi or less (the "
                                       "most free on one node, worker-2), or add a node with 6Gi "
                                       "memory free"));
  // Tolerating the control plane is not the answer when other nodes fail for other reasons.
  CHECK_THAT(x.remediation, !Contains("node-role.kubernetes.io/control-plane, operator"));
  auto ev = c.cited(x);
  std::string all_ev;
  for (const auto& e : ev) all_ev += e + "\n";
  INFO(all_ev);
  CHECK(any_contains(ev, "describe-node-worker-1.txt: Unschedulable:      true"));
  CHECK(any_contains(ev, "describe-node-worker-2.txt: memory             12Gi (77%)"));
  CHECK(any_contains(ev, "describe-node-worker-3.txt: node.kubernetes.io/unreachable:NoSchedule"));
  CHECK(any_contains(ev, "describe-pod-cache-5d8f9c7b6a-h4k7w.txt: memory:     6Gi"));
}

TEST_CASE("Insufficient cpu keeps the figures the finding always showed", "[engine][scheduling]") {
  Case c("fire-insufficient-cpu/rendered", all);
  auto x = c.explain("trainer-");
  INFO(x.explanation << "\n" << x.remediation);
  CHECK_THAT(x.explanation,
             Contains("worker-1 cpu requested 1500m (37%) of 4 allocatable (2500m free)"));
  CHECK_THAT(x.explanation, Contains("the pod requests cpu 3"));
  CHECK_THAT(x.remediation,
             StartsWith("Lower the pod's cpu request to 2500m or less (the most "
                        "free on one node, worker-1), or add a node with 3 cpu free."));
  CHECK(any_contains(c.cited(x), "describe-node-worker-1.txt: cpu                1500m (37%)"));
}

TEST_CASE("with no node facts it says so once and reads the message", "[engine][scheduling]") {
  Case c("fire-untolerated-taint-and-selector/rendered",
         [](const std::string& f) { return f.starts_with("describe-pod-indexer"); });
  REQUIRE(c.graph.nodes.empty());
  auto x = c.explain("indexer-");
  INFO(x.explanation << "\n" << x.remediation);
  CHECK_THAT(x.explanation, Contains("The input has no node facts"));
  CHECK(x.explanation.find("no node facts") == x.explanation.rfind("no node facts"));
  CHECK_THAT(x.explanation, Contains("Untolerated taint dedicated=gpu on 2 node(s) (the pod "
                                     "tolerates dedicated=batch:NoSchedule)"));
  CHECK_THAT(x.explanation, Contains("The pod's nodeSelector asks for disktype=ssd."));
  CHECK_THAT(x.remediation,
             Contains("tolerations: [{key: dedicated, operator: Equal, value: gpu}]"));
  CHECK_THAT(x.remediation, Contains("kubectl label node <node> disktype=ssd"));
}

TEST_CASE("counts the input's facts disagree with are said", "[engine][scheduling]") {
  // Two of the five nodes described: one tainted, one without the label.
  Case c("fire-untolerated-taint-and-selector/rendered", [](const std::string& f) {
    return f.starts_with("describe-pod-indexer") || f == "describe-node-gpu-1.txt" ||
           f == "describe-node-worker-1.txt";
  });
  auto x = c.explain("indexer-");
  INFO(x.explanation);
  CHECK_THAT(x.explanation,
             Contains("The message counts 5 node(s); the input shows 2 (gpu-1, worker-1)."));
  CHECK_THAT(x.explanation, Contains("(the message counts 2, the input's facts give 1)"));
}

TEST_CASE("a pod that tolerates every taint is held off by none", "[engine][scheduling]") {
  // search-agent tolerates everything (op=Exists with no key): no taint
  // reason can be its, whatever the message says.
  Case c("fire-untolerated-taint-and-selector/rendered", describe_only);
  const auto& agent = c.pod("search-agent");
  auto x = engine::explain_scheduling(
      c.graph, agent, "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}.");
  CHECK_THAT(x.explanation,
             Contains("No node of the input carries an untolerated taint dedicated=gpu "
                      "(the message counts 2, the input's facts give 0)"));
}
