// The lint config file (.kubesift.yaml).
#include <yaml-cpp/yaml.h>

#include <set>

#include "kubesift/engine/lint_config.h"

namespace kubesift::engine {
namespace {

unsigned line_of(const YAML::Node& n) {
  return n.Mark().is_null() ? 0 : static_cast<unsigned>(n.Mark().line + 1);
}

struct Reader {
  std::vector<ConfigError>& errors;

  void error(const YAML::Node& at, std::string msg) {
    errors.push_back({line_of(at), std::move(msg)});
  }

  void known_keys(const YAML::Node& map, const std::set<std::string>& keys, const char* where) {
    for (const auto& kv : map) {
      std::string k = kv.first.Scalar();
      if (!keys.count(k)) {
        std::string list;
        for (const auto& x : keys) list += (list.empty() ? "" : ", ") + x;
        error(kv.first, "unknown key '" + k + "' in " + where + " (known: " + list + ")");
      }
    }
  }

  std::string scalar(const YAML::Node& n, const char* what) {
    if (!n.IsScalar()) {
      error(n, std::string(what) + " must be a string");
      return {};
    }
    return n.Scalar();
  }

  std::vector<std::string> list(const YAML::Node& n, const char* what) {
    std::vector<std::string> out;
    if (!n || n.IsNull()) return out;
    if (n.IsScalar()) {
      out.push_back(n.Scalar());
      return out;
    }
    if (!n.IsSequence()) {
      error(n, std::string(what) + " must be a list of strings");
      return out;
    }
    for (const auto& e : n) out.push_back(scalar(e, what));
    return out;
  }

  static bool valid_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
      if (d[i] < '0' || d[i] > '9') return false;
    int month = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }

  void ignore(const YAML::Node& n, LintConfig& c) {
    if (!n.IsMap()) {
      error(n,
            "an ignore entry is a map: {rules, kind, namespace, name, path, container, reason, "
            "expires}");
      return;
    }
    known_keys(n, {"rules", "kind", "namespace", "name", "path", "container", "reason", "expires"},
               "an ignore entry");
    ConfigIgnore ig;
    ig.line = line_of(n);
    ig.rules = list(n["rules"], "ignore rules");
    if (ig.rules.empty()) error(n, "an ignore entry needs 'rules' (rule ids, or \"*\")");
    auto opt = [&](const char* key, std::string& into) {
      if (YAML::Node v = n[key]) into = scalar(v, key);
    };
    opt("kind", ig.kind);
    opt("namespace", ig.ns);
    opt("name", ig.name);
    opt("path", ig.path);
    opt("container", ig.container);
    opt("reason", ig.reason);
    opt("expires", ig.expires);
    if (ig.reason.empty()) error(n, "an ignore entry needs a 'reason': say why it is ignored");
    if (!ig.expires.empty() && !valid_date(ig.expires))
      error(n["expires"], "expires must be a date, YYYY-MM-DD");
    c.ignores.push_back(std::move(ig));
  }
};

}  // namespace

LintConfig parse_lint_config(std::string_view path, std::string_view content,
                             std::vector<ConfigError>& errors) {
  LintConfig c;
  c.path = std::string(path);
  c.source = std::string(content);
  Reader r{errors};
  YAML::Node root;
  try {
    root = YAML::Load(std::string(content));
  } catch (const YAML::Exception& e) {
    errors.push_back({e.mark.is_null() ? 0u : unsigned(e.mark.line + 1), "invalid YAML: " + e.msg});
    return c;
  }
  if (!root || root.IsNull()) return c;  // an empty config is the defaults
  if (!root.IsMap()) {
    errors.push_back({1, "the config is a map (checks, severity, params, ignore, ...)"});
    return c;
  }
  try {
    r.known_keys(
        root,
        {"checks", "severity", "params", "ignore", "kubernetes-version", "strict-refs", "fail-on"},
        "the config");
    if (YAML::Node checks = root["checks"]) {
      if (!checks.IsMap()) {
        r.error(checks, "checks is a map: {all: true|false, include: [...], exclude: [...]}");
      } else {
        r.known_keys(checks, {"all", "include", "exclude"}, "checks");
        if (YAML::Node all = checks["all"]) c.all_checks = all.as<bool>(false);
        c.include = r.list(checks["include"], "checks.include");
        c.exclude = r.list(checks["exclude"], "checks.exclude");
      }
    }
    if (YAML::Node sev = root["severity"]) {
      if (!sev.IsMap()) r.error(sev, "severity is a map of rule id: critical|high|medium|low|info");
      for (const auto& kv : sev) {
        std::string v = kv.second.IsScalar() ? kv.second.Scalar() : std::string();
        if (auto s = parse_severity(v))
          c.severity[kv.first.Scalar()] = *s;
        else
          r.error(kv.second, "unknown severity '" + v + "' (critical, high, medium, low, info)");
      }
    }
    if (YAML::Node params = root["params"]) {
      if (!params.IsMap()) r.error(params, "params is a map of rule id: {name: value}");
      for (const auto& kv : params) {
        if (!kv.second.IsMap()) {
          r.error(kv.second, "the params of a rule are a map of name: value");
          continue;
        }
        for (const auto& p : kv.second)
          c.params[kv.first.Scalar()][p.first.Scalar()] = r.scalar(p.second, "a param");
      }
    }
    if (YAML::Node ig = root["ignore"]) {
      if (!ig.IsSequence())
        r.error(ig, "ignore is a list of entries");
      else
        for (const auto& e : ig) r.ignore(e, c);
    }
    if (YAML::Node v = root["kubernetes-version"])
      c.kubernetes_version = r.scalar(v, "kubernetes-version");
    if (YAML::Node v = root["strict-refs"]) c.strict_refs = v.as<bool>(false);
    if (YAML::Node v = root["fail-on"]) {
      std::string f = r.scalar(v, "fail-on");
      if (f != "none" && !parse_severity(f))
        r.error(v, "fail-on is a severity (critical, high, medium, low, info) or none");
      c.fail_on = f;
    }
  } catch (const YAML::Exception& e) {
    errors.push_back(
        {e.mark.is_null() ? 0u : unsigned(e.mark.line + 1), "invalid config: " + e.msg});
  }
  return c;
}

bool glob_match(std::string_view p, std::string_view s) {
  // Iterative matcher with backtracking for the last star seen.
  size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  bool star_crosses = false;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_crosses = pi + 1 < p.size() && p[pi + 1] == '*';
      pi += star_crosses ? 2 : 1;
      if (star_crosses && pi < p.size() && p[pi] == '/') ++pi;  // "**/" also matches nothing
      star_p = pi;
      star_s = si;
      continue;
    }
    if (pi < p.size() && (p[pi] == '?' ? s[si] != '/' : p[pi] == s[si])) {
      ++pi;
      ++si;
      continue;
    }
    if (star_p != std::string_view::npos && (star_crosses || s[star_s] != '/')) {
      pi = star_p;
      si = ++star_s;
      continue;
    }
    return false;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

}  // namespace kubesift::engine
