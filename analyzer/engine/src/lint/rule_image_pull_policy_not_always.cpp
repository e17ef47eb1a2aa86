// image-pull-policy-not-always: a container whose effective imagePullPolicy
// is not Always. Kubernetes defaults an unset policy to Always for an image
// tagged :latest or not tagged at all (and not pinned by digest), and to
// IfNotPresent otherwise, so only an unset policy on a pinned image, or an
// explicit IfNotPresent or Never, counts.
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using namespace workloads;

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& c : ps.containers) {
      if (c.ephemeral) continue;
      model::Value policy = c.v.get("imagePullPolicy");
      std::string written = text_of(policy);
      std::string image = text_of(c.v.get("image"));
      std::string effective = written;
      if (written.empty()) {
        ImageRef ref = parse_image(image);
        bool latest = ref.tag == "latest" || (!ref.has_tag && ref.digest.empty());
        effective = latest ? "Always" : "IfNotPresent";
      }
      if (effective == "Always") continue;
      Hit h = container_hit(rule, ps, c);
      model::Value at = policy ? policy : c.v.get("image");
      h.cites.push_back({at ? at : container_anchor(c), "config", {}});
      h.vars.emplace_back("policy", effective);
      h.vars.emplace_back("how", written.empty()
                                     ? "by default, as the image " +
                                           (image.empty() ? std::string("(none)") : image) +
                                           " is pinned"
                                     : "as written");
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_image_pull_policy_not_always() {
  return {"image-pull-policy-not-always", run};
}

}  // namespace kubesift::engine::lint
