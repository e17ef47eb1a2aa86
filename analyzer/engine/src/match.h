// Internal to the engine: the match stage. Runs the catalog's data rules,
// log signatures and code rules over the graph (containers, pods, nodes,
// claims, workloads, logs no pod claims) and makes one candidate per
// signal that is a cause (symptoms join their cause's evidence).
// match_logs.cpp: the log scan and signatures; match_containers.cpp: one
// container's causes and symptoms; match_objects.cpp: pods, nodes, claims
// and workloads as a whole.
#pragma once

#include <re2/re2.h>

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "candidate.h"
#include "compiled.h"
#include "kubesift/engine/engine.h"
#include "signal.h"

namespace kubesift::engine {

// When an event happened (its last time, else its first), seconds since the
// epoch; from its age and the snapshot's `now` when the input gives ages;
// 0 when neither is known.
int64_t event_time(const model::Event& e, int64_t now);

// One document's log scan (Engine::scan_log).
LogScan scan_document(const LogScanner& scanner, const model::Document& d);

// A container running and ready this long since its last restart has
// recovered: its failure is history.
inline constexpr int64_t kHistoryAfter = 3600;

// Logs no pod claims count less than a correlated cause.
inline constexpr double kStandaloneWeight = 0.7;

struct Matching {
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
  // The snapshot's own "now" (seconds since the epoch, 0 = unknown): the
  // latest time the inputs show (snapshot.h).
  int64_t now = 0;

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
  void scan_logs();

  // --- data rules on one container -------------------------------------

  static void add_captures(const RE2& re, std::string_view text, Vars& vars);

  static bool message_matches(const CompiledMatcher& cm, std::string_view msg, Vars& vars);

  bool match_state(const CompiledMatcher& cm, const model::ContainerState& s, Signal& sig);

  void data_rules(const ContainerCase& c, std::vector<Signal>& out);

  // Log signatures: the log of the instance that crashed first, then the
  // others. Per rule, the best hit: error-level lines near the end of the log
  // count most. `weight` says how much a log's lines count; `crashed` marks
  // the log of the instance that died (its last error is what it died of).
  struct LogInput {
    const model::LogFile* lf;
    double weight;
    bool crashed;
  };
  void log_rules(const std::vector<LogInput>& logs, std::vector<Signal>& out);

  // --- one container, causes and symptoms --------------------------------

  ContainerCase make_case(const correlate::PodView& pv, const correlate::ContainerView& cv);

  // The configuration a cause names, cited next to it: the env var a log
  // line says is missing or bad (or that refers to the missing key), the
  // volume mount under which a missing file was looked for.
  static void config_evidence(const model::ContainerSpec& spec, Signal& s);

  static bool last_exit_benign(const correlate::ContainerView& cv);

  static bool waiting(const correlate::ContainerView& cv);

  ObjectRef pod_ref(const correlate::PodView& pv, const std::string& container) const {
    return {"Pod", pv.pod.meta.ns, pv.pod.meta.name, container};
  }

  // Workloads with at least one ready pod, computed once (a bundle has
  // thousands of pods; asking every pod about every other one is quadratic).
  std::set<std::string> serving_workloads;
  bool serving_known = false;

  bool workload_down(const correlate::PodView& pv);

  void status_evidence(const ContainerCase& c, std::vector<EvidenceRef>& ev,
                       std::vector<EvidenceRef>& symptoms) const;

  void container(const correlate::PodView& pv, const correlate::ContainerView& cv,
                 bool pod_has_cause);

  // Hygiene of an observed container (resources, probes), as the manifest
  // rules of those names would say it (match_hygiene.cpp).
  void hygiene(const correlate::PodView& pv, const correlate::ContainerView& cv);
  bool hygiene_on = true;

  void add_candidate(Signal s, Severity sev, const correlate::PodView& pv,
                     const std::string& container, bool runtime);

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
                     Signal& sig);

  // Data rules of `scope` against one subject: one signal per rule, none
  // when an `unless` matcher says the failure is over.
  void scope_rules(Scope scope, const SubjectFacts& f, std::vector<Signal>& out);

  // Causes of a subject: symptoms set aside, secondary causes yield to
  // lower levels (as for containers).
  static std::vector<Signal> causes_of(std::vector<Signal>& signals,
                                       std::vector<EvidenceRef>& symptoms);

  // `pods` (indices into graph.pods): the pods it blocks, affected too.
  void object_candidate(Signal s, Severity sev, ObjectRef subject, Vars vars,
                        const std::vector<size_t>& pods = {});

  // The subject's telling events (warnings, why a claim waits) as evidence,
  // the latest warning's message as {why}.
  static void cite_why(const std::vector<const model::Event*>& events, Signal& s);

  // Signals of nodes and claims, kept so that pods on them can hand over
  // what they explain (a pod Pending on an unbound claim, evicted by a node
  // under pressure).
  std::vector<std::vector<Signal>> node_signals, claim_signals;

  void nodes_and_claims();

  // Moves the pod signals that `explainer` explains into it, as symptoms.
  // True when it moved any.
  static bool absorb(std::vector<Signal>& explainers, std::vector<Signal>& pod_signals);
  // Per node: the pods whose signals its signals took in.
  std::vector<std::vector<size_t>> node_blocked;

  // A pod as a whole: its status, conditions and events. Returns true when
  // the pod has a cause of its own (then its containers' fallback is moot).
  bool pod(const correlate::PodView& pv);

  // For "Insufficient cpu/memory/…": each node's requested and allocatable
  // amount of that resource, when the input has them (describe node), as
  // the {capacity} of the message and as evidence.
  void node_figures(Signal& s);

  void report_nodes_and_claims();

  // A workload finding takes in the findings of its pods that it explains
  // (a failed Job explains its pods' unexplained exits): their evidence
  // becomes its symptoms, and they are not reported alone.
  void absorb_pod_findings(const correlate::WorkloadView& wv, Signal& s);

  // Workloads: their own failures (a ReplicaSet that cannot create pods),
  // and, as a fallback when none of their pods has a cause, the state they
  // report (a rollout past its deadline, a Job over its backoff limit).
  void workloads();

  // Logs that no pod of the input claims (a bulk scan of archived logs):
  // their signatures are reported against the file itself. Without the
  // container's status there is no telling whether the process died of it,
  // so these count less than a correlated cause.
  void standalone_logs();
};

}  // namespace kubesift::engine
