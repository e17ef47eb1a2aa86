// probe-failing: the kubelet reports a probe failing (Unhealthy events),
// and for liveness/startup probes kills the container for it. Secondary in
// the catalog: when the app itself crashed, the failing probe is only a
// consequence and joins the crash's finding as a symptom.
#include "kubesift/core/text.h"
#include "signal.h"

namespace kubesift::engine {
namespace {

// "Liveness probe failed: HTTP probe failed with statuscode: 500" → kind
// "Liveness", detail "HTTP probe failed with statuscode: 500".
bool probe_failure(const model::Event& e, std::string& kind, std::string& detail) {
  if (e.reason != "Unhealthy") return false;
  for (std::string_view k : {"Liveness", "Readiness", "Startup"}) {
    for (std::string_view verb : {" probe failed:", " probe errored:"}) {
      std::string prefix = std::string(k) + std::string(verb);
      size_t pos = e.message.find(prefix);
      if (pos == std::string::npos) continue;
      kind = std::string(k);
      detail = std::string(text::trim(std::string_view(e.message).substr(pos + prefix.size())));
      return true;
    }
  }
  return false;
}

bool probe_kill(const model::Event& e) {
  return e.reason == "Killing" && (e.message.find("failed liveness probe") != std::string::npos ||
                                   e.message.find("failed startup probe") != std::string::npos);
}

}  // namespace

CodeRule make_probe_failing() {
  CodeRule r;
  r.id = "probe-failing";
  r.runtime = [](const ContainerCase& c, const Rule& rule, std::vector<Signal>& out) {
    const model::Event* failure = nullptr;
    const model::Event* kill = nullptr;
    std::string kind, detail;
    for (const model::Event* e : c.container->events) {
      std::string k, d;
      if (probe_failure(*e, k, d)) {
        // A liveness/startup failure outranks a readiness one: it restarts.
        bool better = !failure || (kind == "Readiness" && k != "Readiness");
        if (better) {
          failure = e;
          kind = k;
          detail = d;
        }
      } else if (probe_kill(*e) && !kill) {
        kill = e;
      }
    }
    if (!failure) return;
    // Ready now: the failures were transient (a slow start, a blip). A
    // readiness failure then says nothing; a liveness failure matters only
    // if it restarted the container.
    if (c.healthy_now && (kind == "Readiness" || !kill)) return;
    Signal sig;
    sig.rule = &rule;
    bool restarts = kind != "Readiness" && (kill || c.troubled);
    sig.confidence = restarts ? rule.confidence : rule.confidence * 0.8;
    sig.evidence.push_back({failure->at, "cause"});
    if (kill && kind != "Readiness") sig.evidence.push_back({kill->at, "event"});
    const model::ContainerSpec* spec = c.container->spec;
    if (spec) {
      const auto& probe = kind == "Liveness"    ? spec->liveness
                          : kind == "Readiness" ? spec->readiness
                                                : spec->startup;
      if (probe) sig.evidence.push_back({probe->at, "config"});
    }
    std::string effect = kind == "Readiness" ? "keeps the pod out of its Services"
                                             : "makes the kubelet restart the container";
    sig.vars = {{"probe", kind}, {"detail", detail}, {"effect", effect}};
    // 0: the input did not say how often (a `get events` table).
    if (failure->count > 0) sig.vars.emplace_back("count", std::to_string(failure->count));
    out.push_back(std::move(sig));
  };
  return r;
}

}  // namespace kubesift::engine
