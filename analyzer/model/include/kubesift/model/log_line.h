// Log lines as data: the shapes a container log is saved in, the levels,
// and the fields of one physical line split into its layers. No format is
// read here: the parsing (split_log_line, utc_time and the rest) is the
// parse layer's, `kubesift/parse/log_line.h`, where the layers, the lenient
// JSON reading and the limitations are described.
//
// What stays in the model and why: the enums and to_string() name facts
// other layers store and print (model::LogFile keeps a log's shapes, the
// report prints them); LogLineFields is what a split gives, views into the
// line; level_weight() is what a level is worth in a score, no format in
// it. LogLineReader is how the engine, which may not see the parsers, gets
// the parse layer's functions handed to it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kubesift::model {

// How the lines of a log are written. The first four are what an
// application writes (a payload); the last four are envelopes around it.
enum class LogShape : uint8_t {
  Plain,        // free text: `Error: unknown command "x"`, Go panics, Java traces
  JsonLines,    // zap {"level","ts","caller","msg"}, logrus/slog {time,level,msg},
                // GCP {severity,message,timestamp}, k8s component {"ts","v","msg"}
  Logfmt,       // logrus/slog text: `time="…" level=warning msg="…"`
  Klog,         // `E0206 12:11:49.985473       1 file.go:123] msg`
  Cri,          // `2023-11-02T06:12:07.604163885+00:00 stderr F msg` (node log files)
  DockerJson,   // `{"log":"msg\n","stream":"stdout","time":"…"}` (docker json-file)
  Timestamped,  // `kubectl logs --timestamps`: `2023-02-06T12:11:49.985473135Z msg`
  Prefixed,     // `kubectl logs --prefix`: `[pod/NAME/CONTAINER] msg`
};
std::string_view to_string(LogShape s);

enum class LogLevel : uint8_t { Unknown, Debug, Info, Warn, Error, Fatal };
std::string_view to_string(LogLevel l);

struct LogLineFields {
  LogShape shape = LogShape::Plain;          // the outermost layer found
  LogShape payload_shape = LogShape::Plain;  // Plain, JsonLines, Logfmt or Klog
  // `kubectl logs --prefix`
  std::string_view prefix_pod, prefix_container;
  // The outermost timestamp, raw: the kubelet's (--timestamps), CRI's or
  // docker's `time` (RFC 3339); without an envelope the application's own:
  // a JSON time/timestamp/ts value (RFC 3339, or epoch seconds like
  // `1675685509.985`, or a GCP {seconds,nanos} object as written), logfmt
  // `time=`/`ts=`, or klog's `0206 12:11:49.985473` (no year, no zone).
  std::string_view timestamp;
  std::string_view stream;  // "stdout" / "stderr" (CRI, docker json-file)
  bool partial = false;     // CRI `P` tag; docker `log` without a final "\n"
  LogLevel level = LogLevel::Unknown;
  // What the application wrote: the line without its envelopes. For docker
  // json-file the `log` value, still JSON-escaped, without its final "\n".
  std::string_view payload;
  // JSON and logfmt: the msg/message/log value (without quotes, escapes
  // kept); the whole payload when it has none. klog: the text after `] `.
  // Plain text: the payload.
  std::string_view message;
  bool message_escaped = false;  // message holds JSON escapes (a backslash)
};

// How a layer that may not see the parsers (the engine) reads a log line.
// The parse layer provides it (parse::log_line_reader()) and the cli hands
// it to the engine where the engine is created (Engine::create). Two plain
// function pointers: copied by value, no lifetime to manage, one indirect
// call per line read (the engine reads only the lines that hit, never every
// line it scans). Both are null in a default-constructed reader.
struct LogLineReader {
  // The line split into its layers (parse::split_log_line).
  LogLineFields (*split)(std::string_view line) = nullptr;
  // A raw timestamp as RFC 3339 UTC with milliseconds, or "" (parse::utc_time).
  std::string (*utc_time)(std::string_view raw) = nullptr;

  explicit operator bool() const { return split && utc_time; }
  LogLevel level(std::string_view line) const { return split(line).level; }
  // The UTC time of the line's outermost timestamp, or "".
  std::string line_time(std::string_view line) const { return utc_time(split(line).timestamp); }
};

// How much a signature found on a line of this level counts (1.0 = fully):
// Error and Fatal 1.0, Unknown 0.9, Warn 0.8, Info 0.6, Debug 0.5.
double level_weight(LogLevel l);

}  // namespace kubesift::model
