// Engine::lint: which manifest rules run, and the lint stage over a store.
#include <algorithm>

#include "compiled.h"
#include "kubesift/engine/engine.h"
#include "lint/api_util.h"
#include "lint/lint.h"
#include "lint/suppress.h"

namespace kubesift::engine {
namespace {

// A rule `lint` can run: a manifest rule, or a runtime rule with a check of
// typed container specs (probe-port-undeclared).
bool lintable(const Rule& r, const CodeRule* code) {
  return is_manifest_scope(r.scope) || (code && code->spec);
}

bool named_in(const std::vector<std::string>& ids, const Rule& r) {
  return std::any_of(ids.begin(), ids.end(),
                     [&](const std::string& id) { return lint::names_rule(id, r); });
}

}  // namespace

// The releases of rules/api-versions.yaml, the deprecated-api rules' table.
const std::vector<std::string>& known_kubernetes_versions() {
  static const std::vector<std::string> versions = lint::api::kubernetes_versions();
  return versions;
}

std::vector<const Rule*> Engine::lint_rules(const LintOptions& opts) const {
  std::vector<const Rule*> out;
  const auto& rules = catalog_.rules();
  bool all = opts.all_checks || opts.config.all_checks;
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    if (!lintable(r, compiled_->code[i])) continue;
    bool on = !r.optional || all || named_in(opts.include, r) || named_in(opts.config.include, r);
    if (named_in(opts.exclude, r) || named_in(opts.config.exclude, r)) on = false;
    // Reported by the lint stage itself, never excluded by accident of
    // selection: an expired ignore must be seen.
    if (r.id == "expired-suppression") on = true;
    if (on) out.push_back(&r);
  }
  return out;
}

std::vector<std::string> Engine::check_lint_options(const LintOptions& opts) const {
  std::vector<std::string> errors;
  const auto& rules = catalog_.rules();
  auto known = [&](const std::string& id) {
    if (id == "*") return true;
    for (size_t i = 0; i < rules.size(); ++i)
      if (lintable(rules[i], compiled_->code[i]) && lint::names_rule(id, rules[i])) return true;
    return false;
  };
  auto check = [&](const std::vector<std::string>& ids, const std::string& where) {
    for (const auto& id : ids)
      if (!known(id))
        errors.push_back(where + ": no manifest rule or peer check '" + id +
                         "' (see `kubesift rules`)");
  };
  check(opts.include, "--include");
  check(opts.exclude, "--exclude");
  const LintConfig& c = opts.config;
  check(c.include, c.path + ": checks.include");
  check(c.exclude, c.path + ": checks.exclude");
  for (const auto& [id, sev] : c.severity)
    if (!catalog_.find(id)) errors.push_back(c.path + ": severity: no rule '" + id + "'");
  for (const auto& [id, params] : c.params) {
    const Rule* r = catalog_.find(id);
    if (!r) {
      errors.push_back(c.path + ": params: no rule '" + id + "'");
      continue;
    }
    for (const auto& [name, value] : params)
      if (!r->params.count(name))
        errors.push_back(c.path + ": params: rule '" + id + "' has no parameter '" + name + "'");
  }
  for (const auto& ig : c.ignores)
    for (const auto& id : ig.rules)
      if (!known(id))
        errors.push_back(c.path + ":" + std::to_string(ig.line) + ": ignore: no rule '" + id + "'");
  const auto& versions = known_kubernetes_versions();
  for (const std::string* v : {&opts.kubernetes_version, &c.kubernetes_version}) {
    std::string want = *v;
    if (want.starts_with("v")) want.erase(0, 1);
    if (!want.empty() && std::find(versions.begin(), versions.end(), want) == versions.end())
      errors.push_back("unknown Kubernetes version '" + *v + "' (known: " + versions.front() +
                       " to " + versions.back() + ")");
  }
  return errors;
}

LintResult Engine::lint(const model::Store& store, const LintOptions& opts) const {
  std::vector<const Rule*> rules = lint_rules(opts);
  std::vector<const CodeRule*> spec_code;
  std::vector<const lint::LintRule*> lint_code;
  const auto& all = catalog_.rules();
  for (const Rule* r : rules) {
    size_t i = static_cast<size_t>(r - all.data());
    spec_code.push_back(compiled_->code[i]);
    lint_code.push_back(compiled_->lint_code[i]);
  }
  lint::Context ctx(store, opts);
  return lint::run_lint(ctx, rules, spec_code, lint_code, compiled_->checks,
                        catalog_.find("expired-suppression"));
}

}  // namespace kubesift::engine
