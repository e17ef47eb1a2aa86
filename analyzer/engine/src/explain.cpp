#include "explain.h"

#include <algorithm>
#include <cstdlib>

namespace kubesift::engine {

namespace {

bool shares_pod(const Candidate& a, const Candidate& b) {
  for (size_t p : a.pods)
    if (std::find(b.pods.begin(), b.pods.end(), p) != b.pods.end()) return true;
  return false;
}

bool names_cause(const CauseLink& link, const Candidate& cause) {
  const Rule& r = *cause.sig.rule;
  if (!link.rule.empty()) return r.id == link.rule;
  if (link.category) return r.category == *link.category;
  return link.any_runtime && cause.runtime && is_runtime_category(r.category);
}

}  // namespace

bool explains(const CauseLink& link, const Candidate& cause, const Candidate& effect) {
  if (&cause == &effect || cause.sig.rule == effect.sig.rule) return false;
  if (!names_cause(link, cause)) return false;
  switch (link.join) {
    case CauseLink::Join::Container:
      return cause.subject.kind == "Pod" && cause.subject == effect.subject;
    case CauseLink::Join::Pod:
    case CauseLink::Join::Workload: return shares_pod(cause, effect);
    case CauseLink::Join::NodeTime:
      if (cause.node.empty() || cause.node != effect.node) return false;
      if (link.within > 0 && cause.when && effect.when)
        return std::llabs(cause.when - effect.when) <= link.within;
      return true;
  }
  return false;
}

void explain(std::vector<Candidate>& candidates) {
  std::vector<bool> gone(candidates.size(), false);
  for (size_t e = 0; e < candidates.size(); ++e) {
    const Rule& rule = *candidates[e].sig.rule;
    if (rule.explained_by.empty()) continue;
    size_t best = SIZE_MAX;
    for (size_t c = 0; c < candidates.size(); ++c) {
      if (gone[c] || c == e) continue;
      bool linked = std::any_of(
          rule.explained_by.begin(), rule.explained_by.end(),
          [&](const CauseLink& l) { return explains(l, candidates[c], candidates[e]); });
      if (!linked) continue;
      if (best == SIZE_MAX || candidates[c].severity > candidates[best].severity ||
          (candidates[c].severity == candidates[best].severity &&
           candidates[c].sig.confidence > candidates[best].sig.confidence))
        best = c;
    }
    if (best == SIZE_MAX) continue;
    Candidate& cause = candidates[best];
    Candidate& effect = candidates[e];
    for (const auto& ev : effect.sig.evidence) cause.sig.evidence.push_back({ev.at, "symptom"});
    for (size_t p : effect.pods)
      if (std::find(cause.pods.begin(), cause.pods.end(), p) == cause.pods.end())
        cause.pods.push_back(p);
    for (const auto& a : effect.affected)
      if (a.kind == "Pod" &&
          std::find(cause.affected.begin(), cause.affected.end(), a) == cause.affected.end())
        cause.affected.push_back(a);
    gone[e] = true;
  }
  size_t w = 0;
  for (size_t i = 0; i < candidates.size(); ++i)
    if (!gone[i]) {
      if (w != i) candidates[w] = std::move(candidates[i]);
      ++w;
    }
  candidates.resize(w);
}

}  // namespace kubesift::engine
