// service-target-port-unmatched: a Service port whose targetPort the pods it
// selects do not serve. A named targetPort is resolved in each pod among its
// containers' ports (name and protocol): when no selected pod has it, the
// port has no endpoints at all. A numeric targetPort need not be declared,
// so that case is only a hint (low), given when the pods declare other ports.
#include <cctype>
#include <optional>
#include <set>

#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

std::string upper_or_tcp(std::string_view p) {
  if (p.empty()) return "TCP";
  std::string out(p);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

struct Declared {
  bool any = false, match = false;
  std::set<std::string> names;  // "8080/TCP" or "http (8080/TCP)"
};

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  net::Pods pods_of(ctx);
  for (const Object* o : ctx.of_kind("Service")) {
    model::Value spec = o->root.get("spec");
    if (spec.str("type") == "ExternalName") continue;
    Selector sel = map_selector(spec.get("selector"));
    if (sel.empty()) continue;
    // Templates written without a spec declare no containers to judge.
    std::vector<const net::PodTemplate*> pods;
    for (const net::PodTemplate* p : pods_of.selected(o->ns_key(), sel))
      if (p->spec) pods.push_back(p);
    if (pods.empty()) continue;  // service-selects-no-pods says so
    std::string targets = net::objects_of(net::objects_of(pods));
    for (model::Value port : spec.get("ports")) {
      model::Value tp = port.get("targetPort");
      model::Value target = tp && !tp.is_null() ? tp : port.get("port");
      if (!target.is_scalar()) continue;
      std::string proto = upper_or_tcp(port.str("protocol"));
      std::optional<long long> number = target.as_int();
      std::string want(target.scalar());
      Declared d;
      for (const net::PodTemplate* ps : pods)
        for (const auto* c : net::serving_containers(*ps))
          for (model::Value cp : c->v.get("ports")) {
            d.any = true;
            std::string cproto = upper_or_tcp(cp.str("protocol"));
            std::string_view cname = cp.str("name");
            auto cnum = cp.get("containerPort").as_int();
            std::string shown = cnum ? std::to_string(*cnum) + "/" + cproto : cproto;
            d.names.insert(cname.empty() ? shown : std::string(cname) + " (" + shown + ")");
            if (cproto != proto) continue;
            if (number ? (cnum && *cnum == *number) : cname == want) d.match = true;
          }
      if (d.match || (number && !d.any)) continue;
      std::string declared;
      for (const auto& n : d.names) declared += (declared.empty() ? "" : ", ") + n;
      Hit h = make_hit(rule, *o);
      h.cites.push_back(net::cite(target));
      std::string pname(port.str("name"));
      std::string pnum(port.str("port"));
      h.vars.emplace_back("port", pname.empty() ? pnum : pname + " (" + pnum + ")");
      h.vars.emplace_back("target", want + "/" + proto);
      if (number) {
        h.severity = Severity::Low;
        h.vars.emplace_back("detail", "a port no container of " + targets +
                                          " declares (they declare " + declared +
                                          "); check that the application listens there");
      } else {
        h.vars.emplace_back("detail", "a port name no serving container of " + targets + " has (" +
                                          (declared.empty() ? std::string("they declare no ports")
                                                            : "they declare " + declared) +
                                          "), so this port has no endpoints");
      }
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_service_target_port_unmatched() {
  return {"service-target-port-unmatched", run};
}

}  // namespace kubesift::engine::lint
