// Internal to the engine: the snapshot's own "now", from the data, never
// from the wall clock: the latest time among container states, conditions
// (a node's heartbeat), events and the last line of each log. 0 when the
// inputs show no absolute time.
#pragma once

#include <cstdint>

#include "kubesift/correlate/graph.h"
#include "kubesift/model/log_line.h"

namespace kubesift::engine {

int64_t snapshot_now(const correlate::Graph& graph, const model::LogLineReader& lines);

// When a container state began (running: started; terminated: finished),
// seconds since the epoch; 0 when the input does not say.
int64_t state_time(const model::ContainerState& s);

}  // namespace kubesift::engine
