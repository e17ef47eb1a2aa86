// ingress-tls-secret-missing: an Ingress TLS entry whose secretName names a
// Secret the namespace does not have, or one that holds no certificate
// (no tls.crt and tls.key). The
// controller then serves its default certificate and browsers refuse it.
// Secrets that cert-manager issues (an issuer annotation on the Ingress, or
// a Certificate object writing that Secret) are not expected in the input.
#include "network_util.h"
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

bool issued_by_cert_manager(const Context& ctx, const Object& ing, std::string_view secret) {
  for (std::string_view a : {"cert-manager.io/cluster-issuer", "cert-manager.io/issuer",
                             "certmanager.k8s.io/cluster-issuer", "certmanager.k8s.io/issuer"})
    if (!ing.annotation(a).empty()) return true;
  if (ing.annotation("kubernetes.io/tls-acme") == "true") return true;
  for (const Object* c : ctx.of_kind("Certificate", ing.ns_key()))
    if (c->root.at({"spec", "secretName"}).scalar() == secret) return true;
  return false;
}

bool has_key(const Object& s, std::string_view key) {
  return s.root.at({"data"}).get(key) || s.root.at({"stringData"}).get(key);
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index secrets(ctx, "Secret");
  for (const Object* o : ctx.of_kind("Ingress")) {
    const std::string& ns = o->ns_key();
    for (model::Value tls : o->root.at({"spec", "tls"})) {
      model::Value name = tls.get("secretName");
      if (!name.is_scalar() || name.scalar().empty()) continue;
      std::string sname(name.scalar());
      auto found = ctx.find("Secret", ns, sname);
      Hit h = make_hit(rule, *o);
      h.vars.emplace_back("secret", sname);
      if (found.empty()) {
        if (issued_by_cert_manager(ctx, *o, sname)) continue;
        net::Absence a =
            net::absence(ctx, ctx.of_kind("Secret", ns).size(), "Secret", "namespace " + ns,
                         net::named_elsewhere(ctx, "Secret", ns, sname));
        if (!a.report) continue;
        h.cites.push_back(net::cite(name));
        h.vars.emplace_back(
            "problem", "the input does not declare it in namespace " + ns + " (" + a.why + ")");
        h.vars.emplace_back(
            "hint", refs::near_hint(secrets.resolve(refs::from_ns(*o), sname, true), h.cites));
        out.push_back(std::move(h));
        continue;
      }
      const Object& s = *found.front();
      std::string_view type = s.root.str("type");
      if (has_key(s, "tls.crt") && has_key(s, "tls.key")) continue;
      std::string problem = "it holds no tls.crt and tls.key";
      if (!type.empty()) problem += " (type " + std::string(type) + ")";
      h.cites.push_back(net::cite(name));
      h.vars.emplace_back("problem",
                          problem + " (declared at " + s.path + ":" +
                              std::to_string(s.root.at({"metadata", "name"}).cite_line()) + ")");
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_ingress_tls_secret_missing() {
  return {"ingress-tls-secret-missing", run};
}

}  // namespace kubesift::engine::lint
