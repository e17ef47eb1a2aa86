// Internal to the engine: quoting an input line as a finding's evidence.
#pragma once

#include <string>

#include "kubesift/core/finding.h"
#include "kubesift/model/store.h"

namespace kubesift::engine {

// Longest evidence text; longer lines are cut with a trailing "…".
inline constexpr size_t kMaxEvidenceText = 400;

// The line `at` points to, redacted and clipped, as evidence with `role`.
// `hide_value`: the line holds a secret's value whatever its key is called
// (a Secret's data, an env value a rule found to be a credential); only the
// text up to the key's colon is kept.
Evidence quote_line(const model::Store& store, model::SourceRef at, std::string role,
                    bool hide_value = false);

// Line `n` of `d` as evidence quotes it (clipped, NUL bytes counted,
// redacted with the lines around it).
std::string quote_text(const model::Document& d, uint32_t n);

}  // namespace kubesift::engine
