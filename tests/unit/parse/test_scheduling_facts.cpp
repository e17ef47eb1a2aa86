// What the scheduler reads, as each format shows it: node labels and taints
// (describe node, the API's JSON), a pod's nodeSelector, required node
// affinity and tolerations (describe pod, get pods -o json, get pod -o
// yaml). Inputs are the unschedulable rule's fixtures, rendered by the real
// kubectl (tests/rules/unschedulable/<case>/rendered, commands.txt there).

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "kubesift/model/document.h"
#include "kubesift/model/objects.h"
#include "kubesift/model/store.h"
#include "kubesift/parse/parse.h"

using namespace kubesift;

namespace {

const std::string kCase = std::string(KUBESIFT_SOURCE_DIR) +
                          "/tests/rules/unschedulable/fire-untolerated-taint-and-selector/";
const std::string kCordoned =
    std::string(KUBESIFT_SOURCE_DIR) +
    "/tests/rules/unschedulable/fire-cordoned-unreachable-short-of-memory/";

struct Parsed {
  model::Document doc;
  model::Facts facts;
  explicit Parsed(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    doc.id = 3;
    doc.path = path;
    doc.content = ss.str();
    parse::parse_document(doc, facts);
  }
  std::string line(const model::SourceRef& at) const {
    REQUIRE(at.valid());
    REQUIRE(at.doc == 3);
    std::string_view l = doc.line(at.line);
    while (!l.empty() && l.front() == ' ') l.remove_prefix(1);
    return std::string(l);
  }
  const model::Pod& pod(std::string_view prefix) const {
    for (const auto& p : facts.pods)
      if (p.meta.name.starts_with(prefix)) return p;
    FAIL("no pod " << prefix);
    return facts.pods.front();
  }
  const model::Node& node(std::string_view name) const {
    for (const auto& n : facts.nodes)
      if (n.meta.name == name) return n;
    FAIL("no node " << name);
    return facts.nodes.front();
  }
};

}  // namespace

TEST_CASE("describe node: labels with their lines, taints", "[parse][scheduling]") {
  Parsed p(kCase + "rendered/describe-node-gpu-1.txt");
  const model::Node& n = p.node("gpu-1");
  CHECK(n.meta.labels.at("disktype") == "ssd");
  CHECK(n.meta.labels.at("accelerator") == "nvidia-l4");
  CHECK(p.line(n.label_at.at("disktype")) == "disktype=ssd");
  CHECK(p.line(n.label_at.at("accelerator")).starts_with("Labels:"));
  CHECK(p.line(n.labels_at).starts_with("Labels:"));
  CHECK(n.taints_known);
  REQUIRE(n.taints.size() == 1);
  CHECK(n.taints[0].key == "dedicated");
  CHECK(n.taints[0].value == "gpu");
  CHECK(n.taints[0].effect == "NoSchedule");
  CHECK(p.line(n.taints[0].at) == "Taints:             dedicated=gpu:NoSchedule");
  CHECK(n.unschedulable.has());
  CHECK_FALSE(n.unschedulable.value);
}

TEST_CASE("describe node: no taints, several taints, a cordon", "[parse][scheduling]") {
  Parsed none(kCase + "rendered/describe-node-worker-3.txt");
  const model::Node& w3 = none.node("worker-3");
  CHECK(w3.taints_known);
  CHECK(w3.taints.empty());
  CHECK(none.line(w3.taints_at) == "Taints:             <none>");
  CHECK(w3.meta.labels.count("disktype") == 0);

  Parsed two(kCordoned + "rendered/describe-node-worker-3.txt");
  const model::Node& u = two.node("worker-3");
  REQUIRE(u.taints.size() == 2);
  CHECK(u.taints[0].key == "node.kubernetes.io/unreachable");
  CHECK(u.taints[0].value.empty());
  CHECK(u.taints[0].effect == "NoExecute");
  CHECK(u.taints[1].effect == "NoSchedule");
  CHECK(two.line(u.taints[1].at) == "node.kubernetes.io/unreachable:NoSchedule");

  Parsed cordoned(kCordoned + "rendered/describe-node-worker-1.txt");
  const model::Node& w1 = cordoned.node("worker-1");
  CHECK(w1.unschedulable.has());
  CHECK(w1.unschedulable.value);
  REQUIRE(w1.taints.size() == 1);
  CHECK(w1.taints[0].key == "node.kubernetes.io/unschedulable");
}

TEST_CASE("describe pod: node selectors and tolerations as kubectl prints them",
          "[parse][scheduling]") {
  Parsed p(kCase + "rendered/describe-pod-indexer-7c9d5b6f4d-q8x2m.txt");
  const model::Pod& pod = p.pod("indexer-");
  CHECK(pod.node_selector_known);
  REQUIRE(pod.node_selector.size() == 1);
  CHECK(pod.node_selector.at("disktype").value == "ssd");
  CHECK(p.line(pod.node_selector.at("disktype").at).starts_with("Node-Selectors:"));
  // describe prints no affinity.
  CHECK_FALSE(pod.node_affinity_known);
  CHECK(pod.tolerations_known);
  REQUIRE(pod.tolerations.size() == 4);
  const auto& t = pod.tolerations;
  CHECK((t[0].key == "dedicated" && t[0].op == "Equal" && t[0].value == "batch" &&
         t[0].effect == "NoSchedule"));
  CHECK(p.line(t[0].at) == "Tolerations:                 dedicated=batch:NoSchedule");
  CHECK((t[1].key == "example.com/maintenance" && t[1].op == "Exists" && t[1].value.empty() &&
         t[1].effect == "NoSchedule"));
  CHECK((t[2].key == "node.kubernetes.io/not-ready" && t[2].op == "Exists" &&
         t[2].effect == "NoExecute"));
  CHECK(p.line(t[3].at) == "node.kubernetes.io/unreachable:NoExecute op=Exists for 300s");
}

TEST_CASE("describe pod: the toleration forms with no key, no effect, no value",
          "[parse][scheduling]") {
  Parsed p(kCase + "rendered/describe-pod-search-agent.txt");
  const auto& t = p.pod("search-agent").tolerations;
  REQUIRE(t.size() == 6);
  // "op=Exists": every taint.
  CHECK((t[0].key.empty() && t[0].op == "Exists" && t[0].effect.empty()));
  // ":NoSchedule op=Exists": every NoSchedule taint.
  CHECK((t[1].key.empty() && t[1].op == "Exists" && t[1].effect == "NoSchedule"));
  // "dedicated op=Exists": the key, any value and effect.
  CHECK((t[2].key == "dedicated" && t[2].op == "Exists" && t[2].effect.empty()));
  // "example.com/zone=b": Equal, any effect.
  CHECK((t[3].key == "example.com/zone" && t[3].op == "Equal" && t[3].value == "b" &&
         t[3].effect.empty()));
}

TEST_CASE("get pods -o json and get pod -o yaml: selector, affinity, tolerations, requests",
          "[parse][scheduling]") {
  for (const char* file : {"rendered/pods.json", "rendered/pod-indexer-7c9d5b6f4d-q8x2m.yaml"}) {
    INFO(file);
    Parsed p(kCase + file);
    const model::Pod& pod = p.pod("indexer-");
    CHECK(pod.node_selector_known);
    REQUIRE(pod.node_selector.count("disktype") == 1);
    CHECK(pod.node_selector.at("disktype").value == "ssd");
    CHECK(p.line(pod.node_selector.at("disktype").at).find("disktype") != std::string::npos);
    CHECK(pod.node_affinity_known);
    REQUIRE(pod.node_affinity.size() == 1);
    const auto& reqs = pod.node_affinity[0].requirements;
    REQUIRE(reqs.size() == 2);
    CHECK((reqs[0].key == "kubernetes.io/os" && reqs[0].op == "In" &&
           reqs[0].values == std::vector<std::string>{"linux"} && !reqs[0].field));
    CHECK((reqs[1].key == "node.example.com/retiring" && reqs[1].op == "DoesNotExist" &&
           reqs[1].values.empty()));
    CHECK(p.line(reqs[1].at).find("node.example.com/retiring") != std::string::npos);
    CHECK(pod.tolerations_known);
    REQUIRE(pod.tolerations.size() == 4);
    CHECK((pod.tolerations[0].key == "dedicated" && pod.tolerations[0].op == "Equal" &&
           pod.tolerations[0].value == "batch" && pod.tolerations[0].effect == "NoSchedule"));
    CHECK(p.line(pod.tolerations[0].at).find("dedicated") != std::string::npos);
    CHECK((pod.tolerations[1].op == "Exists" && pod.tolerations[1].value.empty()));
  }
}

TEST_CASE("the API's Node JSON: labels and taints with their lines", "[parse][scheduling]") {
  Parsed p(kCase + "scenario/cluster/nodes.json");
  const model::Node& gpu = p.node("gpu-2");
  CHECK(gpu.taints_known);
  REQUIRE(gpu.taints.size() == 1);
  CHECK((gpu.taints[0].key == "dedicated" && gpu.taints[0].value == "gpu" &&
         gpu.taints[0].effect == "NoSchedule"));
  CHECK(p.line(gpu.taints[0].at) == "\"key\": \"dedicated\",");
  CHECK(p.line(gpu.label_at.at("disktype")) == "\"disktype\": \"ssd\",");
  CHECK(p.line(gpu.labels_at).starts_with("\"labels\""));
  const model::Node& w3 = p.node("worker-3");
  CHECK(w3.taints_known);
  CHECK(w3.taints.empty());
}
