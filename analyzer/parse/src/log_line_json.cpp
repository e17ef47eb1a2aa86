// JSON log records read leniently: the hand walker behind split_log_line
// (the payload of a JSON line or of a docker json-file `log` value) and
// json_top_level; and unescape_json for display.
#include "log_line_json.h"

#include <array>
#include <cstdint>
#include <string>

#include "kubesift/core/text.h"
#include "kubesift/parse/log_line.h"

namespace kubesift::parse {

using namespace logline;

namespace {

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

}  // namespace

namespace logline {

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

}  // namespace logline

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
        text::append_utf8(out, cp);
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
