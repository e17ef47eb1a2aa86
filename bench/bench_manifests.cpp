// Manifest parsing: every YAML reader on the same text, JSON beside them,
// and the lint stage alone, so that the whole process (bench/lint-speed.sh)
// can be split into its parts. Inputs come from bench/gen_manifests.py
// (deterministic), written once to $TMPDIR and reused.
//
//   build/bench/kubesift_bench --benchmark_filter='Yaml|Json|Lint'
//   KUBESIFT_BENCH_PAIRS=12000 ... (Deployment+Service pairs, default 2000)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "kubesift/engine/engine.h"
#include "kubesift/parse/log_line.h"
#include "kubesift/parse/parse.h"
#include "parse/src/tree.h"
#include "parse/src/yaml_reader.h"

namespace {

using namespace kubesift;

size_t pairs() {
  const char* e = std::getenv("KUBESIFT_BENCH_PAIRS");
  return e && std::atol(e) > 0 ? static_cast<size_t>(std::atol(e)) : 2000;
}

// The generated manifest file of `format` (yaml, json, json-compact).
const std::string& manifests(const std::string& format) {
  static std::map<std::string, std::string> cache;
  auto it = cache.find(format);
  if (it != cache.end()) return it->second;
  namespace fs = std::filesystem;
  fs::path dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  fs::path path = dir / ("kubesift-bench-manifests-" + std::to_string(pairs()) + "." + format);
  if (!fs::exists(path)) {
    std::string cmd = "python3 '" + std::string(KUBESIFT_SOURCE_DIR) +
                      "/bench/gen_manifests.py' '" + path.string() + ".tmp' " +
                      std::to_string(pairs()) + " --format " + format + " && mv '" + path.string() +
                      ".tmp' '" + path.string() + "'";
    if (std::system(cmd.c_str()) != 0) std::abort();
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return cache[format] = ss.str();
}

void counters(benchmark::State& state, size_t bytes, size_t values) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["values"] = static_cast<double>(values);
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

// YAML text → model::Tree with one reader.
void BM_YamlTree(benchmark::State& state, std::string reader) {
  parse::set_yaml_reader(reader);
  const std::string& text = manifests("yaml");
  size_t values = 0;
  for (auto _ : state) {
    model::Tree tree;
    std::vector<parse::Root> roots;
    std::vector<parse::TreeError> errors;
    parse::yaml_to_tree(text, tree, roots, errors);
    if (!errors.empty() || roots.size() != 2 * pairs()) state.SkipWithError("parse failed");
    values = tree.node_count();
    benchmark::DoNotOptimize(roots.data());
  }
  counters(state, text.size(), values);
  parse::set_yaml_reader(parse::yaml_readers().front().name);
}

// The whole parse layer on the YAML file: tree, then Kubernetes objects.
void BM_YamlObjects(benchmark::State& state, std::string reader) {
  parse::set_yaml_reader(reader);
  model::Document doc;
  doc.id = 0;
  doc.path = "manifests.yaml";
  doc.content = manifests("yaml");
  for (auto _ : state) {
    model::Facts f;
    auto err = parse::parse_kube_yaml(doc, f);
    if (err || f.objects.size() != 2 * pairs()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(f.objects.data());
  }
  counters(state, doc.content.size(), 0);
  parse::set_yaml_reader(parse::yaml_readers().front().name);
}

void BM_JsonTree(benchmark::State& state, std::string format) {
  const std::string& text = manifests(format);
  size_t values = 0;
  for (auto _ : state) {
    model::Tree tree;
    std::vector<parse::Root> roots;
    std::vector<parse::TreeError> errors;
    parse::json_to_tree(text, tree, roots, errors);
    if (!errors.empty()) state.SkipWithError("parse failed");
    values = tree.node_count();
    benchmark::DoNotOptimize(roots.data());
  }
  counters(state, text.size(), values);
}

void BM_JsonObjects(benchmark::State& state, std::string format) {
  model::Document doc;
  doc.id = 0;
  doc.path = "manifests.json";
  doc.content = manifests(format);
  for (auto _ : state) {
    model::Facts f;
    auto err = parse::parse_kube_json(doc, f);
    if (err || f.objects.size() != 2 * pairs()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(f.objects.data());
  }
  counters(state, doc.content.size(), 0);
}

// The lint stage alone (every rule, optional ones too) on the parsed YAML
// file; per MB of the YAML it came from.
void BM_LintStage(benchmark::State& state) {
  static std::unique_ptr<engine::Engine> eng = [] {
    std::vector<engine::CatalogError> cerrs;
    auto cat = engine::Catalog::builtin(cerrs);
    std::vector<std::string> errors;
    return engine::Engine::create(std::move(cat), parse::log_line_reader(), errors);
  }();
  model::Store store;
  model::DocId id = store.add_document("manifests.yaml", manifests("yaml"));
  model::Facts f;
  parse::parse_document(store.doc(id), f);
  store.facts.append(std::move(f));
  engine::LintOptions opts;
  opts.all_checks = true;
  opts.today = "2026-12-01";
  size_t findings = 0;
  for (auto _ : state) {
    auto res = eng->lint(store, opts);
    findings = res.findings.size();
    benchmark::DoNotOptimize(res.findings.data());
  }
  counters(state, store.doc(id).content.size(), 0);
  state.counters["findings"] = static_cast<double>(findings);
}

const int registered = [] {
  for (const auto& r : parse::yaml_readers()) {
    std::string name(r.name);
    benchmark::RegisterBenchmark(("BM_YamlTree/" + name).c_str(), BM_YamlTree, name)
        ->Unit(benchmark::kMillisecond);
    // Several threads (large streams are read in pieces): CPU time of the
    // whole process, so MB/s is per CPU second; the Time column is wall.
    benchmark::RegisterBenchmark(("BM_YamlObjects/" + name).c_str(), BM_YamlObjects, name)
        ->MeasureProcessCPUTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (std::string f : {"json", "json-compact"}) {
    benchmark::RegisterBenchmark(("BM_JsonTree/" + f).c_str(), BM_JsonTree, f)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_JsonObjects/" + f).c_str(), BM_JsonObjects, f)
        ->MeasureProcessCPUTime()
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("BM_LintStage", BM_LintStage)
      ->MeasureProcessCPUTime()
      ->Unit(benchmark::kMillisecond);
  return 0;
}();

}  // namespace
