#include "rank.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "evidence.h"
#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"
#include "kubesift/engine/engine.h"

namespace kubesift::engine {

namespace {

size_t pods_in(const std::vector<ObjectRef>& refs) {
  return static_cast<size_t>(
      std::count_if(refs.begin(), refs.end(), [](const ObjectRef& r) { return r.kind == "Pod"; }));
}

std::string joined(const std::vector<std::string>& items, size_t at_most) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < at_most; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > at_most) out += ", +" + std::to_string(items.size() - at_most) + " more";
  return out;
}

}  // namespace

double hygiene_score(const Finding& f, size_t objects) {
  return 0.01 * severity_weight(f.severity) * f.confidence *
         (1.0 + 0.1 * std::log2(static_cast<double>(std::max<size_t>(objects, 1))));
}

std::vector<Finding> to_findings(std::vector<Candidate>& candidates, const model::Store& store) {
  std::vector<Finding> out;
  for (auto& c : candidates) {
    std::sort(c.affected.begin(), c.affected.end());
    Finding f;
    const Rule& r = *c.sig.rule;
    f.rule = r.id;
    f.category = r.category;
    f.severity = c.severity;
    f.confidence = std::round(c.sig.confidence * 100) / 100;
    f.title = r.title;
    bool dependency = c.group.starts_with("D|"), hygiene = c.group.starts_with("H|");
    size_t pods = pods_in(c.affected);
    Vars vars = c.sig.vars;
    vars.emplace_back("replicas", std::to_string(std::max<size_t>(pods, 1)));
    for (auto& [k, v] : vars) v = redact(v);
    if (c.agg) {
      f.logs = c.agg->agg;
      f.group = c.group;
    }
    if (c.agg && c.standalone) {
      // A signature across the logs no pod claims: its counts and places,
      // the top files as the affected, the first and the last line as
      // evidence.
      f.message = aggregate_message(r.title, c.agg->agg, true);
      c.affected.clear();
      for (const auto& tf : f.logs->top_files) c.affected.push_back({"Log", "", tf.path, ""});
      c.subject = c.affected.front();
      c.sig.evidence = {{c.agg->first.at, "cause"}};
      if (c.agg->last.at.doc != c.agg->first.at.doc || c.agg->last.at.line != c.agg->first.at.line)
        c.sig.evidence.push_back({c.agg->last.at, "log"});
    } else {
      f.message = text::fill(r.message, vars, "(unknown)");
    }
    if (dependency) {
      f.message += " (" + std::to_string(c.workloads.size()) +
                   " workloads fail to reach the same dependency " +
                   redact(var_of(c.sig.vars, "dependency")) + ": " + joined(c.workloads, 8) +
                   "; look at it, or at the network path to it, first)";
    } else if (hygiene) {
      if (c.workloads.size() > 1)
        f.message += " (the same for " + std::to_string(c.workloads.size()) +
                     " workloads of namespace " + c.subject.ns + ": " + joined(c.workloads, 8) +
                     ")";
    } else if (pods > 1 && !c.standalone && c.subject.kind == "Pod") {
      f.message += " (" + std::to_string(pods) + " pods fail the same way)";
    }
    if (!c.history.empty()) {
      if (!f.message.empty() && f.message.back() == '.') f.message.pop_back();
      f.message += "; over now: running and ready for " + c.history + " since its last restart.";
    }
    f.remediation = text::fill(r.remediation, vars, "(unknown)");
    // Replicas: the first pod by name. A group of workloads keeps the
    // subject its message speaks of.
    f.subject = pods > 1 && c.subject.kind == "Pod" && !dependency && !hygiene ? c.affected.front()
                                                                               : c.subject;
    f.affected = c.affected;
    std::set<std::pair<model::DocId, uint32_t>> seen;
    for (const auto& e : c.sig.evidence) {
      if (!e.at.valid() || !seen.insert({e.at.doc, e.at.line}).second) continue;
      if (f.evidence.size() >= kMaxEvidence) break;
      f.evidence.push_back(quote_line(store, e.at, e.role));
    }
    if (f.evidence.empty()) continue;  // no location, no finding
    // Impact: how many pods fail this way, and (a little) how often.
    double impact = (1.0 + std::log2(static_cast<double>(std::max<size_t>(pods, 1)))) *
                    (1.0 + 0.05 * std::log2(1.0 + static_cast<double>(c.restarts)));
    f.score = severity_weight(f.severity) * f.confidence * impact * (c.runtime ? 1.5 : 1.0);
    if (c.agg && c.standalone) f.score = aggregate_score(f);
    if (!c.runtime && is_hygiene_rule(r))
      f.score = hygiene_score(f, std::max<size_t>(c.workloads.size(), 1));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace kubesift::engine
