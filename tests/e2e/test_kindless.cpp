// Objects without kind and events without involvedObject (tests/data/kindless:
// the kind-less forms make.py derives from real rendered kubectl output) are
// analysed as the rendered JSON itself is, and the notes say what was inferred.
#include "harness.h"

using namespace e2e;

namespace {

const std::string kDir = "tests/data/kindless/";

// The rendered output the kind-less forms come from: `kubectl get pods -o
// json`, the cluster-info dump's events, workloads, services and nodes, and
// the crashing container's previous log.
std::vector<std::string> original() {
  std::string r = src(kDir + "rendered/"), d = r + "cluster-info-dump/";
  return {r + "pods.json",
          d + "shop/events.json",
          d + "shop/deployments.json",
          d + "shop/replicasets.json",
          d + "shop/services.json",
          d + "nodes.json",
          r + "logs-storefront-7d4f6c9b8-m2xkq-storefront-previous.txt"};
}

std::vector<std::string> subjects(const Result& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    out.push_back(f.rule + " " + f.severity + " " + f.subject_kind + " " + f.subject_ns + "/" +
                  f.subject_name + "/" + f.subject_container);
  return out;
}

// A note that starts with `head` and holds `part`.
bool noted(const Result& r, const std::string& head, const std::string& part = "") {
  for (const auto& n : r.notes)
    if (n.starts_with(head) && n.find(part) != std::string::npos) return true;
  return false;
}

std::string all_notes(const Result& r) {
  std::string s;
  for (const auto& n : r.notes) s += n + "\n";
  return s;
}

}  // namespace

TEST_CASE("kind-less archive: the same top cause as the rendered JSON, and the notes say why") {
  Result base = analyze(original());
  INFO("rendered:\n" << base.summary() << base.err);
  REQUIRE(base.findings.size() >= 2);
  CHECK(base.findings.front().rule == "module-not-found");
  CHECK(base.findings.front().subject_name == "storefront-7d4f6c9b8-m2xkq");
  CHECK(base.input_errors.empty());
  for (const auto& n : base.notes) CHECK(n.find("had no kind") == std::string::npos);

  for (const std::string input : {"bundle", "kindless.tar.gz"}) {
    Result r = analyze({src(kDir + input)});
    INFO(input << ":\n" << r.summary() << r.err << all_notes(r));
    REQUIRE(!r.findings.empty());
    // The top cause (rule, subject pod and container) and every finding after it.
    CHECK(r.findings.front().rule == base.findings.front().rule);
    CHECK(r.findings.front().subject_name == base.findings.front().subject_name);
    CHECK(r.findings.front().subject_container == base.findings.front().subject_container);
    CHECK(subjects(r) == subjects(base));
    // Every object and event is read.
    CHECK(r.objects == base.objects);
    CHECK(r.events == base.events);
    CHECK(r.input_errors.empty());
    // What was inferred, file by file (the notes name each file as the
    // report does: its path, within the archive for the .tar.gz).
    std::string at = input == "bundle" ? "/" : ".tar.gz:";
    CHECK(noted(r, "2 objects in ",
                at + "bundle/pods.ndjson had no kind: read as Pod from their "
                     "fields (spec.containers)"));
    CHECK(noted(r, "1 object in ",
                at + "bundle/workloads/deployments.json had no kind: read as "
                     "Deployment from its fields (spec.strategy)"));
    CHECK(noted(r, "1 object in ",
                at + "bundle/workloads/replicasets.json had no kind: read as "
                     "ReplicaSet from its fields "
                     "(metadata.ownerReferences[Deployment])"));
    CHECK(noted(r, "3 objects in ", at + "bundle/objects.json had no kind: read as Node"));
    CHECK(noted(r, "1 object in ", at + "bundle/objects.json had no kind: read as Service"));
    CHECK(noted(r, "13 objects in ", at + "bundle/events.json had no kind: read as Event"));
    // The reduced events: those whose messages name an object of the input
    // (the scheduler's, the kubelet's back-off, the ReplicaSet's and the
    // Deployment's) are joined; the rest name none.
    CHECK(noted(r,
                "13 events had no involvedObject: 4 joined to their objects by the names in "
                "their messages, 9 left unjoined"));
  }
}

TEST_CASE("kind-less pods alone: the finding is the same as from the rendered pods.json") {
  Result base = analyze({src(kDir + "rendered/pods.json")});
  Result r = analyze({src(kDir + "bundle/pods.ndjson")});
  INFO(base.summary() << "\n" << r.summary() << all_notes(r));
  REQUIRE(!base.findings.empty());
  CHECK(subjects(r) == subjects(base));
  CHECK(r.objects == base.objects);
}

TEST_CASE("troubleshoot's run collectors: the pods and events they write without kind are read") {
  // A real support bundle: run-example/run-example.json is the collector's
  // pod without kind or apiVersion, run-example-events.json its events (a
  // List of kind-less items); the pod is gone from cluster-resources/pods,
  // its log is in pods/logs/default/run-example/collector.log.
  Result r = analyze({corpus("troubleshoot/test/baselines/supportbundle/baseline.tar.gz")});
  INFO(r.summary() << all_notes(r));
  CHECK(r.exit_code == 0);
  CHECK(r.objects["Pod"] == 9);
  for (const std::string name : {"run-example", "run-pod-example"}) {
    CHECK(noted(r, "1 object in ",
                "supportbundle/" + name + "/" + name +
                    ".json had no kind: read as Pod from its fields (spec.containers)"));
    CHECK(noted(r, "5 objects in ",
                "supportbundle/" + name + "/" + name +
                    "-events.json had no kind: read as Event from their fields"));
  }
  // Their logs now have a pod: no note lists them as unmatched.
  for (const auto& n : r.notes)
    if (n.find("matched no pod") != std::string::npos) {
      CHECK(n.find("collector.log") == std::string::npos);
      CHECK(n.find("example.log") == std::string::npos);
    }
  for (const auto& f : r.findings) CHECK((f.severity != "critical" && f.severity != "high"));
}
