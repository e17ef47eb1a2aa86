#include "json_quote.h"

#include <fmt/format.h>

namespace kubesift::report {

// JSON string literal: escapes quotes, backslashes and control bytes, and
// replaces invalid UTF-8 with U+FFFD so the output always parses.
std::string json_quote(std::string_view s) {
  std::string o;
  o.reserve(s.size() + 2);
  o += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': o += "\\n"; break;
        case '\r': o += "\\r"; break;
        case '\t': o += "\\t"; break;
        default: o += fmt::format("\\u{:04x}", c);
      }
      ++i;
    } else if (c < 0x80) {
      o += static_cast<char>(c);
      ++i;
    } else {
      size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      bool ok = len > 0 && i + len <= s.size();
      for (size_t k = 1; ok && k < len; ++k)
        ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (ok) {
        o.append(s.substr(i, len));
        i += len;
      } else {
        o += "\xEF\xBF\xBD";
        ++i;
      }
    }
  }
  o += '"';
  return o;
}

}  // namespace kubesift::report
