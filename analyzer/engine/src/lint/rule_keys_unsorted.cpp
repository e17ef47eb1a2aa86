// keys-unsorted: a mapping whose keys are not in byte-wise alphabetical
// order, checked at every level of every object. One finding per mapping,
// at the first key that is out of place.
#include <algorithm>

#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

void walk(const Rule& rule, const Object& o, model::Value v, std::vector<Hit>& out) {
  if (v.is_map() && v.size() > 1) {
    std::vector<std::string_view> keys, sorted;
    for (model::Value c : v) keys.push_back(c.key());
    sorted = keys;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == sorted[i]) continue;
      Hit h = make_hit(rule, o);
      h.cites.push_back({v.child(i), "config", {}});
      std::string where = field_path(o.root, v);
      std::string order;
      for (auto k : sorted) order += (order.empty() ? "" : ", ") + std::string(k);
      h.vars.emplace_back("key", std::string(keys[i]));
      h.vars.emplace_back("where", where.empty() ? "the top level" : where);
      h.vars.emplace_back("order", order);
      out.push_back(std::move(h));
      break;
    }
  }
  for (model::Value c : v) walk(rule, o, c, out);
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects()) walk(rule, o, o.root, out);
}

}  // namespace

LintRule make_lint_rule_keys_unsorted() {
  return {"keys-unsorted", run};
}

}  // namespace kubesift::engine::lint
