// volume-claim-missing: a persistentVolumeClaim volume names a claim the
// input does not declare. The scheduler keeps the pod Pending
// ('persistentvolumeclaim "x" not found'). Claims a StatefulSet makes from
// its volumeClaimTemplates (<template>-<set>-<ordinal>) count as declared,
// and in a StatefulSet's own template a volume named like one of its claim
// templates is replaced by the claim the set makes.
#include "references_util.h"

namespace kubesift::engine::lint {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Whether `claim` is one a StatefulSet visible from `from` makes.
bool made_by_statefulset(const Context& ctx, std::string_view from, std::string_view claim) {
  for (const Object* sts : ctx.of_kind("StatefulSet")) {
    if (!from.empty() && !sts->ns.empty() && refs::ns_text(sts->ns) != refs::ns_text(from))
      continue;
    for (model::Value t : sts->root.at({"spec", "volumeClaimTemplates"})) {
      std::string prefix = std::string(t.at({"metadata", "name"}).scalar()) + "-" + sts->name + "-";
      if (prefix.size() > 2 && claim.starts_with(prefix) && all_digits(claim.substr(prefix.size())))
        return true;
    }
  }
  return false;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  refs::Index claims(ctx, "PersistentVolumeClaim");
  for (const auto& ps : ctx.pod_specs()) {
    const Object& o = *ps.obj;
    for (model::Value vol : ps.spec.get("volumes")) {
      model::Value name_at = vol.at({"persistentVolumeClaim", "claimName"});
      std::string claim(name_at.scalar());
      if (claim.empty()) continue;
      std::string_view vname = vol.str("name");
      if (o.kind == "StatefulSet") {
        bool templated = false;
        for (model::Value t : o.root.at({"spec", "volumeClaimTemplates"}))
          templated |= t.at({"metadata", "name"}).scalar() == vname;
        if (templated) continue;
      }
      if (!claims.resolve(refs::from_ns(o), claim).found.empty()) continue;
      if (made_by_statefulset(ctx, refs::from_ns(o), claim)) continue;
      Hit h = make_hit(rule, o);
      if (!refs::missing(ctx, claims, refs::from_ns(o), claim, name_at, h)) continue;
      h.vars.emplace_back("volume", vname.empty() ? std::string("(unnamed)") : std::string(vname));
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_volume_claim_missing() {
  return {"volume-claim-missing", run};
}

}  // namespace kubesift::engine::lint
