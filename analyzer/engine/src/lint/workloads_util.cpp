#include "workloads_util.h"

namespace kubesift::engine::lint::workloads {

bool is_batch_kind(std::string_view kind) {
  return kind == "Job" || kind == "CronJob";
}

bool is_workload_kind(std::string_view kind) {
  for (std::string_view k :
       {"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController",
        "Job", "CronJob", "DeploymentConfig", "Rollout"})
    if (kind == k) return true;
  return false;
}

std::string container_label(const PodSpec& ps, const PodSpec::Container& c) {
  if (!c.name.empty()) return c.name;
  size_t n = 1;
  for (const auto& other : ps.containers) {
    if (&other == &c) break;
    ++n;
  }
  return "#" + std::to_string(n);
}

model::Value container_anchor(const PodSpec::Container& c) {
  if (model::Value n = c.v.get("name")) return n;
  return c.v;
}

Hit container_hit(const Rule& rule, const PodSpec& ps, const PodSpec::Container& c) {
  Hit h = make_hit(rule, *ps.obj, c.name);
  if (c.name.empty()) h.vars.emplace_back("container", container_label(ps, c));
  return h;
}

ImageRef parse_image(std::string_view image) {
  ImageRef r;
  std::string_view rest = image;
  if (size_t at = rest.find('@'); at != std::string_view::npos) {
    r.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  size_t slash = rest.rfind('/');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    r.has_tag = true;
    r.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  r.name = rest;
  return r;
}

TextMatcher::TextMatcher(std::string pattern) {
  if (pattern.empty()) return;
  if (pattern.front() == '!') {
    negate_ = true;
    pattern.erase(0, 1);
  }
  re_ = std::make_unique<RE2>(pattern, RE2::Quiet);
}

bool TextMatcher::operator()(std::string_view s) const {
  if (!re_) return !negate_;
  if (!re_->ok()) return false;
  return RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re_) != negate_;
}

std::string text_of(model::Value v) {
  return v.is_scalar() ? std::string(v.scalar()) : std::string();
}

}  // namespace kubesift::engine::lint::workloads
