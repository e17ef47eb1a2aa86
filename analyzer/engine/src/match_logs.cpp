// The match stage, logs: each log document scanned once (documents in
// parallel), the best hit per signature of a container's logs, and the
// signatures of logs no pod claims.
#include <algorithm>
#include <map>

#include "kubesift/core/parallel.h"
#include "kubesift/model/log_line.h"
#include "match.h"

namespace kubesift::engine {

using model::ContainerState;

LogScan scan_document(const LogScanner& scanner, const model::Document& d) {
  LogScan r;
  LogScanner::Options o;
  o.unknown = &r.unknown;
  o.path = d.path;
  // The line index (built now, used for evidence later) gives the hits
  // their line numbers.
  r.lines = d.line_count();
  o.line_starts = &d.line_starts();
  scanner.scan(d.text(), 1, r.hits, &r.counts, &r.stats, o);
  r.stats.lines = r.lines;
  return r;
}

void Matching::scan_logs() {
  std::map<model::DocId, std::vector<const model::LogFile*>> by_doc;
  for (const auto& log : store().facts.logs) by_doc[log.doc].push_back(&log);
  std::vector<model::DocId> docs;
  for (const auto& [doc, logs] : by_doc) docs.push_back(doc);
  std::vector<LogScan> scans(docs.size());
  parallel_for(docs.size(), [&](size_t i) {
    if (scanned)
      if (auto it = scanned->find(docs[i]); it != scanned->end()) {
        scans[i] = std::move(it->second);
        return;
      }
    scans[i] = scan_document(scanner, store().doc(docs[i]));
  });
  for (size_t i = 0; i < docs.size(); ++i) {
    const model::Document& d = store().doc(docs[i]);
    const auto& logs = by_doc[docs[i]];
    LogScan& sc = scans[i];
    std::vector<LogHit>& h = sc.hits;
    // Lines of log, not of the document: a dump stream is mostly JSON.
    for (const model::LogFile* lf : logs)
      out.log_lines += !lf->lines.empty()                ? lf->lines.size()
                       : lf->last_line >= lf->first_line ? lf->last_line - lf->first_line + 1
                       : lf->last_line == 0              ? sc.lines
                                                         : 0;
    out.scan.bytes += sc.stats.bytes;
    out.scan.lines += sc.stats.lines;
    out.scan.matched_lines += sc.stats.matched_lines;
    out.matched_lines.emplace_back(docs[i], sc.stats.matched_lines);
    out.scan.blocks += sc.stats.blocks;
    out.scan.candidate_blocks += sc.stats.candidate_blocks;
    out.scan.set_fallbacks += sc.stats.set_fallbacks;
    out.unknown_errors.merge(sc.unknown);
    if (logs.size() == 1 && logs.front()->lines.empty() && logs.front()->first_line <= 1 &&
        logs.front()->last_line >= d.line_count()) {
      hits.emplace(logs.front(), std::move(h));
      counts.emplace(logs.front(), std::move(sc.counts));
      continue;
    }
    // Several logs in one document: each gets the hits in its lines, and
    // counts of the hits kept (exact unless a signature matched more than
    // the kept first and last lines of the document).
    for (const model::LogFile* lf : logs) {
      std::vector<LogHit>& mine = hits[lf];
      std::vector<uint64_t>& n = counts[lf];
      uint32_t last = 0;
      size_t last_rule = SIZE_MAX;
      for (const LogHit& x : h)
        if (lf->holds(x.line)) {
          mine.push_back(x);
          if (n.size() <= x.rule) n.resize(x.rule + 1, 0);
          if (x.line != last || x.rule != last_rule) ++n[x.rule];
          last = x.line;
          last_rule = x.rule;
        }
    }
  }
}

void Matching::add_captures(const RE2& re, std::string_view text, Vars& vars) {
  int n = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> sub(static_cast<size_t>(n) + 1);
  if (!re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                sub.data(), n + 1))
    return;
  for (const auto& [name, idx] : re.NamedCapturingGroups())
    if (sub[static_cast<size_t>(idx)].data())
      vars.emplace_back(name, std::string(sub[static_cast<size_t>(idx)].data(),
                                          sub[static_cast<size_t>(idx)].size()));
}

bool Matching::message_matches(const CompiledMatcher& cm, std::string_view msg, Vars& vars) {
  if (!cm.re) return true;
  if (!RE2::PartialMatch(re2::StringPiece(msg.data(), msg.size()), *cm.re)) return false;
  add_captures(*cm.re, msg, vars);
  return true;
}

void Matching::log_rules(const std::vector<LogInput>& logs, std::vector<Signal>& out) {
  struct Best {
    double score = -1;
    const LogHit* hit = nullptr;
    const model::LogFile* log = nullptr;
  };
  std::map<size_t, Best> best;  // by rule index
  for (const auto& [lf, weight, crashed] : logs) {
    {
      auto it = hits.find(lf);
      if (it == hits.end()) continue;
      const model::Document& d = store().doc(lf->doc);
      uint32_t total = !lf->lines.empty() ? lf->lines.back()
                       : lf->last_line    ? lf->last_line
                                          : d.line_count();
      // The last error-level hit, in the log's last lines, is what the
      // process said just before it died: it counts a little more.
      const std::vector<LogHit>& found = it->second;
      std::vector<double> levels(found.size());
      uint32_t last_error = 0;
      for (size_t k = 0; k < found.size(); ++k) {
        levels[k] = model::level_weight(scanner.lines().level(d.line(found[k].line)));
        if (levels[k] >= 1.0) last_error = found[k].line;
      }
      for (size_t k = 0; k < found.size(); ++k) {
        const LogHit& h = found[k];
        const Rule& rule = catalog.rules()[h.rule];
        uint32_t from_end = total >= h.line ? total - h.line : 0;
        double position = from_end < 10 ? 1.0 : from_end < 50 ? 0.95 : 0.85;
        double level = levels[k];
        double score = rule.confidence * weight * position * level;
        if (h.line == last_error && from_end < 5 && crashed) score += 0.05;
        // Of two lines saying the same, prefer the one that names what
        // failed (a path, a host): the finding can then say it too.
        if (!h.captures.empty()) score += 0.02;
        Best& b = best[h.rule];
        if (score >= b.score) b = {score, &h, lf};
      }
    }
  }
  for (const auto& [rule_idx, b] : best) {
    const Rule& rule = catalog.rules()[rule_idx];
    Signal sig;
    sig.rule = &rule;
    sig.confidence = std::min(1.0, b.score);
    sig.order = b.hit->line;
    sig.evidence.push_back({{b.log->doc, b.hit->line}, "cause"});
    sig.vars = b.hit->captures;
    sig.vars.emplace_back("log", b.log->previous ? "previous log" : "log");
    out.push_back(std::move(sig));
  }
}

void Matching::standalone_logs() {
  for (const model::LogFile* lf : graph.unmatched_logs) {
    std::vector<Signal> sigs;
    log_rules({{lf, kStandaloneWeight, false}}, sigs);
    const std::string& path = store().doc(lf->doc).path;
    // A layout may name the pod and container (a must-gather's logs
    // without its pod YAML): the finding then names them.
    bool named = !lf->pod.empty() && !lf->container.empty();
    for (auto& s : sigs) {
      if (s.rule->symptom) continue;
      Candidate cand;
      size_t rule_idx = static_cast<size_t>(s.rule - catalog.rules().data());
      const std::vector<uint64_t>& n = counts[lf];
      cand.agg = aggregate_hits(store(), scanner.lines(), *lf, hits[lf], rule_idx,
                                rule_idx < n.size() ? n[rule_idx] : 0);
      // One finding per signature across the logs no pod claims; per pod
      // and container where a layout names them.
      cand.subject =
          named ? ObjectRef{"Pod", lf->ns, lf->pod, lf->container} : ObjectRef{"Log", "", path, ""};
      cand.group = "L|" + s.rule->id +
                   (named ? "|" + lf->ns + "/" + lf->pod + "/" + lf->container : std::string());
      cand.affected.push_back(cand.subject);
      // No container status says the process died of it: medium at most.
      cand.severity = std::min(s.rule->severity, Severity::Medium);
      cand.sig = std::move(s);
      if (named) {
        cand.sig.vars.emplace_back("pod", lf->pod);
        cand.sig.vars.emplace_back("container", lf->container);
        cand.sig.vars.emplace_back("namespace", lf->ns);
      }
      cand.sig.vars.emplace_back("workload", named ? "Pod/" + lf->pod : path);
      cand.standalone = !named;
      candidates.push_back(std::move(cand));
    }
  }
}

}  // namespace kubesift::engine
