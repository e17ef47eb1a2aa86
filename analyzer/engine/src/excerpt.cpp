#include "kubesift/engine/excerpt.h"

#include <algorithm>

#include "evidence.h"

namespace kubesift::engine {

std::vector<std::pair<uint32_t, std::string>> excerpt(const model::Document& d, uint32_t line,
                                                      uint32_t radius) {
  std::vector<std::pair<uint32_t, std::string>> out;
  if (line == 0) return out;
  uint32_t from = line > radius ? line - radius : 1;
  uint32_t to = std::min(d.line_count(), line + radius);
  for (uint32_t n = from; n <= to; ++n)
    if (d.has_line(n)) out.emplace_back(n, quote_text(d, n));
  return out;
}

}  // namespace kubesift::engine
