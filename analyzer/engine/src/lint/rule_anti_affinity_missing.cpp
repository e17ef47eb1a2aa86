// anti-affinity-missing: a replicated workload asking for min-replicas pods
// or more (2 by default; spec.replicas unset means 1) with no pod
// anti-affinity term that keeps its own pods apart: a term counts when its
// namespaces include the workload's, its topologyKey matches the
// topology-key param (kubernetes.io/hostname; another value is an RE2
// pattern, negated by a leading !) and its labelSelector selects the pods'
// labels. A topologySpreadConstraints entry on such a key whose
// labelSelector selects the pods keeps them apart too. Each term that fails
// is reported with its reason.
#include <re2/re2.h>

#include <memory>

#include "availability_util.h"

namespace kubesift::engine::lint {
namespace {

// The topology-key param: the key itself, or a pattern.
struct KeyMatcher {
  std::string text;
  std::unique_ptr<RE2> re;
  bool negate = false;

  explicit KeyMatcher(std::string t) : text(std::move(t)) {
    if (text == "kubernetes.io/hostname") return;
    std::string pat = text;
    if (pat.starts_with("!")) {
      negate = true;
      pat.erase(0, 1);
    }
    RE2::Options opts;
    opts.set_log_errors(false);
    re = std::make_unique<RE2>(pat, opts);
    if (!re->ok()) re.reset();
  }
  bool operator()(std::string_view key) const {
    if (!re) return key == text;
    return RE2::PartialMatch(re2::StringPiece(key.data(), key.size()), *re) != negate;
  }
};

// Whether a topology spread constraint spreads the pods over the key.
bool spreads(model::Value pod_spec, const Labels& pods, const KeyMatcher& topology) {
  for (model::Value c : pod_spec.get("topologySpreadConstraints")) {
    if (!topology(c.str("topologyKey"))) continue;
    Selector sel = parse_selector(c.get("labelSelector"));
    if (sel.written && !sel.invalid && sel.matches(pods)) return true;
  }
  return false;
}

// Why `term` does not keep the pods apart ("" when it does), and the field
// that says so.
std::string term_problem(const Context& ctx, const Object& o, const Labels& pods, model::Value term,
                         const KeyMatcher& topology, model::Value& at) {
  const std::string& ns = o.ns_key();
  model::Value nss = term.get("namespaces"), nsel = term.get("namespaceSelector");
  bool in_ns = nss.size() == 0 && (!nsel || nsel.is_null());
  for (model::Value n : nss)
    if (n.scalar() == ns) in_ns = true;
  if (!in_ns && nsel.is_map()) {
    Selector s = parse_selector(nsel);
    if (s.empty()) {
      in_ns = true;  // {} selects every namespace
    } else {
      auto decl = ctx.find("Namespace", "", ns);
      Labels l = decl.empty() ? Labels{} : decl.front()->labels();
      l.emplace("kubernetes.io/metadata.name", ns);
      // A namespace the input does not declare may carry the labels.
      in_ns = decl.empty() ? !s.invalid : s.matches(l);
    }
  }
  if (!in_ns) {
    at = nss ? nss : nsel;
    std::string list;
    for (model::Value n : nss) list += (list.empty() ? "" : ", ") + std::string(n.scalar());
    return "its namespaces (" + list + ") leave out namespace " + ns;
  }
  model::Value selv = term.get("labelSelector");
  Selector sel = parse_selector(selv);
  if (sel.invalid) {
    at = selv;
    return "its labelSelector is not a valid selector";
  }
  model::Value key = term.get("topologyKey");
  if (!topology(key.scalar())) {
    at = key ? key : term;
    return key.scalar().empty()
               ? "it has no topologyKey"
               : "its topologyKey " + std::string(key.scalar()) + " is not " + topology.text;
  }
  if (!sel.written || !sel.matches(pods)) {
    at = selv ? selv : term;
    return sel.written ? "its labelSelector (" + sel.describe() +
                             ") does not select the workload's own pods"
                       : "it has no labelSelector, so it selects no pods";
  }
  return {};
}

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  long long min = ctx.param_int(rule, "min-replicas", 2);
  std::string key = ctx.param(rule, "topology-key");
  KeyMatcher topology(key.empty() ? "kubernetes.io/hostname" : key);
  for (const auto& o : ctx.objects()) {
    auto r = avail::replicas_of(o);
    if (!r || r->n < min) continue;
    model::Value spec = avail::pod_template(o).get("spec");
    Labels pods = avail::pod_labels(o, false);
    if (spreads(spec, pods, topology)) continue;
    auto emit = [&](model::Value at, std::string problem) {
      Hit h = make_hit(rule, o);
      h.cites.push_back(avail::cite(at));
      h.vars.emplace_back("replicas", avail::replicas_text(r->n));
      h.vars.emplace_back("problem", std::move(problem));
      h.vars.emplace_back("topology-key", topology.text);
      out.push_back(std::move(h));
    };
    model::Value aff = spec.get("affinity");
    model::Value paa = aff.get("podAntiAffinity");
    if (!paa || paa.is_null()) {
      emit(avail::first_of(o, {aff.is_null() ? model::Value() : aff, spec, avail::pod_template(o),
                               o.root.get("spec")}),
           "it sets no pod anti-affinity");
      continue;
    }
    auto terms = avail::anti_affinity_terms(spec);
    if (terms.empty()) {
      emit(paa, "its podAntiAffinity has no required or preferred term");
      continue;
    }
    std::vector<std::pair<model::Value, std::string>> failed;
    bool ok = false;
    for (const auto& t : terms) {
      model::Value at;
      std::string p = term_problem(ctx, o, pods, t.term, topology, at);
      if (p.empty()) {
        ok = true;
        break;
      }
      failed.emplace_back(at ? at : t.term,
                          std::string(t.required ? "a required" : "a preferred") + " term: " + p);
    }
    if (ok) continue;
    for (auto& [at, p] : failed) emit(at, std::move(p));
  }
}

}  // namespace

LintRule make_lint_rule_anti_affinity_missing() {
  return {"anti-affinity-missing", run};
}

}  // namespace kubesift::engine::lint
