#include "kubesift/core/time.h"

#include <array>
#include <cstdio>

namespace kubesift {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

// The civil date of a day number (proleptic Gregorian), inverse of
// days_from_civil.
void civil_from_days(int64_t days, int64_t& y, unsigned& m, unsigned& d) {
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

// "YYYY-MM-DDTHH:MM:SS" + `tail`; "" for a year outside 0..9999.
std::string format_time(int64_t s, const char* frac) {
  int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
  const int sec = static_cast<int>(s - days * 86400);  // 0 ≤ sec < 86400
  int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  if (y < 0 || y > 9999) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%sZ", static_cast<int>(y), m, d,
                sec / 3600, sec / 60 % 60, sec % 60, frac);
  return buf;
}

}  // namespace

namespace {

bool num(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// "+hh:mm", "+hhmm", "Z", "UTC", "GMT" at `i` (a space before it is
// skipped); minutes east of UTC. False when there is no zone.
bool zone(std::string_view s, size_t i, int& minutes) {
  if (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size()) return false;
  if (s[i] == 'Z' || s[i] == 'z' || s.substr(i, 3) == "UTC" || s.substr(i, 3) == "GMT") {
    minutes = 0;
    return true;
  }
  if (s[i] != '+' && s[i] != '-') return false;
  int h = 0, m = 0;
  if (!num(s, i + 1, 2, h)) return false;
  size_t j = i + 3;
  if (j < s.size() && s[j] == ':') ++j;
  if (!num(s, j, 2, m)) return false;
  if (h > 23 || m > 59) return false;
  minutes = (s[i] == '-' ? -1 : 1) * (h * 60 + m);
  return true;
}

std::optional<int64_t> civil(int y, int mo, int d, int h, int mi, int se, int zone_min) {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + se - static_cast<int64_t>(zone_min) * 60;
}

}  // namespace

std::optional<int64_t> epoch_seconds(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
  int y, mo, d, h, mi, se, z;
  // RFC 3339 and Go's default form.
  if (num(s, 0, 4, y) && s.size() >= 19 && s[4] == '-' && num(s, 5, 2, mo) && s[7] == '-' &&
      num(s, 8, 2, d) && (s[10] == 'T' || s[10] == 't' || s[10] == ' ') && num(s, 11, 2, h) &&
      s[13] == ':' && num(s, 14, 2, mi) && s[16] == ':' && num(s, 17, 2, se)) {
    size_t i = 19;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    }
    if (!zone(s, i, z)) return std::nullopt;
    return civil(y, mo, d, h, mi, se, z);
  }
  // RFC 1123: "Thu, 03 Dec 2026 13:58:09 +0000".
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  size_t comma = s.find(", ");
  if (comma == std::string_view::npos || comma > 9) return std::nullopt;
  std::string_view r = s.substr(comma + 2);
  size_t i = 0;
  if (!num(r, 0, 2, d)) {
    if (!num(r, 0, 1, d)) return std::nullopt;
    i = 1;
  } else {
    i = 2;
  }
  if (i >= r.size() || r[i] != ' ') return std::nullopt;
  mo = 0;
  for (size_t k = 0; k < kMonths.size(); ++k)
    if (r.substr(i + 1, 3) == kMonths[k]) mo = static_cast<int>(k) + 1;
  i += 4;
  if (!mo || i >= r.size() || r[i] != ' ' || !num(r, i + 1, 4, y)) return std::nullopt;
  i += 5;
  if (i >= r.size() || r[i] != ' ' || !num(r, i + 1, 2, h) || r.size() < i + 9 || r[i + 3] != ':' ||
      !num(r, i + 4, 2, mi) || r[i + 6] != ':' || !num(r, i + 7, 2, se))
    return std::nullopt;
  if (!zone(r, i + 9, z)) return std::nullopt;
  return civil(y, mo, d, h, mi, se, z);
}

std::optional<int64_t> age_seconds(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (size_t sp = s.find(' '); sp != std::string_view::npos) s = s.substr(0, sp);
  if (s.empty()) return std::nullopt;
  int64_t total = 0, n = 0;
  bool digits = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (n > 1'000'000'000) return std::nullopt;
      n = n * 10 + (c - '0');
      digits = true;
      continue;
    }
    if (!digits) return std::nullopt;
    int64_t unit = c == 's'   ? 1
                   : c == 'm' ? 60
                   : c == 'h' ? 3600
                   : c == 'd' ? 86400
                   : c == 'y' ? 365 * 86400
                              : 0;
    if (!unit) return std::nullopt;
    total += n * unit;
    n = 0;
    digits = false;
  }
  if (digits) return std::nullopt;  // a number without its unit
  return total;
}

std::string short_age(int64_t s) {
  if (s < 0) s = 0;
  if (s < 120) return std::to_string(s) + "s";
  int64_t m = s / 60;
  if (m < 60) return std::to_string(m) + "m";
  int64_t h = m / 60;
  if (h < 48)
    return std::to_string(h) + "h" + (h < 8 && m % 60 ? std::to_string(m % 60) + "m" : "");
  int64_t d = h / 24;
  if (d < 8) return std::to_string(d) + "d" + (h % 24 ? std::to_string(h % 24) + "h" : "");
  return std::to_string(d) + "d";
}

std::string rfc3339(int64_t s) {
  return format_time(s, "");
}

std::string rfc3339_millis(int64_t ms) {
  int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(ms - secs * 1000));
  return format_time(secs, frac);
}

}  // namespace kubesift
