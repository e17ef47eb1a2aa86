// Lint: the manifest rules over every object the inputs declare.
//
// Each object is checked as it was written (model::DeclaredObject: its tree,
// with the line and column of every field), so a finding cites the offending
// field itself. Data rules (`check:` in rules/*.yaml) test fields; code rules
// (engine/src/lint/rule_*.cpp) join objects: a Service and the pods it
// selects, a binding and its role, an env reference and the ConfigMap.
// Suppressions (annotations, the config file) are applied last.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kubesift/core/finding.h"
#include "kubesift/engine/lint_config.h"
#include "kubesift/model/store.h"

namespace kubesift::engine {

struct LintOptions {
  // Every rule, optional ones included (the peers' non-default checks).
  bool all_checks = false;
  // Rules turned on or off by id (or by a peer's id, "kube-linter:latest-tag"),
  // on top of the config file's; exclude wins.
  std::vector<std::string> include, exclude;
  // The Kubernetes version the manifests target ("1.29"); empty = the newest
  // the catalog knows (deprecated-api rules read it).
  std::string kubernetes_version;
  // Report a reference to a missing object even when the input holds no
  // object of that kind in that namespace.
  bool strict_refs = false;
  // Honour kubesift.io/ignore, the peers' annotations and the config's
  // ignores (false: --no-suppressions, every finding counts).
  bool suppressions = true;
  LintConfig config;
  // Today, YYYY-MM-DD: an ignore whose expiry date is before it has expired.
  std::string today;
  // Only objects without a status (declarations): what `analyze` lints
  // next to the runtime rules. `lint` checks every object it is given.
  bool declared_only = false;
};

struct LintResult {
  std::vector<Finding> findings;    // ranked: severity, then file and line
  std::vector<Finding> suppressed;  // each with its suppression
  std::vector<std::string> notes;
  size_t objects = 0;  // objects checked
  size_t rules = 0;    // rules that ran
};

// The Kubernetes versions the catalog knows, oldest first ("1.16" …).
const std::vector<std::string>& known_kubernetes_versions();

}  // namespace kubesift::engine
