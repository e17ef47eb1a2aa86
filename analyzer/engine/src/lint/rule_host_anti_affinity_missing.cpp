// host-anti-affinity-missing: a Deployment or StatefulSet that may run
// several pods (spec.replicas unset, since an autoscaler may own it, or 2 or
// more) without a pod anti-affinity term, required or preferred, on
// kubernetes.io/hostname whose labelSelector selects its own pods: the
// scheduler may put every replica on one node.
#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects()) {
    if (o.kind != "Deployment" && o.kind != "StatefulSet") continue;
    auto r = avail::replicas_of(o);
    if (!r || (r->set && r->n < 2)) continue;
    model::Value spec = avail::pod_template(o).get("spec");
    Labels pods = avail::pod_labels(o, false);
    bool ok = false;
    for (const auto& t : avail::anti_affinity_terms(spec)) {
      if (t.term.str("topologyKey") != "kubernetes.io/hostname") continue;
      Selector sel = parse_selector(t.term.get("labelSelector"));
      if (sel.written && !sel.invalid && sel.matches(pods)) {
        ok = true;
        break;
      }
    }
    if (ok) continue;
    model::Value aff = spec.get("affinity");
    model::Value paa = aff.get("podAntiAffinity");
    Hit h = make_hit(rule, o);
    h.cites.push_back(avail::cite(
        avail::first_of(o, {paa, aff, spec, avail::pod_template(o), o.root.get("spec")})));
    h.vars.emplace_back("replicas",
                        r->set ? avail::replicas_text(r->n) : "an unset number of replicas");
    h.vars.emplace_back("problem",
                        paa ? "none of its pod anti-affinity terms is on kubernetes.io/hostname "
                              "with a labelSelector that selects its own pods"
                            : "it sets no pod anti-affinity");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_host_anti_affinity_missing() {
  return {"host-anti-affinity-missing", run};
}

}  // namespace kubesift::engine::lint
