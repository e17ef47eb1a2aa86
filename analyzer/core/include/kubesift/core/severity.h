// Severity and category: the two closed vocabularies of a finding.
//
// Both are part of the public JSON contract (shared design taxonomy): their
// string forms are never renamed. Parsing is strict: an unknown word is an
// error the caller must report, never a silent default.
#pragma once

#include <optional>
#include <string_view>

namespace kubesift {

// Ordered: a larger value is more severe. `critical` means the workload is
// down now; `info` is context only.
enum class Severity { Info = 0, Low, Medium, High, Critical };

std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

enum class Category {
  // runtime causes
  MissingFile,
  BadCommand,
  OomKilled,
  BadEnvVar,
  ProbeMisconfig,
  ImagePull,
  AppCrash,
  Storage,
  Scheduling,
  Network,
  Permission,
  NodePressure,
  ConfigError,
  // manifest findings
  MissingResourceLimits,
  ImagePolicy,
  Security,
  Reliability,
  Reference,
  DeprecatedApi,
  InputError,
};

std::string_view to_string(Category c);
std::optional<Category> parse_category(std::string_view s);

}  // namespace kubesift
