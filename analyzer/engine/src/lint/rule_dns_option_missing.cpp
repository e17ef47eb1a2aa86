// dns-option-missing: a pod spec whose dnsConfig.options lacks the option
// named by the `option` parameter with the value of `value` (ndots: "2" by
// default), including a pod spec with no dnsConfig or no options at all.
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using workloads::text_of;

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  std::string option = ctx.param(rule, "option"), value = ctx.param(rule, "value");
  for (const auto& ps : ctx.pod_specs()) {
    if (ps.obj->kind == "PodTemplate") continue;
    model::Value dns = ps.spec.get("dnsConfig");
    model::Value options = dns.get("options");
    bool found = false;
    for (model::Value o : options)
      if (o.str("name") == option && text_of(o.get("value")) == value) found = true;
    if (found) continue;
    Hit h = make_hit(rule, *ps.obj);
    h.cites.push_back({options ? options : dns ? dns : ps.spec, "config", {}});
    h.vars.emplace_back("found", !dns       ? "sets no dnsConfig"
                                 : !options ? "sets a dnsConfig without options"
                                            : "sets other dnsConfig options");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_dns_option_missing() {
  return {"dns-option-missing", run};
}

}  // namespace kubesift::engine::lint
