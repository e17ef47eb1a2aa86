#include "kubesift/core/text.h"
#include "signal.h"

namespace kubesift::engine {

// Each code rule lives in its own rule_<id>.cpp and registers here; the
// catalog entry with `match: code` carries its doc. Engine::create checks
// that the two lists agree.
CodeRule make_probe_port_undeclared();
CodeRule make_probe_failing();
CodeRule make_crash_loop_unexplained();
CodeRule make_init_container_failed();
CodeRule make_liveness_kills_slow_start();

const std::vector<CodeRule>& code_rules() {
  static const std::vector<CodeRule> rules = {
      make_crash_loop_unexplained(), make_init_container_failed(), make_liveness_kills_slow_start(),
      make_probe_failing(),          make_probe_port_undeclared(),
  };
  return rules;
}

std::string probe_text(const model::Probe& p) {
  if (p.handler == "httpGet") return "http-get :" + p.port + p.path;
  if (p.handler == "tcpSocket") return "tcp-socket :" + p.port;
  if (p.handler == "grpc") return "grpc :" + p.port;
  std::string cmd;
  for (const auto& c : p.command) cmd += (cmd.empty() ? "" : " ") + c;
  return "exec [" + cmd + "]";
}

std::string last_exit_code(const model::ContainerStatus* st, Signal& sig) {
  if (!st) return "unknown";
  for (const model::ContainerState* s : {&st->last_state, &st->state}) {
    if (s->kind != model::ContainerState::Kind::Terminated) continue;
    if (s->exit_code.has()) {
      sig.evidence.push_back({s->exit_code.at, "status"});
      return std::to_string(s->exit_code.value);
    }
    if (s->reason.has()) sig.evidence.push_back({s->reason.at, "status"});
    return "unknown";
  }
  return "unknown";
}

bool port_declared(const model::ContainerSpec& spec, std::string_view port) {
  long long n;
  bool numeric = text::to_int(port, n);
  for (const auto& p : spec.ports) {
    if (numeric ? p.port == n : p.name == port) return true;
  }
  return false;
}

}  // namespace kubesift::engine
