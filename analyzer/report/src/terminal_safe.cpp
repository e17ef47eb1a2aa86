#include <fmt/format.h>

#include "kubesift/report/report.h"

namespace kubesift::report {

namespace {
// The length of the valid UTF-8 sequence at `s[i]` and its code point; 0
// when the bytes there are not one (a stray continuation byte, an overlong
// form, a surrogate, a sequence cut short).
size_t utf8_at(std::string_view s, size_t i, uint32_t& cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? c : c & (0x7f >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3f);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}
}  // namespace

std::string terminal_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = utf8_at(s, i, cp);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    // Controls (escape sequences, carriage returns, backspaces), C1
    // controls and the bidirectional overrides that reorder what is shown.
    bool control = (cp < 0x20 && cp != '\t') || cp == 0x7f;
    bool hidden = (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
                  (cp >= 0x2066 && cp <= 0x2069);
    if (control)
      out += fmt::format("\\x{:02x}", cp);
    else if (hidden)
      out += fmt::format("\\u{:04x}", cp);
    else
      out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace kubesift::report
