// Timelines: what happened to each failing workload, laid out in time.
//
// Built by the engine from the facts the inputs show (container states,
// restarts, events, the times of the log lines a finding cites), printed by
// the HTML report on one time axis. Like a Finding, fully materialised:
// printers only draw.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kubesift/core/finding.h"

namespace kubesift {

// One thing that happened, at `at` (seconds since the epoch), or over
// [at, until] for something that lasted (a container that ran, an event that
// repeated between its first and last time).
struct TimelineMark {
  enum class Kind {
    Running,     // a container instance that ran (started → finished, or → now)
    Terminated,  // it ended: exit code and reason
    Waiting,     // waiting now (CrashLoopBackOff, ImagePullBackOff, …), at now
    Event,       // an event; `count` times over [at, until]
    Log,         // a log line a finding cites
    PodStart,    // the pod was started (status.startTime)
  };
  Kind kind = Kind::Event;
  int64_t at = 0;
  int64_t until = 0;  // 0: a moment, not a span
  // Times read from ages ("2m (x12 over 9m)") against the snapshot's now,
  // not written in the input: drawn as approximate.
  bool approximate = false;
  bool warning = false;  // a Warning event, a failed exit, an error log line
  long long count = 0;   // an event's count (0: unknown)
  std::string label;     // short: "exit 2 Error", "BackOff ×183", "log"
  std::string detail;    // the message or line (redacted), for the tooltip
  std::string path;      // the line that shows it
  uint32_t line = 0;
};

// A row of the timeline: one container of one pod, or the pod itself (its
// events and start).
struct TimelineLane {
  std::string pod;
  std::string container;            // "" for the pod's own lane
  long long restarts = -1;          // the restart count the input shows (-1: unknown)
  std::vector<TimelineMark> marks;  // by time
};

struct TimelineTrack {
  ObjectRef workload;      // the top of the owner chain (or the pod itself)
  std::vector<int> ranks;  // the findings about it, by rank
  std::vector<TimelineLane> lanes;
};

struct Timeline {
  // The snapshot's now, from the data (0: the inputs show no time), and
  // where it was read: "the must-gather's timestamp file", "the support
  // bundle's name", "the latest time in the data".
  int64_t now = 0;
  std::string now_source;
  // The axis every track is drawn on: the earliest mark to now (or the
  // latest mark).
  int64_t start = 0, end = 0;
  std::vector<TimelineTrack> tracks;  // in the order of their first finding
  // Tracks and marks left out to keep the report readable.
  size_t tracks_left_out = 0, marks_left_out = 0;
};

}  // namespace kubesift
