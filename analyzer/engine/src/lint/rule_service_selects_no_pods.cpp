// service-selects-no-pods: a Service whose selector matches no pod template
// of its namespace (its endpoints stay empty and every connection to it
// fails), or a Service without a selector that nothing in the input gives
// endpoints to (no Endpoints or EndpointSlice of its name). ExternalName
// Services select nothing by design.
#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

// Endpoints or EndpointSlices declared for a selector-less Service.
bool has_manual_endpoints(const Context& ctx, const Object& svc) {
  if (!ctx.find("Endpoints", svc.ns_key(), svc.name).empty()) return true;
  for (const Object* es : ctx.of_kind("EndpointSlice", svc.ns_key()))
    if (es->root.at({"metadata", "labels", "kubernetes.io/service-name"}).scalar() == svc.name)
      return true;
  return false;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  std::vector<std::string> ignored = split_list(ctx.param(rule, "ignored-labels"));
  net::Pods pods_of(ctx);
  for (const Object* o : ctx.of_kind("Service")) {
    model::Value spec = o->root.get("spec");
    if (spec.str("type") == "ExternalName") continue;
    const std::string& ns = o->ns_key();
    model::Value selv = spec.get("selector");
    Selector sel = map_selector(selv);
    std::string where = "namespace " + ns;
    size_t pods = pods_of.in(ns).size();
    Hit h = make_hit(rule, *o);
    if (sel.empty()) {
      // A live Service read from a cluster (and the API server's own
      // `kubernetes` Service) gets its endpoints from something the input
      // may not show.
      if (o->decl->observed || (o->name == "kubernetes" && ns == "default")) continue;
      if (has_manual_endpoints(ctx, *o)) continue;
      net::Absence a = net::absence(ctx, pods, "pod-bearing object", where, {});
      if (!a.report) continue;
      h.cites.push_back(net::cite(net::first_of(*o, {selv, spec})));
      h.vars.emplace_back("problem",
                          "has no selector, and the input declares no Endpoints or EndpointSlice "
                          "for it, so it has no endpoints");
      h.vars.emplace_back("why", a.why);
      out.push_back(std::move(h));
      continue;
    }
    for (const auto& key : ignored) sel.labels.erase(key);
    if (ctx.selects_any_pod(ns, sel)) continue;
    auto elsewhere = net::objects_of(pods_of.selected_elsewhere(ns, sel));
    net::Absence a = net::absence(ctx, pods, "pod-bearing object", where, elsewhere);
    if (!a.report) continue;
    h.cites.push_back(net::cite(selv));
    h.vars.emplace_back("problem", "selects no pods with " + sel.describe());
    h.vars.emplace_back("why", a.why);
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_service_selects_no_pods() {
  return {"service-selects-no-pods", run};
}

}  // namespace kubesift::engine::lint
