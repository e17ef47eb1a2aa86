// The lint config file (.kubesift.yaml): which rules run, how severe they
// are, their parameters, and what is ignored, each ignore with its reason
// and an optional expiry date. Schema in README.md ("Configuration").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/core/severity.h"

namespace kubesift::engine {

struct ConfigIgnore {
  std::vector<std::string> rules;  // rule ids (or peer ids); "*" = every rule
  // Globs (`*`, `?`; `**` crosses '/' in paths); empty = any.
  std::string kind, ns, name, path, container;
  std::string reason;   // required: why it is ignored
  std::string expires;  // YYYY-MM-DD, or "" for never
  unsigned line = 0;    // where the entry is in the config file
};

struct LintConfig {
  std::string path;    // the file it was read from ("" = none)
  std::string source;  // its text (findings about an entry quote its line)
  bool all_checks = false;
  std::vector<std::string> include, exclude;
  std::map<std::string, Severity> severity;                          // rule id → severity
  std::map<std::string, std::map<std::string, std::string>> params;  // rule id → name → value
  std::vector<ConfigIgnore> ignores;
  std::string kubernetes_version;
  std::optional<bool> strict_refs;
  std::optional<std::string> fail_on;  // a severity, or "none"
};

struct ConfigError {
  unsigned line = 0;
  std::string message;
};

// Parses a config file. Unknown keys, bad severities and ignores without a
// reason are errors (a CI gate must not run with a config it misread).
// Rule ids are checked against the catalog by the caller.
LintConfig parse_lint_config(std::string_view path, std::string_view content,
                             std::vector<ConfigError>& errors);

// Glob match: `*` and `?` within a path segment, `**` across segments.
bool glob_match(std::string_view pattern, std::string_view s);

}  // namespace kubesift::engine
