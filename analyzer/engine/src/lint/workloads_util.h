// Internal to the engine: helpers shared by the workload lint rules
// (rules/manifest-workloads.yaml: probes, images, env, ports, metadata, jobs).
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>

#include "context.h"

namespace kubesift::engine::lint::workloads {

// Jobs and CronJobs: pods that run to completion.
bool is_batch_kind(std::string_view kind);

// Kinds that run pods and carry their own metadata: Pod, Deployment,
// StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob,
// OpenShift DeploymentConfig and Argo Rollout (not PodTemplate).
bool is_workload_kind(std::string_view kind);

// A container's name for messages: its name (the context names a container
// the manifest leaves unnamed by its place, "containers[0]"), else "#N".
std::string container_label(const PodSpec& ps, const PodSpec::Container& c);

// Where a finding about a container is cited when the field it is about is
// missing: its `name:` line, else the container itself.
model::Value container_anchor(const PodSpec::Container& c);

// A Hit on a container with {container} always set.
Hit container_hit(const Rule& rule, const PodSpec& ps, const PodSpec::Container& c);

// The parts of an image reference: "registry:5000/team/app:1.2@sha256:…"
// gives tag "1.2" and digest "sha256:…". A tag is what follows the last ':'
// of the last path segment (a registry's port is not a tag).
struct ImageRef {
  std::string_view name, tag, digest;
  bool has_tag = false;  // a ':' in the last segment, even with nothing after it
};
ImageRef parse_image(std::string_view image);

// A parameter's pattern, as kube-linter reads one: a regular expression
// that may match anywhere in the text; "" matches anything and a leading
// '!' negates. An invalid expression matches nothing.
class TextMatcher {
 public:
  explicit TextMatcher(std::string pattern);
  bool operator()(std::string_view s) const;

 private:
  std::unique_ptr<RE2> re_;
  bool negate_ = false;
};

// A scalar as written, for messages ("" for maps and lists).
std::string text_of(model::Value v);

}  // namespace kubesift::engine::lint::workloads
