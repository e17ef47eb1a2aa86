// init-container-failed: an init container keeps failing and no rule found
// why. A fallback like crash-loop-unexplained, for init containers: their
// failure keeps every other container of the pod from starting.
#include "signal.h"

namespace kubesift::engine {

CodeRule make_init_container_failed() {
  CodeRule r;
  r.id = "init-container-failed";
  r.runtime = [](const ContainerCase& c, const Rule& rule, std::vector<Signal>& out) {
    if (!c.crash_looping || !c.container->init) return;
    const model::ContainerStatus* st = c.container->status;
    Signal sig;
    sig.rule = &rule;
    sig.confidence = rule.confidence;
    std::string exit = last_exit_code(st, sig);
    if (st && st->state.reason.has()) sig.evidence.push_back({st->state.reason.at, "symptom"});
    // The containers it holds back wait in PodInitializing.
    for (const auto& other : c.pod->containers)
      if (!other.init && other.status && other.status->state.reason.has())
        sig.evidence.push_back({other.status->state.reason.at, "symptom"});
    if (c.pod->pod.table_status.has())
      sig.evidence.push_back({c.pod->pod.table_status.at, "symptom"});
    if (sig.evidence.empty()) return;
    sig.vars = {{"exit_code", exit}};
    out.push_back(std::move(sig));
  };
  return r;
}

}  // namespace kubesift::engine
