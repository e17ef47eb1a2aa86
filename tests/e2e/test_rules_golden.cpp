// Golden tests per rule: tests/rules/<rule>/fire-* must fire the rule and
// dont-fire-* must not, from every input format the case was saved in:
//   text: what kubectl printed (describe, get tables, logs), rendered/
//   json: the objects as `kubectl get -o json` (scenario/cluster) + logs
//   yaml: `kubectl get pod -o yaml` of the unhealthy pods + get events + logs
//   manifest: manifest.yaml (manifest-only cases)
#include "harness.h"
#include "kubesift/engine/catalog.h"

using namespace e2e;

namespace {

struct Variant {
  std::string name;
  std::vector<std::string> paths;
};

bool ends_with(const std::string& s, const std::string& suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

std::vector<Variant> variants(const fs::path& dir) {
  std::vector<Variant> out;
  if (fs::exists(dir / "manifest.yaml"))
    out.push_back({"manifest", {(dir / "manifest.yaml").string()}});
  fs::path rendered = dir / "rendered", scenario = dir / "scenario";
  auto logs = files(rendered,
                    [](const fs::path& p) { return p.filename().string().rfind("logs-", 0) == 0; });
  if (fs::is_directory(rendered)) {
    Variant t{"text", files(rendered, [](const fs::path& p) {
                std::string n = p.filename().string();
                return ends_with(n, ".txt") && n != "commands.txt";
              })};
    out.push_back(t);
    // `kubectl get pod -o yaml` has no events: saved with `get events`.
    Variant y{"yaml", files(rendered, [](const fs::path& p) {
                return ends_with(p.string(), ".yaml") || p.filename() == "get-events.txt";
              })};
    if (y.paths.size() > 1) {
      y.paths.insert(y.paths.end(), logs.begin(), logs.end());
      out.push_back(y);
    }
  }
  if (fs::is_directory(scenario / "cluster")) {
    Variant j{"json", files(scenario / "cluster", [](const fs::path&) { return true; })};
    auto slogs = files(scenario / "logs", [](const fs::path&) { return true; });
    j.paths.insert(j.paths.end(), slogs.begin(), slogs.end());
    out.push_back(j);
  }
  return out;
}

}  // namespace

TEST_CASE("rule fixtures fire and do not fire, the same from every format") {
  fs::path root = src("tests/rules");
  std::vector<kubesift::engine::CatalogError> errors;
  auto catalog = kubesift::engine::Catalog::builtin(errors);
  size_t cases = 0;
  for (const auto& rule_dir : fs::directory_iterator(root)) {
    if (!rule_dir.is_directory()) continue;
    std::string rule = rule_dir.path().filename().string();
    // Manifest rules are `lint`'s (test_lint_golden.cpp).
    const auto* r = catalog.find(rule);
    if (r && kubesift::engine::is_manifest_scope(r->scope)) continue;
    for (const auto& case_dir : fs::directory_iterator(rule_dir.path())) {
      if (!case_dir.is_directory()) continue;
      std::string name = case_dir.path().filename().string();
      bool fire = name.rfind("fire-", 0) == 0;
      bool dont = name.rfind("dont-fire-", 0) == 0;
      if (!fire && !dont) continue;
      auto vs = variants(case_dir.path());
      INFO(rule << "/" << name);
      REQUIRE(!vs.empty());
      size_t formats_firing = 0;
      for (auto v : vs) {
        // kubectl saves an empty file for a container that printed nothing;
        // kubesift reports empty inputs (see test_bad_input), so leave them out.
        v.paths.erase(std::remove_if(v.paths.begin(), v.paths.end(),
                                     [](const std::string& p) { return fs::file_size(p) == 0; }),
                      v.paths.end());
        if (v.paths.empty()) continue;
        Result r = analyze(v.paths);
        INFO("variant " << v.name << ":\n" << r.summary() << r.err);
        CHECK(r.input_errors.empty());
        if (fire) {
          // What kubectl printed and the objects themselves must decide; the
          // pod-YAML variant lacks the objects that are not pods (nodes,
          // claims, workloads), so it counts but is not required.
          if (v.name != "yaml") CHECK(r.fired(rule));
          formats_firing += r.fired(rule);
          if (const Finding* f = r.first(rule)) {
            CHECK(!f->evidence.empty());
            CHECK(f->message.find("(unknown)") == std::string::npos);
          }
        } else {
          CHECK_FALSE(r.fired(rule));
        }
      }
      if (fire && !fs::exists(case_dir.path() / "manifest.yaml")) CHECK(formats_firing >= 2);
      ++cases;
    }
  }
  CHECK(cases >= 20);
}

TEST_CASE("replicas failing the same way are one finding naming every pod") {
  for (std::string variant : {"rendered", "scenario"}) {
    Result r = analyze({src("tests/rules/file-not-found/fire-three-replicas/" + variant)});
    INFO(variant << "\n" << r.summary());
    REQUIRE(r.findings.size() == 1);
    const Finding& f = r.findings.front();
    CHECK(f.rule == "file-not-found");
    CHECK(f.affected == std::vector<std::string>{"orders-6f9c8d7b5d-b8k4w",
                                                 "orders-6f9c8d7b5d-q7x2m",
                                                 "orders-6f9c8d7b5d-z2n9c"});
    CHECK(f.subject_name == "orders-6f9c8d7b5d-b8k4w");
    CHECK(f.message.find("3 pods") != std::string::npos);
  }
}

TEST_CASE("the report is the same from one run to the next") {
  std::vector<std::string> paths = {src("samples/demo-ng"), src("tests/rules/oom-killed")};
  Result a = analyze(paths), b = analyze(paths);
  CHECK(a.out == b.out);
}

TEST_CASE("a missing ConfigMap key is cited with the env declaration that refers to it") {
  for (std::string variant : {"rendered", "scenario"}) {
    Result r = analyze({src("tests/rules/configmap-key-missing/fire-key-absent/" + variant)});
    const Finding* f = r.first("configmap-key-missing");
    INFO(variant << "\n" << r.summary());
    REQUIRE(f != nullptr);
    bool env = false;
    for (const auto& e : f->evidence)
      env |= e.text.find("DB_HOST") != std::string::npos &&
             e.text.find("couldn't find key") == std::string::npos;
    CHECK(env);
  }
}

TEST_CASE("get pods and get events alone are enough for a container cause") {
  fs::path dir = fs::temp_directory_path() / ("kubesift-tables-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const char* f : {"get-pods.txt", "get-events.txt"})
    fs::copy(src(std::string("tests/rules/image-not-found/fire-tag-missing/rendered/") + f),
             dir / f);
  Result r = analyze({dir.string()});
  INFO(r.summary());
  REQUIRE(!r.findings.empty());
  CHECK(r.findings.front().rule == "image-not-found");
  CHECK(r.findings.front().message.find("nginx:1.99") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("an unschedulable pod short of cpu is shown each node's requested and allocatable cpu") {
  Result r = analyze(files(src("tests/rules/unschedulable/fire-insufficient-cpu/rendered"),
                           [](const fs::path& p) { return fs::file_size(p) > 0; }));
  const Finding* f = r.first("unschedulable");
  REQUIRE(f != nullptr);
  CHECK(f->message.find("worker-1 cpu requested 1500m (37%) of 4 allocatable") !=
        std::string::npos);
  bool node_line = false;
  for (const auto& e : f->evidence)
    node_line |= e.path.find("describe-node-worker-1.txt") != std::string::npos;
  CHECK(node_line);
}
