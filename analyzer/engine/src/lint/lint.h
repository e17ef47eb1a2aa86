// Internal to the engine: the lint stage, called by Engine::lint and, for
// declared objects, by Engine::analyze.
#pragma once

#include <vector>

#include "../signal.h"
#include "context.h"
#include "field_check.h"

namespace kubesift::engine::lint {

// Runs `rules` (each a data rule with a check, or the C++ rule at the same
// index of `lint_code` or `spec_code`) over the context; applies
// suppressions; reports expired config ignores as `expired_rule`.
LintResult run_lint(const Context& ctx, const std::vector<const Rule*>& rules,
                    const std::vector<const CodeRule*>& spec_code,
                    const std::vector<const LintRule*>& lint_code, const CompiledChecks& compiled,
                    const Rule* expired_rule);

}  // namespace kubesift::engine::lint
