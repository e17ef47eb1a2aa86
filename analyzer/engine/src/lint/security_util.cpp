#include "security_util.h"

#include <cctype>

namespace kubesift::engine::lint::security {

bool set(const model::Value& v) {
  return v && !v.is_null();
}

Resolved effective(const PodSpec& ps, const PodSpec::Container& c, std::string_view key) {
  if (model::Value v = c.v.get("securityContext").get(key); set(v)) return {v, false};
  if (model::Value v = ps.spec.get("securityContext").get(key); set(v)) return {v, true};
  return {};
}

bool is_pod_container(const PodSpec::Container& c) {
  return !c.ephemeral;
}

model::Value container_anchor(const PodSpec::Container& c) {
  if (model::Value sc = c.v.get("securityContext")) return sc;
  if (model::Value n = c.v.get("name")) return n;
  return c.v;
}

model::Value pod_anchor(const PodSpec& ps) {
  if (model::Value sc = ps.spec.get("securityContext")) return sc;
  return ps.spec;
}

std::string capability(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char ch : name) out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (out.starts_with("CAP_")) out.erase(0, 4);
  return out;
}

std::vector<std::unique_ptr<RE2>> regex_list(std::string_view s) {
  std::vector<std::unique_ptr<RE2>> out;
  RE2::Options o;
  o.set_log_errors(false);
  for (const auto& p : split_list(s)) {
    auto re = std::make_unique<RE2>(p, o);
    if (re->ok()) out.push_back(std::move(re));
  }
  return out;
}

std::vector<HostPathVolume> host_path_volumes(const PodSpec& ps) {
  std::vector<HostPathVolume> out;
  for (model::Value v : ps.spec.get("volumes")) {
    model::Value hp = v.get("hostPath");
    if (!set(hp)) continue;
    model::Value path = hp.get("path");
    out.push_back({std::string(v.str("name")), std::string(path.scalar()), v, path});
  }
  return out;
}

void report_host_path_mounts(const Context& ctx, const Rule& rule,
                             const std::vector<std::unique_ptr<RE2>>& paths,
                             std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& vol : host_path_volumes(ps)) {
      bool matched = false;
      for (const auto& re : paths)
        if (RE2::PartialMatch(vol.path, *re)) matched = true;
      if (!matched) continue;
      for (const auto& c : ps.containers)
        for (model::Value m : c.v.get("volumeMounts")) {
          if (m.str("name") != vol.name) continue;
          model::Value at = m.get("name") ? m.get("name") : m;
          Hit h = make_container_hit(rule, ps, c);
          h.cites.push_back({at, "config", {}});
          h.cites.push_back({vol.path_field ? vol.path_field : vol.volume, "config", {}});
          h.vars.emplace_back("path", vol.path);
          h.vars.emplace_back("volume", vol.name);
          out.push_back(std::move(h));
        }
    }
  }
}

std::string container_label(const PodSpec& ps, const PodSpec::Container& c) {
  if (!c.name.empty()) return c.name;
  const char* list = c.init ? "initContainers" : c.ephemeral ? "ephemeralContainers" : "containers";
  size_t i = 0;
  for (const auto& other : ps.containers) {
    if (&other == &c) break;
    if (other.init == c.init && other.ephemeral == c.ephemeral) ++i;
  }
  return std::string(list) + "[" + std::to_string(i) + "]";
}

Hit make_container_hit(const Rule& rule, const PodSpec& ps, const PodSpec::Container& c) {
  Hit h = make_hit(rule, *ps.obj, c.name);
  if (c.name.empty()) h.vars.emplace_back("container", container_label(ps, c));
  return h;
}

Hit container_hit(const Rule& rule, const PodSpec& ps, const PodSpec::Container& c, model::Value at,
                  std::string reason, std::vector<model::Value> more) {
  Hit h = make_container_hit(rule, ps, c);
  h.cites.push_back({at ? at : container_anchor(c), "config", {}});
  for (auto& v : more)
    if (v) h.cites.push_back({v, "config", {}});
  h.vars.emplace_back("reason", std::move(reason));
  return h;
}

}  // namespace kubesift::engine::lint::security
