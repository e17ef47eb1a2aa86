// Log lines parsed: one physical log line split into its layers, read by
// hand (no regex, no allocation), into the model's data
// (model::LogLineFields, model/log_line.h). The engine may not see this
// header: it reads lines through the model::LogLineReader that
// log_line_reader() returns, which the cli hands to Engine::create.
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
//   (evidence cites file lines) and says `partial`; split_log_line builds no
//   joined copy. The log scan joins them before matching (engine/src/
//   log_join.h) and cites the first piece; split on its own, the level of a
//   continuation piece is usually Unknown (its JSON head is in the first).
// - A prefixed or CRI line whose application wrote a second envelope of its
//   own (a timestamp inside the message) keeps it in the message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kubesift/model/log_line.h"

namespace kubesift::parse {

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
model::LogLineFields split_log_line(std::string_view line);

// The line's level (split_log_line(line).level).
model::LogLevel log_level(std::string_view line);

// The level a level name or number stands for ("warning", "ERROR", "E",
// "dpanic", "30", ...): Unknown when it is none.
model::LogLevel level_from_word(std::string_view word);

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

// The reader the engine is given: split_log_line and utc_time.
model::LogLineReader log_line_reader();

}  // namespace kubesift::parse
