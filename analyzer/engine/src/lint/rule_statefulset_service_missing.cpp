// statefulset-service-missing: a StatefulSet whose serviceName does not name
// a headless Service (clusterIP: None) of its namespace that selects its
// pods, so the pods get no stable DNS names (pod-0.name.ns.svc). A missing
// serviceName is reported at medium.
#include "network_util.h"
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  net::Pods pods_of(ctx);
  refs::Index services(ctx, "Service");
  for (const Object* o : ctx.of_kind("StatefulSet")) {
    const net::PodTemplate* pt = pods_of.of(*o);
    Labels labels = pt ? pt->labels : Labels{};
    model::Value spec = o->root.get("spec");
    model::Value sn = spec.get("serviceName");
    const std::string& ns = o->ns_key();
    Hit h = make_hit(rule, *o);
    if (!sn.is_scalar() || sn.scalar().empty()) {
      h.severity = Severity::Medium;
      h.cites.push_back(net::cite(net::first_of(*o, {sn, spec})));
      h.vars.emplace_back("problem", "it sets no serviceName");
      out.push_back(std::move(h));
      continue;
    }
    std::string name(sn.scalar());
    h.cites.push_back(net::cite(sn));
    auto found = ctx.find("Service", ns, name);
    if (found.empty()) {
      net::Absence a =
          net::absence(ctx, ctx.of_kind("Service", ns).size(), "Service", "namespace " + ns,
                       net::named_elsewhere(ctx, "Service", ns, name));
      if (!a.report) continue;
      h.vars.emplace_back("problem", "its serviceName " + name + " names no Service of namespace " +
                                         ns + " (" + a.why + ")");
      h.vars.emplace_back(
          "hint", refs::near_hint(services.resolve(refs::from_ns(*o), name, true), h.cites));
      out.push_back(std::move(h));
      continue;
    }
    std::string problem;
    for (const Object* svc : found) {
      model::Value sspec = svc->root.get("spec");
      Selector sel = map_selector(sspec.get("selector"));
      if (sspec.str("clusterIP") != "None")
        problem = "Service " + name + " is not headless (spec.clusterIP is not None)";
      else if (sel.empty())
        problem = "Service " + name + " has no selector, so it publishes no pod records";
      else if (!sel.matches(labels))
        problem = "Service " + name + " selects " + sel.describe() + ", which its pods (labels " +
                  net::labels_str(labels) + ") do not match";
      else {
        problem.clear();
        break;
      }
    }
    if (problem.empty()) continue;
    h.vars.emplace_back("problem", problem);
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_statefulset_service_missing() {
  return {"statefulset-service-missing", run};
}

}  // namespace kubesift::engine::lint
