// The engine's entry points: Engine::create compiles the catalog once;
// Engine::analyze runs the stages over a graph:
//   match    (match.h: match_logs.cpp, match_containers.cpp, match_objects.cpp)
//   explain  (explain.h)
//   group    (group.h)
//   rank     (rank.h)
#include "kubesift/engine/engine.h"

#include <re2/re2.h>

#include <algorithm>

#include "compiled.h"
#include "explain.h"
#include "group.h"
#include "kubesift/engine/timeline.h"
#include "match.h"
#include "rank.h"
#include "signal.h"
#include "snapshot.h"

namespace kubesift::engine {

std::vector<std::string> Engine::code_rule_ids() {
  std::vector<std::string> ids;
  for (const auto& r : code_rules()) ids.push_back(r.id);
  for (const auto& r : lint::lint_rules()) ids.push_back(r.id);
  return ids;
}

std::unique_ptr<Engine> Engine::create(Catalog catalog, const model::LogLineReader& lines,
                                       std::vector<std::string>& errors) {
  std::unique_ptr<Engine> e(new Engine());
  e->catalog_ = std::move(catalog);
  auto compiled = std::make_shared<EngineCompiled>();
  const auto& rules = e->catalog_.rules();
  compiled->matchers.resize(rules.size());
  compiled->unless.resize(rules.size());
  compiled->code.resize(rules.size(), nullptr);
  compiled->lint_code.resize(rules.size(), nullptr);
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    if (r.check) compiled->checks.add(*r.check);
    if (r.code && is_manifest_scope(r.scope)) {
      for (const auto& c : lint::lint_rules())
        if (c.id == r.id) compiled->lint_code[i] = &c;
      if (!compiled->lint_code[i])
        errors.push_back(r.source + ": manifest rule '" + r.id +
                         "' says `match: code` but no engine/src/lint/rule_*.cpp has that id");
    } else if (r.code) {
      for (const auto& c : code_rules())
        if (c.id == r.id) compiled->code[i] = &c;
      if (!compiled->code[i])
        errors.push_back(r.source + ": rule '" + r.id +
                         "' says `match: code` but no C++ rule has that id");
    }
    for (const auto& m : r.unless) {
      CompiledMatcher cm;
      cm.m = &m;
      if (!m.pattern.empty()) {
        RE2::Options o;
        o.set_case_sensitive(!m.case_insensitive);
        o.set_log_errors(false);
        cm.re = std::make_unique<RE2>(m.pattern, o);
      }
      compiled->unless[i].push_back(std::move(cm));
    }
    for (const auto& m : r.match) {
      CompiledMatcher cm;
      cm.m = &m;
      if (m.kind != Matcher::Kind::Log && !m.pattern.empty()) {
        RE2::Options o;
        o.set_case_sensitive(!m.case_insensitive);
        o.set_log_errors(false);
        cm.re = std::make_unique<RE2>(m.pattern, o);
      }
      compiled->matchers[i].push_back(std::move(cm));
    }
  }
  for (const auto& c : code_rules())
    if (!e->catalog_.find(c.id))
      errors.push_back("code rule '" + c.id + "' has no catalog entry in rules/");
  for (const auto& c : lint::lint_rules()) {
    const Rule* r = e->catalog_.find(c.id);
    if (!r || !r->code || !is_manifest_scope(r->scope))
      errors.push_back("lint rule '" + c.id +
                       "' has no `match: code` manifest entry (scope object, pod-spec or "
                       "container-spec) in rules/");
  }
  std::string err;
  e->scanner_ = LogScanner::build(e->catalog_, lines, &err);
  if (!e->scanner_) errors.push_back(err);
  if (!errors.empty()) return nullptr;
  e->compiled_ = std::move(compiled);
  return e;
}

std::vector<uint32_t> LogScan::quoted_lines() const {
  std::vector<uint32_t> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.push_back(h.line);
  return out;
}

LogScan Engine::scan_log(const model::Document& d) const {
  return scan_document(*scanner_, d);
}

LogScanFeed::LogScanFeed(const LogScanner& scanner, std::string path) : path_(std::move(path)) {
  LogScanner::Options o;
  o.unknown = &r_.unknown;
  o.path = path_;
  stream_ = std::make_unique<LogScanner::Stream>(scanner, 1, &r_.counts, &r_.stats, o);
}

LogScanFeed::~LogScanFeed() = default;

void LogScanFeed::feed(std::string_view lines) {
  stream_->feed(lines);
}

void LogScanFeed::kept_lines(std::vector<uint32_t>& out) const {
  stream_->kept_lines(out);
}

LogScan LogScanFeed::finish() {
  stream_->finish(r_.hits);
  r_.lines = static_cast<uint32_t>(r_.stats.lines);
  return std::move(r_);
}

std::unique_ptr<LogScanFeed> Engine::scan_log_stream(const std::string& path) const {
  return std::make_unique<LogScanFeed>(*scanner_, path);
}

Analysis Engine::analyze(const correlate::Graph& graph, const AnalyzeOptions& opts) const {
  std::unordered_map<model::DocId, LogScan> none;
  return analyze(graph, none, opts);
}

Analysis Engine::analyze(const correlate::Graph& graph,
                         std::unordered_map<model::DocId, LogScan>& scanned,
                         const AnalyzeOptions& opts) const {
  // 1. match: signals of containers, pods, nodes, claims, workloads, logs.
  Matching m{catalog_, *scanner_, *compiled_, graph, {}, {}, &scanned, {}};
  m.now = snapshot_now(graph, scanner_->lines());
  m.hygiene_on = opts.hygiene;
  m.scan_logs();
  m.nodes_and_claims();
  for (const auto& pv : graph.pods) {
    bool pod_cause = m.pod(pv);
    for (const auto& cv : pv.containers) m.container(pv, cv, pod_cause);
  }
  m.report_nodes_and_claims();
  m.workloads();
  m.standalone_logs();
  // 2. explain: a finding another one explains becomes its evidence.
  explain(m.candidates);
  // 3. group: replicas, a shared dependency, hygiene per rule and namespace.
  group_shared_dependencies(m.candidates);
  if (opts.hygiene) group_hygiene(m.candidates, m.pods_with_findings);
  std::vector<Candidate> groups = collapse_groups(std::move(m.candidates));
  // 4. rank.
  for (const auto& n : graph.notes) m.note(n);
  Analysis out = std::move(m.out);
  for (auto& f : to_findings(groups, *graph.store)) out.findings.push_back(std::move(f));
  // The manifests among the inputs, checked as `lint` checks them: their
  // hygiene in the same band, grouped the same way.
  LintOptions lo;
  lo.declared_only = true;
  LintResult lint_res = lint(*graph.store, lo);
  auto hygiene = [&](const Finding& f) {
    const Rule* r = catalog_.find(f.rule);
    return r && is_hygiene_rule(*r);
  };
  std::vector<Finding> declared;
  for (auto& f : lint_res.findings) {
    if (hygiene(f)) {
      if (!opts.hygiene) continue;
      f.score = hygiene_score(f, f.affected.size());
    }
    declared.push_back(std::move(f));
  }
  if (opts.hygiene) group_hygiene_findings(declared, hygiene);
  for (auto& f : declared) out.findings.push_back(std::move(f));
  rank_findings(out.findings);
  if (opts.timeline) out.timeline = build_timeline(graph, out.findings, scanner_->lines());
  // Said by the report (unmatched_logs_note): a merge of shards adds the
  // counts and says it once.
  out.unmatched_logs = graph.unmatched_logs.size();
  if (!graph.unmatched_logs.empty())
    out.first_unmatched_log = graph.store->doc(graph.unmatched_logs.front()->doc).path;
  return out;
}

// Score first; ties on rule id, subject, then the first evidence: the order
// never depends on hashing, threads or how the inputs were split.
void rank_findings(std::vector<Finding>& findings) {
  auto first = [](const Finding& f) {
    return f.evidence.empty() ? std::tuple<std::string_view, uint32_t>{}
                              : std::tuple<std::string_view, uint32_t>{f.evidence.front().path,
                                                                       f.evidence.front().line};
  };
  std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.subject != b.subject) return a.subject < b.subject;
    return first(a) < first(b);
  });
  for (size_t i = 0; i < findings.size(); ++i) findings[i].rank = static_cast<int>(i + 1);
}

}  // namespace kubesift::engine
