#include "suppress.h"

#include <algorithm>

#include "kubesift/core/text.h"

namespace kubesift::engine::lint {
namespace {

constexpr std::string_view kOwnKey = "kubesift.io/ignore";

bool peer_is(const Rule& r, std::string_view tool, std::string_view check) {
  for (const auto& e : r.equivalents) {
    size_t colon = e.find(':');
    if (std::string_view(e).substr(0, colon) == tool &&
        text::lower(std::string_view(e).substr(colon + 1)) == text::lower(check))
      return true;
  }
  return false;
}

// kubesift.io/ignore: "latest-tag, run-as-root: reason; sidecar/no-read-only-root-fs: reason"
std::optional<std::string> own_annotation(std::string_view value, const Hit& hit) {
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t end = value.find_first_of(";\n", pos);
    std::string_view entry =
        text::trim(value.substr(pos, end == std::string_view::npos ? value.npos : end - pos));
    pos = end == std::string_view::npos ? value.size() + 1 : end + 1;
    if (entry.empty()) continue;
    size_t colon = entry.find(':');
    std::string_view ids = entry.substr(0, colon);
    std::string reason(colon == std::string_view::npos ? std::string_view()
                                                       : text::trim(entry.substr(colon + 1)));
    for (std::string_view id : text::split(ids, ',')) {
      id = text::trim(id);
      std::string_view container;
      if (size_t slash = id.find('/'); slash != std::string_view::npos) {
        container = id.substr(0, slash);
        id = id.substr(slash + 1);
      }
      if (!container.empty() && container != hit.container) continue;
      if (id == "*" || names_rule(id, *hit.rule)) return reason;
    }
  }
  return std::nullopt;
}

std::optional<Suppression> by_annotations(model::Value annotations, const Hit& hit) {
  const Rule& r = *hit.rule;
  for (model::Value a : annotations) {
    std::string_view key = a.key(), value = a.scalar();
    if (key == kOwnKey) {
      if (auto reason = own_annotation(value, hit))
        return Suppression{"annotation", std::string(key), *reason};
    } else if (key == "kube-linter.io/ignore-all" ||
               (key.starts_with("ignore-check.kube-linter.io/") &&
                peer_is(r, "kube-linter", key.substr(key.find('/') + 1)))) {
      return Suppression{"annotation", std::string(key), std::string(value)};
    } else if (key == "kube-score/ignore") {
      for (std::string_view id : text::split(value, ','))
        if (peer_is(r, "kube-score", text::trim(id)))
          return Suppression{"annotation", std::string(key), ""};
    } else if (key.starts_with("polaris.fairwinds.com/") && a.as_bool().value_or(value == "true")) {
      std::string_view check = key.substr(key.find('/') + 1);
      if (check == "exempt" ||
          (check.ends_with("-exempt") && peer_is(r, "polaris", check.substr(0, check.size() - 7))))
        return Suppression{"annotation", std::string(key), ""};
    }
  }
  return std::nullopt;
}

bool glob_or_any(const std::string& pattern, std::string_view s) {
  return pattern.empty() || glob_match(pattern, s);
}

}  // namespace

bool names_rule(std::string_view id, const Rule& r) {
  if (id == r.id) return true;
  for (const auto& e : r.equivalents) {
    if (id == e) return true;
    size_t colon = e.find(':');
    if (std::string_view(e).substr(colon + 1) == id) return true;
  }
  return false;
}

bool is_expired(const ConfigIgnore& ig, const LintOptions& opts) {
  return !ig.expires.empty() && !opts.today.empty() && ig.expires < opts.today;
}

std::optional<Suppression> find_suppression(const Hit& hit, const LintOptions& opts) {
  if (!opts.suppressions) return std::nullopt;
  const Object& o = *hit.obj;
  // The object's own annotations, then its pod template's (where a
  // Deployment's pods carry theirs).
  if (o.annotations.size() > 0)
    if (auto s = by_annotations(o.annotations, hit)) return s;
  if (o.template_annotations.size() > 0)
    if (auto s = by_annotations(o.template_annotations, hit)) return s;
  for (const auto& ig : opts.config.ignores) {
    bool rule = std::any_of(ig.rules.begin(), ig.rules.end(), [&](const std::string& id) {
      return id == "*" || names_rule(id, *hit.rule);
    });
    if (!rule || !glob_or_any(ig.kind, o.kind) || !glob_or_any(ig.ns, o.ns_key()) ||
        !glob_or_any(ig.name, o.name) || !glob_or_any(ig.path, o.path) ||
        !glob_or_any(ig.container, hit.container))
      continue;
    if (is_expired(ig, opts)) continue;
    return Suppression{"config", opts.config.path + ":" + std::to_string(ig.line), ig.reason};
  }
  return std::nullopt;
}

}  // namespace kubesift::engine::lint
