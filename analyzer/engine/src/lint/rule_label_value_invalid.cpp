// label-value-invalid: a label value the API server rejects: longer than 63
// characters, characters other than alphanumerics, '-', '_' and '.', not
// beginning and ending with an alphanumeric, or written as a YAML boolean or
// number (labels are strings: `version: 1.0` must be quoted). Checks the
// object's labels and its pod template's.
#include <re2/re2.h>

#include "workloads_util.h"

namespace kubesift::engine::lint {
namespace {

using namespace workloads;

bool looks_numeric(std::string_view s) {
  static const RE2 re(
      R"(^[-+]?(\.?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|\.(inf|Inf|INF|nan|NaN|NAN))$)");
  return RE2::FullMatch(re2::StringPiece(s.data(), s.size()), re);
}

// Why `v` is not a valid label value ("" when it is).
std::string problem(model::Value v) {
  if (!v.is_scalar()) return v.is_null() ? "" : "is not a string";
  std::string_view s = v.scalar();
  if (!v.quoted() && (v.as_bool() || looks_numeric(s)))
    return "is a YAML " + std::string(v.as_bool() ? "boolean" : "number") +
           ", not a string: quote it";
  static const RE2 re(R"(^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$)");
  if (s.size() > 63) return "is longer than 63 characters";
  if (!RE2::FullMatch(re2::StringPiece(s.data(), s.size()), re))
    return "may only hold alphanumerics, '-', '_' and '.', and must begin and end with an "
           "alphanumeric";
  return "";
}

void check(const Rule& rule, const Object& o, model::Value labels, std::string_view where,
           std::vector<Hit>& out) {
  for (model::Value v : labels) {
    std::string why = problem(v);
    if (why.empty()) continue;
    Hit h = make_hit(rule, o);
    h.cites.push_back({v, "config", {}});
    h.vars.emplace_back("label", std::string(v.key()));
    h.vars.emplace_back("label_value", text_of(v));
    h.vars.emplace_back("where", std::string(where));
    h.vars.emplace_back("problem", why);
    out.push_back(std::move(h));
  }
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  for (const auto& o : ctx.objects()) {
    check(rule, o, o.root.at({"metadata", "labels"}), "label", out);
    if (const PodSpec* ps = ctx.pod_spec_of(o); ps && ps->template_)
      check(rule, o, ps->meta.get("labels"), "pod template label", out);
  }
}

}  // namespace

LintRule make_lint_rule_label_value_invalid() {
  return {"label-value-invalid", run};
}

}  // namespace kubesift::engine::lint
