// The samples a newcomer tries besides demo-ng: the support bundle
// (samples/support-bundle-*.tar.gz, from samples/scenarios/billing-oom), the
// manifests for `kubesift lint` (samples/manifests) and the bulk logs
// (samples/logs, from samples/scenarios/bulk-logs/make-logs.py). What each
// must show is what the scenario was built to hold (see its generator).
#include <algorithm>
#include <cstdlib>

#include "cited_line.h"
#include "harness.h"
#include "kubesift/core/redact.h"

using namespace e2e;

namespace {

const char* const kBundleName = "support-bundle-2026-11-30T08_14_05";

std::string bundle_archive() {
  return src(std::string("samples/") + kBundleName + ".tar.gz");
}

bool starts_with(const std::string& s, const std::string& p) {
  return s.rfind(p, 0) == 0;
}
bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// Every evidence line is that line of the file (or archive member) it names.
void check_evidence_is_real(const std::vector<Finding>& findings) {
  for (const auto& f : findings)
    for (const auto& e : f.evidence) {
      INFO(f.rule << " cites " << e.path << ":" << e.line);
      std::string actual = kubesift::redact(read_cited_line(e.path, e.line));
      std::string expect = e.text;
      if (ends_with(expect, "…")) {
        expect.resize(expect.size() - 3);
        actual = actual.substr(0, expect.size());
      }
      CHECK(actual == expect);
    }
}

// A finding, its paths made relative to `root` (an archive's "a.tar.gz:" or a
// directory's "dir/"), as one comparable line per fact.
std::vector<std::string> relative_facts(const Result& r, const std::string& root) {
  std::vector<std::string> out;
  auto rel = [&](const std::string& p) {
    REQUIRE(starts_with(p, root));
    return p.substr(root.size());
  };
  for (const auto& f : r.findings) {
    std::string head = std::to_string(f.rank) + " " + f.rule + " " + f.severity + " " +
                       f.subject_kind + " " + f.subject_ns + "/" + f.subject_name + "/" +
                       f.subject_container;
    out.push_back(head);
    for (const auto& a : f.affected) out.push_back(head + " affects " + a);
    for (const auto& e : f.evidence)
      out.push_back(head + " cites " + rel(e.path) + ":" + std::to_string(e.line) + " (" + e.role +
                    ") " + e.text);
  }
  return out;
}

}  // namespace

// --- the support bundle ---------------------------------------------------------------------

TEST_CASE("support bundle: the .tar.gz and its extracted directory give the same findings") {
  fs::path dir = scratch("bundle");
  std::string cmd =
      "tar -xzf " + shell_quote(bundle_archive()) + " -C " + shell_quote(dir.string());
  REQUIRE(std::system(cmd.c_str()) == 0);
  REQUIRE(fs::is_directory(dir / kBundleName / "cluster-resources"));

  Result from_archive = analyze({bundle_archive()});
  Result from_dir = analyze({dir.string()});
  INFO(from_archive.summary());
  REQUIRE(!from_archive.findings.empty());
  CHECK(from_archive.input_errors.empty());
  CHECK(from_dir.input_errors.empty());
  CHECK(from_archive.objects == from_dir.objects);
  CHECK(from_archive.events == from_dir.events);
  CHECK(from_archive.inputs == from_dir.inputs);
  CHECK(relative_facts(from_archive, bundle_archive() + ":") ==
        relative_facts(from_dir, dir.string() + "/"));
  check_evidence_is_real(from_dir.findings);
  fs::remove_all(dir);
}

TEST_CASE("support bundle: invoice-worker's OOM kill ranks first, citing the bundle's members") {
  Result r = analyze({bundle_archive()});
  INFO(r.summary() << r.err);
  CHECK(r.exit_code == 0);
  // What the bundle holds: 9 pods, the ReplicaSets of five Deployments (the
  // worker's old one too), the claims.
  CHECK(r.objects["Pod"] == 9);
  CHECK(r.objects["Deployment"] == 5);
  CHECK(r.objects["ReplicaSet"] == 6);
  CHECK(r.objects["StatefulSet"] == 1);
  CHECK(r.objects["PersistentVolumeClaim"] == 2);
  REQUIRE(r.findings.size() >= 2);

  const Finding& f = r.findings.front();
  CHECK(f.rule == "oom-killed");
  CHECK(f.category == "oom-killed");
  CHECK(f.severity == "critical");
  CHECK(f.subject_ns == "billing");
  CHECK(starts_with(f.subject_name, "invoice-worker-"));
  CHECK(f.subject_container == "invoice-worker");
  CHECK(f.message.find("256Mi") != std::string::npos);
  // Both pods of the new ReplicaSet, one finding.
  CHECK(std::count_if(f.affected.begin(), f.affected.end(),
                      [](const std::string& a) { return starts_with(a, "invoice-worker-"); }) == 2);

  const std::string member = bundle_archive() + ":" + kBundleName + "/cluster-resources/";
  bool cause = false, exit_code = false, limit = false, rollout = false;
  for (const auto& e : f.evidence) {
    INFO(e.path << ":" << e.line << ": " << e.text);
    CHECK(starts_with(e.path, member));  // archive:member, never an extracted path
    bool pods = e.path == member + "pods/billing.json";
    cause |= e.role == "cause" && pods && e.text.find("\"OOMKilled\"") != std::string::npos;
    exit_code |= pods && e.text.find("\"exitCode\": 137") != std::string::npos;
    limit |= pods && e.text.find("\"256Mi\"") != std::string::npos;
    // The stuck rollout is this cause's symptom, not a finding of its own.
    rollout |= e.path == member + "deployments/billing.json" &&
               e.text.find("has timed out progressing") != std::string::npos;
  }
  CHECK(cause);
  CHECK(exit_code);
  CHECK(limit);
  CHECK(rollout);
  check_evidence_is_real(r.findings);

  CHECK_FALSE(r.fired("rollout-stuck"));
  CHECK_FALSE(r.fired("crash-loop-back-off"));

  // The distractors: the claim is second, the healthy pods never above low.
  const Finding& g = r.findings[1];
  CHECK(g.rule == "pvc-pending");
  CHECK(g.subject_name == "pdf-archive-scratch");
  bool sc_event = false;
  for (const auto& e : g.evidence)
    sc_event |=
        e.path == member + "events/billing.json" && e.text.find("nfs-archive") != std::string::npos;
  CHECK(sc_event);
  for (const auto& x : r.findings) {
    bool healthy = starts_with(x.subject_name, "invoice-api") ||
                   starts_with(x.subject_name, "postgres") ||
                   starts_with(x.subject_name, "redis") || starts_with(x.subject_name, "coredns");
    if (healthy) CHECK(x.severity == "low");
  }
}

// --- the manifests ----------------------------------------------------------------------------

namespace {

const Finding* lint_finding(const std::vector<Finding>& fs, const std::string& rule,
                            const std::string& name, const std::string& container = "") {
  for (const auto& f : fs)
    if (f.rule == rule && f.subject_name == name &&
        (container.empty() || f.subject_container == container))
      return &f;
  return nullptr;
}

std::string manifests() {
  return src("samples/manifests");
}
std::string manifests_config() {
  return src("samples/manifests/.kubesift.yaml");
}

}  // namespace

TEST_CASE("manifests: the planted mistakes fire, at the offending line, and the run fails") {
  Result r = lint({manifests()}, {"--config", manifests_config()});
  INFO(r.err << r.summary());
  CHECK(r.exit_code == 1);  // default --fail-on high
  CHECK(r.input_errors.empty());
  struct Want {
    const char *rule, *name, *container, *file, *text;
  };
  const Want wants[] = {
      {"image-tag-latest", "frontend", "nginx", "frontend.yaml", "image: nginx:latest"},
      {"service-selects-no-pods", "frontend", "", "frontend.yaml", "selector:"},
      {"ingress-backend-missing", "bookshelf", "", "ingress.yaml", "name: admin"},
      {"privileged-container", "redis-master", "metrics", "redis.helm.yaml", "privileged: true"},
      {"env-from-source-missing", "worker", "worker", "worker.kustomize.yaml",
       "name: worker-settings"},
      {"liveness-probe-missing", "frontend", "nginx", "frontend.yaml", "- name: nginx"},
      {"memory-limit-missing", "frontend", "nginx", "frontend.yaml", "resources:"},
  };
  for (const auto& w : wants) {
    INFO(w.rule << " on " << w.name);
    const Finding* f = lint_finding(r.findings, w.rule, w.name, w.container);
    REQUIRE(f != nullptr);
    REQUIRE(!f->evidence.empty());
    const auto& e = f->evidence.front();
    CHECK(e.path == manifests() + "/" + w.file);
    CHECK(e.column > 0);
    CHECK(read_line(e.path, e.line).find(w.text) != std::string::npos);
  }
  // The high ones are what fails the run.
  for (const char* rule : {"image-tag-latest", "service-selects-no-pods", "ingress-backend-missing",
                           "privileged-container", "env-from-source-missing"}) {
    INFO(rule);
    CHECK(std::any_of(r.findings.begin(), r.findings.end(),
                      [&](const Finding& f) { return f.rule == rule && f.severity == "high"; }));
  }
  // Helm's `# Source:` and kustomize's origin annotation are quoted as the source.
  auto cites = [](const Finding* f, const std::string& text) {
    return f && std::any_of(f->evidence.begin(), f->evidence.end(), [&](const Finding::Ev& e) {
             return e.role == "source" && e.text.find(text) != std::string::npos;
           });
  };
  CHECK(cites(lint_finding(r.findings, "privileged-container", "redis-master", "metrics"),
              "# Source: redis/templates/master/application.yaml"));
  CHECK(cites(lint_finding(r.findings, "env-from-source-missing", "worker", "worker"),
              "config.kubernetes.io/origin"));
  check_evidence_is_real(r.findings);
}

TEST_CASE("manifests: the correct objects are not flagged") {
  Result r = lint({manifests()}, {"--config", manifests_config()});
  REQUIRE(r.objects["Deployment"] == 3);
  // api.yaml and configmap.yaml hold what the rules ask for; so do Helm's Services.
  const std::set<std::pair<std::string, std::string>> clean = {
      {"Deployment", "api"},          {"Service", "api"},         {"ServiceAccount", "api"},
      {"PodDisruptionBudget", "api"}, {"NetworkPolicy", "api"},   {"ConfigMap", "api-config"},
      {"Service", "redis-headless"},  {"Service", "redis-master"}};
  for (const auto& f : r.findings) {
    INFO(f.rule << " on " << f.subject_kind << "/" << f.subject_name);
    CHECK(clean.count({f.subject_kind, f.subject_name}) == 0);
    for (const auto& e : f.evidence)
      CHECK_FALSE((ends_with(e.path, "/api.yaml") || ends_with(e.path, "/configmap.yaml")));
  }
}

TEST_CASE("manifests: .kubesift.yaml's ignore suppresses log-shipper's hostPath, with its reason") {
  Result with = lint({manifests()}, {"--config", manifests_config()});
  CHECK(lint_finding(with.findings, "host-path-volume", "log-shipper") == nullptr);
  const Finding* s = lint_finding(with.suppressed, "host-path-volume", "log-shipper");
  REQUIRE(s != nullptr);
  REQUIRE(with.suppressed.size() == 1);
  // The reason and the config line that says it.
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(with.out).get(doc) == simdjson::SUCCESS);
  simdjson::dom::element sup = doc["suppressed"].at(0)["suppression"].value();
  CHECK(str(sup["kind"]) == "config");
  CHECK(str(sup["source"]) == manifests_config() + ":4");
  CHECK(str(sup["reason"]).find("the mount is read-only (SEC-2291)") != std::string::npos);

  // Without the config (none in the source tree's root or above), it fires.
  Result without = lint({manifests()});
  CHECK(without.exit_code == 1);
  CHECK(lint_finding(without.findings, "host-path-volume", "log-shipper") != nullptr);
  CHECK(without.suppressed.empty());
  CHECK(without.findings.size() == with.findings.size() + 1);
  // --no-suppressions is the audit run: the same as without the ignore.
  Result audit = lint({manifests()}, {"--config", manifests_config(), "--no-suppressions"});
  CHECK(lint_finding(audit.findings, "host-path-volume", "log-shipper") != nullptr);
  CHECK(lint({manifests()}, {"--config", manifests_config(), "--fail-on", "none"}).exit_code == 0);
}

// --- the bulk logs ----------------------------------------------------------------------------

namespace {

struct Aggregate {
  std::string rule, first_seen, last_seen;
  uint64_t count = 0, files = 0;
  std::vector<std::pair<std::string, uint64_t>> top_files;
};

std::vector<Aggregate> aggregates(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(json).get(doc) == simdjson::SUCCESS);
  std::vector<Aggregate> out;
  simdjson::dom::array findings = doc["findings"].get_array().value();
  for (simdjson::dom::element f : findings) {
    Aggregate a;
    a.rule = str(f["rule"]);
    if (f["count"].get_uint64().get(a.count) != simdjson::SUCCESS) a.count = 0;
    if (f["files"].get_uint64().get(a.files) != simdjson::SUCCESS) a.files = 0;
    a.first_seen = str(f["first_seen"]);
    a.last_seen = str(f["last_seen"]);
    simdjson::dom::array top;
    if (f["top_files"].get_array().get(top) == simdjson::SUCCESS)
      for (simdjson::dom::element t : top)
        a.top_files.emplace_back(str(t["path"]), t["count"].get_uint64().value());
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

TEST_CASE("logs: each planted signature is one finding with its lines and files") {
  Result r = analyze({src("samples/logs")});
  INFO(r.summary() << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.inputs == 32);
  CHECK(r.input_errors.empty());
  std::vector<Aggregate> got = aggregates(r.out);
  // What make-logs.py wrote (its docstring's table).
  struct Want {
    const char* rule;
    uint64_t count, files;
  };
  const Want wants[] = {{"connection-refused", 26, 6},
                        {"dns-lookup-failed", 9, 3},
                        {"tls-certificate-invalid", 7, 2},
                        {"go-panic", 2, 2},
                        {"java-out-of-memory", 3, 2}};
  for (const auto& w : wants) {
    INFO(w.rule);
    auto it =
        std::find_if(got.begin(), got.end(), [&](const Aggregate& a) { return a.rule == w.rule; });
    REQUIRE(it != got.end());
    CHECK(it->count == w.count);
    CHECK(it->files == w.files);
    CHECK(std::count_if(got.begin(), got.end(),
                        [&](const Aggregate& a) { return a.rule == w.rule; }) == 1);
  }
  // Postgres was down from 10:02 to 10:09; the checkout pod logged the most.
  auto refused = std::find_if(got.begin(), got.end(),
                              [](const Aggregate& a) { return a.rule == "connection-refused"; });
  REQUIRE(refused != got.end());
  CHECK(starts_with(refused->first_seen, "2026-03-04T10:0"));
  CHECK(starts_with(refused->last_seen, "2026-03-04T10:0"));
  REQUIRE(!refused->top_files.empty());
  CHECK(refused->top_files.front().first ==
        src("samples/logs/kubectl/logs-checkout-5d8f7b9c4-tq9wz-checkout.txt"));
  CHECK(refused->top_files.front().second == 6);
  // The rotated .gz is read and cited by its decompressed lines.
  const Finding* oom = r.first("java-out-of-memory");
  REQUIRE(oom != nullptr);
  CHECK(std::any_of(oom->evidence.begin(), oom->evidence.end(), [](const Finding::Ev& e) {
    return ends_with(e.path, ".gz") && e.text.find("OutOfMemoryError") != std::string::npos;
  }));
  // The panic is found in the plain file and in the CRI file.
  const Finding* panic = r.first("go-panic");
  REQUIRE(panic != nullptr);
  CHECK(panic->affected.size() == 2);
  check_evidence_is_real(r.findings);
}
