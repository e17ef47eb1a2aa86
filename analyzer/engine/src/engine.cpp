#include "kubesift/engine/engine.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "compiled.h"
#include "evidence.h"
#include "kubesift/core/parallel.h"
#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"
#include "kubesift/model/log_line.h"
#include "log_aggregate.h"
#include "signal.h"

namespace kubesift::engine {
namespace {

using model::ContainerState;

constexpr size_t kMaxEvidence = 10;
constexpr double kStandaloneWeight = 0.7;

bool is_runtime_category(Category c) {
  switch (c) {
    case Category::MissingResourceLimits:
    case Category::ImagePolicy:
    case Category::Security:
    case Category::Reliability:
    case Category::Reference:
    case Category::DeprecatedApi:
    case Category::InputError: return false;
    default: return true;
  }
}

bool waiting_is_failure(std::string_view reason) {
  return !reason.empty() && reason != "ContainerCreating" && reason != "PodInitializing";
}

bool terminated_is_failure(const ContainerState& s) {
  if (s.kind != ContainerState::Kind::Terminated) return false;
  if (s.exit_code.has()) return s.exit_code.value != 0;
  return s.reason.has() && s.reason.value != "Completed";
}

bool table_status_is_failure(std::string_view s) {
  return !s.empty() && s != "Running" && s != "Completed" && s != "Succeeded" &&
         s != "ContainerCreating" && s != "PodInitializing" && s != "Terminating" &&
         s != "Pending" && !s.starts_with("Init:0/") && s != "Init:0";
}

// Whether the pod serves now: every regular container ready.
bool pod_ready(const correlate::PodView& pv) {
  bool any = false;
  for (const auto& c : pv.containers) {
    if (c.init || !c.status) continue;
    any = true;
    if (!c.status->ready.has() || !c.status->ready.value) return false;
  }
  if (any) return true;
  if (pv.pod.table_ready.has()) {
    auto parts = text::split(pv.pod.table_ready.value, '/');
    return parts.size() == 2 && parts[0] == parts[1] && parts[0] != "0";
  }
  return false;
}

std::string workload_key(const correlate::PodView& pv) {
  if (!pv.top_name.empty()) return pv.top_kind + "/" + pv.top_name;
  return "Pod/" + pv.pod.meta.name;
}

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

// Everything one analysis run builds, kept together.
struct Run {
  const Catalog& catalog;
  const LogScanner& scanner;
  const EngineCompiled& compiled;
  const correlate::Graph& graph;
  std::unordered_map<const model::LogFile*, std::vector<LogHit>> hits;
  // Lines each rule matched in a log (by catalog rule index).
  std::unordered_map<const model::LogFile*, std::vector<uint64_t>> counts;
  // Documents scanned before (a streaming load), consumed by scan_logs().
  std::unordered_map<model::DocId, LogScan>* scanned = nullptr;
  Analysis out;

  struct Candidate {
    Signal sig;
    Severity severity = Severity::Info;
    ObjectRef subject;
    std::string group;
    std::vector<ObjectRef> affected;
    bool runtime = false;
    bool standalone = false;    // a log no pod claims: the message names the file
    long long restarts = 0;     // of the container, most of the replicas
    std::optional<LogAgg> agg;  // a signature's lines across logs
  };
  std::vector<Candidate> candidates;
  std::set<size_t> pods_with_causes;    // pods with a cause found (indices into graph.pods)
  std::set<size_t> pods_with_findings;  // … or with any runtime finding, fallbacks included
  std::set<std::string> noted;

  const model::Store& store() const { return *graph.store; }

  void note(std::string s) {
    if (noted.insert(s).second) out.notes.push_back(std::move(s));
  }

  // Each document is scanned once, documents in parallel; its hits go to
  // every log it holds. Results are merged in document order.
  void scan_logs() {
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

  // --- data rules on one container -------------------------------------

  static void add_captures(const RE2& re, std::string_view text, Vars& vars) {
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

  static bool message_matches(const CompiledMatcher& cm, std::string_view msg, Vars& vars) {
    if (!cm.re) return true;
    if (!RE2::PartialMatch(re2::StringPiece(msg.data(), msg.size()), *cm.re)) return false;
    add_captures(*cm.re, msg, vars);
    return true;
  }

  bool match_state(const CompiledMatcher& cm, const ContainerState& s, Signal& sig) {
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

  void data_rules(const ContainerCase& c, std::vector<Signal>& out) {
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
        if ((m.kind == Matcher::Kind::Waiting || m.kind == Matcher::Kind::Terminated) &&
            cv.status) {
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

  // Log signatures: the log of the instance that crashed first, then the
  // others. Per rule, the best hit: error-level lines near the end of the log
  // count most. `weight` says how much a log's lines count; `crashed` marks
  // the log of the instance that died (its last error is what it died of).
  struct LogInput {
    const model::LogFile* lf;
    double weight;
    bool crashed;
  };
  void log_rules(const std::vector<LogInput>& logs, std::vector<Signal>& out) {
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

  // --- one container, causes and symptoms --------------------------------

  ContainerCase make_case(const correlate::PodView& pv, const correlate::ContainerView& cv) {
    ContainerCase c;
    c.pod = &pv;
    c.container = &cv;
    const model::ContainerStatus* st = cv.status;
    bool ready = false;
    if (st) {
      bool waiting_fail = st->state.kind == ContainerState::Kind::Waiting &&
                          st->state.reason.has() && waiting_is_failure(st->state.reason.value);
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

  // The configuration a cause names, cited next to it: the env var a log
  // line says is missing or bad (or that refers to the missing key), the
  // volume mount under which a missing file was looked for.
  static void config_evidence(const model::ContainerSpec& spec, Signal& s) {
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

  static bool last_exit_benign(const correlate::ContainerView& cv) {
    if (!cv.status || cv.status->last_state.kind != ContainerState::Kind::Terminated) return false;
    const auto& t = cv.status->last_state;
    return t.exit_code.has() && (t.exit_code.value == 0 || t.exit_code.value == 143);
  }

  static bool waiting(const correlate::ContainerView& cv) {
    return cv.status && cv.status->state.kind == ContainerState::Kind::Waiting;
  }

  ObjectRef pod_ref(const correlate::PodView& pv, const std::string& container) const {
    return {"Pod", pv.pod.meta.ns, pv.pod.meta.name, container};
  }

  // Workloads with at least one ready pod, computed once (a bundle has
  // thousands of pods; asking every pod about every other one is quadratic).
  std::set<std::string> serving_workloads;
  bool serving_known = false;

  bool workload_down(const correlate::PodView& pv) {
    if (!serving_known) {
      for (const auto& p : graph.pods)
        if (pod_ready(p)) serving_workloads.insert(workload_key(p));
      serving_known = true;
    }
    if (serving_workloads.count(workload_key(pv))) return false;
    if (pv.top && pv.top->ready_replicas.has() && pv.top->ready_replicas.value > 0) return false;
    return true;
  }

  void status_evidence(const ContainerCase& c, std::vector<EvidenceRef>& ev,
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

  void container(const correlate::PodView& pv, const correlate::ContainerView& cv,
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
        note("No log of the previous instance of container " + cv.name + " in pod " +
             pv.pod.meta.ns + "/" + pv.pod.meta.name + " was given (it restarted " +
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
      if (s.rule->category == Category::ImagePull) {
        std::string secrets;
        for (const auto& n : pv.pod.image_pull_secrets)
          secrets += (secrets.empty() ? "" : ", ") + n;
        s.vars.emplace_back("pull_secrets", secrets.empty() ? "the pod has no imagePullSecrets"
                                                            : "imagePullSecrets: " + secrets);
      }
      for (auto& e : syms) s.evidence.push_back(e);
      add_candidate(std::move(s), sev, pv, cv.name, true);
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
  }

  void add_candidate(Signal s, Severity sev, const correlate::PodView& pv,
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
    cand.severity = sev;
    cand.runtime = runtime;
    bool fallback = cand.sig.rule->fallback;
    candidates.push_back(std::move(cand));
    size_t index = static_cast<size_t>(&pv - graph.pods.data());
    if (runtime) pods_with_findings.insert(index);
    if (runtime && !fallback) pods_with_causes.insert(index);
  }

  // --- pods, nodes, claims and workloads as a whole ----------------------

  // What a non-container subject shows: its events, conditions and status.
  struct SubjectFacts {
    const std::vector<const model::Event*>* events = nullptr;
    const std::vector<model::Condition>* conditions = nullptr;
    const model::Sourced<std::string>* reason = nullptr;
    const model::Sourced<std::string>* message = nullptr;
    const model::Sourced<std::string>* phase = nullptr;
  };

  // One matcher against a non-container subject; fills `sig` on a hit.
  bool match_subject(const CompiledMatcher& cm, const SubjectFacts& f, const Rule& rule,
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

  // Data rules of `scope` against one subject: one signal per rule, none
  // when an `unless` matcher says the failure is over.
  void scope_rules(Scope scope, const SubjectFacts& f, std::vector<Signal>& out) {
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

  // Causes of a subject: symptoms set aside, secondary causes yield to
  // lower levels (as for containers).
  static std::vector<Signal> causes_of(std::vector<Signal>& signals,
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

  void object_candidate(Signal s, Severity sev, ObjectRef subject, Vars vars) {
    Candidate cand;
    cand.subject = subject;
    cand.group = "O|" + s.rule->id + "|" + subject.kind + "|" + subject.ns + "|" + subject.name;
    cand.affected.push_back(subject);
    cand.severity = sev;
    cand.runtime = true;
    cand.sig = std::move(s);
    for (auto& v : vars) cand.sig.vars.push_back(std::move(v));
    candidates.push_back(std::move(cand));
  }

  // Signals of nodes and claims, kept so that pods on them can hand over
  // what they explain (a pod Pending on an unbound claim, evicted by a node
  // under pressure).
  std::vector<std::vector<Signal>> node_signals, claim_signals;

  void nodes_and_claims() {
    node_signals.resize(graph.nodes.size());
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

  // Moves the pod signals that `explainer` explains into it, as symptoms.
  static void absorb(std::vector<Signal>& explainers, std::vector<Signal>& pod_signals) {
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
  }

  // A pod as a whole: its status, conditions and events. Returns true when
  // the pod has a cause of its own (then its containers' fallback is moot).
  bool pod(const correlate::PodView& pv) {
    SubjectFacts f;
    f.events = &pv.events;
    f.conditions = &pv.pod.conditions;
    f.reason = &pv.pod.reason;
    f.message = &pv.pod.message;
    f.phase = &pv.pod.phase;
    std::vector<Signal> signals;
    scope_rules(Scope::Pod, f, signals);
    size_t before = signals.size();
    if (pv.node != SIZE_MAX) absorb(node_signals[pv.node], signals);
    for (size_t k : pv.claims) absorb(claim_signals[k], signals);
    bool explained_elsewhere = signals.size() < before;  // by its node or a claim
    std::vector<EvidenceRef> symptoms;
    std::vector<Signal> causes = causes_of(signals, symptoms);
    if (causes.empty()) return explained_elsewhere;
    if (pv.pod.table_status.has()) symptoms.push_back({pv.pod.table_status.at, "symptom"});
    bool down = !pod_ready(pv) && workload_down(pv);
    for (auto& s : causes) {
      Severity sev = s.severity.value_or(s.rule->severity);
      if (down && sev >= Severity::High && is_runtime_category(s.rule->category))
        sev = Severity::Critical;
      if (s.rule->category == Category::Scheduling) node_figures(s);
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
      if (pv.pod.node.has()) cand.sig.vars.emplace_back("node", pv.pod.node.value);
      candidates.push_back(std::move(cand));
      pods_with_causes.insert(static_cast<size_t>(&pv - graph.pods.data()));
      pods_with_findings.insert(static_cast<size_t>(&pv - graph.pods.data()));
    }
    return true;
  }

  // For "Insufficient cpu/memory/…": each node's requested and allocatable
  // amount of that resource, when the input has them (describe node), as
  // the {capacity} of the message and as evidence.
  void node_figures(Signal& s) {
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

  void report_nodes_and_claims() {
    for (size_t n = 0; n < graph.nodes.size(); ++n) {
      const auto& nv = graph.nodes[n];
      std::vector<EvidenceRef> symptoms;
      for (auto& s : causes_of(node_signals[n], symptoms)) {
        for (auto& e : symptoms) s.evidence.push_back(e);
        Severity sev = s.severity.value_or(s.rule->severity);
        object_candidate(std::move(s), sev, {"Node", "", nv.node.meta.name, ""},
                         {{"node", nv.node.meta.name}, {"pods", std::to_string(nv.pods.size())}});
      }
    }
    for (size_t k = 0; k < graph.claims.size(); ++k) {
      const auto& cv = graph.claims[k];
      std::vector<EvidenceRef> symptoms;
      for (auto& s : causes_of(claim_signals[k], symptoms)) {
        for (auto& e : symptoms) s.evidence.push_back(e);
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
             {"pods", pods.empty() ? std::string("no pod of the input") : pods}});
      }
    }
  }

  // A workload finding takes in the findings of its pods that it explains
  // (a failed Job explains its pods' unexplained exits): their evidence
  // becomes its symptoms, and they are not reported alone.
  void absorb_pod_findings(const correlate::WorkloadView& wv, Signal& s) {
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

  // Workloads: their own failures (a ReplicaSet that cannot create pods),
  // and, as a fallback when none of their pods has a cause, the state they
  // report (a rollout past its deadline, a Job over its backoff limit).
  void workloads() {
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
        if (s.rule->fallback &&
            any_of_pods(s.rule->explains.empty() ? pods_with_findings : pods_with_causes))
          continue;
        for (auto& e : symptoms) s.evidence.push_back(e);
        absorb_pod_findings(wv, s);
        Severity sev = s.severity.value_or(s.rule->severity);
        object_candidate(std::move(s), sev, {w.meta.kind, w.meta.ns, w.meta.name, ""},
                         {{"workload", w.meta.kind + "/" + w.meta.name},
                          {"namespace", w.meta.ns},
                          {"pods", std::to_string(wv.pods.size())}});
      }
    }
  }

  // Logs that no pod of the input claims (a bulk scan of archived logs):
  // their signatures are reported against the file itself. Without the
  // container's status there is no telling whether the process died of it,
  // so these count less than a correlated cause.
  void standalone_logs() {
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
        cand.subject = named ? ObjectRef{"Pod", lf->ns, lf->pod, lf->container}
                             : ObjectRef{"Log", "", path, ""};
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

  // --- findings ----------------------------------------------------------

  Evidence materialize(const EvidenceRef& e) const { return quote_line(store(), e.at, e.role); }

  // Several workloads failing on the same dependency point at the
  // dependency, not at each of them: said once, in the notes.
  void shared_dependencies() {
    std::map<std::string, std::set<std::string>> by_target;  // target → workloads
    for (const auto& c : candidates) {
      if (!c.runtime || c.sig.rule->category != Category::Network) continue;
      static const RE2 host_port(R"(([A-Za-z0-9][\w.\-]*:\d{1,5}))");
      std::string target, workload;
      for (const auto& [k, v] : c.sig.vars) {
        if (k == "workload") workload = v;
        if (k == "target" || k == "host")
          target = v;
        else if (target.empty() && (k == "error" || k == "detail"))
          RE2::PartialMatch(v, host_port, &target);
      }
      if (!target.empty() && !workload.empty()) by_target[target].insert(workload);
    }
    for (const auto& [target, workloads] : by_target) {
      if (workloads.size() < 2) continue;
      std::string list;
      for (const auto& w : workloads) list += (list.empty() ? "" : ", ") + w;
      note(std::to_string(workloads.size()) + " workloads fail to reach the same dependency " +
           target + " (" + list + "): look at it, or at the network path to it, first.");
    }
  }

  void finish() {
    shared_dependencies();
    // Collapse replicas: one finding per group, naming every pod.
    std::map<std::string, size_t> by_group;
    std::vector<Candidate> merged;
    for (auto& c : candidates) {
      auto [it, fresh] = by_group.emplace(c.group, merged.size());
      if (fresh) {
        merged.push_back(std::move(c));
        continue;
      }
      Candidate& m = merged[it->second];
      if (m.agg && c.agg && merge_aggregate(*m.agg, *c.agg)) {
        // The earliest line speaks: its captures fill the finding's words.
        m.sig.vars = c.sig.vars;
      }
      for (const auto& a : c.affected)
        if (std::find(m.affected.begin(), m.affected.end(), a) == m.affected.end())
          m.affected.push_back(a);
      m.severity = std::max(m.severity, c.severity);
      m.restarts = std::max(m.restarts, c.restarts);
      m.sig.confidence = std::max(m.sig.confidence, c.sig.confidence);
    }
    for (auto& c : merged) {
      std::sort(c.affected.begin(), c.affected.end());
      Finding f;
      const Rule& r = *c.sig.rule;
      f.rule = r.id;
      f.category = r.category;
      f.severity = c.severity;
      f.confidence = std::round(c.sig.confidence * 100) / 100;
      f.title = r.title;
      Vars vars = c.sig.vars;
      vars.emplace_back("replicas", std::to_string(c.affected.size()));
      for (auto& [k, v] : vars) v = redact(v);
      if (c.agg) {
        f.logs = c.agg->agg;
        f.group = c.group;
      }
      if (c.agg && c.standalone) {
        // A signature across the logs no pod claims: its counts and
        // places, the top files as the affected, the first and the last
        // line as evidence.
        f.message = aggregate_message(r.title, c.agg->agg, true);
        c.affected.clear();
        for (const auto& tf : f.logs->top_files) c.affected.push_back({"Log", "", tf.path, ""});
        c.subject = c.affected.front();
        c.sig.evidence = {{c.agg->first.at, "cause"}};
        if (c.agg->last.at.doc != c.agg->first.at.doc ||
            c.agg->last.at.line != c.agg->first.at.line)
          c.sig.evidence.push_back({c.agg->last.at, "log"});
      } else {
        f.message = text::fill(r.message, vars, "(unknown)");
      }
      if (c.affected.size() > 1 && !c.standalone)
        f.message += " (" + std::to_string(c.affected.size()) + " pods fail the same way)";
      f.remediation = text::fill(r.remediation, vars, "(unknown)");
      f.subject = c.affected.size() > 1 && c.subject.kind == "Pod" ? c.affected.front() : c.subject;
      f.affected = c.affected;
      std::set<std::pair<model::DocId, uint32_t>> seen;
      for (const auto& e : c.sig.evidence) {
        if (!e.at.valid() || !seen.insert({e.at.doc, e.at.line}).second) continue;
        if (f.evidence.size() >= kMaxEvidence) break;
        f.evidence.push_back(materialize(e));
      }
      if (f.evidence.empty()) continue;  // no location, no finding
      // Impact: how many pods fail this way, and (a little) how often.
      double impact = (1.0 + std::log2(static_cast<double>(c.affected.size()))) *
                      (1.0 + 0.05 * std::log2(1.0 + static_cast<double>(c.restarts)));
      f.score = severity_weight(f.severity) * f.confidence * impact * (c.runtime ? 1.5 : 1.0);
      if (c.agg && c.standalone) f.score = aggregate_score(f);
      out.findings.push_back(std::move(f));
    }
    rank_findings(out.findings);
  }
};

}  // namespace

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

Analysis Engine::analyze(const correlate::Graph& graph) const {
  std::unordered_map<model::DocId, LogScan> none;
  return analyze(graph, none);
}

Analysis Engine::analyze(const correlate::Graph& graph,
                         std::unordered_map<model::DocId, LogScan>& scanned) const {
  Run run{catalog_, *scanner_, *compiled_, graph, {}, {}, {}, {}, {}, {}};
  run.scanned = &scanned;
  run.scan_logs();
  run.nodes_and_claims();
  for (const auto& pv : graph.pods) {
    bool pod_cause = run.pod(pv);
    for (const auto& cv : pv.containers) run.container(pv, cv, pod_cause);
  }
  run.report_nodes_and_claims();
  run.workloads();
  run.standalone_logs();
  run.finish();
  // The manifests among the inputs, checked as `lint` checks them.
  LintOptions lo;
  lo.declared_only = true;
  LintResult lint_res = lint(*graph.store, lo);
  for (auto& f : lint_res.findings) run.out.findings.push_back(std::move(f));
  rank_findings(run.out.findings);
  // Said by the report (unmatched_logs_note): a merge of shards adds the
  // counts and says it once.
  run.out.unmatched_logs = graph.unmatched_logs.size();
  if (!graph.unmatched_logs.empty())
    run.out.first_unmatched_log = graph.store->doc(graph.unmatched_logs.front()->doc).path;
  for (const auto& n : graph.notes) run.note(n);
  return std::move(run.out);
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
