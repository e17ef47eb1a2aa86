// Log timestamps: the RFC 3339 head of an envelope (rfc3339_prefix) and
// any log timestamp as UTC (utc_time).
#include <cstdint>
#include <cstdio>
#include <string>

#include "kubesift/core/time.h"
#include "kubesift/parse/log_line.h"
#include "log_line_text.h"

namespace kubesift::parse {

using namespace logline;

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

namespace {

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
    return rfc3339_millis(secs * 1000 + ms);
  }
  // Epoch seconds (10 digits, optional fraction) or milliseconds (13).
  size_t n = 0;
  while (n < raw.size() && raw[n] >= '0' && raw[n] <= '9') ++n;
  if (n != 10 && n != 13) return {};  // (and no overflow below)
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = v * 10 + (raw[i] - '0');
  if (n == 13 && n == raw.size()) return rfc3339_millis(v);
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
  return rfc3339_millis(v * 1000 + ms);
}

}  // namespace kubesift::parse
