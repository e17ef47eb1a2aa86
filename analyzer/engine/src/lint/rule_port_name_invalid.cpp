// port-name-invalid: a container port name, or a Service targetPort, that
// the API server rejects. Port names follow IANA service names (RFC 6335
// section 5.1): at most 15 characters of a-z, 0-9 and '-', at least one
// letter, no leading, trailing or doubled '-'. A numeric targetPort must be
// 1..65535 (0 or none means "same as port").
#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using namespace workloads;

// What is wrong with `name` as a port name ("" when nothing is).
std::string name_problems(std::string_view name) {
  std::vector<std::string> p;
  if (name.size() > 15) p.push_back("is longer than 15 characters");
  bool charset = !name.empty(), letter = false;
  for (char ch : name) {
    if (ch >= 'a' && ch <= 'z')
      letter = true;
    else if (!(ch >= '0' && ch <= '9') && ch != '-')
      charset = false;
  }
  if (!charset) p.push_back("has characters other than a-z, 0-9 and '-'");
  if (!letter) p.push_back("has no letter");
  if (name.find("--") != std::string_view::npos) p.push_back("has a doubled '-'");
  if (!name.empty() && (name.front() == '-' || name.back() == '-'))
    p.push_back("begins or ends with '-'");
  std::string out;
  for (size_t i = 0; i < p.size(); ++i)
    out += (i == 0 ? "" : i + 1 == p.size() ? " and " : ", ") + p[i];
  return out;
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& ps : ctx.pod_specs()) {
    for (const auto& c : ps.containers) {
      if (c.ephemeral) continue;
      for (model::Value port : c.v.get("ports")) {
        model::Value name = port.get("name");
        std::string text = text_of(name);
        if (text.empty()) continue;
        std::string problems = name_problems(text);
        if (problems.empty()) continue;
        Hit h = container_hit(rule, ps, c);
        h.cites.push_back({name, "config", {}});
        h.vars.emplace_back("what", "Port name \"" + text + "\" of container " +
                                        container_label(ps, c) + " in " + ps.obj->kind + " " +
                                        ps.obj->name);
        h.vars.emplace_back("problems", problems);
        out.push_back(std::move(h));
      }
    }
  }
  for (const Object* svc : ctx.of_kind("Service")) {
    for (model::Value port : svc->root.at({"spec", "ports"})) {
      model::Value target = port.get("targetPort");
      if (!target.is_scalar()) continue;
      std::string text = text_of(target);
      std::string problems;
      if (auto n = target.as_int(); n && !target.quoted()) {
        if (*n == 0) continue;
        if (*n < 1 || *n > 65535) problems = "is not within 1..65535";
      } else {
        problems = name_problems(text);
      }
      if (problems.empty()) continue;
      Hit h = make_hit(rule, *svc);
      h.cites.push_back({target, "config", {}});
      h.vars.emplace_back("what", "targetPort \"" + text + "\" of Service " + svc->name);
      h.vars.emplace_back("problems", problems);
      out.push_back(std::move(h));
    }
  }
}

}  // namespace

LintRule make_lint_rule_port_name_invalid() {
  return {"port-name-invalid", run};
}

}  // namespace kubesift::engine::lint
