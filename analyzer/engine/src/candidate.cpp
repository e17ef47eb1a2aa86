#include "candidate.h"

#include "kubesift/core/text.h"

namespace kubesift::engine {

bool is_runtime_category(Category c) {
  switch (c) {
    case Category::MissingResourceLimits:
    case Category::ImagePolicy:
    case Category::Security:
    case Category::Reliability:
    case Category::Reference:
    case Category::DeprecatedApi:
    case Category::InputError: return false;
    default: return true;
  }
}

bool is_hygiene_category(Category c) {
  switch (c) {
    case Category::MissingResourceLimits:
    case Category::ImagePolicy:
    case Category::Security:
    case Category::Reliability:
    case Category::DeprecatedApi: return true;
    default: return false;
  }
}

bool is_hygiene_rule(const Rule& r) {
  return is_hygiene_category(r.category) ||
         (is_manifest_scope(r.scope) && r.category == Category::ProbeMisconfig);
}

bool waiting_is_failure(std::string_view reason) {
  return !reason.empty() && reason != "ContainerCreating" && reason != "PodInitializing";
}

bool terminated_is_failure(const model::ContainerState& s) {
  if (s.kind != model::ContainerState::Kind::Terminated) return false;
  if (s.exit_code.has()) return s.exit_code.value != 0;
  return s.reason.has() && s.reason.value != "Completed";
}

bool table_status_is_failure(std::string_view s) {
  return !s.empty() && s != "Running" && s != "Completed" && s != "Succeeded" &&
         s != "ContainerCreating" && s != "PodInitializing" && s != "Terminating" &&
         s != "Pending" && !s.starts_with("Init:0/") && s != "Init:0";
}

bool pod_ready(const correlate::PodView& pv) {
  bool any = false;
  for (const auto& c : pv.containers) {
    if (c.init || !c.status) continue;
    any = true;
    if (!c.status->ready.has() || !c.status->ready.value) return false;
  }
  if (any) return true;
  if (pv.pod.table_ready.has()) {
    auto parts = text::split(pv.pod.table_ready.value, '/');
    return parts.size() == 2 && parts[0] == parts[1] && parts[0] != "0";
  }
  return false;
}

std::string workload_key(const correlate::PodView& pv) {
  if (!pv.top_name.empty()) return pv.top_kind + "/" + pv.top_name;
  return "Pod/" + pv.pod.meta.name;
}

std::string var_of(const Vars& vars, std::string_view name) {
  for (const auto& [k, v] : vars)
    if (k == name) return v;
  return {};
}

}  // namespace kubesift::engine
