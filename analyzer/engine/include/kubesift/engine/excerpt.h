// The lines around a finding's evidence, for reports that show a line in
// its context (HTML): each line quoted and redacted as evidence is.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kubesift/model/store.h"

namespace kubesift::engine {

// Lines [line - radius, line + radius] of `d` that it still holds (a log
// compacted after its scan keeps only the lines findings quote and, when
// asked, their neighbours), each as (line, text): clipped, NUL bytes
// counted, secrets redacted with the lines around them.
std::vector<std::pair<uint32_t, std::string>> excerpt(const model::Document& d, uint32_t line,
                                                      uint32_t radius);

}  // namespace kubesift::engine
