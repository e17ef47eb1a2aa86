#include "html_text.h"

#include <cstdint>

#include "kubesift/core/time.h"
#include "kubesift/report/report.h"

namespace kubesift::report::html {

std::string esc(std::string_view raw) {
  std::string s = terminal_safe(raw);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case ':': {
        // "http:" / "https:" (any case) loses its colon to an entity.
        auto ends = [&](std::string_view w) {
          if (out.size() < w.size()) return false;
          for (size_t k = 0; k < w.size(); ++k) {
            char o = out[out.size() - w.size() + k];
            if ((o | 0x20) != w[k]) return false;
          }
          return true;
        };
        out += ends("http") || ends("https") ? "&#58;" : ":";
        break;
      }
      default: out += c;
    }
  }
  return out;
}

std::string clock(int64_t t) {
  std::string s = rfc3339(t);  // 2026-11-26T18:41:42Z
  s[10] = ' ';
  s.pop_back();
  return s;
}

}  // namespace kubesift::report::html
