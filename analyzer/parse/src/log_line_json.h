// Internal to the parse layer: JSON log records read leniently, by hand
// (log_line_json.cpp), for split_log_line and json_top_level. A damaged
// line (a stray quote, a line cut short, junk between members) is read as
// far as it makes sense instead of being refused.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "log_line_text.h"

namespace kubesift::parse::logline {

// The keys a record's level, message and time are read from, in order of
// preference (the first present wins).
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

// `esc` = the object is itself the content of a JSON string (docker
// json-file's `log` value), so its quotes are written `\"`.

inline size_t backslashes_before(std::string_view s, size_t pos) {
  size_t k = 0;
  while (k < pos && s[pos - 1 - k] == '\\') ++k;
  return k;
}

// Does the '"' at `pos` open or close a string (rather than sit inside one)?
inline bool structural(std::string_view s, size_t pos, bool esc) {
  size_t k = backslashes_before(s, pos);
  return esc ? k % 4 == 1 : k % 2 == 0;
}

// Length of the opening quote at `i` (`"`, or `\"` when escaped); 0 if none.
inline size_t open_quote(std::string_view s, size_t i, bool esc) {
  if (!esc) return i < s.size() && s[i] == '"' ? 1 : 0;
  return i + 1 < s.size() && s[i] == '\\' && s[i + 1] == '"' ? 2 : 0;
}

// The first quote at or after `from` that closes a string; npos if none.
inline size_t find_quote(std::string_view s, size_t from, bool esc) {
  for (size_t q = s.find('"', from); q != npos; q = s.find('"', q + 1))
    if (structural(s, q, esc)) return q;
  return npos;
}

// Content of a string whose text starts at `from` and whose closing quote
// is at `q`.
inline std::string_view content(std::string_view s, size_t from, size_t q, bool esc) {
  return s.substr(from, (esc ? q - 1 : q) - from);
}

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

// Reads the top-level members of the object `s` starts with into `r`;
// false when `s` is not an object with at least one member.
bool read_record(std::string_view s, bool esc, JsonRecord& r);

}  // namespace kubesift::parse::logline
