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

// The same lines as node-side files keep them: CRI records (`<time> stdout
// F <line>`) and docker json-file records. Arg 2: a line of 40 KB cut into
// 16 KiB pieces every that many lines (0: none, the common case, which must
// cost what it did before pieces were joined).
std::string runtime_log(size_t bytes, bool docker, size_t long_every) {
  std::string lines = synthetic_log(bytes, 1000), out;
  out.reserve(bytes * 3 / 2);
  auto record = [&](std::string_view l, bool more) {
    if (docker) {
      out += R"({"log":")";
      for (char c : l) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += more ? R"(","stream":"stdout","time":"2024-01-01T00:00:00.000000000Z"})"
                  : R"(\n","stream":"stdout","time":"2024-01-01T00:00:00.000000000Z"})";
    } else {
      out += "2024-01-01T00:00:00.000000000Z stdout ";
      out += more ? "P " : "F ";
      out += l;
    }
    out += '\n';
  };
  size_t n = 0;
  for (size_t at = 0; at < lines.size();) {
    size_t nl = lines.find('\n', at);
    record(std::string_view(lines).substr(at, nl - at), false);
    at = nl + 1;
    if (long_every && ++n % long_every == 0) {
      std::string big(40000, 'a');
      big.replace(16380, 20, "connection refused  ");
      for (size_t p = 0; p < big.size(); p += 16384)
        record(std::string_view(big).substr(p, 16384), p + 16384 < big.size());
    }
  }
  return out;
}

void BM_LogScanRuntime(benchmark::State& state) {
  std::string log = runtime_log(static_cast<size_t>(state.range(0)) << 20, state.range(1) != 0,
                                static_cast<size_t>(state.range(2)));
  const engine::LogScanner& scanner = builtin_engine().scanner();
  engine::ScanStats st;
  for (auto _ : state) {
    std::vector<engine::LogHit> h;
    st = engine::ScanStats{};
    scanner.scan(log, 1, h, nullptr, &st);
    benchmark::DoNotOptimize(h.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * log.size()));
  state.counters["joined"] = static_cast<double>(st.joined_lines);
}
// 64 MiB of CRI (0) or docker (1) records; no long lines, or one every 10k.
BENCHMARK(BM_LogScanRuntime)
    ->ArgNames({"MiB", "docker", "long_every"})
    ->Args({64, 0, 0})
    ->Args({64, 1, 0})
    ->Args({64, 0, 10000})
    ->Args({64, 1, 10000})
    ->Unit(benchmark::kMillisecond);

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
