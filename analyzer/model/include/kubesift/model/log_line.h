// The shapes a container log is saved in, and one physical log line split
// into its layers, read by hand (no regex, no allocation).
//
// A saved line may stack several layers, outermost first:
//
//   [pod/web-1/app] 2023-02-06T12:11:49.985473135Z {"level":"error","msg":"boom"}
//   └ kubectl --prefix └ kubelet timestamp (--timestamps, must-gather, CRI)
//                                                   └ what the application wrote
//
// split_log_line() peels them in that order: `--prefix` → kubelet timestamp
// → CRI stream and tag → docker json-file envelope → the payload (a JSON
// object, klog text, logfmt pairs or plain text).
//
// Every string_view points into the line given (never into a copy): JSON
// string values are NOT unescaped (`\"`, `\n`, `\u00e9` stay as written;
// `message_escaped` says so, unescape_json() decodes on demand).
//
// Limitations:
// - CRI splits lines longer than 16 KiB into `P` (partial) records followed
//   by one `F` record; docker json-file splits them at 16 KiB too (a `log`
//   value without a trailing "\n"). Each physical line stays addressable
//   (evidence cites file lines) and says `partial`; no joined copy is built.
//   A consumer may join a run of partial lines and the line that ends it. A
//   signature split across such a boundary is therefore not matched, and the
//   level of a continuation piece is usually Unknown (its JSON head is in
//   the piece before).
// - A prefixed or CRI line whose application wrote a second envelope of its
//   own (a timestamp inside the message) keeps it in the message.
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

// Splits one physical line (without its "\n"). Malformed JSON is read as far
// as it makes sense: `{"message":"x"","severity":"info"}` gives level Info
// and message `x"`; a line cut short keeps what came before the cut.
//
// Levels, first found wins: JSON severity/level/lvl/log.level/loglevel/
// levelname (any case: logrus `warning`, slog `WARN`/`INFO+2`, zap `dpanic`,
// GCP `CRITICAL`, pino/bunyan and GCP numbers); JSON without a level key is
// Unknown unless it has an `err`/`error` key (Kubernetes components log
// errors that way); klog's I/W/E/F letter; logfmt `level=`/`lvl=`/
// `severity=`; .NET `info:`/`warn:`/`fail:`/`crit:` heads; Go `panic:` and
// `fatal error:`; then the earliest of the words FATAL, PANIC, CRITICAL,
// ERROR, WARN(ING), INFO, DEBUG (upper case, whole words), `[error]`,
// `[warn]`, `[warning]`, `[info]`, `[debug]`, `[trace]`, nginx's `[emerg]`,
// `[alert]`, `[crit]`, `[notice]`, `Error:`, `error:`, `Warning:`.
LogLineFields split_log_line(std::string_view line);

// The line's level (split_log_line(line).level).
LogLevel log_level(std::string_view line);

// The level a level name or number stands for ("warning", "ERROR", "E",
// "dpanic", "30", ...): Unknown when it is none.
LogLevel level_from_word(std::string_view word);

// How much a signature found on a line of this level counts (1.0 = fully):
// Error and Fatal 1.0, Unknown 0.9, Warn 0.8, Info 0.6, Debug 0.5.
double level_weight(LogLevel l);

// `kubectl logs --prefix`: the length of the `[pod/NAME/CONTAINER] ` head
// of `line` (0 when it has none) and the names in it.
size_t split_log_prefix(std::string_view line, std::string_view& pod, std::string_view& container);

// Length of the RFC 3339 timestamp `line` starts with, followed by a space
// or the end (`2023-02-06T12:11:49.985473135Z`, `…+00:00`, no fraction): 0
// when it does not start with one.
size_t rfc3339_prefix(std::string_view line);

// A log timestamp as RFC 3339 in UTC with milliseconds
// ("2023-02-06T12:11:49.985Z"), from RFC 3339 with any offset or epoch
// seconds or milliseconds (`1675685509.985`, `1675685509985`); "" for a
// timestamp without a date (klog) or one that is not a time. Strings of this
// form order as the times they name.
std::string utc_time(std::string_view raw);

// The raw value of a top-level key of the JSON object `line` (string values
// without their quotes, escapes kept; other values as written). Tolerates
// the same damage as split_log_line. `found` is false when the key is absent
// or the line is not a JSON object.
std::string_view json_top_level(std::string_view line, std::string_view key, bool& found);

// Decodes JSON string escapes (\" \\ \/ \b \f \n \r \t \uXXXX with surrogate
// pairs); a broken escape is kept as written. Allocates: for display only.
std::string unescape_json(std::string_view s);

}  // namespace kubesift::model
