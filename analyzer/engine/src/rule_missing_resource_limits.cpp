// missing-resource-limits: a container without a memory or cpu limit.
#include "signal.h"

namespace kubesift::engine {

CodeRule make_missing_resource_limits() {
  CodeRule r;
  r.id = "missing-resource-limits";
  r.spec = [](const SpecCase& c, const Rule& rule, std::vector<Signal>& out) {
    const model::ContainerSpec& s = *c.spec;
    if (!s.resources.known) return;  // the input did not show resources
    const auto& res = s.resources;
    std::string missing;
    if (!res.memory_limit.has()) missing = "memory limit";
    if (!res.cpu_limit.has()) missing += std::string(missing.empty() ? "" : " and ") + "cpu limit";
    if (missing.empty()) return;
    Signal sig;
    sig.rule = &rule;
    sig.confidence = rule.confidence;
    // Cite the resources block when there is one, else the container.
    model::SourceRef at = res.at.valid() ? res.at : s.at;
    sig.evidence.push_back({at, "config"});
    if (res.memory_request.has()) sig.evidence.push_back({res.memory_request.at, "config"});
    sig.vars = {{"missing", missing}};
    out.push_back(std::move(sig));
  };
  return r;
}

}  // namespace kubesift::engine
