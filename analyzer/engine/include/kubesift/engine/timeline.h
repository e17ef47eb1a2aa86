// The timeline of each failing workload of an analysis (core/timeline.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kubesift/core/finding.h"
#include "kubesift/core/timeline.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/model/log_line.h"

namespace kubesift::engine {

// When the inputs were collected, as the data says it: the end time in a
// must-gather's `timestamp` file, or the time in a support bundle's name
// (`support-bundle-2026-11-30T08_14_05`). 0 and "" when none says it.
struct CollectionTime {
  int64_t at = 0;
  std::string source;
};
CollectionTime collection_time(const model::Store& store);

// For the workloads the runtime findings are about (in rank order, at most
// a dozen, three pods each): per pod a lane of its own events and start, and
// per container its instances (started → finished, exit code and reason),
// its restarts and waiting reason, its events (a repeated one spread over
// its first and last time) and the times of the log lines findings cite.
// Ages ("2m (x12 over 9m)") are placed from the snapshot's now: the
// collection time, else the latest time in the data; never the wall clock.
Timeline build_timeline(const correlate::Graph& graph, const std::vector<Finding>& findings,
                        const model::LogLineReader& lines);

}  // namespace kubesift::engine
