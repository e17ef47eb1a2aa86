#include "kubesift/parse/log_line.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace kubesift::parse {
namespace {

using model::LogLevel;
using model::LogLineFields;
using model::LogShape;

constexpr size_t npos = std::string_view::npos;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}
char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool eq_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool starts_ci(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && eq_ci(s.substr(0, p.size()), p);
}

size_t skip_blank(std::string_view s, size_t i) {
  while (i < s.size() && is_blank(s[i])) ++i;
  return i;
}

bool digits(std::string_view s, size_t from, size_t n) {
  if (from + n > s.size()) return false;
  for (size_t i = from; i < from + n; ++i)
    if (!is_digit(s[i])) return false;
  return true;
}

// --- JSON, read leniently -------------------------------------------------
//
// `esc` = the object is itself the content of a JSON string (docker
// json-file's `log` value), so its quotes are written `\"`.

size_t backslashes_before(std::string_view s, size_t pos) {
  size_t k = 0;
  while (k < pos && s[pos - 1 - k] == '\\') ++k;
  return k;
}

// Does the '"' at `pos` open or close a string (rather than sit inside one)?
bool structural(std::string_view s, size_t pos, bool esc) {
  size_t k = backslashes_before(s, pos);
  return esc ? k % 4 == 1 : k % 2 == 0;
}

// Length of the opening quote at `i` (`"`, or `\"` when escaped); 0 if none.
size_t open_quote(std::string_view s, size_t i, bool esc) {
  if (!esc) return i < s.size() && s[i] == '"' ? 1 : 0;
  return i + 1 < s.size() && s[i] == '\\' && s[i + 1] == '"' ? 2 : 0;
}

// The first quote at or after `from` that closes a string; npos if none.
size_t find_quote(std::string_view s, size_t from, bool esc) {
  for (size_t q = s.find('"', from); q != npos; q = s.find('"', q + 1))
    if (structural(s, q, esc)) return q;
  return npos;
}

// Content of a string whose text starts at `from` and whose closing quote
// is at `q`.
std::string_view content(std::string_view s, size_t from, size_t q, bool esc) {
  return s.substr(from, (esc ? q - 1 : q) - from);
}

// The closing quote of a string value: the first quote followed by `,"`, `}`,
// `]` or the end of the line, so that a stray quote inside the value (`"x"",`)
// does not end it; failing that the first quote; npos for a line cut short.
size_t value_end(std::string_view s, size_t from, bool esc) {
  size_t first = find_quote(s, from, esc);
  for (size_t q = first; q != npos; q = find_quote(s, q + 1, esc)) {
    size_t j = skip_blank(s, q + 1);
    if (j >= s.size() || s[j] == '}' || s[j] == ']') return q;
    if (s[j] == ',') {
      size_t k = skip_blank(s, j + 1);
      if (k >= s.size() || open_quote(s, k, esc)) return q;
    }
  }
  return first;
}

// Index just past the object or array that starts at `i`.
size_t skip_balanced(std::string_view s, size_t i, bool esc) {
  int depth = 0;
  while (i < s.size()) {
    if (size_t ql = open_quote(s, i, esc)) {
      size_t q = find_quote(s, i + ql, esc);
      if (q == npos) return s.size();
      i = q + 1;
      continue;
    }
    char c = s[i];
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth <= 0) return i + 1;
    }
    ++i;
  }
  return s.size();
}

// After damage, the next `,` that is followed by a key.
size_t resync(std::string_view s, size_t i, bool esc) {
  for (size_t p = s.find(',', i); p != npos; p = s.find(',', p + 1)) {
    size_t k = skip_blank(s, p + 1);
    if (open_quote(s, k, esc)) return k;
  }
  return s.size();
}

// Calls field(key, value, is_string) for each top-level member of the
// object `s` starts with (after blanks), until it returns false. Returns
// whether `s` is an object with at least one member.
template <typename F>
bool walk_object(std::string_view s, bool esc, F&& field) {
  size_t i = skip_blank(s, 0);
  if (i >= s.size() || s[i] != '{') return false;
  ++i;
  bool any = false;
  while (i < s.size()) {
    i = skip_blank(s, i);
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i >= s.size() || s[i] == '}') break;
    size_t ql = open_quote(s, i, esc);
    if (!ql) {
      i = resync(s, i, esc);
      continue;
    }
    size_t kq = find_quote(s, i + ql, esc);
    if (kq == npos) break;
    std::string_view key = content(s, i + ql, kq, esc);
    i = skip_blank(s, kq + 1);
    if (i >= s.size() || s[i] != ':') {
      i = resync(s, i, esc);
      continue;
    }
    i = skip_blank(s, i + 1);
    std::string_view value;
    bool is_string = false;
    if (i >= s.size()) {
      // a line cut after the colon
    } else if (size_t vl = open_quote(s, i, esc)) {
      size_t from = i + vl;
      size_t vq = value_end(s, from, esc);
      if (vq == npos) {
        value = s.substr(from);
        i = s.size();
      } else {
        value = content(s, from, vq, esc);
        i = vq + 1;
      }
      is_string = true;
    } else if (s[i] == '{' || s[i] == '[') {
      size_t e = skip_balanced(s, i, esc);
      value = s.substr(i, e - i);
      i = e;
    } else {
      size_t e = i;
      while (e < s.size() && s[e] != ',' && s[e] != '}' && !is_blank(s[e])) ++e;
      value = s.substr(i, e - i);
      i = e;
    }
    any = true;
    if (!field(key, value, is_string)) break;
  }
  return any;
}

// Index of `key` in `keys` (case-insensitive for names longer than one
// letter: zap's development keys L/M/T are upper case); -1 if absent.
template <size_t N>
int rank_of(std::string_view key, const std::array<std::string_view, N>& keys) {
  for (size_t i = 0; i < N; ++i)
    if (keys[i].size() == 1 ? key == keys[i] : eq_ci(key, keys[i])) return static_cast<int>(i);
  return -1;
}

constexpr std::array<std::string_view, 8> kLevelKeys = {"severity", "level",     "lvl", "log.level",
                                                        "loglevel", "levelname", "@l",  "L"};
constexpr std::array<std::string_view, 5> kMessageKeys = {"msg", "message", "@m", "M", "log"};
constexpr std::array<std::string_view, 5> kTimeKeys = {"time", "timestamp", "ts", "@timestamp",
                                                       "T"};

// What a JSON log record says, best key of each kind.
struct JsonRecord {
  std::string_view level, message, time;
  int level_rank = 99, message_rank = 99, time_rank = 99;
  bool has_err = false;
  // docker json-file envelope
  bool first_is_log = false, has_stream = false;
  std::string_view log, stream, docker_time;
  size_t members = 0;
};

bool read_record(std::string_view s, bool esc, JsonRecord& r) {
  return walk_object(s, esc, [&](std::string_view key, std::string_view value, bool is_string) {
    if (r.members++ == 0 && key == "log" && is_string) r.first_is_log = true;
    if (key == "log") r.log = value;
    if (key == "stream") {
      r.has_stream = true;
      r.stream = value;
    }
    if (key == "time") r.docker_time = value;
    if (int k = rank_of(key, kLevelKeys); k >= 0 && k < r.level_rank) {
      r.level = value;
      r.level_rank = k;
    } else if (int m = rank_of(key, kMessageKeys); m >= 0 && m < r.message_rank && is_string) {
      r.message = value;
      r.message_rank = m;
    } else if (int t = rank_of(key, kTimeKeys); t >= 0 && t < r.time_rank) {
      r.time = value;
      r.time_rank = t;
    } else if ((key == "err" || key == "error") && !value.empty() && value != "null") {
      r.has_err = true;
    }
    return true;
  });
}

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
      f_.partial = !log.ends_with("\\n");
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

size_t rfc3339_prefix(std::string_view s) {
  // 2006-01-02T15:04:05[.999999999](Z|±07:00)
  if (s.size() < 20 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' ||
      !digits(s, 8, 2) || s[10] != 'T' || !digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) ||
      s[16] != ':' || !digits(s, 17, 2))
    return 0;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t d = i + 1;
    while (d < s.size() && is_digit(s[d])) ++d;
    if (d == i + 1 || d - i - 1 > 9) return 0;
    i = d;
  }
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-') && digits(s, i + 1, 2) &&
             i + 3 < s.size() && s[i + 3] == ':' && digits(s, i + 4, 2)) {
    i += 6;
  } else {
    return 0;
  }
  return i == s.size() || s[i] == ' ' ? i : 0;
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

std::string_view json_top_level(std::string_view line, std::string_view key, bool& found) {
  found = false;
  std::string_view out;
  walk_object(line, false, [&](std::string_view k, std::string_view v, bool) {
    if (k != key) return true;
    out = v;
    found = true;
    return false;
  });
  return out;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool read_hex4(std::string_view s, size_t i, uint32_t& out) {
  if (i + 4 > s.size()) return false;
  out = 0;
  for (size_t k = i; k < i + 4; ++k) {
    int h = hex_value(s[k]);
    if (h < 0) return false;
    out = out * 16 + static_cast<uint32_t>(h);
  }
  return true;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string unescape_json(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    char e = s[i + 1];
    switch (e) {
      case '"':
      case '\\':
      case '/': out += e; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp = 0, lo = 0;
        if (!read_hex4(s, i + 2, cp)) {
          out += c;
          continue;
        }
        size_t used = 6;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 7 < s.size() && s[i + 6] == '\\' &&
            s[i + 7] == 'u' && read_hex4(s, i + 8, lo) && lo >= 0xDC00 && lo < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          used = 12;
        }
        append_utf8(out, cp);
        i += used - 1;
        continue;
      }
      default: out += c; continue;  // broken escape: keep the backslash
    }
    ++i;
  }
  return out;
}

}  // namespace kubesift::parse

namespace kubesift::parse {
namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string format_utc(int64_t ms) {
  int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  int64_t frac = ms - secs * 1000;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  // civil_from_days
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 0 || y > 9999) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(y), m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60), static_cast<int>(frac));
  return buf;
}

bool digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::string utc_time(std::string_view raw) {
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"')
    raw = raw.substr(1, raw.size() - 2);
  int y, mo, d, h, mi, se;
  if (raw.size() >= 19 && digits(raw, 0, 4, y) && raw[4] == '-' && digits(raw, 5, 2, mo) &&
      raw[7] == '-' && digits(raw, 8, 2, d) &&
      (raw[10] == 'T' || raw[10] == 't' || raw[10] == ' ') && digits(raw, 11, 2, h) &&
      raw[13] == ':' && digits(raw, 14, 2, mi) && raw[16] == ':' && digits(raw, 17, 2, se)) {
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return {};
    size_t i = 19;
    int ms = 0, scale = 100;
    if (i < raw.size() && (raw[i] == '.' || raw[i] == ',')) {
      ++i;
      while (i < raw.size() && raw[i] >= '0' && raw[i] <= '9') {
        ms += (raw[i] - '0') * scale;
        scale /= 10;
        ++i;
      }
    }
    int offset_min = 0;
    if (i < raw.size() && (raw[i] == 'Z' || raw[i] == 'z')) {
      ++i;
    } else if (i < raw.size() && (raw[i] == '+' || raw[i] == '-')) {
      int oh, om = 0;
      bool neg = raw[i] == '-';
      if (!digits(raw, i + 1, 2, oh)) return {};
      size_t j = i + 3;
      if (j < raw.size() && raw[j] == ':') ++j;
      if (!digits(raw, j, 2, om)) om = 0;
      offset_min = (neg ? -1 : 1) * (oh * 60 + om);
    } else {
      return {};  // no zone: local time of an unknown place
    }
    int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                   h * 3600 + mi * 60 + se - offset_min * 60;
    return format_utc(secs * 1000 + ms);
  }
  // Epoch seconds (10 digits, optional fraction) or milliseconds (13).
  size_t n = 0;
  while (n < raw.size() && raw[n] >= '0' && raw[n] <= '9') ++n;
  if (n == 0) return {};
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = v * 10 + (raw[i] - '0');
  if (n == 13 && n == raw.size()) return format_utc(v);
  if (n != 10) return {};
  int64_t ms = 0;
  if (n < raw.size()) {
    if (raw[n] != '.') return {};
    int scale = 100;
    for (size_t i = n + 1; i < raw.size() && scale > 0; ++i) {
      if (raw[i] < '0' || raw[i] > '9') return {};
      ms += (raw[i] - '0') * scale;
      scale /= 10;
    }
  }
  return format_utc(v * 1000 + ms);
}

}  // namespace kubesift::parse
