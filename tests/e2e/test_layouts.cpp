// Every layout people save, read into the same model: support bundles,
// must-gathers, cluster-info dumps (directory and stream), archives.
#include "harness.h"

using namespace e2e;

namespace {

// The root causes of the workloads that are down, in rank order.
std::vector<std::string> causes(const Result& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    if (f.severity == "critical")
      out.push_back(f.rule + " " + f.subject_ns + "/" + f.subject_name + "/" + f.subject_container);
  return out;
}

std::vector<std::string> describe_text_variant() {
  return files(src("samples/demo-ng"), [](const fs::path& p) {
    return p.extension() == ".txt" && p.filename() != "commands.txt";
  });
}

}  // namespace

TEST_CASE("one namespace saved six ways gives the same root causes in the same order") {
  Result text = analyze(describe_text_variant());
  std::vector<std::string> json_paths = {src("samples/scenarios/demo-ng/cluster"),
                                         src("samples/scenarios/demo-ng/logs")};
  std::vector<std::pair<std::string, std::vector<std::string>>> variants = {
      {"-o json", json_paths},
      {"support bundle", {src("tests/data/variants/demo-ng/support-bundle")}},
      {"must-gather", {src("tests/data/variants/demo-ng/must-gather")}},
      {"cluster-info dump", {src("tests/data/variants/demo-ng/cluster-info-dump")}},
      {"cluster-info dump stream",
       {src("tests/data/variants/demo-ng/cluster-info-dump-stream.txt")}},
  };
  auto expected = causes(text);
  INFO("describe text:\n" << text.summary());
  REQUIRE(expected.size() == 2);
  CHECK(expected[0].rfind("file-not-found demo-ng/checkoutservice-", 0) == 0);
  CHECK(expected[1].rfind("oom-killed demo-ng/currencyservice-", 0) == 0);
  for (const auto& [name, paths] : variants) {
    Result r = analyze(paths);
    INFO(name << ":\n" << r.summary() << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.objects["Pod"] == 9);
    CHECK(r.events == 74);
    CHECK(causes(r) == expected);
  }
}

TEST_CASE("sbctl bundle: 58 pods - velero's crash loop is its bad command from the previous log") {
  Result r = analyze({corpus("sbctl/tests/support-bundle")});
  INFO(r.summary() << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.objects["Pod"] == 58);
  const Finding* velero = nullptr;
  for (size_t i = 0; i < r.findings.size() && i < 3; ++i)
    if (r.findings[i].subject_name.rfind("velero-", 0) == 0) velero = &r.findings[i];
  REQUIRE(velero != nullptr);
  CHECK(velero->category == "bad-command");
  bool cites = false;
  for (const auto& e : velero->evidence)
    cites |= e.path.ends_with("velero-previous.log") &&
             e.text.find("unknown command \"server-junk\"") != std::string::npos;
  CHECK(cites);
}

TEST_CASE("omc must-gather: current, rotated and gzip-rotated logs are all read") {
  Result r = analyze({corpus("omc/testdata")});
  CHECK(r.exit_code == 0);
  CHECK(r.input_errors.empty());
  std::string out = r.out;
  for (const char* p : {"logs/current.log\"", "rotated/1.log.20231102-061208\"",
                        "rotated/1.log.20231102-061208.gz\""}) {
    INFO(p);
    size_t at = out.find(p);
    REQUIRE(at != std::string::npos);
    std::string tail = out.substr(at, 120);
    CHECK(tail.find("\"format\": \"log-") != std::string::npos);
  }
}

TEST_CASE("support bundle collection errors and uncollected logs become notes") {
  fs::path dir = fs::temp_directory_path() / ("kubesift-bundle-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(src("tests/data/variants/demo-ng/support-bundle"), dir, fs::copy_options::recursive);
  fs::path root = dir / "support-bundle-2026-01-10T12_00_00" / "cluster-resources";
  std::ofstream(root / "events-errors.json")
      << "[\"events is forbidden: User \\\"sb\\\" cannot list resource \\\"events\\\" in API group "
         "\\\"\\\" in the namespace \\\"demo-ng\\\"\"]\n";
  fs::create_directories(root / "pods" / "logs" / "demo-ng" / "adservice-79f74f8b7-92lqr");
  std::ofstream(root / "pods" / "logs" / "demo-ng" / "adservice-79f74f8b7-92lqr" /
                "adservice-logs-errors.log")
      << "failed to get log stream: container \"adservice\" in pod is waiting to start\n";
  Result r = analyze({dir.string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  bool events = false, logs = false;
  for (const auto& n : r.notes) {
    events |= n.find("Not collected") != std::string::npos &&
              n.find("events") != std::string::npos && n.find("forbidden") != std::string::npos;
    logs |= n.find("logs of container adservice") != std::string::npos;
  }
  CHECK(events);
  CHECK(logs);
  fs::remove_all(dir);
}

TEST_CASE("every file of the shared corpus is recognised or rejected with a reason") {
  for (const char* dir : {"troubleshoot", "sbctl", "omc", "kubeconform", "polaris"}) {
    Result r = analyze({corpus(dir)});
    INFO(dir << "\n" << r.err.substr(0, 3000));
    CHECK((r.exit_code == 0 || r.exit_code == 2));
    CHECK(r.inputs > 0);
    // Rejections name the file and say why (checked in the JSON: error strings).
    for (const auto& [path, error] : r.input_errors) {
      INFO(path);
      CHECK(!error.empty());
    }
  }
}

TEST_CASE("troubleshoot bundle archive: 8 pods, findings cite members of the archive") {
  Result r = analyze({corpus("troubleshoot/testdata/supportbundle/support-bundle.tar.gz")});
  INFO(r.summary() << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.objects["Pod"] == 8);
  REQUIRE(!r.findings.empty());
  // Three kube-system pods restart for the same reason: they time out
  // reaching the API server (10.43.0.1:443). metrics-server panics on it;
  // its previous log, inside the archive, is the evidence.
  // They restarted 96 times, and have been running and ready for 7 hours
  // when the bundle was taken (the bundle's own latest time): history, low,
  // with its age. One dependency, three workloads: one finding naming them.
  const Finding& f = r.findings.front();
  CHECK(f.rule == "connection-timeout");
  CHECK(f.severity == "low");
  CHECK(f.message.find("running and ready for 7h") != std::string::npos);
  CHECK(f.message.find("3 workloads fail to reach the same dependency 10.43.0.1:443") !=
        std::string::npos);
  CHECK(f.affected.size() == 3);
  bool ms = false, ms_log = false;
  for (const auto& a : f.affected) ms |= a.rfind("metrics-server-", 0) == 0;
  for (const auto& e : f.evidence) ms_log |= e.path.ends_with("metrics-server-previous.log");
  CHECK(ms);
  // metrics-server panics on it; its previous log, inside the archive, is
  // the evidence.
  CHECK(ms_log);
  for (const auto& fi : r.findings)
    for (const auto& e : fi.evidence)
      CHECK(e.path.find("support-bundle.tar.gz:") != std::string::npos);
}

TEST_CASE("healthy baseline bundle: 9 pods, nothing critical or high") {
  Result r = analyze({corpus("troubleshoot/test/baselines/supportbundle/baseline.tar.gz")});
  INFO(r.summary() << r.err);
  CHECK(r.exit_code == 0);
  // 7 in cluster-resources/pods, and the two run collectors' pods, written
  // without kind in run-example/ and run-pod-example/ (test_kindless.cpp).
  CHECK(r.objects["Pod"] == 9);
  for (const auto& f : r.findings) CHECK((f.severity != "critical" && f.severity != "high"));
}

TEST_CASE("kubectl cluster-info dump logs without a matching banner end are kept") {
  fs::path p = fs::temp_directory_path() / ("kubesift-dump-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(p) << "==== START logs for container app of pod shop/app-1 ====\n"
                      "panic: boom\n";
  Result r = analyze({p.string()});
  CHECK(r.exit_code == 0);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "go-panic");
  CHECK(r.findings[0].subject_name == "app-1");
  CHECK(r.findings[0].subject_container == "app");
  fs::remove(p);
}

TEST_CASE("Helm-rendered manifests: findings cite the template named by # Source") {
  Result r = analyze({src("tests/data/manifests/helm-rendered.yaml")});
  INFO(r.summary() << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.objects["Deployment"] == 1);
  CHECK(r.objects["Service"] == 1);
  for (std::string rule : {"memory-limit-missing", "probe-port-undeclared"}) {
    const Finding* f = r.first(rule);
    INFO(rule);
    REQUIRE(f != nullptr);
    CHECK(f->subject_kind == "Deployment");
    CHECK(f->subject_name == "shop-web");
    bool cites = false;
    for (const auto& e : f->evidence)
      cites |= e.line == 14 && e.text == "# Source: shop/templates/deployment.yaml";
    CHECK(cites);
  }
  // The probe names a port no containerPort has: it can never succeed.
  CHECK(r.first("probe-port-undeclared")->severity == "high");
}

TEST_CASE("kubesift inventory lists what each input was recognised as") {
  std::ostringstream out, err;
  int rc = kubesift::cli::run({"inventory", "--format", "json", src("samples/demo-ng")}, out, err);
  CHECK(rc == 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(out.str()).get(doc) == simdjson::SUCCESS);
  CHECK(doc["summary"]["objects"]["Pod"].get_uint64().value() == 9);
  CHECK(doc["summary"]["events"].get_uint64().value() == 74);
  CHECK(doc["summary"]["containers_with_previous_logs"].get_uint64().value() == 5);
  simdjson::dom::array inputs = doc["inputs"].get_array().value();
  size_t describe = 0;
  for (simdjson::dom::element in : inputs) describe += str(in["format"]) == "kubectl-describe";
  CHECK(describe == 28);
}
