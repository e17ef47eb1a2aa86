// liveness-kills-slow-start: the liveness probe kills the container before
// the application finished starting. Seen as: the kubelet kills it for
// failed liveness probes, the probe could not even connect (nothing listens
// yet), there is no startupProbe, and the probe's whole grace (initial
// delay + period × failure threshold) is short.
#include "kubesift/core/text.h"
#include "signal.h"

namespace kubesift::engine {
namespace {

constexpr long long kShortGraceSeconds = 60;

bool not_listening(std::string_view detail) {
  for (std::string_view s : {"connection refused", "i/o timeout", "context deadline exceeded",
                             "Client.Timeout exceeded", "EOF", "no route to host"})
    if (detail.find(s) != std::string_view::npos) return true;
  return false;
}

}  // namespace

CodeRule make_liveness_kills_slow_start() {
  CodeRule r;
  r.id = "liveness-kills-slow-start";
  r.runtime = [](const ContainerCase& c, const Rule& rule, std::vector<Signal>& out) {
    const model::ContainerSpec* spec = c.container->spec;
    if (!spec || !spec->probes_known || !spec->liveness || spec->startup) return;
    const model::Probe& p = *spec->liveness;
    long long grace = p.initial_delay + p.period * p.failure_threshold;
    if (grace > kShortGraceSeconds) return;
    const model::Event* kill = nullptr;
    const model::Event* failure = nullptr;
    for (const model::Event* e : c.container->events) {
      if (e->reason == "Killing" && e->message.find("failed liveness probe") != std::string::npos)
        kill = e;
      if (e->reason == "Unhealthy" && e->message.starts_with("Liveness probe failed") &&
          not_listening(e->message))
        failure = e;
    }
    if (!kill || !failure) return;
    Signal sig;
    sig.rule = &rule;
    sig.confidence = rule.confidence;
    sig.evidence.push_back({failure->at, "cause"});
    sig.evidence.push_back({kill->at, "event"});
    sig.evidence.push_back({p.at, "config"});
    sig.vars = {{"grace", std::to_string(grace)},
                {"initial_delay", std::to_string(p.initial_delay)},
                {"period", std::to_string(p.period)},
                {"failure_threshold", std::to_string(p.failure_threshold)}};
    out.push_back(std::move(sig));
  };
  return r;
}

}  // namespace kubesift::engine
