#include "kubesift/core/text.h"

#include <cctype>
#include <charconv>

namespace kubesift::text {

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string_view trim_right(std::string_view s) {
  size_t e = s.size();
  while (e > 0 && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(0, e);
}

static char fold(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (fold(s[i]) != fold(prefix[i])) return false;
  return true;
}

bool contains_ci(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  if (hay.size() < needle.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (starts_with_ci(hay.substr(i), needle)) return true;
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = fold(c);
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::vector<std::string_view> split_columns(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    size_t start = i;
    while (i < s.size()) {
      if (s[i] == ' ' && i + 1 < s.size() && s[i + 1] == ' ') break;
      if (s[i] == '\t') break;
      ++i;
    }
    out.push_back(trim_right(s.substr(start, i - start)));
  }
  return out;
}

size_t indent_of(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

bool to_int(std::string_view s, long long& out) {
  s = trim(s);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

static bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

namespace {

// One placeholder's value: nullptr when `vars` has none.
const std::string* lookup(std::string_view key,
                          const std::vector<std::pair<std::string, std::string>>& vars) {
  for (const auto& [k, v] : vars)
    if (k == key) return &v;
  return nullptr;
}

// Fills `tmpl` (no optional segments in it) into `out`. `empty_slot` is set
// when a placeholder had no value or an empty one.
void fill_plain(std::string_view tmpl, const std::vector<std::pair<std::string, std::string>>& vars,
                std::string_view missing, std::string& out, bool& empty_slot) {
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i + 1);
      if (close != std::string_view::npos) {
        std::string_view key = tmpl.substr(i + 1, close - i - 1);
        if (is_identifier(key)) {
          const std::string* v = lookup(key, vars);
          if (!v || v->empty()) empty_slot = true;
          if (v) {  // an empty value prints nothing
            out += *v;
            i = close + 1;
            continue;
          }
          if (!missing.empty()) {
            out += missing;
            i = close + 1;
            continue;
          }
        }
      }
    }
    out += tmpl[i++];
  }
}

}  // namespace

std::string fill(std::string_view tmpl,
                 const std::vector<std::pair<std::string, std::string>>& vars,
                 std::string_view missing) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  size_t i = 0;
  bool unused = false;
  while (i < tmpl.size()) {
    size_t open = tmpl.find("[[", i);
    size_t close = open == std::string_view::npos ? open : tmpl.find("]]", open + 2);
    if (close == std::string_view::npos) {
      fill_plain(tmpl.substr(i), vars, missing, out, unused);
      break;
    }
    fill_plain(tmpl.substr(i, open - i), vars, missing, out, unused);
    // An optional segment: kept only when each of its placeholders has a value.
    std::string seg;
    bool empty_slot = false;
    fill_plain(tmpl.substr(open + 2, close - open - 2), vars, {}, seg, empty_slot);
    if (!empty_slot) out += seg;
    i = close + 2;
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  uint32_t cp = 0;
  for (size_t i = 0, n; i < s.size(); i += n)
    if ((n = utf8_sequence(s, i, cp)) == 0) return false;
  return true;
}

size_t utf8_sequence(std::string_view s, size_t i, uint32_t& cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? c : c & (0x7fu >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3f);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

std::string clip(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  std::string out(s.substr(0, cut));
  out += "…";
  return out;
}

}  // namespace kubesift::text
