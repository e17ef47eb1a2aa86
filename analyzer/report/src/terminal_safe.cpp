#include <fmt/format.h>

#include "kubesift/core/text.h"
#include "kubesift/report/report.h"

namespace kubesift::report {

std::string terminal_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = text::utf8_sequence(s, i, cp);
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
