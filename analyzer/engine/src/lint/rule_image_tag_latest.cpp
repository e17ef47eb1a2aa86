// image-tag-latest: a container image without a pinned version: no tag
// (which pulls :latest), the :latest tag itself, an empty tag, or no image
// at all. A digest pins the image whatever the tag says. The tag is read
// from the last path segment, so a registry's port ("registry:5000/app") is
// not mistaken for one.
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using namespace workloads;

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& c : ps.containers) {
      if (c.ephemeral) continue;
      model::Value image = c.v.get("image");
      std::string text = text_of(image);
      std::string problem;
      if (text.empty()) {
        problem = "has no image, which the API server refuses";
      } else {
        ImageRef ref = parse_image(text);
        if (!ref.digest.empty()) continue;
        if (!ref.has_tag)
          problem = "runs image " + text +
                    " without a tag, so each node gets whatever :latest is when it pulls";
        else if (ref.tag.empty())
          problem = "runs image " + text + ", whose tag is empty (an invalid reference)";
        else if (ref.tag == "latest")
          problem = "runs image " + text +
                    ", which names no version: nodes can run different builds, and a "
                    "restart may bring an upgrade nobody planned";
        else
          continue;
      }
      Hit h = container_hit(rule, ps, c);
      h.cites.push_back(
          {text.empty() ? (image ? image : container_anchor(c)) : image, "config", {}});
      h.vars.emplace_back("problem", problem);
      h.vars.emplace_back("image", text.empty() ? "(none)" : text);
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_image_tag_latest() {
  return {"image-tag-latest", run};
}

}  // namespace kubesift::engine::lint
