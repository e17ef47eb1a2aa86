// Internal to the engine: a finding before it is a finding. The match
// stage makes candidates (match.h), the explain stage links causes to what
// they explain (explain.h), the group stage folds replicas and hygiene
// together (group.h), the rank stage turns them into ranked findings
// (rank.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/core/finding.h"
#include "kubesift/correlate/graph.h"
#include "log_aggregate.h"
#include "signal.h"

namespace kubesift::engine {

struct Candidate {
  Signal sig;
  Severity severity = Severity::Info;
  ObjectRef subject;
  std::string group;  // candidates of one group are one finding (replicas)
  std::vector<ObjectRef> affected;
  bool runtime = false;       // something failed (not a spec's hygiene)
  bool standalone = false;    // a log no pod claims: the message names the file
  long long restarts = 0;     // of the container, most of the replicas
  std::optional<LogAgg> agg;  // a signature's lines across logs
  // What the explain stage joins on: the pods the candidate is about or
  // blocks (indices into Graph::pods), the node it is about, and when it
  // happened (seconds since the epoch; 0 = unknown).
  std::vector<size_t> pods;
  std::string node;
  int64_t when = 0;
  // A failure that is over: how long the container has been running and
  // ready since ("2d"); the rank stage says so in the message.
  std::string history;
  // The workloads of a group (filled by collapse_groups), sorted.
  std::vector<std::string> workloads;
};

// Whether a category is about something failing (not hygiene).
bool is_runtime_category(Category c);
// The hygiene categories a post-mortem groups (limits, image policy,
// security, reliability, deprecated APIs).
bool is_hygiene_category(Category c);
// A hygiene rule: of a hygiene category, or a manifest rule on probes
// (a probe that is missing, not one that fails).
bool is_hygiene_rule(const Rule& r);
bool waiting_is_failure(std::string_view reason);
bool terminated_is_failure(const model::ContainerState& s);
bool table_status_is_failure(std::string_view s);
// Whether the pod serves now: every regular container ready.
bool pod_ready(const correlate::PodView& pv);
// "Deployment/web", else "Pod/name".
std::string workload_key(const correlate::PodView& pv);
// The value of `name` in `vars` ("" when absent).
std::string var_of(const Vars& vars, std::string_view name);

}  // namespace kubesift::engine
