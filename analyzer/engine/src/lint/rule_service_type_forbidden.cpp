// service-type-forbidden: a Service of a type the policy rules out (by
// default NodePort and LoadBalancer, which expose it outside the cluster).
// Types compare case-insensitively; an unset type is ClusterIP.
#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  std::vector<std::string> forbidden = split_list(ctx.param(rule, "forbidden-types"));
  for (const Object* o : ctx.of_kind("Service")) {
    model::Value spec = o->root.get("spec");
    model::Value type = spec.get("type");
    std::string t = type.is_scalar() && !type.scalar().empty() ? std::string(type.scalar())
                                                               : std::string("ClusterIP");
    for (const auto& f : forbidden) {
      if (!net::iequals(t, f)) continue;
      Hit h = make_hit(rule, *o);
      h.cites.push_back(net::cite(net::first_of(*o, {type, spec})));
      h.vars.emplace_back("type", t);
      out.push_back(std::move(h));
      break;
    }
  }
}

}  // namespace

LintRule make_lint_rule_service_type_forbidden() {
  return {"service-type-forbidden", run};
}

}  // namespace kubesift::engine::lint
