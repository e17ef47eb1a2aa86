// The match stage, hygiene of observed containers: what the manifest rules
// on resources and probes say of a container read from a cluster (its
// model, not its tree: analyze keeps no tree of observed objects). The
// group stage folds them into one finding per rule and namespace, ranked
// below every runtime cause.
#include <algorithm>

#include "match.h"

namespace kubesift::engine {

namespace {

bool skipped(const Rule& r, std::string_view kind) {
  return std::find(r.skip_kinds.begin(), r.skip_kinds.end(), kind) != r.skip_kinds.end() ||
         (!r.kinds.empty() && std::find(r.kinds.begin(), r.kinds.end(), kind) == r.kinds.end());
}

}  // namespace

void Matching::hygiene(const correlate::PodView& pv, const correlate::ContainerView& cv) {
  const model::ContainerSpec* spec = cv.spec;
  if (!spec || cv.init) return;
  std::string kind = pv.top_kind.empty() ? "Pod" : pv.top_kind;
  model::SourceRef at = spec->resources.at.valid() ? spec->resources.at : spec->at;
  auto emit = [&](std::string_view id, model::SourceRef where) {
    const Rule* r = catalog.find(id);
    if (!r || r->optional || skipped(*r, kind) || !where.valid()) return;
    if (r->containers == "init") return;
    Signal s;
    s.rule = r;
    s.confidence = r->confidence;
    s.evidence.push_back({where, "config"});
    s.vars.emplace_back("object", workload_key(pv));
    add_candidate(std::move(s), std::min(r->severity, Severity::Low), pv, cv.name, false);
  };
  const model::Resources& res = spec->resources;
  if (res.known) {
    if (!res.memory_limit.has()) emit("memory-limit-missing", at);
    if (!res.cpu_limit.has()) emit("cpu-limit-missing", at);
    if (!res.memory_request.has() && !res.memory_limit.has()) emit("memory-request-missing", at);
    if (!res.cpu_request.has() && !res.cpu_limit.has()) emit("cpu-request-missing", at);
  }
  if (spec->probes_known) {
    if (!spec->readiness) emit("readiness-probe-missing", spec->at);
    if (!spec->liveness) emit("liveness-probe-missing", spec->at);
  }
}

}  // namespace kubesift::engine
