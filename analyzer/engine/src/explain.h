// Internal to the engine: the explain stage. A candidate whose rule says it
// is `explained_by` another (rules/README.md) and whose cause stands among
// the candidates becomes evidence of that cause: its lines join the cause's
// evidence as symptoms, its pods the cause's affected, and it is not
// reported alone. One cause, one finding.
#pragma once

#include <vector>

#include "candidate.h"

namespace kubesift::engine {

// Whether `cause` explains `effect` by `link` (the rule, category or any
// runtime cause the link names, related by its join).
bool explains(const CauseLink& link, const Candidate& cause, const Candidate& effect);

// Folds every explained candidate into its cause; the order of the others
// is kept. A candidate folded away explains nothing further; of several
// causes, the most severe (then the most confident, then the first) takes it.
void explain(std::vector<Candidate>& candidates);

}  // namespace kubesift::engine
