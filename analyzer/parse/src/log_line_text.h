// Internal to the parse layer: the character tests the log-line readers
// share (log_line.cpp, log_line_json.cpp, log_line_time.cpp).
#pragma once

#include <cstddef>
#include <string_view>

namespace kubesift::parse::logline {

constexpr size_t npos = std::string_view::npos;

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

inline bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

inline bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

inline char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool eq_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

inline bool starts_ci(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && eq_ci(s.substr(0, p.size()), p);
}

inline size_t skip_blank(std::string_view s, size_t i) {
  while (i < s.size() && is_blank(s[i])) ++i;
  return i;
}

inline bool digits(std::string_view s, size_t from, size_t n) {
  if (from + n > s.size()) return false;
  for (size_t i = from; i < from + n; ++i)
    if (!is_digit(s[i])) return false;
  return true;
}

}  // namespace kubesift::parse::logline
