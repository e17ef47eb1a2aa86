// One log line split into its layers: the envelopes (`kubectl --prefix`,
// the kubelet's timestamp, CRI, docker json-file) peeled outermost first,
// then the payload: JSON (log_line_json.cpp), klog, logfmt or plain text
// with its level words. Times: log_line_time.cpp.
#include "kubesift/parse/log_line.h"

#include <algorithm>
#include <array>
#include <string>

#include "log_line_json.h"
#include "log_line_text.h"

namespace kubesift::parse {

using namespace logline;

namespace {

using model::LogLevel;
using model::LogLineFields;
using model::LogShape;

// --- text payloads ---------------------------------------------------------

// klog: `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`.
bool is_klog_header(std::string_view l) {
  if (l.size() < 21) return false;
  if (l[0] != 'I' && l[0] != 'W' && l[0] != 'E' && l[0] != 'F') return false;
  return digits(l, 1, 4) && l[5] == ' ' && digits(l, 6, 2) && l[8] == ':' && digits(l, 9, 2) &&
         l[11] == ':' && digits(l, 12, 2) && l[14] == '.' && digits(l, 15, 6);
}

// Position of `key` (like "level=") at the start of a logfmt token.
size_t find_token(std::string_view p, std::string_view key) {
  for (size_t pos = p.find(key); pos != npos; pos = p.find(key, pos + 1))
    if (pos == 0 || is_blank(p[pos - 1])) return pos;
  return npos;
}

// The logfmt value at `i`: quoted (escapes kept) or up to the next blank.
std::string_view logfmt_value(std::string_view p, size_t i, bool esc) {
  if (size_t ql = open_quote(p, i, esc)) {
    size_t q = find_quote(p, i + ql, esc);
    return q == npos ? p.substr(i + ql) : content(p, i + ql, q, esc);
  }
  size_t e = i;
  while (e < p.size() && !is_blank(p[e])) ++e;
  return p.substr(i, e - i);
}

struct Word {
  std::string_view text;
  LogLevel level;
  bool whole;  // must stand as a whole word
};

constexpr std::array<Word, 21> kWords = {{
    {"FATAL", LogLevel::Fatal, true},    {"PANIC", LogLevel::Fatal, true},
    {"CRITICAL", LogLevel::Fatal, true}, {"[emerg]", LogLevel::Fatal, false},  // nginx
    {"[alert]", LogLevel::Fatal, false}, {"[crit]", LogLevel::Fatal, false},
    {"ERROR", LogLevel::Error, true},    {"[error]", LogLevel::Error, false},
    {"Error:", LogLevel::Error, false},  {"error:", LogLevel::Error, false},
    {"WARN", LogLevel::Warn, true},      {"WARNING", LogLevel::Warn, true},
    {"[warn]", LogLevel::Warn, false},   {"[warning]", LogLevel::Warn, false},
    {"Warning:", LogLevel::Warn, false}, {"INFO", LogLevel::Info, true},
    {"[info]", LogLevel::Info, false},   {"[notice]", LogLevel::Info, false},
    {"DEBUG", LogLevel::Debug, true},    {"[debug]", LogLevel::Debug, false},
    {"[trace]", LogLevel::Debug, false},
}};

// The level word that comes first in the text.
LogLevel level_from_words(std::string_view p) {
  size_t best = npos;
  LogLevel level = LogLevel::Unknown;
  for (const Word& w : kWords) {
    for (size_t pos = p.find(w.text); pos != npos && pos < best; pos = p.find(w.text, pos + 1)) {
      if (w.whole) {
        size_t end = pos + w.text.size();
        if ((pos > 0 && is_alnum(p[pos - 1])) || (end < p.size() && is_alnum(p[end]))) continue;
      }
      best = pos;
      level = w.level;
      break;
    }
  }
  return level;
}

// .NET console logger (`fail: Foo[0]`) and Go runtime heads.
LogLevel level_from_head(std::string_view p) {
  struct Head {
    std::string_view text;
    LogLevel level;
  };
  static constexpr std::array<Head, 8> kHeads = {{
      {"info: ", LogLevel::Info},
      {"warn: ", LogLevel::Warn},
      {"fail: ", LogLevel::Error},
      {"crit: ", LogLevel::Fatal},
      {"dbug: ", LogLevel::Debug},
      {"trce: ", LogLevel::Debug},
      {"panic: ", LogLevel::Fatal},
      {"fatal error: ", LogLevel::Fatal},
  }};
  for (const Head& h : kHeads)
    if (p.starts_with(h.text)) return h.level;
  return LogLevel::Unknown;
}

bool has_backslash(std::string_view s) {
  return s.find('\\') != npos;
}

// A JSON string value ends in the "\n" escape: `\n` whose backslash is not
// itself escaped (`C:\\n` is a backslash and an `n`).
bool ends_in_newline_escape(std::string_view v) {
  if (!v.ends_with("\\n")) return false;
  size_t slashes = 0;
  for (size_t i = v.size() - 1; i-- > 0 && v[i] == '\\';) ++slashes;
  return slashes % 2 == 1;
}

// CRI after the timestamp: `stdout|stderr P|F[:more] `; the bytes it takes.
size_t cri_head(std::string_view s, LogLineFields& f) {
  if (s.size() < 8 || (!s.starts_with("stdout ") && !s.starts_with("stderr "))) return 0;
  char tag = s[7];
  if (tag != 'P' && tag != 'F') return 0;
  size_t i = 8;
  if (i < s.size() && s[i] == ':')
    while (i < s.size() && s[i] != ' ') ++i;
  if (i < s.size() && s[i] != ' ') return 0;
  f.stream = s.substr(0, 6);
  f.partial = tag == 'P';
  return i < s.size() ? i + 1 : i;
}

class Splitter {
 public:
  explicit Splitter(LogLineFields& f) : f_(f) {}

  void run(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view rest = line;
    std::string_view pod, container;
    if (size_t n = split_log_prefix(rest, pod, container)) {
      f_.prefix_pod = pod;
      f_.prefix_container = container;
      outer(LogShape::Prefixed);
      rest.remove_prefix(n);
    }
    if (size_t n = rfc3339_prefix(rest)) {
      f_.timestamp = rest.substr(0, n);
      rest.remove_prefix(std::min(rest.size(), n + 1));
      if (size_t c = cri_head(rest, f_)) {
        outer(LogShape::Cri);
        rest.remove_prefix(c);
      } else {
        outer(LogShape::Timestamped);
      }
    }
    payload(rest, false);
    if (!have_outer_) f_.shape = f_.payload_shape;
  }

 private:
  void outer(LogShape s) {
    if (have_outer_) return;
    f_.shape = s;
    have_outer_ = true;
  }

  void payload(std::string_view p, bool esc) {
    f_.payload = p;
    f_.message = p;
    f_.message_escaped = esc && has_backslash(p);
    size_t b = skip_blank(p, 0);
    if (b < p.size() && p[b] == '{' && json(p, esc)) return;
    if (is_klog_header(p)) {
      f_.payload_shape = LogShape::Klog;
      f_.level = p[0] == 'I'   ? LogLevel::Info
                 : p[0] == 'W' ? LogLevel::Warn
                 : p[0] == 'E' ? LogLevel::Error
                               : LogLevel::Fatal;
      if (f_.timestamp.empty()) f_.timestamp = p.substr(1, 20);
      size_t close = p.find("] ", 21);
      std::string_view msg = close == npos ? p.substr(skip_blank(p, 21)) : p.substr(close + 2);
      f_.message = msg;
      f_.message_escaped = esc && has_backslash(msg);
      return;
    }
    if (logfmt(p, esc)) return;
    f_.level = level_from_head(p);
    if (f_.level == LogLevel::Unknown) f_.level = level_from_words(p);
  }

  bool json(std::string_view p, bool esc) {
    JsonRecord r;
    if (!read_record(p, esc, r)) return false;
    if (!esc && r.first_is_log && r.has_stream) {
      // docker json-file: the application's line is the `log` value.
      outer(LogShape::DockerJson);
      f_.stream = r.stream;
      if (f_.timestamp.empty()) f_.timestamp = r.docker_time;
      std::string_view log = r.log;
      f_.partial = !ends_in_newline_escape(log);
      if (!f_.partial) log.remove_suffix(2);
      if (log.ends_with("\\r")) log.remove_suffix(2);
      payload(log, true);
      return true;
    }
    f_.payload_shape = LogShape::JsonLines;
    if (!r.level.empty())
      f_.level = level_from_word(r.level);
    else if (r.has_err)
      f_.level = LogLevel::Error;
    if (r.message_rank != 99) {
      f_.message = r.message;
      f_.message_escaped = has_backslash(r.message);
    }
    if (f_.timestamp.empty()) f_.timestamp = r.time;
    return true;
  }

  bool logfmt(std::string_view p, bool esc) {
    size_t lv = npos, lv_len = 0;
    for (std::string_view k : {"level=", "lvl=", "severity="}) {
      if (size_t pos = find_token(p, k); pos != npos) {
        lv = pos;
        lv_len = k.size();
        break;
      }
    }
    size_t msg = find_token(p, "msg=");
    if (lv == npos && msg == npos) return false;
    f_.payload_shape = LogShape::Logfmt;
    if (lv != npos) f_.level = level_from_word(logfmt_value(p, lv + lv_len, esc));
    if (msg != npos) {
      f_.message = logfmt_value(p, msg + 4, esc);
      f_.message_escaped = has_backslash(f_.message);
    }
    if (f_.timestamp.empty()) {
      for (std::string_view k : {"time=", "ts=", "t="}) {
        if (size_t pos = find_token(p, k); pos != npos) {
          f_.timestamp = logfmt_value(p, pos + k.size(), esc);
          break;
        }
      }
    }
    return true;
  }

  LogLineFields& f_;
  bool have_outer_ = false;
};

}  // namespace

LogLevel level_from_word(std::string_view w) {
  while (!w.empty() && is_blank(w.front())) w.remove_prefix(1);
  while (!w.empty() && is_blank(w.back())) w.remove_suffix(1);
  if (w.empty()) return LogLevel::Unknown;
  if (digits(w, 0, w.size())) {
    if (w.size() > 4) return LogLevel::Unknown;
    int n = 0;
    for (char c : w) n = n * 10 + (c - '0');
    if (n >= 100) {  // Google Cloud LogSeverity
      return n < 200    ? LogLevel::Debug
             : n < 400  ? LogLevel::Info
             : n < 500  ? LogLevel::Warn
             : n < 600  ? LogLevel::Error
             : n <= 800 ? LogLevel::Fatal
                        : LogLevel::Unknown;
    }
    if (n < 10) return LogLevel::Unknown;  // verbosity or syslog: ambiguous
    // pino / bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal
    return n < 30   ? LogLevel::Debug
           : n < 40 ? LogLevel::Info
           : n < 50 ? LogLevel::Warn
           : n < 60 ? LogLevel::Error
                    : LogLevel::Fatal;
  }
  if (w.size() == 1) {
    switch (lower(w[0])) {
      case 'e': return LogLevel::Error;
      case 'w': return LogLevel::Warn;
      case 'i': return LogLevel::Info;
      case 'd':
      case 't': return LogLevel::Debug;
      case 'f': return LogLevel::Fatal;
      default: return LogLevel::Unknown;
    }
  }
  if (starts_ci(w, "dpanic")) return LogLevel::Error;  // zap: panics in development only
  for (std::string_view p : {"fatal", "panic", "crit", "emerg", "alert"})
    if (starts_ci(w, p)) return LogLevel::Fatal;
  for (std::string_view p : {"err", "fail", "severe"})
    if (starts_ci(w, p)) return LogLevel::Error;
  if (starts_ci(w, "warn")) return LogLevel::Warn;
  if (starts_ci(w, "info") || starts_ci(w, "notice")) return LogLevel::Info;
  for (std::string_view p : {"debug", "trace", "dbug", "trce", "verbose", "fine"})
    if (starts_ci(w, p)) return LogLevel::Debug;
  return LogLevel::Unknown;
}

size_t split_log_prefix(std::string_view line, std::string_view& pod, std::string_view& container) {
  constexpr std::string_view kHead = "[pod/";
  if (!line.starts_with(kHead)) return 0;
  size_t slash = line.find_first_of("/] ", kHead.size());
  if (slash == npos || line[slash] != '/' || slash == kHead.size()) return 0;
  size_t close = line.find_first_of("] ", slash + 1);
  if (close == npos || line[close] != ']' || close == slash + 1) return 0;
  if (close + 1 < line.size() && line[close + 1] != ' ') return 0;
  pod = line.substr(kHead.size(), slash - kHead.size());
  container = line.substr(slash + 1, close - slash - 1);
  return std::min(line.size(), close + 2);
}

LogLineFields split_log_line(std::string_view line) {
  LogLineFields f;
  Splitter(f).run(line);
  return f;
}

LogLevel log_level(std::string_view line) {
  return split_log_line(line).level;
}

model::LogLineReader log_line_reader() {
  model::LogLineReader r;
  r.split = &split_log_line;
  r.utc_time = &utc_time;
  return r;
}

}  // namespace kubesift::parse
