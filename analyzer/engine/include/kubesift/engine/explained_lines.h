// The log lines the engine reads again after the scan, to explain a
// finding: what a log compacted after its scan (Document::compact) must keep
// besides the lines its hits quote.
#pragma once

#include <cstdint>
#include <vector>

#include "kubesift/model/store.h"

namespace kubesift::engine {

// For each log of `d` (the LogFiles whose doc is d's): the lines within its
// first and last lines that say what the application serves (route tables,
// listen addresses, access lines), which a failing probe is checked against.
// Bounded per log (its head and tail), sorted, without repeats.
std::vector<uint32_t> explained_log_lines(const model::Document& d,
                                          const std::vector<const model::LogFile*>& logs);

}  // namespace kubesift::engine
