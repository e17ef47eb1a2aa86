// hpa-target-missing: a HorizontalPodAutoscaler whose scaleTargetRef
// (apiVersion, kind, name) names no object of its namespace, so nothing is
// scaled. The API group must agree (extensions and apps name the same
// Deployments, ReplicaSets and DaemonSets); the version is not compared,
// since the API server serves an object under each version of its group.
#include "network_util.h"

namespace kubesift::engine::lint {
namespace {

std::string group_of(std::string_view api_version) {
  size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string()
                                         : std::string(api_version.substr(0, slash));
}

bool same_group(const Object& o, const std::string& group) {
  auto norm = [&](const std::string& g) {
    if (g == "extensions" &&
        (o.kind == "Deployment" || o.kind == "ReplicaSet" || o.kind == "DaemonSet"))
      return std::string("apps");
    return g;
  };
  return norm(o.group) == norm(group);
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const Object* o : ctx.of_kind("HorizontalPodAutoscaler")) {
    model::Value spec = o->root.get("spec");
    model::Value ref = spec.get("scaleTargetRef");
    model::Value kind = ref.get("kind"), name = ref.get("name");
    const std::string& ns = o->ns_key();
    Hit h = make_hit(rule, *o);
    if (kind.scalar().empty() || name.scalar().empty()) {
      h.cites.push_back(net::cite(net::first_of(*o, {ref, spec})));
      h.vars.emplace_back("problem", "its scaleTargetRef gives no kind and name");
      out.push_back(std::move(h));
      continue;
    }
    std::string k(kind.scalar()), n(name.scalar());
    std::string api(ref.str("apiVersion"));
    std::string group = group_of(api);
    std::string target = "scaleTargetRef " + (api.empty() ? "" : api + " ") + k + " " + n;
    auto found = ctx.find(k, ns, n);
    bool ok = false;
    const Object* other_group = nullptr;
    for (const Object* t : found) {
      if (same_group(*t, group))
        ok = true;
      else
        other_group = t;
    }
    if (ok) continue;
    h.cites.push_back(net::cite(name));
    if (other_group) {
      std::string tapi = other_group->group.empty()
                             ? other_group->version
                             : other_group->group + "/" + other_group->version;
      h.vars.emplace_back("problem", target + " names a " + k + " declared with apiVersion " +
                                         tapi + ", another API group");
      out.push_back(std::move(h));
      continue;
    }
    net::Absence a = net::absence(ctx, ctx.of_kind(k, ns).size(), k, "namespace " + ns,
                                  net::named_elsewhere(ctx, k, ns, n));
    if (!a.report) continue;
    h.vars.emplace_back("problem",
                        target + " names no object of namespace " + ns + " (" + a.why + ")");
    out.push_back(std::move(h));
  }
}

}  // namespace

LintRule make_lint_rule_hpa_target_missing() {
  return {"hpa-target-missing", run};
}

}  // namespace kubesift::engine::lint
