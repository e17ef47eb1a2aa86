// probe-port-undeclared: a probe aimed at a port the container does not
// declare. Probes connect over TCP (httpGet, tcpSocket, grpc), so only TCP
// containerPorts count (a port without a protocol is TCP). Named ports must
// resolve; numeric ports are compared with the declared containerPorts, only
// when the container declares some: an undeclared port may still be served,
// so an empty list proves nothing.
#include "kubesift/core/text.h"
#include "signal.h"

namespace kubesift::engine {
namespace {

bool tcp(const model::ContainerPort& cp) {
  return cp.protocol.empty() || cp.protocol == "TCP";
}

// Whether a TCP containerPort answers to `port` (a number or a name).
bool tcp_port_declared(const model::ContainerSpec& s, std::string_view port) {
  long long n;
  bool numeric = text::to_int(port, n);
  for (const auto& cp : s.ports)
    if (tcp(cp) && (numeric ? cp.port == n : cp.name == port)) return true;
  return false;
}

}  // namespace

CodeRule make_probe_port_undeclared() {
  CodeRule r;
  r.id = "probe-port-undeclared";
  r.spec = [](const SpecCase& c, const Rule& rule, std::vector<Signal>& out) {
    const model::ContainerSpec& s = *c.spec;
    if (!s.probes_known || !s.ports_known) return;
    for (auto [kind, probe] :
         {std::pair{"liveness", &s.liveness}, std::pair{"readiness", &s.readiness},
          std::pair{"startup", &s.startup}}) {
      if (!*probe || probe->value().port.empty()) continue;
      const model::Probe& p = **probe;
      long long n;
      bool numeric = text::to_int(p.port, n);
      if (numeric && s.ports.empty()) continue;
      if (!numeric && !s.port_names_known) continue;
      if (tcp_port_declared(s, p.port)) continue;
      Signal sig;
      sig.rule = &rule;
      // A named port that no containerPort has cannot be resolved: the
      // probe fails, certainly. An undeclared number may still be served.
      sig.confidence = numeric ? 0.6 : std::min(1.0, rule.confidence + 0.05);
      if (numeric) sig.severity = Severity::Medium;
      sig.evidence.push_back({p.at, "cause"});
      std::string declared;
      for (const auto& cp : s.ports) {
        sig.evidence.push_back({cp.at, "config"});
        declared += (declared.empty() ? "" : ", ") + std::to_string(cp.port) +
                    (tcp(cp) ? "" : "/" + cp.protocol) +
                    (cp.name.empty() ? "" : " (" + cp.name + ")");
      }
      sig.vars = {
          {"probe", kind}, {"port", p.port}, {"declared", declared.empty() ? "none" : declared}};
      out.push_back(std::move(sig));
    }
  };
  return r;
}

}  // namespace kubesift::engine
