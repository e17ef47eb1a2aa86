// servicemonitor-selects-no-services: a Prometheus-operator ServiceMonitor
// whose selector (matchLabels and matchExpressions) matches no Service of
// the namespaces it watches (namespaceSelector: any, matchNames, or, when
// absent, its own namespace), so Prometheus scrapes nothing for it. A
// monitor with neither a selector nor a namespaceSelector is reported too.
#include <set>

#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* o : ctx.of_kind("ServiceMonitor")) {
    model::Value spec = o->root.get("spec");
    model::Value selv = spec.get("selector");
    model::Value nss = spec.get("namespaceSelector");
    Selector sel = label_selector(selv);
    bool any = nss.get("any").is_true();
    std::set<std::string> names;
    for (model::Value n : nss.get("matchNames"))
      if (n.is_scalar() && !n.scalar().empty()) names.emplace(n.scalar());
    Hit h = make_hit(rule, *o);
    if (sel.empty() && !any && names.empty()) {
      h.cites.push_back(net::cite(net::first_of(*o, {selv, spec})));
      h.vars.emplace_back("problem", "it has no selector and no namespaceSelector");
      out.push_back(std::move(h));
      continue;
    }
    if (names.empty() && !any) names.insert(o->ns_key());
    auto watched = [&](const Object& s) { return any || names.count(s.ns_key()) > 0; };
    size_t candidates = 0;
    bool found = false;
    std::vector<const Object*> elsewhere;
    for (const Object* s : ctx.of_kind("Service")) {
      bool match = !sel.invalid && sel.matches(s->labels());
      if (watched(*s)) {
        ++candidates;
        found |= match;
      } else if (match) {
        elsewhere.push_back(s);
      }
    }
    if (found) continue;
    std::string where;
    if (any) {
      where = "any namespace";
    } else {
      for (const auto& n : names) where += (where.empty() ? "" : ", ") + n;
      where = (names.size() == 1 ? "namespace " : "namespaces ") + where;
    }
    net::Absence a = net::absence(ctx, candidates, "Service", where, elsewhere);
    if (!a.report) continue;
    h.cites.push_back(net::cite(net::first_of(*o, {selv, nss, spec})));
    std::string problem =
        sel.empty() ? "there is no Service in " + where + " for it to select"
                    : "its selector (" + sel.describe() + ") matches no Service in " + where;
    h.vars.emplace_back("problem", problem + " (" + a.why + ")");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_servicemonitor_selects_no_services() {
  return {"servicemonitor-selects-no-services", run};
}

}  // namespace kubesift::engine::lint
