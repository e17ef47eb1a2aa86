// removed-api-version: an object written with an API version (group/version
// and kind) that the target Kubernetes release no longer serves, so applying
// it fails ("no matches for kind"). The versions and what replaces them are
// data: rules/api-versions.yaml, read by api_util.
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
    if (!e || !e->removed || e->removed > target) continue;
    Hit h = make_hit(rule, o);
    h.cites.push_back({o.root.get("apiVersion"), "config", {}});
    h.vars.emplace_back("api", version);
    h.vars.emplace_back("removed", api::release(e->removed));
    h.vars.emplace_back("target", api::release(target));
    h.vars.emplace_back("migration", api::migration(*e, o.kind, target));
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_removed_api_version() {
  return {"removed-api-version", run};
}

}  // namespace kubesift::engine::lint
