#include "kubesift/core/severity.h"

#include <array>
#include <utility>

namespace kubesift {
namespace {

constexpr std::array<std::string_view, 5> kSeverityNames = {"info", "low", "medium", "high",
                                                            "critical"};

constexpr std::array<std::pair<Category, std::string_view>, 20> kCategoryNames = {{
    {Category::MissingFile, "missing-file"},
    {Category::BadCommand, "bad-command"},
    {Category::OomKilled, "oom-killed"},
    {Category::BadEnvVar, "bad-env-var"},
    {Category::ProbeMisconfig, "probe-misconfig"},
    {Category::ImagePull, "image-pull"},
    {Category::AppCrash, "app-crash"},
    {Category::Storage, "storage"},
    {Category::Scheduling, "scheduling"},
    {Category::Network, "network"},
    {Category::Permission, "permission"},
    {Category::NodePressure, "node-pressure"},
    {Category::ConfigError, "config-error"},
    {Category::MissingResourceLimits, "missing-resource-limits"},
    {Category::ImagePolicy, "image-policy"},
    {Category::Security, "security"},
    {Category::Reliability, "reliability"},
    {Category::Reference, "reference"},
    {Category::DeprecatedApi, "deprecated-api"},
    {Category::InputError, "input-error"},
}};

}  // namespace

std::string_view to_string(Severity s) {
  return kSeverityNames[static_cast<size_t>(s)];
}

std::optional<Severity> parse_severity(std::string_view s) {
  for (size_t i = 0; i < kSeverityNames.size(); ++i)
    if (kSeverityNames[i] == s) return static_cast<Severity>(i);
  return std::nullopt;
}

std::string_view to_string(Category c) {
  for (const auto& [cat, name] : kCategoryNames)
    if (cat == c) return name;
  return "input-error";
}

std::optional<Category> parse_category(std::string_view s) {
  for (const auto& [cat, name] : kCategoryNames)
    if (name == s) return cat;
  return std::nullopt;
}

}  // namespace kubesift
