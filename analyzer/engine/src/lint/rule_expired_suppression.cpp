// expired-suppression: an ignore entry of the config file whose expiry date
// has passed. Reported by the lint stage itself while it applies the
// config's ignores (lint.cpp), so it has no per-object logic here.
#include "context.h"

namespace kubesift::engine::lint {

LintRule make_lint_rule_expired_suppression() {
  return {"expired-suppression", nullptr};
}

}  // namespace kubesift::engine::lint
