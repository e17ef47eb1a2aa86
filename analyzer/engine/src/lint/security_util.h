// Helpers shared by the security lint rules (rules/manifest-security.yaml):
// securityContext fields as Kubernetes resolves them, hostPath volumes and
// their mounts, capability names, and list parameters.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "context.h"

namespace kubesift::engine::lint::security {

// A value that is written and not null (`securityContext:` alone is null).
bool set(const model::Value& v);

// A field of securityContext as Kubernetes resolves it for one container:
// the container's when set, else the pod's (runAsUser, runAsGroup,
// runAsNonRoot, seccompProfile, seLinuxOptions, appArmorProfile, ...).
struct Resolved {
  model::Value v;         // absent when neither sets it
  bool from_pod = false;  // the value is the pod's
};
Resolved effective(const PodSpec& ps, const PodSpec::Container& c, std::string_view key);

// Containers as the peers count them: kube-linter looks at every container
// (init and ephemeral included); kube-score and Polaris at init and
// regular containers only.
bool is_pod_container(const PodSpec::Container& c);

// Where a finding about a container is cited when no field of its own is:
// its securityContext key, else its name, else the container itself.
model::Value container_anchor(const PodSpec::Container& c);
// The same for a pod spec: its securityContext key, else the spec.
model::Value pod_anchor(const PodSpec& ps);

// A capability name as container runtimes read it: upper case, without
// the CAP_ prefix ("cap_net_raw" -> "NET_RAW").
std::string capability(std::string_view name);

// A comma-separated list of RE2 patterns, compiled; invalid ones dropped.
std::vector<std::unique_ptr<RE2>> regex_list(std::string_view s);

// A hostPath volume of a pod spec.
struct HostPathVolume {
  std::string name, path;
  model::Value volume;      // the volumes[] entry
  model::Value path_field;  // hostPath.path (absent when not written)
};
std::vector<HostPathVolume> host_path_volumes(const PodSpec& ps);

// One Hit per container and volumeMounts entry that mounts a hostPath
// volume whose path matches one of `paths`: the mount is cited first, then
// the volume's path. Vars: {path}, {volume}, {container}.
void report_host_path_mounts(const Context& ctx, const Rule& rule,
                             const std::vector<std::unique_ptr<RE2>>& paths, std::vector<Hit>& out);

// A container's name, or its place ("initContainers[1]") when it has none.
std::string container_label(const PodSpec& ps, const PodSpec::Container& c);

// make_hit for a container, with {container} set even when it has no name.
Hit make_container_hit(const Rule& rule, const PodSpec& ps, const PodSpec::Container& c);

// A Hit on a container citing `at` (then `more`), with {reason}.
Hit container_hit(const Rule& rule, const PodSpec& ps, const PodSpec::Container& c, model::Value at,
                  std::string reason, std::vector<model::Value> more = {});

}  // namespace kubesift::engine::lint::security
