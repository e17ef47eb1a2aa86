// Per-stage benchmarks. Inputs are generated in memory (deterministic) or
// read from samples/, so every number can be reproduced from the repo.
#include <benchmark/benchmark.h>

#include <fstream>
#include <random>
#include <sstream>

#include "kubesift/correlate/graph.h"
#include "kubesift/engine/engine.h"
#include "kubesift/ingest/ingest.h"
#include "kubesift/parse/log_line.h"
#include "kubesift/parse/parse.h"

namespace {

using namespace kubesift;

// A log of realistic lines (klog, JSON, plain) with one failure signature
// in every `hit_every` lines.
std::string synthetic_log(size_t bytes, size_t hit_every) {
  static const char* normal[] = {
      "I0206 12:11:49.985473       1 server.go:123] \"handled request\" path=\"/api/v1/items\" "
      "status=200 duration=\"1.2ms\"",
      "{\"level\":\"info\",\"ts\":1675685509.985,\"caller\":\"server/handler.go:42\",\"msg\":"
      "\"request served\",\"status\":200,\"bytes\":5123}",
      "2023-02-06T12:11:49.985Z INFO  [worker-3] com.example.Processor - processed batch 18311 "
      "in 35 ms",
      "time=\"2023-02-06T12:11:49Z\" level=info msg=\"cache refreshed\" entries=1024",
      "GET /healthz 200 0.3ms - kube-probe/1.28",
  };
  static const char* failures[] = {
      "{\"message\":\"no such file or directory: /Users/my_user/bin/currency_script.sh\","
      "\"severity\":\"error\"}",
      "dial tcp 10.96.0.12:6379: connect: connection refused",
      "panic: runtime error: invalid memory address or nil pointer dereference",
  };
  std::mt19937 rng(42);
  std::string out;
  out.reserve(bytes + 256);
  size_t n = 0;
  while (out.size() < bytes) {
    if (hit_every && ++n % hit_every == 0)
      out += failures[rng() % 3];
    else
      out += normal[rng() % 5];
    out += '\n';
  }
  return out;
}

const engine::Engine& builtin_engine() {
  static std::unique_ptr<engine::Engine> e = [] {
    std::vector<engine::CatalogError> cerrs;
    auto cat = engine::Catalog::builtin(cerrs);
    std::vector<std::string> errors;
    return engine::Engine::create(std::move(cat), parse::log_line_reader(), errors);
  }();
  return *e;
}

void BM_LogScan(benchmark::State& state) {
  std::string log =
      synthetic_log(static_cast<size_t>(state.range(0)) << 20, static_cast<size_t>(state.range(1)));
  const engine::LogScanner& scanner = builtin_engine().scanner();
  size_t hits = 0;
  for (auto _ : state) {
    std::vector<engine::LogHit> h;
    scanner.scan(log, 1, h);
    hits = h.size();
    benchmark::DoNotOptimize(h.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * log.size()));
  state.counters["signatures"] = static_cast<double>(scanner.signature_count());
  state.counters["hits_kept"] = static_cast<double>(hits);
}
// 64 MiB; a failure every 100k lines (quiet) and every 1k lines (noisy).
BENCHMARK(BM_LogScan)->Args({64, 100000})->Args({64, 1000})->Unit(benchmark::kMillisecond);

// The same bytes, only counting lines: the floor any line-oriented scan pays.
void BM_LineCountFloor(benchmark::State& state) {
  std::string log = synthetic_log(static_cast<size_t>(state.range(0)) << 20, 100000);
  for (auto _ : state) {
    size_t n = 0;
    for (char c : log) n += c == '\n';
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * log.size()));
}
BENCHMARK(BM_LineCountFloor)->Arg(64)->Unit(benchmark::kMillisecond);

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void BM_ParseKubeJson(benchmark::State& state) {
  model::Document doc;
  doc.id = 0;
  doc.path = "pods.json";
  doc.content = read(std::string(KUBESIFT_SOURCE_DIR) + "/samples/demo-ng/pods.json");
  doc.format = model::Format::KubeJson;
  for (auto _ : state) {
    model::Facts f;
    parse::parse_kube_json(doc, f);
    benchmark::DoNotOptimize(f.pods.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.content.size()));
}
BENCHMARK(BM_ParseKubeJson)->Unit(benchmark::kMicrosecond);

// ingest → parse → correlate → rules over samples/demo-ng.
void BM_AnalyzeDemoNg(benchmark::State& state) {
  for (auto _ : state) {
    model::Store store;
    ingest::ingest_paths({std::string(KUBESIFT_SOURCE_DIR) + "/samples/demo-ng"}, store);
    for (size_t i = 0; i < store.doc_count(); ++i) {
      model::Facts f;
      parse::parse_document(store.doc(static_cast<model::DocId>(i)), f);
      store.facts.append(std::move(f));
    }
    auto graph = correlate::build_graph(store);
    auto analysis = builtin_engine().analyze(graph);
    benchmark::DoNotOptimize(analysis.findings.data());
  }
}
BENCHMARK(BM_AnalyzeDemoNg)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
