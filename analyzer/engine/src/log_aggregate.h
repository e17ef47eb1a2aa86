// One log signature across the files it occurs in: the counts, times and
// places a bulk scan reports (Finding::logs), built from the hits the scan
// kept, merged file by file and, later, shard by shard — the same way both
// times, so that a merge of partial runs equals one run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kubesift/core/finding.h"
#include "kubesift/engine/log_scan.h"
#include "kubesift/model/store.h"

namespace kubesift::engine {

// A line that matched, with what orders it: its time, then its place.
struct LogPoint {
  std::string time;  // utc_time() of the line, or ""
  std::string path;
  uint32_t line = 0;
  model::SourceRef at;
  bool operator<(const LogPoint& o) const;
};

struct LogAgg {
  LogAggregate agg;
  LogPoint first, last;
};

// The aggregate of `rule`'s hits in one log (`count` matching lines, of
// which `hits` holds the first and last few).
// `lines` reads each kept line's time.
std::optional<LogAgg> aggregate_hits(const model::Store& store, const model::LogLineReader& lines,
                                     const model::LogFile& log, const std::vector<LogHit>& hits,
                                     size_t rule, uint64_t count);

// `other` (other files) into `into`. True when other's first line is the
// earlier: the finding then speaks with other's words.
bool merge_aggregate(LogAgg& into, const LogAgg& other);

// The sentence of an aggregated finding: "<title>: N lines in F files …".
std::string aggregate_message(const std::string& title, const LogAggregate& agg, bool standalone);

// The ranking score of an aggregated finding, from its fields alone.
double aggregate_score(const Finding& f);

// The weight of a severity in a score.
double severity_weight(Severity s);

}  // namespace kubesift::engine
