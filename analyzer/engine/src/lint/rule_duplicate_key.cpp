// duplicate-key: a mapping gives the same key twice. Kubernetes refuses the
// object ("mapping key already defined"); where a tool accepts it, one of
// the two values is silently lost.
#include "context.h"

namespace kubesift::engine::lint {
namespace {

// The member of `map` (searched from `v` down) that holds node `dup`, and the
// earlier member with the same key.
bool find_pair(model::Value v, uint32_t dup, model::Value& first, model::Value& second) {
  if (dup < v.index() || dup >= v.end_index()) return false;
  if (v.is_map())
    for (model::Value c : v)
      if (c.index() == dup) {
        for (model::Value e : v) {
          if (e.index() == dup) break;
          if (e.key() == c.key()) {
            first = e;
            second = c;
            return true;
          }
        }
        return false;
      }
  for (model::Value c : v)
    if (find_pair(c, dup, first, second)) return true;
  return false;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects()) {
    const auto& dups = o.root.tree()->duplicate_keys();
    uint32_t begin = o.root.index(), end = o.root.end_index();
    for (uint32_t d : dups) {
      if (d < begin || d >= end) continue;
      model::Value first, second;
      if (!find_pair(o.root, d, first, second)) continue;
      Hit h = make_hit(rule, o);
      h.cites.push_back({second, "config", {}});
      h.cites.push_back({first, "config", {}});
      h.vars.emplace_back("key", std::string(second.key()));
      h.vars.emplace_back("field", field_path(o.root, second));
      h.vars.emplace_back("first_line", std::to_string(first.cite_line()));
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_duplicate_key() {
  return {"duplicate-key", run};
}

}  // namespace kubesift::engine::lint
