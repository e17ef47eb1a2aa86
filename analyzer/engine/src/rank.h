// Internal to the engine: the rank stage. Candidates, one per group, become
// findings: the message filled (values redacted, no empty slot), the
// evidence quoted from the inputs (at most kMaxEvidence lines, each once),
// and a score: severity × confidence × impact (pods, restarts), runtime
// causes above everything else, hygiene below every runtime cause.
#pragma once

#include <vector>

#include "candidate.h"
#include "kubesift/core/finding.h"
#include "kubesift/model/store.h"

namespace kubesift::engine {

inline constexpr size_t kMaxEvidence = 10;

// The score of a finding in the hygiene band: below any runtime finding's.
double hygiene_score(const Finding& f, size_t objects);

// One finding per candidate; a candidate without a location is dropped.
std::vector<Finding> to_findings(std::vector<Candidate>& candidates, const model::Store& store);

}  // namespace kubesift::engine
