// env-var-duplicated: a container lists the same environment variable
// twice. Kubernetes keeps the later value; a reader (and a strategic merge
// patch, which merges env by name) sees the first. Reported once per name,
// at its second entry.
#include <map>

#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using namespace workloads;

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& c : ps.containers) {
      if (c.ephemeral) continue;
      std::map<std::string, std::pair<model::Value, int>, std::less<>> seen;
      for (model::Value e : c.v.get("env")) {
        if (!e.is_map()) continue;
        model::Value name = e.get("name");
        auto [it, fresh] = seen.try_emplace(text_of(name), name ? name : e, 0);
        if (fresh || ++it->second.second != 1) continue;
        Hit h = container_hit(rule, ps, c);
        h.cites.push_back({name ? name : e, "config", {}});
        h.cites.push_back({it->second.first, "config", {}});
        h.vars.emplace_back("env", it->first.empty() ? "(no name)" : it->first);
        h.vars.emplace_back("first_line", std::to_string(it->second.first.cite_line()));
        out.push_back(std::move(h));
      }
    }
  }
}

}  // namespace

LintRule make_lint_rule_env_var_duplicated() {
  return {"env-var-duplicated", run};
}

}  // namespace kubesift::engine::lint
