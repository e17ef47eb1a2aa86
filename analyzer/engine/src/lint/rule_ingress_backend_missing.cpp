// ingress-backend-missing: an Ingress backend (a rule's path or the default
// backend) that names a Service the namespace does not have, or a port that
// Service does not expose (by number, or by name), or that is not a valid
// backend for the Ingress' apiVersion at all. Resource backends (a bucket,
// a custom object) are not Services and are left alone.
#include "network_util.h"
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

void collect(model::Value spec, std::vector<model::Value>& out) {
  for (const char* key : {"defaultBackend", "backend"})
    if (model::Value b = spec.get(key); b.is_map()) out.push_back(b);
  for (model::Value rule : spec.get("rules"))
    for (model::Value path : rule.at({"http", "paths"}))
      if (model::Value b = path.get("backend"); b) out.push_back(b);
}

std::string ports_of(model::Value svc_spec) {
  std::string out;
  for (model::Value p : svc_spec.get("ports")) {
    std::string one(p.str("port"));
    if (!p.str("name").empty()) one += " (" + std::string(p.str("name")) + ")";
    out += (out.empty() ? "" : ", ") + one;
  }
  return out.empty() ? "none" : out;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index services(ctx, "Service");
  for (const Object* o : ctx.of_kind("Ingress")) {
    bool legacy = o->group == "extensions" || o->version == "v1beta1";
    std::string api = o->group.empty() ? o->version : o->group + "/" + o->version;
    model::Value spec = o->root.get("spec");
    std::vector<model::Value> backends;
    collect(spec, backends);
    const std::string& ns = o->ns_key();
    for (model::Value b : backends) {
      if (b.get("resource")) continue;
      model::Value svc = b.get("service"), old_name = b.get("serviceName");
      model::Value name, port;
      std::string invalid;
      if (!legacy) {
        if (svc.is_map()) {
          name = svc.get("name");
          port = svc.at({"port", "number"});
          if (!port) port = svc.at({"port", "name"});
        } else if (old_name) {
          invalid = "uses serviceName/servicePort, fields of the beta Ingress APIs that " + api +
                    " does not have (it needs service.name and service.port), so the backend "
                    "names no Service";
        }
      } else {
        if (old_name) {
          name = old_name;
          port = b.get("servicePort");
        } else if (svc) {
          invalid = "uses service.name, a networking.k8s.io/v1 field that " + api +
                    " does not have (it needs serviceName and servicePort)";
        }
      }
      if (invalid.empty() && (!name.is_scalar() || name.scalar().empty()))
        invalid = "names neither a Service nor a resource";
      Hit h = make_hit(rule, *o);
      if (!invalid.empty()) {
        h.cites.push_back(net::cite(old_name ? old_name : svc ? svc : b));
        h.vars.emplace_back("problem", "a backend " + invalid);
        out.push_back(std::move(h));
        continue;
      }
      std::string sname(name.scalar());
      auto found = ctx.find("Service", ns, sname);
      if (found.empty()) {
        net::Absence a =
            net::absence(ctx, ctx.of_kind("Service", ns).size(), "Service", "namespace " + ns,
                         net::named_elsewhere(ctx, "Service", ns, sname));
        if (!a.report) continue;
        h.cites.push_back(net::cite(name));
        h.vars.emplace_back("problem", "a backend names Service " + sname +
                                           ", which the input does not declare in namespace " + ns +
                                           " (" + a.why + ")");
        h.vars.emplace_back(
            "hint", refs::near_hint(services.resolve(refs::from_ns(*o), sname, true), h.cites));
        out.push_back(std::move(h));
        continue;
      }
      if (!port.is_scalar() || port.scalar().empty()) continue;
      model::Value sspec = found.front()->root.get("spec");
      auto number = port.as_int();
      bool ok = false;
      for (model::Value p : sspec.get("ports")) {
        if (number ? p.get("port").as_int() == number : p.str("name") == port.scalar()) ok = true;
      }
      if (ok) continue;
      h.cites.push_back(net::cite(port));
      h.vars.emplace_back("problem", "a backend sends to port " + std::string(port.scalar()) +
                                         " of Service " + sname + ", which exposes no such " +
                                         (number ? "port number" : "port name") +
                                         " (its ports: " + ports_of(sspec) + ")");
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_ingress_backend_missing() {
  return {"ingress-backend-missing", run};
}

}  // namespace kubesift::engine::lint
