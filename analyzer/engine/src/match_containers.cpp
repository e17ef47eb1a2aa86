// The match stage, one container: its data rules, log signatures and code
// rules, sorted into causes and symptoms; spec rules on its declaration.
#include <algorithm>

#include "explain_env.h"
#include "explain_names.h"
#include "explain_probe.h"
#include "kubesift/core/text.h"
#include "kubesift/core/time.h"
#include "match.h"
#include "snapshot.h"

namespace kubesift::engine {

using model::ContainerState;

bool Matching::match_state(const CompiledMatcher& cm, const ContainerState& s, Signal& sig) {
  const Matcher& m = *cm.m;
  bool want_waiting = m.kind == Matcher::Kind::Waiting;
  if (s.kind != (want_waiting ? ContainerState::Kind::Waiting : ContainerState::Kind::Terminated))
    return false;
  if (!m.reason.empty() && (!s.reason.has() || s.reason.value != m.reason)) return false;
  if (m.exit_code && (!s.exit_code.has() || s.exit_code.value != *m.exit_code)) return false;
  Vars vars;
  if (cm.re && !s.message.has()) return false;
  if (!message_matches(cm, s.message.has() ? s.message.value : "", vars)) return false;
  if (cm.re && s.message.has())
    sig.evidence.push_back({s.message.at, "cause"});
  else if (s.reason.has())
    sig.evidence.push_back({s.reason.at, "cause"});
  if (s.exit_code.has()) sig.evidence.push_back({s.exit_code.at, "status"});
  for (auto& v : vars) sig.vars.push_back(std::move(v));
  return true;
}

void Matching::data_rules(const ContainerCase& c, std::vector<Signal>& out) {
  const auto& rules = catalog.rules();
  const correlate::ContainerView& cv = *c.container;
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    if (rule.code || rule.scope != Scope::Container) continue;
    for (const auto& cm : compiled.matchers[i]) {
      const Matcher& m = *cm.m;
      if (m.kind == Matcher::Kind::Log) continue;  // see log_rules
      Signal sig;
      sig.rule = &rule;
      sig.confidence = rule.confidence;
      bool hit = false;
      if ((m.kind == Matcher::Kind::Waiting || m.kind == Matcher::Kind::Terminated) && cv.status) {
        hit = match_state(cm, cv.status->state, sig);
        if (!hit && m.kind == Matcher::Kind::Terminated) {
          hit = match_state(cm, cv.status->last_state, sig);
        }
      } else if (m.kind == Matcher::Kind::Event) {
        for (const model::Event* e : cv.events) {
          if (!m.reason.empty() && e->reason != m.reason) continue;
          Vars vars;
          if (!message_matches(cm, e->message, vars)) continue;
          sig.evidence.push_back({e->at, rule.symptom ? "symptom" : "event"});
          for (auto& v : vars) sig.vars.push_back(std::move(v));
          if (e->count > 1) sig.vars.emplace_back("count", std::to_string(e->count));
          hit = true;
          break;
        }
      }
      if (hit) {
        out.push_back(std::move(sig));
        break;  // one signal per rule and container
      }
    }
  }
}

ContainerCase Matching::make_case(const correlate::PodView& pv,
                                  const correlate::ContainerView& cv) {
  ContainerCase c;
  c.pod = &pv;
  c.container = &cv;
  const model::ContainerStatus* st = cv.status;
  bool ready = false;
  if (st) {
    bool waiting_fail = st->state.kind == ContainerState::Kind::Waiting && st->state.reason.has() &&
                        waiting_is_failure(st->state.reason.value);
    bool term_fail = terminated_is_failure(st->state);
    bool last_fail = terminated_is_failure(st->last_state) ||
                     (st->last_state.reason.has() && st->last_state.reason.value == "OOMKilled");
    bool restarted = st->restart_count.has() && st->restart_count.value > 0;
    ready = st->ready.has() && st->ready.value;
    c.crash_looping = waiting_fail || term_fail;
    c.troubled = c.crash_looping || last_fail || (restarted && last_fail);
    c.healthy_now = st->state.kind == ContainerState::Kind::Running && ready;
  } else if (pv.pod.table_status.has()) {
    // Only a `get pods` row: judge the pod as a whole.
    bool fail = table_status_is_failure(pv.pod.table_status.value);
    c.crash_looping = fail;
    c.troubled = fail || (pv.pod.table_restarts.has() && pv.pod.table_restarts.value > 0);
    c.healthy_now = !fail && pod_ready(pv);
  }
  return c;
}

void Matching::config_evidence(const model::ContainerSpec& spec, Signal& s) {
  auto var = [&](std::string_view name) -> std::string {
    for (const auto& [k, v] : s.vars)
      if (k == name) return v;
    return {};
  };
  std::string env_name = var("var"), key = var("key");
  std::string source = !var("configmap").empty() ? var("configmap") : var("secret");
  if (size_t slash = source.find('/'); slash != std::string::npos)
    source = source.substr(slash + 1);
  for (const auto& e : spec.env) {
    bool named = !env_name.empty() && e.name == env_name;
    bool refers = !key.empty() && e.from_key == key && (source.empty() || e.from_name == source);
    bool whole = key.empty() && !source.empty() && e.from_name == source;
    if (named || refers || whole) s.evidence.push_back({e.at, "config"});
  }
  if (!source.empty())
    for (const auto& f : spec.env_from)
      if (f.name == source) s.evidence.push_back({f.at, "config"});
  std::string path = var("path");
  if (!path.empty())
    for (const auto& m : spec.mounts)
      if (!m.mount_path.empty() && path.starts_with(m.mount_path))
        s.evidence.push_back({m.at, "config"});
}

bool Matching::last_exit_benign(const correlate::ContainerView& cv) {
  if (!cv.status || cv.status->last_state.kind != ContainerState::Kind::Terminated) return false;
  const auto& t = cv.status->last_state;
  return t.exit_code.has() && (t.exit_code.value == 0 || t.exit_code.value == 143);
}

bool Matching::waiting(const correlate::ContainerView& cv) {
  return cv.status && cv.status->state.kind == ContainerState::Kind::Waiting;
}

bool Matching::workload_down(const correlate::PodView& pv) {
  if (!serving_known) {
    for (const auto& p : graph.pods)
      if (pod_ready(p)) serving_workloads.insert(workload_key(p));
    serving_known = true;
  }
  if (serving_workloads.count(workload_key(pv))) return false;
  if (pv.top && pv.top->ready_replicas.has() && pv.top->ready_replicas.value > 0) return false;
  return true;
}

void Matching::status_evidence(const ContainerCase& c, std::vector<EvidenceRef>& ev,
                               std::vector<EvidenceRef>& symptoms) const {
  const model::ContainerStatus* st = c.container->status;
  if (st) {
    if (st->state.kind == ContainerState::Kind::Waiting && st->state.reason.has())
      symptoms.push_back({st->state.reason.at, "symptom"});
    for (const ContainerState* s : {&st->state, &st->last_state}) {
      if (s->kind != ContainerState::Kind::Terminated) continue;
      if (s->reason.has()) ev.push_back({s->reason.at, "status"});
      if (s->exit_code.has()) ev.push_back({s->exit_code.at, "status"});
    }
    if (st->restart_count.has() && st->restart_count.value > 0)
      symptoms.push_back({st->restart_count.at, "symptom"});
  }
  if (c.pod->pod.table_status.has()) symptoms.push_back({c.pod->pod.table_status.at, "symptom"});
}

void Matching::container(const correlate::PodView& pv, const correlate::ContainerView& cv,
                         bool pod_has_cause) {
  ContainerCase c = make_case(pv, cv);
  std::vector<Signal> signals;
  data_rules(c, signals);
  if (c.troubled) {
    // A container waiting to restart has no running instance: its
    // "current" log (`kubectl logs`, a dump's logs.txt) is the log of the
    // instance that crashed, as good as a previous log.
    bool current_is_crashed = cv.previous_logs.empty() && waiting(cv);
    std::vector<LogInput> logs;
    for (const model::LogFile* lf : cv.previous_logs) logs.push_back({lf, 1.0, true});
    for (const model::LogFile* lf : cv.current_logs)
      logs.push_back({lf,
                      current_is_crashed         ? 1.0
                      : cv.previous_logs.empty() ? 0.95
                                                 : 0.85,
                      current_is_crashed});
    log_rules(logs, signals);
  }
  const auto& rules = catalog.rules();
  for (size_t i = 0; i < rules.size(); ++i) {
    const CodeRule* code = compiled.code[i];
    if (code && code->runtime && !rules[i].fallback) code->runtime(c, rules[i], signals);
  }
  // Spec rules on this pod's declaration of the container.
  std::vector<Signal> spec_signals;
  if (cv.spec) {
    SpecCase sc{cv.spec};
    for (size_t i = 0; i < rules.size(); ++i) {
      const CodeRule* code = compiled.code[i];
      if (code && code->spec) code->spec(sc, rules[i], spec_signals);
    }
  }
  // A spec signal that explains a runtime one takes its evidence.
  std::vector<EvidenceRef> symptoms;
  for (auto& s : spec_signals) {
    for (auto it = signals.begin(); it != signals.end();) {
      const auto& ex = s.rule->explains;
      if (std::find(ex.begin(), ex.end(), it->rule->id) != ex.end()) {
        for (auto& e : it->evidence)
          s.evidence.push_back({e.at, e.role == "cause" ? "symptom" : e.role});
        s.confidence = std::max(s.confidence, it->confidence);
        it = signals.erase(it);
        s.order = 1;  // marks: now a runtime cause
      } else {
        ++it;
      }
    }
  }
  std::vector<Signal> causes;
  for (auto& s : signals) {
    if (s.rule->symptom) {
      for (auto& e : s.evidence) symptoms.push_back({e.at, "symptom"});
    } else {
      causes.push_back(std::move(s));
    }
  }
  for (auto& s : spec_signals)
    if (s.order == 1) causes.push_back(std::move(s));
  int lowest = 10;
  for (const auto& s : causes) lowest = std::min(lowest, s.rule->secondary);
  {
    for (auto it = causes.begin(); it != causes.end();) {
      if (it->rule->secondary > lowest) {
        for (auto& e : it->evidence) symptoms.push_back({e.at, "symptom"});
        it = causes.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (causes.empty() && c.crash_looping && !pod_has_cause) {
    for (size_t i = 0; i < rules.size(); ++i) {
      const CodeRule* code = compiled.code[i];
      if (code && code->runtime && rules[i].fallback) code->runtime(c, rules[i], causes);
    }
  }
  if (!causes.empty()) {
    if (c.troubled && cv.previous_logs.empty() && !(waiting(cv) && !cv.current_logs.empty()) &&
        cv.status && cv.status->restart_count.has() && cv.status->restart_count.value > 0)
      note("No log of the previous instance of container " + cv.name + " in pod " + pv.pod.meta.ns +
           "/" + pv.pod.meta.name + " was given (it restarted " +
           std::to_string(cv.status->restart_count.value) +
           " times); `kubectl logs --previous` holds the crash.");
    if (pv.events.empty())
      note("No events were given for pod " + pv.pod.meta.ns + "/" + pv.pod.meta.name +
           "; `kubectl describe pod` or `kubectl get events` would show them.");
  }
  bool down = c.crash_looping && !pod_ready(pv) && workload_down(pv);
  std::sort(causes.begin(), causes.end(),
            [](const Signal& a, const Signal& b) { return a.confidence > b.confidence; });
  for (size_t i = 0; i < causes.size(); ++i) {
    Signal& s = causes[i];
    Severity sev = s.severity.value_or(s.rule->severity);
    if (is_runtime_category(s.rule->category)) {
      if (c.crash_looping && sev < Severity::High) sev = Severity::High;
      if (down && i == 0 && sev >= Severity::High) sev = Severity::Critical;
      // Up and ready now, yet it failed before: failing intermittently
      // (high at most). A last exit by SIGTERM or success says the kubelet
      // stopped it, not that it failed: medium at most.
      if (c.healthy_now)
        sev = std::min(sev, last_exit_benign(cv) ? Severity::Medium : Severity::High);
    }
    // Running and ready for long since its last restart (by the snapshot's
    // own "now"): the failure is history, told with its age, low.
    std::string history;
    if (c.healthy_now && now && cv.status) {
      int64_t since = state_time(cv.status->state);
      if (since && now - since >= kHistoryAfter) {
        history = short_age(now - since);
        sev = std::min(sev, Severity::Low);
      }
    }
    // A second cause of the same failure is told, but ranks lower.
    if (i > 0) s.confidence *= 0.8;
    std::vector<EvidenceRef> status, syms = symptoms;
    status_evidence(c, status, syms);
    for (auto& e : status) s.evidence.push_back(e);
    if (s.rule->category == Category::OomKilled && cv.spec &&
        cv.spec->resources.memory_limit.has()) {
      s.evidence.push_back({cv.spec->resources.memory_limit.at, "config"});
      s.vars.emplace_back("memory_limit", cv.spec->resources.memory_limit.value);
    }
    if (cv.spec) config_evidence(*cv.spec, s);
    // What exists instead of what is missing (env keys, mounts), what the
    // app serves against what its probe asks.
    explain_env(store(), c, s);
    explain_probe(store(), c, s);
    if (s.rule->category == Category::ImagePull) {
      std::string secrets;
      for (const auto& n : pv.pod.image_pull_secrets) secrets += (secrets.empty() ? "" : ", ") + n;
      // The kubelet's word that a pull secret it was told to use is not
      // there ("Unable to retrieve some image pull secrets (regcred); …"):
      // the line that names the missing thing.
      std::string missing;
      for (const model::Event* e : pv.events)
        if (e->reason == "FailedToRetrieveImagePullSecret") {
          s.evidence.push_back({e->at, "event"});
          size_t open = e->message.find('('), close = e->message.find(')', open);
          if (open != std::string::npos && close != std::string::npos)
            missing = e->message.substr(open + 1, close - open - 1);
          break;
        }
      if (secrets.empty()) secrets = missing;
      std::string said =
          !secrets.empty() ? "imagePullSecrets: " + secrets : "the pod has no imagePullSecrets";
      s.vars.emplace_back("pull_secrets", said);
    }
    for (auto& e : syms) s.evidence.push_back(e);
    add_candidate(std::move(s), sev, pv, cv.name, true);
    candidates.back().history = history;
  }
  // Spec findings that explain no failure of this observed container:
  // those that only matter when the runtime confirms them (a probe on an
  // undeclared port that evidently works) are dropped; hygiene is kept at
  // low severity, since a post-mortem is about what failed (manifests keep
  // the rule's severity: that is where CI lints them).
  for (auto& s : spec_signals) {
    if (!s.rule || s.order == 1 || s.rule->confirm_at_runtime) continue;
    Severity sev = std::min(s.severity.value_or(s.rule->severity), Severity::Low);
    add_candidate(std::move(s), sev, pv, cv.name, false);
  }
  if (hygiene_on) hygiene(pv, cv);
}

void Matching::add_candidate(Signal s, Severity sev, const correlate::PodView& pv,
                             const std::string& container, bool runtime) {
  Candidate cand;
  cand.subject = pod_ref(pv, container);
  cand.group = std::string(runtime ? "R|" : "S|") + s.rule->id + "|" + pv.pod.meta.ns + "|" +
               workload_key(pv) + "|" + container;
  cand.affected.push_back(cand.subject);
  const model::ContainerStatus* st = nullptr;
  if (auto* cv = pv.container(container)) st = cv->status;
  cand.sig = std::move(s);
  cand.sig.vars.emplace_back("pod", pv.pod.meta.name);
  // A pod seen only in a table: its container's name is not known.
  cand.sig.vars.emplace_back("container", container.empty() ? "(unnamed)" : container);
  cand.sig.vars.emplace_back("namespace", pv.pod.meta.ns);
  cand.sig.vars.emplace_back("workload", workload_key(pv));
  if (st && st->restart_count.has()) {
    cand.sig.vars.emplace_back("restarts", std::to_string(st->restart_count.value));
    cand.restarts = st->restart_count.value;
  }
  // A close name of what is missing, and where it is defined.
  suggest_near_names(store(), pv.pod.meta.ns, cand.sig);
  cand.severity = sev;
  cand.runtime = runtime;
  size_t index = static_cast<size_t>(&pv - graph.pods.data());
  cand.pods = {index};
  if (pv.pod.node.has()) cand.node = pv.pod.node.value;
  if (st)
    cand.when = st->last_state.kind == ContainerState::Kind::Terminated ? state_time(st->last_state)
                                                                        : state_time(st->state);
  // Hygiene is about the workload's template, not each replica.
  if (!runtime && !pv.top_name.empty()) {
    cand.subject = {pv.top_kind, pv.pod.meta.ns, pv.top_name, container};
    cand.affected = {cand.subject};
  }
  bool fallback = cand.sig.rule->fallback;
  candidates.push_back(std::move(cand));
  if (runtime) pods_with_findings.insert(index);
  if (runtime && !fallback) pods_with_causes.insert(index);
}

}  // namespace kubesift::engine
