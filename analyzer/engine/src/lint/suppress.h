// Internal to the engine: which findings are suppressed, and by what.
//
// In the manifest: `kubesift.io/ignore` on the object or its pod template
// ("id[,id]: reason", entries separated by ";" or new lines, "container/id"
// for one container, "*" for every rule) and the peers' annotations, mapped
// through each rule's equivalents:
//   ignore-check.kube-linter.io/<check>: reason    kube-linter.io/ignore-all
//   kube-score/ignore: id,id                        polaris.fairwinds.com/<check>-exempt: "true"
//   polaris.fairwinds.com/exempt: "true"
// In the config file: ignore entries by rule, kind, namespace, name, path
// and container globs, each with a reason and an optional expiry date.
#pragma once

#include <optional>
#include <string>

#include "context.h"

namespace kubesift::engine::lint {

// The suppression that applies to `hit`, if any. A config entry past its
// expiry date suppresses nothing (and is reported on its own).
std::optional<Suppression> find_suppression(const Hit& hit, const LintOptions& opts);

// Whether a config ignore's expiry date is before today.
bool is_expired(const ConfigIgnore& ig, const LintOptions& opts);

// Whether `id` names rule `r`: its own id, or one of its equivalents
// ("kube-linter:latest-tag", or a peer's bare id "latest-tag").
bool names_rule(std::string_view id, const Rule& r);

}  // namespace kubesift::engine::lint
