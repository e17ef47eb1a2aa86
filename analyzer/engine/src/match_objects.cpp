// The match stage, subjects as a whole: pods (status, conditions, events),
// nodes, claims and workloads; what a node or claim explains of a pod.
#include <algorithm>

#include "explain_names.h"
#include "explain_scheduling.h"
#include "kubesift/core/text.h"
#include "kubesift/core/time.h"
#include "match.h"

namespace kubesift::engine {

using model::ContainerState;

int64_t event_time(const model::Event& e, int64_t now) {
  for (const std::string* t : {&e.last_seen, &e.first_seen})
    if (auto v = epoch_seconds(*t)) return *v;
  // describe and get events print ages: from the snapshot's now.
  if (now)
    for (const std::string* t : {&e.last_seen, &e.first_seen})
      if (auto a = age_seconds(*t)) return now - *a;
  return 0;
}

bool Matching::match_subject(const CompiledMatcher& cm, const SubjectFacts& f, const Rule& rule,
                             Signal& sig) {
  const Matcher& m = *cm.m;
  if (m.kind == Matcher::Kind::Event && f.events) {
    // The latest matching event: events are listed oldest first.
    for (auto it = f.events->rbegin(); it != f.events->rend(); ++it) {
      const model::Event* e = *it;
      if (!m.reason.empty() && e->reason != m.reason) continue;
      Vars vars;
      if (!message_matches(cm, e->message, vars)) continue;
      sig.evidence.push_back({e->at, rule.symptom ? "symptom" : "cause"});
      sig.when = event_time(*e, now);
      sig.vars = std::move(vars);
      sig.vars.emplace_back("message", text::clip(e->message, 300));
      if (e->count > 1) sig.vars.emplace_back("count", std::to_string(e->count));
      return true;
    }
  } else if (m.kind == Matcher::Kind::Condition && f.conditions) {
    for (const auto& c : *f.conditions) {
      if (c.type != m.type || (!m.status.empty() && c.status != m.status) ||
          (!m.reason.empty() && c.reason != m.reason))
        continue;
      Vars vars;
      if (!message_matches(cm, c.message, vars)) continue;
      sig.evidence.push_back({c.at, "cause"});
      sig.vars = std::move(vars);
      sig.vars.emplace_back("message", text::clip(c.message, 300));
      sig.vars.emplace_back("condition", c.type + "=" + c.status);
      if (!c.reason.empty()) sig.vars.emplace_back("reason", c.reason);
      return true;
    }
  } else if (m.kind == Matcher::Kind::Status) {
    bool ok = true;
    if (!m.phase.empty()) ok = f.phase && f.phase->has() && f.phase->value == m.phase;
    if (ok && !m.reason.empty()) ok = f.reason && f.reason->has() && f.reason->value == m.reason;
    Vars vars;
    std::string msg = f.message && f.message->has() ? f.message->value : std::string();
    if (ok && cm.re) ok = f.message && f.message->has() && message_matches(cm, msg, vars);
    if (!ok) return false;
    for (const auto* at : {f.reason, f.message, f.phase})
      if (at && at->has()) sig.evidence.push_back({at->at, "cause"});
    sig.vars = std::move(vars);
    if (!msg.empty()) sig.vars.emplace_back("message", text::clip(msg, 300));
    return !sig.evidence.empty();
  }
  return false;
}

void Matching::scope_rules(Scope scope, const SubjectFacts& f, std::vector<Signal>& out) {
  const auto& rules = catalog.rules();
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    if (rule.code || rule.scope != scope) continue;
    bool over = std::any_of(compiled.unless[i].begin(), compiled.unless[i].end(),
                            [&](const CompiledMatcher& cm) {
                              Signal ignored;
                              return match_subject(cm, f, rule, ignored);
                            });
    if (over) continue;
    for (const auto& cm : compiled.matchers[i]) {
      Signal sig;
      sig.rule = &rule;
      sig.confidence = rule.confidence;
      if (match_subject(cm, f, rule, sig)) {
        out.push_back(std::move(sig));
        break;
      }
    }
  }
}

std::vector<Signal> Matching::causes_of(std::vector<Signal>& signals,
                                        std::vector<EvidenceRef>& symptoms) {
  std::vector<Signal> causes;
  int lowest = 10;
  for (auto& s : signals)
    if (!s.rule->symptom) lowest = std::min(lowest, s.rule->secondary);
  for (auto& s : signals) {
    if (s.rule->symptom || s.rule->secondary > lowest) {
      for (auto& e : s.evidence) symptoms.push_back({e.at, "symptom"});
    } else {
      causes.push_back(std::move(s));
    }
  }
  return causes;
}

void Matching::object_candidate(Signal s, Severity sev, ObjectRef subject, Vars vars,
                                const std::vector<size_t>& pods) {
  Candidate cand;
  cand.subject = subject;
  cand.group = "O|" + s.rule->id + "|" + subject.kind + "|" + subject.ns + "|" + subject.name;
  cand.affected.push_back(subject);
  // The pods it blocks are affected too: "what is wrong with pod X" finds it.
  for (size_t i : pods) {
    cand.pods.push_back(i);
    cand.affected.push_back({"Pod", graph.pods[i].pod.meta.ns, graph.pods[i].pod.meta.name, ""});
  }
  cand.severity = sev;
  cand.runtime = true;
  cand.when = s.when;
  cand.sig = std::move(s);
  for (auto& v : vars) cand.sig.vars.push_back(std::move(v));
  suggest_near_names(store(), subject.ns, cand.sig);
  candidates.push_back(std::move(cand));
}

void Matching::cite_why(const std::vector<const model::Event*>& events, Signal& s) {
  // Latest first; one line per reason.
  std::set<std::string> reasons;
  std::string why;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    const model::Event* e = *it;
    bool telling = e->type == "Warning" || e->reason == "FailedBinding" ||
                   e->reason == "ExternalProvisioning" || e->reason == "WaitForFirstConsumer";
    if (!telling || !reasons.insert(e->reason).second) continue;
    bool cited = std::any_of(s.evidence.begin(), s.evidence.end(), [&](const EvidenceRef& r) {
      return r.at.doc == e->at.doc && r.at.line == e->at.line;
    });
    if (!cited) s.evidence.push_back({e->at, "event"});
    if (why.empty() && e->type == "Warning") why = text::clip(e->message, 300);
  }
  if (why.empty() && !reasons.empty())
    for (auto it = events.rbegin(); it != events.rend() && why.empty(); ++it)
      if (reasons.count((*it)->reason)) why = text::clip((*it)->message, 300);
  if (!why.empty() && var_of(s.vars, "why").empty()) s.vars.emplace_back("why", why);
}

void Matching::nodes_and_claims() {
  node_signals.resize(graph.nodes.size());
  node_blocked.resize(graph.nodes.size());
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const auto& nv = graph.nodes[n];
    SubjectFacts f;
    f.events = &nv.events;
    f.conditions = &nv.node.conditions;
    scope_rules(Scope::Node, f, node_signals[n]);
  }
  claim_signals.resize(graph.claims.size());
  for (size_t k = 0; k < graph.claims.size(); ++k) {
    const auto& cv = graph.claims[k];
    SubjectFacts f;
    f.events = &cv.events;
    f.phase = &cv.claim.phase;
    scope_rules(Scope::Claim, f, claim_signals[k]);
  }
}

bool Matching::absorb(std::vector<Signal>& explainers, std::vector<Signal>& pod_signals) {
  size_t before = pod_signals.size();
  for (auto& x : explainers) {
    for (auto it = pod_signals.begin(); it != pod_signals.end();) {
      const auto& ex = x.rule->explains;
      if (std::find(ex.begin(), ex.end(), it->rule->id) != ex.end()) {
        for (auto& e : it->evidence) x.evidence.push_back({e.at, "symptom"});
        it = pod_signals.erase(it);
      } else {
        ++it;
      }
    }
  }
  return pod_signals.size() < before;
}

bool Matching::pod(const correlate::PodView& pv) {
  SubjectFacts f;
  f.events = &pv.events;
  f.conditions = &pv.pod.conditions;
  f.reason = &pv.pod.reason;
  f.message = &pv.pod.message;
  f.phase = &pv.pod.phase;
  std::vector<Signal> signals;
  scope_rules(Scope::Pod, f, signals);
  size_t index = static_cast<size_t>(&pv - graph.pods.data());
  bool explained_elsewhere = false;  // by its node or a claim
  if (pv.node != SIZE_MAX && absorb(node_signals[pv.node], signals)) {
    node_blocked[pv.node].push_back(index);
    explained_elsewhere = true;
  }
  for (size_t k : pv.claims) explained_elsewhere |= absorb(claim_signals[k], signals);
  if (explained_elsewhere) pods_with_causes.insert(index);
  std::vector<EvidenceRef> symptoms;
  std::vector<Signal> causes = causes_of(signals, symptoms);
  if (causes.empty()) return explained_elsewhere;
  if (pv.pod.table_status.has()) symptoms.push_back({pv.pod.table_status.at, "symptom"});
  bool down = !pod_ready(pv) && workload_down(pv);
  for (auto& s : causes) {
    Severity sev = s.severity.value_or(s.rule->severity);
    if (down && sev >= Severity::High && is_runtime_category(s.rule->category))
      sev = Severity::Critical;
    if (s.rule->category == Category::Scheduling) {
      // The scheduler's reasons said from the nodes' and the pod's own
      // facts, with the concrete change; each node's figures otherwise.
      SchedulingExplanation x = explain_scheduling(graph, pv, scheduler_message(pv));
      if (!x.explanation.empty()) s.vars.emplace_back("explanation", x.explanation);
      if (!x.remediation.empty())
        s.vars.emplace_back("fix", x.remediation);
      else
        node_figures(s);
      for (const auto& at : x.evidence) s.evidence.push_back({at, "config"});
    }
    for (auto& e : symptoms) s.evidence.push_back(e);
    Candidate cand;
    cand.subject = {"Pod", pv.pod.meta.ns, pv.pod.meta.name, ""};
    cand.group = "P|" + s.rule->id + "|" + pv.pod.meta.ns + "|" + workload_key(pv);
    cand.affected.push_back(cand.subject);
    cand.severity = sev;
    cand.runtime = true;
    cand.sig = std::move(s);
    cand.sig.vars.emplace_back("pod", pv.pod.meta.name);
    cand.sig.vars.emplace_back("namespace", pv.pod.meta.ns);
    cand.sig.vars.emplace_back("workload", workload_key(pv));
    if (pv.pod.node.has()) {
      cand.sig.vars.emplace_back("node", pv.pod.node.value);
      cand.node = pv.pod.node.value;
    }
    cand.pods = {index};
    cand.when = cand.sig.when;
    suggest_near_names(store(), pv.pod.meta.ns, cand.sig);
    candidates.push_back(std::move(cand));
    pods_with_causes.insert(index);
    pods_with_findings.insert(index);
  }
  return true;
}

void Matching::node_figures(Signal& s) {
  std::string message;
  for (const auto& [k, v] : s.vars)
    if (k == "message") message = v;
  std::vector<std::string> wanted;
  for (size_t at = message.find("Insufficient "); at != std::string::npos;
       at = message.find("Insufficient ", at + 1)) {
    size_t b = at + 13, e = message.find_first_of(" ,.", b);
    std::string res = message.substr(b, e == std::string::npos ? std::string::npos : e - b);
    if (!res.empty() && std::find(wanted.begin(), wanted.end(), res) == wanted.end())
      wanted.push_back(res);
  }
  std::string figures;
  for (const auto& nv : graph.nodes) {
    for (const auto& res : wanted) {
      auto it = nv.node.resources.find(res);
      if (it == nv.node.resources.end()) continue;
      const model::NodeResource& r = it->second;
      if (!r.allocatable.has() && !r.requested.has()) continue;
      figures += (figures.empty() ? "" : "; ") + nv.node.meta.name + " " + res + " requested " +
                 (r.requested.has() ? r.requested.value : "?") + " of " +
                 (r.allocatable.has() ? r.allocatable.value : "?") + " allocatable";
      if (r.requested.has()) s.evidence.push_back({r.requested.at, "config"});
      if (r.allocatable.has()) s.evidence.push_back({r.allocatable.at, "config"});
    }
  }
  s.vars.emplace_back("capacity",
                      figures.empty() ? std::string("no node figures in the input") : figures);
}

void Matching::report_nodes_and_claims() {
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const auto& nv = graph.nodes[n];
    std::vector<EvidenceRef> symptoms;
    for (auto& s : causes_of(node_signals[n], symptoms)) {
      for (auto& e : symptoms) s.evidence.push_back(e);
      Severity sev = s.severity.value_or(s.rule->severity);
      object_candidate(std::move(s), sev, {"Node", "", nv.node.meta.name, ""},
                       {{"node", nv.node.meta.name}, {"pods", std::to_string(nv.pods.size())}},
                       node_blocked[n]);
      candidates.back().node = nv.node.meta.name;
      candidates.back().when = candidates.back().sig.when;
    }
  }
  for (size_t k = 0; k < graph.claims.size(); ++k) {
    const auto& cv = graph.claims[k];
    std::vector<EvidenceRef> symptoms;
    for (auto& s : causes_of(claim_signals[k], symptoms)) {
      for (auto& e : symptoms) s.evidence.push_back(e);
      // The claim's status says Pending; its events say why (a missing
      // StorageClass, no PersistentVolume to bind): cite them both.
      cite_why(cv.events, s);
      std::string pods;
      for (size_t i : cv.pods) pods += (pods.empty() ? "" : ", ") + graph.pods[i].pod.meta.name;
      Severity sev = s.severity.value_or(s.rule->severity);
      if (!cv.pods.empty() && sev >= Severity::High) sev = Severity::Critical;
      object_candidate(
          std::move(s), sev, {"PersistentVolumeClaim", cv.claim.meta.ns, cv.claim.meta.name, ""},
          {{"claim", cv.claim.meta.name},
           {"namespace", cv.claim.meta.ns},
           {"storage_class",
            cv.claim.storage_class.has() ? cv.claim.storage_class.value : std::string("(none)")},
           {"pods", pods.empty() ? std::string("no pod of the input") : pods}},
          cv.pods);
    }
  }
}

void Matching::absorb_pod_findings(const correlate::WorkloadView& wv, Signal& s) {
  const auto& ex = s.rule->explains;
  if (ex.empty()) return;
  for (auto it = candidates.begin(); it != candidates.end();) {
    bool mine =
        it->subject.kind == "Pod" && std::any_of(wv.pods.begin(), wv.pods.end(), [&](size_t i) {
          return graph.pods[i].pod.meta.name == it->subject.name &&
                 graph.pods[i].pod.meta.ns == it->subject.ns;
        });
    if (mine && std::find(ex.begin(), ex.end(), it->sig.rule->id) != ex.end()) {
      for (auto& e : it->sig.evidence) s.evidence.push_back({e.at, "symptom"});
      it = candidates.erase(it);
    } else {
      ++it;
    }
  }
}

void Matching::workloads() {
  for (const auto& wv : graph.workloads) {
    const model::Workload& w = wv.workload;
    if (w.from_manifest) continue;
    SubjectFacts f;
    f.events = &wv.events;
    f.conditions = &w.conditions;
    std::vector<Signal> signals;
    scope_rules(Scope::Workload, f, signals);
    auto any_of_pods = [&](const std::set<size_t>& set) {
      return std::any_of(wv.pods.begin(), wv.pods.end(),
                         [&](size_t i) { return set.count(i) > 0; });
    };
    std::vector<EvidenceRef> symptoms;
    for (auto& s : causes_of(signals, symptoms)) {
      // A fallback stands when no pod finding explains the workload; one
      // that explains its pods' unexplained failures takes them in instead.
      // (A rule that says what explains it is left to the explain stage.)
      if (s.rule->fallback && s.rule->explained_by.empty() &&
          any_of_pods(s.rule->explains.empty() ? pods_with_findings : pods_with_causes))
        continue;
      for (auto& e : symptoms) s.evidence.push_back(e);
      absorb_pod_findings(wv, s);
      Severity sev = s.severity.value_or(s.rule->severity);
      object_candidate(std::move(s), sev, {w.meta.kind, w.meta.ns, w.meta.name, ""},
                       {{"workload", w.meta.kind + "/" + w.meta.name},
                        {"namespace", w.meta.ns},
                        {"pods", std::to_string(wv.pods.size())}});
      candidates.back().pods = wv.pods;
    }
  }
}

}  // namespace kubesift::engine
