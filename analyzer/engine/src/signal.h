// Internal to the engine: what rules emit before causes and symptoms are
// sorted out, and the interface of the rules written in C++.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kubesift/core/finding.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/engine/catalog.h"

namespace kubesift::engine {

struct EvidenceRef {
  model::SourceRef at;
  std::string role;  // "cause", "status", "event", "config", "symptom", "log"
};

using Vars = std::vector<std::pair<std::string, std::string>>;

struct Signal {
  const Rule* rule = nullptr;
  std::vector<EvidenceRef> evidence;
  Vars vars;                         // fills the rule's message template
  double confidence = 0.0;           // starts at the rule's, adjusted by context
  uint32_t order = 0;                // later log lines win ties (nearer the crash)
  std::optional<Severity> severity;  // overrides the rule's when the evidence is weaker
  int64_t when = 0;                  // when the matched event happened (epoch s), 0 = unknown
};

// A container of an observed pod, with what the engine knows about it.
struct ContainerCase {
  const correlate::PodView* pod = nullptr;
  const correlate::ContainerView* container = nullptr;
  bool troubled = false;       // failing now or failed before (restarts)
  bool crash_looping = false;  // CrashLoopBackOff or terminated with an error now
  bool healthy_now = false;    // running and ready at the time of the snapshot
};

// A container declared by a spec: an observed pod's, or a manifest's.
struct SpecCase {
  const model::ContainerSpec* spec = nullptr;
};

// A rule written in C++. `runtime` runs per observed container; `spec` per
// declared container. Either may be empty.
struct CodeRule {
  std::string id;
  std::function<void(const ContainerCase&, const Rule&, std::vector<Signal>&)> runtime;
  std::function<void(const SpecCase&, const Rule&, std::vector<Signal>&)> spec;
};

const std::vector<CodeRule>& code_rules();

// Helpers shared by the rules.
// The exit code of the container's last termination (last state, else the
// current state): "unknown" when the input does not show it. Cites the line.
std::string last_exit_code(const model::ContainerStatus* st, Signal& sig);
std::string probe_text(const model::Probe& p);
bool port_declared(const model::ContainerSpec& spec, std::string_view port);

}  // namespace kubesift::engine
