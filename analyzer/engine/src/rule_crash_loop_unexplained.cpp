// crash-loop-unexplained: a container keeps failing and no rule found why.
// A fallback: it runs only when no other cause was found, reads the exit
// code as a signal where it can, and says which evidence was missing.
#include "kubesift/core/text.h"
#include "signal.h"

namespace kubesift::engine {
namespace {

std::string exit_meaning(long long code) {
  switch (code) {
    case 0: return "it exited successfully but is expected to keep running";
    case 1: return "a generic application error";
    case 2: return "a usage error or a Go panic";
    case 126: return "the command is not executable";
    case 127: return "the command was not found";
    case 128: return "the runtime could not start the process";
    case 134: return "SIGABRT: the process aborted";
    case 137: return "SIGKILL: killed (memory, or the kubelet after a grace period)";
    case 139: return "SIGSEGV: a segmentation fault";
    case 143: return "SIGTERM: asked to stop";
    default:
      if (code > 128 && code < 160) return "killed by signal " + std::to_string(code - 128);
      return "an application error";
  }
}

}  // namespace

CodeRule make_crash_loop_unexplained() {
  CodeRule r;
  r.id = "crash-loop-unexplained";
  r.runtime = [](const ContainerCase& c, const Rule& rule, std::vector<Signal>& out) {
    if (!c.crash_looping || c.container->init) return;  // init: init-container-failed
    const model::ContainerStatus* st = c.container->status;
    Signal sig;
    sig.rule = &rule;
    sig.confidence = rule.confidence;
    std::string exit = last_exit_code(st, sig);
    long long code = 0;
    std::string meaning =
        text::to_int(exit, code) ? exit_meaning(code) : "the exit code was not in the input";
    if (st && st->state.reason.has()) sig.evidence.push_back({st->state.reason.at, "symptom"});
    if (sig.evidence.empty() && c.pod->pod.table_status.has())
      sig.evidence.push_back({c.pod->pod.table_status.at, "symptom"});
    if (sig.evidence.empty()) return;
    std::string logs = c.container->previous_logs.empty()
                           ? "no log of the previous instance was given"
                           : "its previous log shows no known failure signature";
    sig.vars = {{"exit_code", exit}, {"exit_meaning", meaning}, {"logs", logs}};
    out.push_back(std::move(sig));
  };
  return r;
}

}  // namespace kubesift::engine
