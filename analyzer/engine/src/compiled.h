// Internal to the engine: what Engine::create compiles once from the catalog.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <vector>

#include "kubesift/engine/catalog.h"
#include "lint/context.h"
#include "lint/field_check.h"
#include "signal.h"

namespace kubesift::engine {

struct CompiledMatcher {
  const Matcher* m = nullptr;
  std::unique_ptr<RE2> re;  // message pattern, null when none
};

struct EngineCompiled {
  std::vector<std::vector<CompiledMatcher>> matchers;  // per rule
  std::vector<std::vector<CompiledMatcher>> unless;    // per rule
  std::vector<const CodeRule*> code;                   // per rule, null for data rules
  std::vector<const lint::LintRule*> lint_code;        // per rule, manifest code rules
  lint::CompiledChecks checks;                         // the `check:` regexes
};

}  // namespace kubesift::engine
