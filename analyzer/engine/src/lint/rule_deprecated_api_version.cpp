// deprecated-api-version: an object written with an API version that the
// target Kubernetes release still serves but has deprecated: kubectl warns on
// every apply, and a later release (when one is scheduled) no longer serves
// it. The versions are data: rules/api-versions.yaml, read by api_util.
#include "api_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  int target = api::target_release(ctx);
  for (const auto& o : ctx.objects()) {
    // Read from a cluster, the apiVersion is the one the client asked for,
    // not the manifest's.
    if (o.decl && o.decl->observed) continue;
    std::string version = api::api_version_of(o);
    const api::ApiEntry* e = api::find_api(version, o.kind);
    if (!e || !e->deprecated || e->deprecated > target) continue;
    if (e->removed && e->removed <= target) continue;  // removed-api-version's
    Hit h = make_hit(rule, o);
    h.cites.push_back({o.root.get("apiVersion"), "config", {}});
    h.vars.emplace_back("api", version);
    h.vars.emplace_back("deprecated", api::release(e->deprecated));
    h.vars.emplace_back("target", api::release(target));
    h.vars.emplace_back(
        "outlook", e->removed ? "Kubernetes " + api::release(e->removed) +
                                    " no longer serves it, so upgrading to it breaks this "
                                    "manifest"
                              : "no removal is scheduled yet, but kubectl warns on every apply");
    h.vars.emplace_back("migration", api::migration(*e, o.kind, target));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_deprecated_api_version() {
  return {"deprecated-api-version", run};
}

}  // namespace kubesift::engine::lint
