// container-ports-misdeclared: a container's ports list with a port that has
// no containerPort (or 0), a name longer than 15 characters, or a name that
// another port of the same container already uses.
#include <map>

#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using namespace workloads;

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& c : ps.containers) {
      if (c.ephemeral) continue;
      std::map<std::string, model::Value, std::less<>> names;
      for (model::Value port : c.v.get("ports")) {
        if (!port.is_map()) continue;
        model::Value name = port.get("name"), number = port.get("containerPort");
        std::string text = text_of(name);
        auto emit = [&](model::Value at, std::string problem) {
          Hit h = container_hit(rule, ps, c);
          h.cites.push_back({at, "config", {}});
          h.vars.emplace_back("problem", std::move(problem));
          out.push_back(std::move(h));
        };
        auto n = number.as_int();
        if (!n || *n == 0)
          emit(number ? number : (name ? name : port),
               "declares a port without a containerPort" +
                   (text.empty() ? std::string() : " (" + text + ")"));
        if (text.empty()) continue;
        if (text.size() > 15)
          emit(name, "names a port \"" + text + "\", longer than the 15 characters allowed");
        auto [it, fresh] = names.emplace(text, name);
        if (!fresh)
          emit(name, "names two ports \"" + text + "\" (the first at line " +
                         std::to_string(it->second.cite_line()) + ")");
      }
    }
  }
}

}  // namespace

LintRule make_lint_rule_container_ports_misdeclared() {
  return {"container-ports-misdeclared", run};
}

}  // namespace kubesift::engine::lint
