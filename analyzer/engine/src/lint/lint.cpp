// The lint stage: every enabled manifest rule over the declared objects,
// then suppressions, then findings in a stable order.
#include "lint.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "../evidence.h"
#include "field_check.h"
#include "kubesift/core/parallel.h"
#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"
#include "suppress.h"

namespace kubesift::engine::lint {
namespace {

bool kind_ok(const Rule& r, const Object& o) {
  if (r.manifests_only && o.decl->observed) return false;
  if (!r.kinds.empty() && std::find(r.kinds.begin(), r.kinds.end(), o.kind) == r.kinds.end())
    return false;
  return std::find(r.skip_kinds.begin(), r.skip_kinds.end(), o.kind) == r.skip_kinds.end();
}

bool container_ok(const Rule& r, const PodSpec::Container& c) {
  if (r.containers == "main") return !c.init && !c.ephemeral;
  if (r.containers == "init") return c.init;
  return true;
}

// Where a finding about a scope is cited when nothing more precise is: a
// container's `name:`, a pod spec's `spec:` key, an object's metadata.name.
model::Value anchor(model::Value scope, const Object& o) {
  if (model::Value n = scope.get("name"); n && scope != o.root) return n;
  if (scope == o.root) {
    if (model::Value n = o.root.at({"metadata", "name"})) return n;
    if (model::Value k = o.root.get("kind")) return k;
  }
  return scope;
}

std::vector<Cite> cites_of(const Outcome& out, model::Value scope, const Object& o) {
  std::vector<Cite> cites;
  for (const auto& v : out.cites) {
    model::Value at = v == scope || !v ? anchor(scope, o) : v;
    cites.push_back({at, "config", {}});
  }
  if (cites.empty()) cites.push_back({anchor(scope, o), "config", {}});
  return cites;
}

Vars value_vars(const std::vector<Cite>& cites, const Object& o) {
  Vars v;
  if (cites.empty() || !cites.front().at) return v;
  model::Value first = cites.front().at;
  if (first.is_scalar()) v.emplace_back("value", std::string(first.scalar()));
  v.emplace_back("field", field_path(o.root, first));
  return v;
}

}  // namespace

void run_data_rule(const Context& ctx, const Rule& r, const CompiledChecks& compiled,
                   std::vector<Hit>& out) {
  const FieldCheck& check = *r.check;
  auto emit = [&](const Object& o, std::string_view container, const Outcome& res,
                  model::Value scope) {
    Hit h = make_hit(r, o, container);
    h.cites = cites_of(res, scope, o);
    for (auto& kv : value_vars(h.cites, o)) h.vars.push_back(std::move(kv));
    out.push_back(std::move(h));
  };
  switch (r.scope) {
    case Scope::Object:
      for (const auto& o : ctx.objects()) {
        if (!kind_ok(r, o)) continue;
        const PodSpec* ps = ctx.pod_spec_of(o);
        Roots roots{o.root, o.root, ps ? ps->spec : model::Value(), ps ? ps->meta : model::Value()};
        Outcome res = evaluate(check, roots, compiled);
        if (res.holds) emit(o, {}, res, o.root);
      }
      break;
    case Scope::PodSpec:
      for (const auto& ps : ctx.pod_specs()) {
        if (!kind_ok(r, *ps.obj)) continue;
        Roots roots{ps.spec, ps.obj->root, ps.spec, ps.meta};
        Outcome res = evaluate(check, roots, compiled);
        if (res.holds) emit(*ps.obj, {}, res, ps.spec);
      }
      break;
    case Scope::ContainerSpec:
      for (const auto& ps : ctx.pod_specs()) {
        if (!kind_ok(r, *ps.obj)) continue;
        for (const auto& c : ps.containers) {
          if (!container_ok(r, c)) continue;
          Roots roots{c.v, ps.obj->root, ps.spec, ps.meta};
          Outcome res = evaluate(check, roots, compiled);
          if (res.holds) emit(*ps.obj, c.name, res, c.v);
        }
      }
      break;
    default: break;
  }
}

// Rules written for typed container specs (probe-port-undeclared) run on
// the typed facts decoded from each declared object.
void run_spec_rule(const Context& ctx, const Rule& r, const CodeRule& code, std::vector<Hit>& out) {
  const model::Facts& facts = ctx.store().facts;
  for (const auto& o : ctx.objects()) {
    const std::vector<model::ContainerSpec>* specs = nullptr;
    if (o.decl->pod >= 0)
      specs = &facts.pods[static_cast<size_t>(o.decl->pod)].containers;
    else if (o.decl->workload >= 0)
      specs = &facts.workloads[static_cast<size_t>(o.decl->workload)].containers;
    if (!specs) continue;
    for (const auto& spec : *specs) {
      std::vector<Signal> sigs;
      code.spec(SpecCase{&spec}, r, sigs);
      for (auto& s : sigs) {
        Hit h = make_hit(r, o, spec.name);
        for (const auto& e : s.evidence) h.cites.push_back({{}, e.role, e.at});
        for (auto& kv : s.vars) h.vars.push_back(std::move(kv));
        h.vars.emplace_back("pod", o.name);
        h.vars.emplace_back("workload", o.kind + "/" + o.name);
        h.severity = s.severity;
        out.push_back(std::move(h));
      }
    }
  }
}

namespace {

// A finding from a hit: message filled, every cite quoted.
Finding materialize(const Context& ctx, const Hit& h) {
  const Rule& r = *h.rule;
  const Object& o = *h.obj;
  Finding f;
  f.rule = r.id;
  f.category = r.category;
  f.severity = h.severity.value_or(r.severity);
  if (auto it = ctx.options().config.severity.find(r.id); it != ctx.options().config.severity.end())
    f.severity = it->second;
  f.confidence = r.confidence;
  f.title = r.title;
  Vars vars = h.vars;
  for (const auto& [k, v] : r.params) vars.emplace_back(k, ctx.param(r, k));
  // Only a field's value can hold a credential: names, keys and paths
  // (a file called secrets.yaml) are facts the reader needs.
  for (auto& [k, v] : vars)
    if (k == "value") v = redact(v);
  f.message = text::fill(r.message, vars, "(unknown)");
  f.remediation = text::fill(r.remediation, vars, "(unknown)");
  f.subject = {o.kind, o.ns, o.name, h.container};
  f.affected.push_back(f.subject);
  std::set<std::tuple<model::DocId, uint32_t, uint32_t>> seen;
  for (const auto& c : h.cites) {
    model::SourceRef at = c.ref;
    std::string field;
    bool hide = c.role == "secret";
    if (c.at) {
      at = {ctx.doc_of(c.at), c.at.cite_line(), c.at.cite_col()};
      // The field's path within its own object (a cite may be in another
      // object: the Secret a reference names).
      const Object* owner = ctx.object_of(c.at);
      if (!owner) owner = &o;
      field = field_path(owner->root, c.at);
      hide |= owner->kind == "Secret" &&
              (field.starts_with("data.") || field.starts_with("stringData."));
    }
    if (!at.valid() || !seen.insert({at.doc, at.line, at.col}).second) continue;
    Evidence e = quote_line(ctx.store(), at, hide ? "config" : c.role, hide);
    e.field = std::move(field);
    f.evidence.push_back(std::move(e));
  }
  // Rendered by Helm: the template to fix is named in the stream.
  if (const auto& t = o.decl->meta.template_at; t.valid())
    f.evidence.push_back(quote_line(ctx.store(), t, "source"));
  // Built by kustomize with origin annotations: the file it came from.
  if (model::Value origin = o.root.at({"metadata", "annotations", "config.kubernetes.io/origin"}))
    f.evidence.push_back(quote_line(
        ctx.store(), {o.decl->meta.at.doc, origin.cite_line(), origin.cite_col()}, "source"));
  double weight = f.severity == Severity::Critical ? 100
                  : f.severity == Severity::High   ? 40
                  : f.severity == Severity::Medium ? 12
                  : f.severity == Severity::Low    ? 4
                                                   : 1;
  f.score = weight * f.confidence;
  return f;
}

bool finding_less(const Finding& a, const Finding& b) {
  if (a.severity != b.severity) return a.severity > b.severity;
  const Evidence* ea = a.evidence.empty() ? nullptr : &a.evidence.front();
  const Evidence* eb = b.evidence.empty() ? nullptr : &b.evidence.front();
  if (ea && eb) {
    if (ea->path != eb->path) return ea->path < eb->path;
    if (ea->line != eb->line) return ea->line < eb->line;
    if (ea->column != eb->column) return ea->column < eb->column;
  }
  if (a.rule != b.rule) return a.rule < b.rule;
  return a.subject < b.subject;
}

}  // namespace

LintResult run_lint(const Context& ctx, const std::vector<const Rule*>& rules,
                    const std::vector<const CodeRule*>& spec_code,
                    const std::vector<const LintRule*>& lint_code, const CompiledChecks& compiled,
                    const Rule* expired_rule) {
  LintResult res;
  res.objects = ctx.objects().size();
  res.rules = rules.size();
  // Rules are independent: they run on all threads, each into its own
  // list, and the lists are read in catalog order, so the report never
  // depends on scheduling. KUBESIFT_LINT_PROFILE=1: the time each rule
  // takes, on stderr (for finding the rule that makes a large input slow).
  static const bool profile = std::getenv("KUBESIFT_LINT_PROFILE") != nullptr;
  // Evidence quotes lines: every line index is built here, before threads.
  for (const Object& o : ctx.objects()) ctx.store().doc(o.decl->meta.at.doc).line_count();
  std::vector<std::vector<Hit>> hits(rules.size());
  std::vector<double> took(rules.size());
  parallel_for(rules.size(), [&](size_t i) {
    const Rule& r = *rules[i];
    auto start = std::chrono::steady_clock::now();
    if (r.check)
      run_data_rule(ctx, r, compiled, hits[i]);
    else if (lint_code[i] && lint_code[i]->run)
      lint_code[i]->run(ctx, r, hits[i]);
    else if (spec_code[i] && spec_code[i]->spec)
      run_spec_rule(ctx, r, *spec_code[i], hits[i]);
    took[i] =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  });
  if (profile)
    for (size_t i = 0; i < rules.size(); ++i)
      std::fprintf(stderr, "lint-profile %-45s %9.1f ms %7zu hits\n", rules[i]->id.c_str(), took[i],
                   hits[i].size());
  // Findings are made from hits on all threads too, a slice of hits each.
  std::vector<const Hit*> all;
  for (const auto& list : hits)
    for (const Hit& h : list) all.push_back(&h);
  constexpr size_t kSlice = 1024;
  std::vector<std::vector<Finding>> made((all.size() + kSlice - 1) / kSlice);
  parallel_for(made.size(), [&](size_t p) {
    size_t end = std::min(all.size(), (p + 1) * kSlice);
    made[p].reserve(end - p * kSlice);
    for (size_t i = p * kSlice; i < end; ++i) made[p].push_back(materialize(ctx, *all[i]));
  });
  // One finding per rule, object, container and place.
  std::set<std::tuple<std::string_view, size_t, std::string_view, uint32_t, uint32_t>> seen;
  res.findings.reserve(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    const Hit& h = *all[i];
    Finding& f = made[i / kSlice][i % kSlice];
    if (f.evidence.empty()) continue;  // no location, no finding
    const Evidence& e = f.evidence.front();
    if (!seen.insert({h.rule->id, h.obj->index, h.container, e.line, e.column}).second) continue;
    if (auto s = find_suppression(h, ctx.options())) {
      f.suppression = std::move(*s);
      res.suppressed.push_back(std::move(f));
    } else {
      res.findings.push_back(std::move(f));
    }
  }
  // The hits and the moved-from findings are done with: their memory goes
  // back before the report is written.
  std::vector<std::vector<Finding>>().swap(made);
  std::vector<const Hit*>().swap(all);
  std::vector<std::vector<Hit>>().swap(hits);
  // An ignore past its date suppresses nothing, and says so where it is.
  const LintConfig& cfg = ctx.options().config;
  std::vector<const ConfigIgnore*> expired;
  if (ctx.options().suppressions)
    for (const auto& ig : cfg.ignores)
      if (is_expired(ig, ctx.options())) expired.push_back(&ig);
  if (expired_rule)
    for (const ConfigIgnore* ig : expired) {
      Finding f;
      f.rule = expired_rule->id;
      f.category = expired_rule->category;
      f.severity = expired_rule->severity;
      f.confidence = expired_rule->confidence;
      f.title = expired_rule->title;
      std::string rules;
      for (const auto& id : ig->rules) rules += (rules.empty() ? "" : ", ") + id;
      Vars vars = {{"expires", ig->expires},
                   {"rules", rules},
                   {"reason", ig->reason},
                   {"config", cfg.path},
                   {"line", std::to_string(ig->line)}};
      f.message = text::fill(expired_rule->message, vars, "(unknown)");
      f.remediation = text::fill(expired_rule->remediation, vars, "(unknown)");
      f.subject = {"Config", "", cfg.path, ""};
      f.affected.push_back(f.subject);
      std::string_view content = cfg.source;
      std::string_view line;
      size_t pos = 0;
      for (unsigned n = 1; pos <= content.size(); ++n) {
        size_t nl = content.find('\n', pos);
        if (n == ig->line) {
          line = content.substr(pos, nl == std::string_view::npos ? content.npos : nl - pos);
          break;
        }
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
      }
      f.evidence.push_back(
          {cfg.path, ig->line, redact(text::clip(line, kMaxEvidenceText)), "config", 0, ""});
      f.score = 12 * f.confidence;
      res.findings.push_back(std::move(f));
    }
  // Sorted by index, then moved once: a Finding is large to shuffle.
  for (auto* list : {&res.findings, &res.suppressed}) {
    std::vector<size_t> order(list->size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return finding_less((*list)[a], (*list)[b]); });
    std::vector<Finding> sorted;
    sorted.reserve(list->size());
    for (size_t i : order) sorted.push_back(std::move((*list)[i]));
    *list = std::move(sorted);
  }
  for (auto* list : {&res.findings, &res.suppressed})
    for (size_t i = 0; i < list->size(); ++i) (*list)[i].rank = static_cast<int>(i + 1);
  return res;
}

}  // namespace kubesift::engine::lint
