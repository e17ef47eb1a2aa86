// Internal to the engine: the group stage. Candidates that are one problem
// become one: replicas failing the same way (one group key), workloads
// failing on the same dependency, and hygiene (limits, probes, image
// policy) on objects that are not failing, one per rule and namespace.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "candidate.h"

namespace kubesift::engine {

// The dependency a network cause names ("host:port" or a host), "" if none.
std::string dependency_of(const Candidate& c);

// Network causes of two or more workloads naming the same dependency share
// one group: one finding, about the dependency, naming every pod.
void group_shared_dependencies(std::vector<Candidate>& candidates);

// Hygiene candidates of pods that are not failing (`failing`: indices into
// Graph::pods) share one group per rule and namespace.
void group_hygiene(std::vector<Candidate>& candidates, const std::set<size_t>& failing);

// One candidate per group, in first-seen order: affected, pods and evidence
// of the others join it; the highest severity, restarts and confidence win.
std::vector<Candidate> collapse_groups(std::vector<Candidate> candidates);

// The same for findings that come whole (manifests linted in analyze): the
// hygiene findings of one rule and namespace become one.
// `hygiene` says which findings are hygiene (by their rule).
void group_hygiene_findings(std::vector<Finding>& findings,
                            const std::function<bool(const Finding&)>& hygiene);

}  // namespace kubesift::engine
