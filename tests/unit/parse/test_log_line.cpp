// One physical log line split into its layers (parse/log_line.h). The lines
// are the shapes of tests/data/logs/ (see the README there for where each
// comes from); the engine reads a hit line's level through log_level().
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kubesift/parse/log_line.h"

using namespace kubesift::model;
using namespace kubesift::parse;

namespace {

std::vector<std::string> lines_of(const std::string& rel) {
  std::ifstream f(std::string(KUBESIFT_SOURCE_DIR) + "/" + rel, std::ios::binary);
  REQUIRE(f.good());
  std::vector<std::string> out;
  for (std::string l; std::getline(f, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("log lines: zap JSON") {
  auto f = split_log_line(
      R"({"level":"error","ts":1675685511.5,"caller":"db/pool.go:120","msg":"dial tcp 10.96.0.12:5432: connect: connection refused","stacktrace":"main.run\n\t/app/main.go:42"})");
  CHECK(f.shape == LogShape::JsonLines);
  CHECK(f.payload_shape == LogShape::JsonLines);
  CHECK(f.level == LogLevel::Error);
  CHECK(f.message == "dial tcp 10.96.0.12:5432: connect: connection refused");
  CHECK_FALSE(f.message_escaped);
  CHECK(f.timestamp == "1675685511.5");
  CHECK(f.stream.empty());
  CHECK_FALSE(f.partial);

  auto d = split_log_line(
      R"({"level":"dpanic","ts":1675685511.6,"caller":"server/handler.go:17","msg":"invariant \"routes\" broken"})");
  CHECK(d.level == LogLevel::Error);
  CHECK(d.message == R"(invariant \"routes\" broken)");
  CHECK(d.message_escaped);
  CHECK(unescape_json(d.message) == R"(invariant "routes" broken)");
  CHECK(log_level(R"({"level":"warn","ts":1,"msg":"x"})") == LogLevel::Warn);
  CHECK(log_level(R"({"level":"debug","ts":1,"msg":"x"})") == LogLevel::Debug);
  // zap's development JSON keys
  auto dev = split_log_line(R"({"L":"WARN","T":"2023-02-06T12:11:49.985Z","M":"slow"})");
  CHECK(dev.level == LogLevel::Warn);
  CHECK(dev.message == "slow");
  CHECK(dev.timestamp == "2023-02-06T12:11:49.985Z");
}

TEST_CASE("log lines: logrus and slog JSON, logfmt text") {
  auto l = split_log_line(
      R"({"error":"open /etc/app/config.yaml: no such file or directory","level":"warning","msg":"config not found, using defaults","time":"2023-02-06T12:11:50Z"})");
  CHECK(l.level == LogLevel::Warn);  // the level key wins over an error key
  CHECK(l.message == "config not found, using defaults");
  CHECK(l.timestamp == "2023-02-06T12:11:50Z");
  CHECK(log_level(R"({"level":"fatal","msg":"cannot continue","time":"x"})") == LogLevel::Fatal);

  auto s = split_log_line(
      R"({"time":"2022-11-08T15:28:26.000000000-05:00","level":"INFO+2","msg":"above info"})");
  CHECK(s.level == LogLevel::Info);
  CHECK(s.timestamp == "2022-11-08T15:28:26.000000000-05:00");
  CHECK(log_level(R"({"time":"t","level":"WARN","msg":"disk almost full","pct":91})") ==
        LogLevel::Warn);
  auto nested = split_log_line(
      R"({"time":"t","level":"DEBUG","source":{"function":"main.main","level":"ERROR"},"msg":"tick"})");
  CHECK(nested.level == LogLevel::Debug);  // top-level keys only
  CHECK(nested.message == "tick");

  auto t = split_log_line(
      R"(time="2015-03-26T01:27:38-04:00" level=warning msg="The group's number increased tremendously!" number=122)");
  CHECK(t.shape == LogShape::Logfmt);
  CHECK(t.level == LogLevel::Warn);
  CHECK(t.message == "The group's number increased tremendously!");
  CHECK(t.timestamp == "2015-03-26T01:27:38-04:00");
  auto u = split_log_line("time=2022-11-08T15:28:26.000-05:00 level=ERROR msg=hello count=3");
  CHECK(u.level == LogLevel::Error);
  CHECK(u.message == "hello");
  CHECK(u.timestamp == "2022-11-08T15:28:26.000-05:00");
}

TEST_CASE("log lines: GCP severity and Kubernetes component JSON") {
  auto g = split_log_line(
      R"({"severity":"NOTICE","message":"Server listening on port 8080","timestamp":{"seconds":1675685509,"nanos":985000000}})");
  CHECK(g.level == LogLevel::Info);
  CHECK(g.message == "Server listening on port 8080");
  CHECK(g.timestamp == R"({"seconds":1675685509,"nanos":985000000})");
  CHECK(log_level(R"({"severity":"CRITICAL","message":"out of memory"})") == LogLevel::Fatal);
  CHECK(log_level(R"({"severity":"WARNING","message":"m"})") == LogLevel::Warn);
  CHECK(log_level(R"({"severity":500,"message":"m"})") == LogLevel::Error);  // LogSeverity number
  CHECK(log_level(R"({"level":30,"msg":"m"})") == LogLevel::Info);           // pino
  CHECK(log_level(R"({"level":50,"msg":"m"})") == LogLevel::Error);

  // `v` is verbosity, not a level; an `err` key marks an error.
  auto k = split_log_line(
      R"({"ts":1580306777.04728,"caller":"controller/controller_utils.go:116","msg":"Pod status updated","v":4,"pod":{"name":"nginx-1"},"status":"ready"})");
  CHECK(k.level == LogLevel::Unknown);
  CHECK(k.message == "Pod status updated");
  CHECK(k.timestamp == "1580306777.04728");
  CHECK(
      log_level(R"({"ts":1.5,"msg":"Failed to sync","err":"Get \"https://x\": refused","v":0})") ==
      LogLevel::Error);
  CHECK(log_level(R"({"ts":1.5,"msg":"ok","error":null,"v":0})") == LogLevel::Unknown);
}

TEST_CASE("log lines: malformed JSON still gives its level and message") {
  // samples/demo-ng/logs-checkoutservice-…-previous.txt line 3: a stray quote.
  auto f = split_log_line(
      R"({"message":"executing data currency conversion script"","severity":"info","timestamp":"2026-11-26T18:47:30.986148642Z"})");
  CHECK(f.shape == LogShape::JsonLines);
  CHECK(f.level == LogLevel::Info);
  CHECK(f.message == R"(executing data currency conversion script")");
  CHECK(f.timestamp == "2026-11-26T18:47:30.986148642Z");
  // Cut short inside the message: what came before is kept.
  auto cut = split_log_line(R"({"severity":"ERROR","message":"no such file or direc)");
  CHECK(cut.level == LogLevel::Error);
  CHECK(cut.message == "no such file or direc");
  // Junk between members.
  CHECK(log_level(R"({"a":1 junk ,"level":"warn","msg":"m"})") == LogLevel::Warn);
  // Not JSON after all: read as text.
  auto notjson = split_log_line("{ ERROR: unbalanced");
  CHECK(notjson.payload_shape == LogShape::Plain);
  CHECK(notjson.level == LogLevel::Error);
}

TEST_CASE("log lines: klog, kubelet timestamps and CRI (must-gather samples)") {
  // omc: namespaces/…/logs/current.log, fetched with kubelet timestamps.
  auto cur = lines_of("tests/data/logs/omc-current.log");
  REQUIRE(cur.size() == 3);
  auto i = split_log_line(cur[0]);
  CHECK(i.shape == LogShape::Timestamped);
  CHECK(i.payload_shape == LogShape::Klog);
  CHECK(i.timestamp == "2023-11-02T06:12:08.604390676Z");
  CHECK(i.level == LogLevel::Info);
  CHECK(i.message == "My Info LogMessage");
  CHECK(i.payload.starts_with("I1102 06:12:08.604739"));
  CHECK(split_log_line(cur[1]).level == LogLevel::Warn);
  auto e = split_log_line(cur[2]);
  CHECK(e.level == LogLevel::Error);
  CHECK(e.message == "My Error LogMessage");

  // omc: logs/rotated/1.log.20231102-061208, raw CRI.
  auto rot = lines_of("tests/data/logs/omc-rotated-1.log");
  REQUIRE(rot.size() == 1);
  auto c = split_log_line(rot[0]);
  CHECK(c.shape == LogShape::Cri);
  CHECK(c.payload_shape == LogShape::Klog);
  CHECK(c.timestamp == "2023-11-02T06:12:07.604163885+00:00");
  CHECK(c.stream == "stderr");
  CHECK_FALSE(c.partial);
  CHECK(c.level == LogLevel::Info);
  CHECK(c.message == "My Rotated LogMsg");

  // Bare klog: the timestamp is klog's own (no year).
  auto k = split_log_line(
      R"(I1025 00:15:15.525108       1 controller_utils.go:116] "Pod status updated" pod="kubedns")");
  CHECK(k.shape == LogShape::Klog);
  CHECK(k.timestamp == "1025 00:15:15.525108");
  CHECK(k.message == R"("Pod status updated" pod="kubedns")");
  CHECK(log_level("F0206 12:11:49.985473       1 main.go:9] boom") == LogLevel::Fatal);
}

TEST_CASE("log lines: CRI partial records and tags") {
  auto p = split_log_line("2016-10-06T00:17:09.669794202Z stdout P log content 1");
  CHECK(p.shape == LogShape::Cri);
  CHECK(p.partial);
  CHECK(p.stream == "stdout");
  CHECK(p.message == "log content 1");
  auto f = split_log_line("2016-10-06T00:17:09.669794202Z stdout F  and its end");
  CHECK_FALSE(f.partial);
  CHECK(f.message == " and its end");  // the content, leading space kept
  auto j = split_log_line(
      R"(2023-11-02T06:12:07.604163885+00:00 stderr F {"level":"error","msg":"boom","ts":1698905527.6})");
  CHECK(j.shape == LogShape::Cri);
  CHECK(j.payload_shape == LogShape::JsonLines);
  CHECK(j.level == LogLevel::Error);
  CHECK(j.message == "boom");
  CHECK(j.timestamp == "2023-11-02T06:12:07.604163885+00:00");  // the outermost
  auto empty = split_log_line("2023-11-02T06:12:07.6Z stdout F");
  CHECK(empty.shape == LogShape::Cri);
  CHECK(empty.message.empty());
  auto tag = split_log_line("2023-11-02T06:12:08Z stderr F:x panic: runtime error");
  CHECK(tag.shape == LogShape::Cri);
  CHECK(tag.level == LogLevel::Fatal);
  CHECK(tag.message == "panic: runtime error");
}

TEST_CASE("log lines: docker json-file, with escaped payloads and pieces") {
  auto d = split_log_line(
      R"({"log":"Starting server on :8080\n","stream":"stdout","time":"2016-10-20T18:39:20.57606443Z"})");
  CHECK(d.shape == LogShape::DockerJson);
  CHECK(d.payload_shape == LogShape::Plain);
  CHECK(d.message == "Starting server on :8080");
  CHECK(d.stream == "stdout");
  CHECK(d.timestamp == "2016-10-20T18:39:20.57606443Z");
  CHECK_FALSE(d.partial);
  auto j = split_log_line(
      R"({"log":"{\"level\":\"error\",\"msg\":\"dial tcp 10.96.0.12:6379: connect: connection refused\"}\n","stream":"stderr","time":"2016-10-20T18:39:21.1Z"})");
  CHECK(j.shape == LogShape::DockerJson);
  CHECK(j.payload_shape == LogShape::JsonLines);
  CHECK(j.level == LogLevel::Error);
  CHECK(j.message == "dial tcp 10.96.0.12:6379: connect: connection refused");
  CHECK(j.stream == "stderr");
  auto k = split_log_line(
      R"({"log":"E0206 12:11:49.985473       1 main.go:42] cannot open \"/data/db\"\n","stream":"stderr","time":"t"})");
  CHECK(k.payload_shape == LogShape::Klog);
  CHECK(k.level == LogLevel::Error);
  CHECK(k.message == R"(cannot open \"/data/db\")");
  CHECK(k.message_escaped);
  auto piece = split_log_line(
      R"({"log":"first 16 KiB piece of a long line","stream":"stdout","time":"2016-10-20T18:39:23Z"})");
  CHECK(piece.partial);
  CHECK(piece.message == "first 16 KiB piece of a long line");
  // A JSON log record that merely has a `log` key is not docker's envelope.
  auto app = split_log_line(R"({"log":"hello","level":"info"})");
  CHECK(app.shape == LogShape::JsonLines);
  CHECK(app.message == "hello");
}

TEST_CASE("log lines: kubectl --prefix, alone and with --timestamps") {
  auto p = split_log_line(
      R"([pod/api-7d9f8b6c5-x2x4q/api] {"level":"error","ts":1675685511.2,"msg":"open /etc/api/config.yaml: no such file or directory"})");
  CHECK(p.shape == LogShape::Prefixed);
  CHECK(p.payload_shape == LogShape::JsonLines);
  CHECK(p.prefix_pod == "api-7d9f8b6c5-x2x4q");
  CHECK(p.prefix_container == "api");
  CHECK(p.level == LogLevel::Error);
  CHECK(p.message == "open /etc/api/config.yaml: no such file or directory");
  CHECK(p.timestamp == "1675685511.2");

  auto t = split_log_line(
      R"([pod/web-0/nginx] 2023-02-06T12:11:49.985473135Z 2023/02/06 12:11:49 [emerg] 1#1: open() "/etc/nginx/conf.d/app.conf" failed (2: No such file or directory))");
  CHECK(t.shape == LogShape::Prefixed);
  CHECK(t.prefix_pod == "web-0");
  CHECK(t.prefix_container == "nginx");
  CHECK(t.timestamp == "2023-02-06T12:11:49.985473135Z");
  CHECK(t.level == LogLevel::Fatal);
  CHECK(t.message.starts_with("2023/02/06 12:11:49 [emerg]"));
  auto w = split_log_line(
      R"([pod/web-1/nginx] 2023-02-06T12:11:50.000000001Z {"severity":"WARNING","message":"slow start"})");
  CHECK(w.level == LogLevel::Warn);
  CHECK(w.message == "slow start");
  CHECK(w.timestamp == "2023-02-06T12:11:50.000000001Z");

  std::string_view pod, container;
  CHECK(split_log_prefix("[pod/a/b] x", pod, container) == 10);
  CHECK(pod == "a");
  CHECK(container == "b");
  CHECK(split_log_prefix("[pod/a/b]", pod, container) == 9);
  CHECK(split_log_prefix("[pod/a] x", pod, container) == 0);
  CHECK(split_log_prefix("[pod//b] x", pod, container) == 0);
  CHECK(split_log_prefix("[pod/a/b]x", pod, container) == 0);
  CHECK(split_log_prefix("[INFO] x", pod, container) == 0);
}

TEST_CASE("log lines: plain text levels (the old line_level cases and more)") {
  // sbctl support bundle: velero.log
  auto v = lines_of("tests/data/logs/sbctl-velero.log");
  REQUIRE(v.size() == 3);
  CHECK(log_level(v[0]) == LogLevel::Error);  // Error: unknown command "server-junk" …
  CHECK(log_level(v[1]) == LogLevel::Unknown);
  auto plain = split_log_line(v[0]);
  CHECK(plain.shape == LogShape::Plain);
  CHECK(plain.message == v[0]);
  CHECK(plain.timestamp.empty());

  CHECK(log_level("2023-02-06 12:11:49 ERROR failed to start") == LogLevel::Error);
  CHECK(log_level("[ERROR] boom") == LogLevel::Error);
  CHECK(log_level("[error] boom") == LogLevel::Error);
  CHECK(log_level("FATAL: cannot bind") == LogLevel::Fatal);
  CHECK(log_level("PANIC something") == LogLevel::Fatal);
  CHECK(log_level("WARNING: low disk") == LogLevel::Warn);
  CHECK(log_level("Warning: deprecated") == LogLevel::Warn);
  CHECK(log_level("2023-02-06 INFO started") == LogLevel::Info);
  CHECK(log_level("[info] started") == LogLevel::Info);
  CHECK(log_level("DEBUG cache miss") == LogLevel::Debug);
  CHECK(log_level("level=error msg=x") == LogLevel::Error);
  CHECK(log_level("lvl=warn msg=x") == LogLevel::Warn);
  // The first level word wins over a word in the message.
  CHECK(log_level("2023-02-06 12:11:49 INFO retrying after error: timeout") == LogLevel::Info);
  // Whole words only.
  CHECK(log_level("NO_ERRORS_FOUND TERRORIST INFORMATION") == LogLevel::Unknown);
  // .NET console logger and Go runtime heads (samples/demo-ng cartservice).
  CHECK(log_level("info: cartservice.Startup[0]") == LogLevel::Info);
  CHECK(log_level("fail: Microsoft.AspNetCore[1]") == LogLevel::Error);
  CHECK(log_level("panic: runtime error: invalid memory address") == LogLevel::Fatal);
  CHECK(log_level("fatal error: all goroutines are asleep - deadlock!") == LogLevel::Fatal);
  CHECK(log_level("goroutine 1 [running]:") == LogLevel::Unknown);
  CHECK(log_level("") == LogLevel::Unknown);
  CHECK(split_log_line("").shape == LogShape::Plain);
}

TEST_CASE("log levels: words, numbers and weights") {
  CHECK(level_from_word("warning") == LogLevel::Warn);
  CHECK(level_from_word("WARN") == LogLevel::Warn);
  CHECK(level_from_word("Err") == LogLevel::Error);
  CHECK(level_from_word("dpanic") == LogLevel::Error);
  CHECK(level_from_word("panic") == LogLevel::Fatal);
  CHECK(level_from_word("EMERGENCY") == LogLevel::Fatal);
  CHECK(level_from_word("notice") == LogLevel::Info);
  CHECK(level_from_word("trace") == LogLevel::Debug);
  CHECK(level_from_word("E") == LogLevel::Error);
  CHECK(level_from_word("60") == LogLevel::Fatal);
  CHECK(level_from_word("400") == LogLevel::Warn);
  CHECK(level_from_word("4") == LogLevel::Unknown);
  CHECK(level_from_word("bogus") == LogLevel::Unknown);
  CHECK(level_weight(LogLevel::Fatal) == 1.0);
  CHECK(level_weight(LogLevel::Error) == 1.0);
  CHECK(level_weight(LogLevel::Unknown) == 0.9);
  CHECK(level_weight(LogLevel::Warn) == 0.8);
  CHECK(level_weight(LogLevel::Info) == 0.6);
  CHECK(level_weight(LogLevel::Debug) == 0.5);
  CHECK(to_string(LogLevel::Warn) == "warn");
  CHECK(to_string(LogShape::DockerJson) == "docker-json");
}

TEST_CASE("log lines: RFC 3339 prefixes, JSON fields, unescaping") {
  CHECK(rfc3339_prefix("2023-02-06T12:11:49.985473135Z msg") == 30);
  CHECK(rfc3339_prefix("2023-11-02T06:12:07.604163885+00:00 stderr F x") == 35);
  CHECK(rfc3339_prefix("2023-11-02T06:12:08Z") == 20);
  CHECK(rfc3339_prefix("2023-11-02T06:12:08") == 0);
  CHECK(rfc3339_prefix("2023-11-02 06:12:08Z x") == 0);
  CHECK(rfc3339_prefix("2023-11-02T06:12:08.1234567890Z x") == 0);
  CHECK(rfc3339_prefix("2023-11-02T06:12:08Zx") == 0);

  bool found = false;
  CHECK(json_top_level(R"({"a":{"kind":"Pod"},"kind":"List"})", "kind", found) == "List");
  CHECK(found);
  json_top_level(R"({"a":{"kind":"Pod"}})", "kind", found);
  CHECK_FALSE(found);
  json_top_level("not json", "kind", found);
  CHECK_FALSE(found);

  CHECK(unescape_json(R"(a\"b\\c\nd\u00e9\ud83d\ude00\x)") ==
        "a\"b\\c\nd\xc3\xa9\xf0\x9f\x98\x80\\x");
  // A lone surrogate is no character: U+FFFD, never an encoded surrogate.
  CHECK(unescape_json(R"(x\ud800y)") == "x\xef\xbf\xbdy");
}

TEST_CASE("log lines: a docker piece ends in the \\n escape, not in an escaped backslash and n") {
  LogLineFields whole = split_log_line(R"({"log":"dir C:\\\n","stream":"stdout","time":"t"})");
  CHECK(whole.shape == LogShape::DockerJson);
  CHECK_FALSE(whole.partial);
  CHECK(whole.payload == R"(dir C:\\)");
  LogLineFields piece = split_log_line(R"({"log":"dir C:\\n","stream":"stdout","time":"t"})");
  CHECK(piece.partial);
  CHECK(piece.payload == R"(dir C:\\n)");
}
