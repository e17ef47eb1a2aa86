// Log documents in every shape people save (tests/data/logs/, see its README
// for where each file comes from): sniffed as logs, never as Kubernetes
// objects or tables; the file's shape recorded; `kubectl logs --prefix`
// files split into one log per pod and container.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kubesift/model/log_line.h"
#include "kubesift/parse/log_line.h"
#include "kubesift/parse/parse.h"

using namespace kubesift;
using model::Format;
using model::LogShape;

namespace {

std::string read(const std::string& rel) {
  std::ifstream f(std::string(KUBESIFT_SOURCE_DIR) + "/" + rel, std::ios::binary);
  REQUIRE(f.good());
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

model::Document doc_of(std::string content, std::string path) {
  model::Document d;
  d.id = 7;
  d.path = std::move(path);
  d.content = std::move(content);
  return d;
}

// Parses the file as the CLI would (sniff, then the log parser).
model::Facts parse_file(const std::string& rel, model::Document* keep = nullptr) {
  model::Document d = doc_of(read(rel), rel);
  model::Facts f;
  parse::parse_document(d, f);
  CHECK(d.error.empty());
  if (keep) *keep = d;
  return f;
}

}  // namespace

TEST_CASE("log shapes: every shape is sniffed as a log and its shape recorded") {
  struct Case {
    const char* file;
    Format format;
    LogShape shape, payload;
    bool json_lines, partial;
  };
  const Case cases[] = {
      {"tests/data/logs/zap.log", Format::LogJsonLines, LogShape::JsonLines, LogShape::JsonLines,
       true, false},
      {"tests/data/logs/logrus.log", Format::LogJsonLines, LogShape::JsonLines, LogShape::JsonLines,
       true, false},
      {"tests/data/logs/slog.log", Format::LogJsonLines, LogShape::JsonLines, LogShape::JsonLines,
       true, false},
      {"tests/data/logs/gcp.log", Format::LogJsonLines, LogShape::JsonLines, LogShape::JsonLines,
       true, false},
      // Its third line logs a Pod object: still a log, not a Kubernetes object.
      {"tests/data/logs/k8s-component.log", Format::LogJsonLines, LogShape::JsonLines,
       LogShape::JsonLines, true, false},
      {"tests/data/logs/logfmt.log", Format::LogText, LogShape::Logfmt, LogShape::Logfmt, false,
       false},
      {"tests/data/logs/docker-json.log", Format::LogJsonLines, LogShape::DockerJson,
       LogShape::Plain, true, true},
      {"tests/data/logs/cri.log", Format::LogText, LogShape::Cri, LogShape::Plain, false, true},
      {"tests/data/logs/omc-rotated-1.log", Format::LogText, LogShape::Cri, LogShape::Klog, false,
       false},
      {"tests/data/logs/omc-current.log", Format::LogText, LogShape::Timestamped, LogShape::Klog,
       false, false},
      {"tests/data/logs/sbctl-velero.log", Format::LogText, LogShape::Plain, LogShape::Plain, false,
       false},
      // A JSON logger, then a Go panic: the logger's shape, but not all lines are JSON.
      {"tests/data/logs/mixed-json-panic.log", Format::LogText, LogShape::JsonLines,
       LogShape::JsonLines, true, false},
      {"samples/demo-ng/logs-checkoutservice-7db49c4d49-7cv5d-checkoutservice-previous.txt",
       Format::LogJsonLines, LogShape::JsonLines, LogShape::JsonLines, true, false},
      {"samples/demo-ng/logs-adservice-79f74f8b7-92lqr-adservice-previous.txt",
       Format::LogJsonLines, LogShape::JsonLines, LogShape::JsonLines, true, false},
      {"samples/demo-ng/logs-cartservice-74d857d84-ddhsv-cartservice-previous.txt", Format::LogText,
       LogShape::Plain, LogShape::Plain, false, false},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    model::Document d;
    model::Facts f = parse_file(c.file, &d);
    CHECK(parse::sniff(d.content) == c.format);
    CHECK(d.format == c.format);
    REQUIRE(f.logs.size() == 1);
    const model::LogFile& log = f.logs[0];
    CHECK(log.doc == 7);
    CHECK(model::to_string(log.shape) == model::to_string(c.shape));
    CHECK(model::to_string(log.payload_shape) == model::to_string(c.payload));
    CHECK(log.json_lines == c.json_lines);
    CHECK(log.partial_lines == c.partial);
    CHECK(log.lines.empty());
    CHECK(log.first_line == 1);
    CHECK(log.last_line == d.line_count());
    CHECK(log.pod.empty());
  }
}

TEST_CASE("log shapes: the mixed file's JSON is only a part of it") {
  // zap JSON followed by a panic: 2 of 10 lines are JSON; the shape follows
  // the first line, and the panic's lines read as plain text.
  model::Document d;
  parse_file("tests/data/logs/mixed-json-panic.log", &d);
  CHECK(parse::log_level(d.line(1)) == model::LogLevel::Info);
  CHECK(parse::split_log_line(d.line(3)).payload_shape == LogShape::Plain);
  CHECK(parse::log_level(d.line(3)) == model::LogLevel::Fatal);
  CHECK(parse::log_level(d.line(6)) == model::LogLevel::Unknown);  // goroutine 1 [running]:
}

TEST_CASE("log shapes: kubectl logs --prefix gives one log per pod and container") {
  model::Document d;
  model::Facts f = parse_file("tests/data/logs/prefix.log", &d);
  CHECK(d.format == Format::LogText);
  REQUIRE(f.logs.size() == 3);
  const auto& api = f.logs[0];
  CHECK(api.pod == "api-7d9f8b6c5-x2x4q");
  CHECK(api.container == "api");
  // Lines 7-9 are an unprefixed stack trace after the api's panic line.
  CHECK(api.lines == std::vector<uint32_t>{1, 4, 6, 7, 8, 9});
  CHECK(api.first_line == 1);
  CHECK(api.last_line == 9);
  CHECK(api.shape == LogShape::Prefixed);
  CHECK(api.payload_shape == LogShape::JsonLines);
  CHECK_FALSE(api.json_lines);
  CHECK_FALSE(api.previous);
  const auto& proxy = f.logs[1];
  CHECK(proxy.pod == "api-7d9f8b6c5-x2x4q");
  CHECK(proxy.container == "proxy");
  CHECK(proxy.lines == std::vector<uint32_t>{2, 11});
  CHECK(proxy.payload_shape == LogShape::Plain);
  const auto& worker = f.logs[2];
  CHECK(worker.pod == "worker-5c6b7d8e9-abcde");
  CHECK(worker.container == "worker");
  CHECK(worker.lines == std::vector<uint32_t>{3, 5, 10});
  CHECK(worker.payload_shape == LogShape::Klog);
  // Every line is in exactly one log; the engine hands hits out by holds().
  for (uint32_t n = 1; n <= d.line_count(); ++n) {
    INFO("line " << n);
    int holders = 0;
    for (const auto& l : f.logs) holders += l.holds(n) ? 1 : 0;
    CHECK(holders == 1);
  }
  CHECK(worker.holds(5));
  CHECK_FALSE(worker.holds(4));
  // The lines the rules would cite, read through the model.
  auto hit = parse::split_log_line(d.line(5));
  CHECK(hit.prefix_pod == worker.pod);
  CHECK(hit.level == model::LogLevel::Error);
  CHECK(hit.message == "dial tcp 10.96.0.12:6379: connect: connection refused");
  CHECK(parse::log_level(d.line(4)) == model::LogLevel::Error);
  CHECK(parse::log_level(d.line(11)) == model::LogLevel::Error);
}

TEST_CASE("log shapes: --prefix with --timestamps, previous, and lines before any prefix") {
  model::Document d;
  model::Facts f = parse_file("tests/data/logs/prefix-timestamps.log", &d);
  REQUIRE(f.logs.size() == 3);
  CHECK(f.logs[0].pod == "web-0");
  CHECK(f.logs[0].container == "nginx");
  CHECK(f.logs[0].lines == std::vector<uint32_t>{1, 2});
  CHECK(f.logs[1].pod == "web-1");
  CHECK(f.logs[1].container == "nginx");
  CHECK(f.logs[1].lines == std::vector<uint32_t>{3});
  CHECK(f.logs[1].payload_shape == LogShape::JsonLines);
  CHECK(f.logs[2].pod == "web-0");
  CHECK(f.logs[2].container == "exporter");
  CHECK(f.logs[2].lines == std::vector<uint32_t>{4});
  CHECK(f.logs[2].payload_shape == LogShape::Logfmt);
  auto first = parse::split_log_line(d.line(1));
  CHECK(first.timestamp == "2023-02-06T12:11:49.985473135Z");
  CHECK(first.level == model::LogLevel::Fatal);  // nginx [emerg]

  // Saved with --previous (the name says so), after kubectl's own warning.
  model::Document p = doc_of(
      "Warning: deprecated flag\n"
      "[pod/db-0/postgres] 2023-02-06T12:11:49.985473135Z FATAL:  data directory "
      "\"/var/lib/postgresql/data\" has invalid permissions\n"
      "[pod/db-0/postgres] 2023-02-06T12:11:49.985473136Z DETAIL:  Permissions should "
      "be u=rwx (0700).\n"
      "\n"
      "[pod/db-1/postgres] 2023-02-06T12:11:50.000000000Z LOG:  database system is ready\n",
      "db-previous.log");
  CHECK(parse::sniff(p.content) == Format::LogText);
  model::Facts pf;
  parse::parse_document(p, pf);
  REQUIRE(pf.logs.size() == 2);
  CHECK(pf.logs[0].pod == "db-0");
  CHECK(pf.logs[0].previous);
  CHECK(pf.logs[0].lines == std::vector<uint32_t>{2, 3, 4});
  CHECK(pf.logs[1].pod == "db-1");
  CHECK(pf.logs[1].previous);
  CHECK(pf.logs[1].lines == std::vector<uint32_t>{5});
  CHECK_FALSE(pf.logs[0].holds(1));
  CHECK_FALSE(pf.logs[1].holds(1));
}

TEST_CASE("log shapes: a prefixed line followed by a long pasted stack trace") {
  std::string s = "[pod/api-1/api] panic: boom\n\ngoroutine 1 [running]:\n";
  for (int i = 0; i < 100; ++i) s += "main.f" + std::to_string(i) + "()\n\t/app/main.go:1\n";
  s += "[pod/api-1/sidecar] shutting down\n";
  model::Document d = doc_of(s, "pasted.txt");
  model::Facts f;
  parse::parse_document(d, f);
  REQUIRE(f.logs.size() == 2);
  CHECK(f.logs[0].container == "api");
  CHECK(f.logs[0].lines.size() == 203);
  CHECK(f.logs[1].container == "sidecar");
  CHECK(f.logs[1].lines == std::vector<uint32_t>{204});
}

TEST_CASE("log shapes: a large --prefix file interleaving many containers") {
  std::string content;
  const int kPods = 40;
  const uint32_t kLines = 20000;
  for (uint32_t i = 0; i < kLines; ++i)
    content += "[pod/p-" + std::to_string(i % kPods) + "/c] line " + std::to_string(i) + "\n";
  model::Document d = doc_of(std::move(content), "all.log");
  model::Facts f;
  parse::parse_document(d, f);
  REQUIRE(f.logs.size() == static_cast<size_t>(kPods));
  size_t total = 0;
  for (int k = 0; k < kPods; ++k) {
    const auto& l = f.logs[static_cast<size_t>(k)];
    CHECK(l.pod == "p-" + std::to_string(k));
    REQUIRE(l.lines.size() == kLines / kPods);
    CHECK(std::is_sorted(l.lines.begin(), l.lines.end()));
    CHECK(l.lines.front() == static_cast<uint32_t>(k) + 1);
    total += l.lines.size();
  }
  CHECK(total == kLines);
}

TEST_CASE("log shapes: sniffing logs that look like JSON or brackets") {
  // --prefix output starts with '[': a log, not a JSON array.
  CHECK(parse::sniff("[pod/a-1/app] starting\n[pod/a-1/app] ready\n") == Format::LogText);
  CHECK(parse::sniff("[pod/a-1/app] {\"level\":\"info\",\"msg\":\"x\"}\n") == Format::LogText);
  CHECK(parse::sniff("[INFO] starting\n[WARN] slow\n") == Format::LogText);
  CHECK(parse::sniff("[2023-02-06 12:11:49] app.ERROR: boom\n") == Format::LogText);
  // JSON arrays stay JSON.
  CHECK(parse::sniff("[1,2,3]") == Format::KubeJson);
  CHECK(parse::sniff("[\n  {\"apiVersion\": \"v1\", \"kind\": \"Pod\"}\n]\n") == Format::KubeJson);
  CHECK(parse::sniff("[]\n") == Format::KubeJson);
  // A log record that carries an object is a log; an object per line is not.
  CHECK(parse::sniff(
            "{\"level\":\"info\",\"msg\":\"Reconciling\",\"object\":{\"apiVersion\":\"v1\","
            "\"kind\":\"Pod\"}}\n{\"level\":\"info\",\"msg\":\"done\"}\n") == Format::LogJsonLines);
  CHECK(parse::sniff("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}}\n"
                     "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"b\"}}\n") ==
        Format::KubeJson);
  // Envelopes: never a table, describe text or manifest.
  CHECK(parse::sniff("2023-02-06T12:11:49.985473135Z NAME   READY   STATUS\n") == Format::LogText);
  CHECK(parse::sniff("2016-10-06T00:17:09.669794202Z stdout F Name: x\n") == Format::LogText);
  CHECK(parse::sniff("{\"log\":\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"Pod\\\"}\\n\","
                     "\"stream\":\"stdout\",\"time\":\"2016-10-20T18:39:20Z\"}\n") ==
        Format::LogJsonLines);
}

TEST_CASE("log shapes: detection looks at the first lines only") {
  // A long log: 100 CRI lines, then a plain tail the sample does not reach.
  std::string s;
  for (int i = 0; i < 100; ++i) s += "2016-10-06T00:17:09.669794202Z stdout F line\n";
  for (int i = 0; i < 100; ++i) s += "plain\n";
  model::Document d = doc_of(s, "x.log");
  model::Facts f;
  parse::parse_document(d, f);
  REQUIRE(f.logs.size() == 1);
  CHECK(f.logs[0].shape == LogShape::Cri);
  CHECK_FALSE(f.logs[0].partial_lines);
  CHECK(f.logs[0].last_line == 200);
  CHECK(f.logs[0].lines.empty());
}
