// The one model every parser produces and every rule reads.
//
// Each fact that a rule may cite carries a SourceRef to the line it came
// from. A parser fills what its format shows and leaves the rest empty;
// the correlate layer merges the same object seen in several inputs.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kubesift/model/document.h"
#include "kubesift/model/log_line.h"
#include "kubesift/model/tree.h"

namespace kubesift::model {

// A value and the line it was read from. Empty (`!has()`) when the input
// did not show it.
template <typename T>
struct Sourced {
  T value{};
  SourceRef at{};
  bool present = false;

  bool has() const { return present; }
  void set(T v, SourceRef where) {
    value = std::move(v);
    at = where;
    present = true;
  }
};

struct OwnerRef {
  std::string kind;
  std::string name;
  std::string uid;
  bool controller = false;
};

struct ObjectMeta {
  std::string api_version;
  std::string kind;
  std::string ns;  // empty for cluster-scoped or when the input does not say
  std::string name;
  std::string uid;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::vector<OwnerRef> owners;
  SourceRef at;  // the line that best identifies the object (its name)
  // The Helm "# Source: chart/templates/x.yaml" line of a rendered manifest.
  SourceRef template_at;
};

struct ContainerPort {
  long long port = 0;
  std::string name;
  std::string protocol;
  SourceRef at;
};

// A liveness/readiness/startup probe.
struct Probe {
  std::string handler;  // "httpGet", "tcpSocket", "exec", "grpc"
  std::string port;     // number or named port, as declared ("" for exec)
  std::string path;     // httpGet path
  std::string host;
  std::string scheme;
  std::vector<std::string> command;  // exec
  long long initial_delay = 0, timeout = 1, period = 10, success_threshold = 1,
            failure_threshold = 3;
  SourceRef at;
};

struct EnvVar {
  std::string name;
  std::string value;      // literal value (may be a secret: redact before printing)
  std::string from_kind;  // "ConfigMap", "Secret", "Field", "Resource" or ""
  std::string from_name;  // ConfigMap/Secret name
  std::string from_key;
  bool optional = false;
  SourceRef at;
};

struct EnvFromSource {
  std::string kind;  // "ConfigMap" or "Secret"
  std::string name;
  std::string prefix;
  bool optional = false;
  SourceRef at;
};

struct VolumeMount {
  std::string name;
  std::string mount_path;
  bool read_only = false;
  SourceRef at;
};

struct Resources {
  // True once the input has shown the container's resources section (or
  // shown that there is none, as describe does by omitting Limits).
  bool known = false;
  Sourced<std::string> cpu_limit, memory_limit, cpu_request, memory_request;
  // Requests of any other resource (nvidia.com/gpu, ephemeral-storage, …).
  std::map<std::string, Sourced<std::string>> other_requests;
  SourceRef at;
};

struct ContainerSpec {
  std::string name;
  bool init = false;
  Sourced<std::string> image;
  std::vector<std::string> command, args;
  SourceRef command_at, args_at;
  std::vector<ContainerPort> ports;
  bool ports_known = false;  // the input listed the ports (possibly none)
  // describe prints `Port: 8080/TCP` without the port's name, so a probe on
  // a named port cannot be checked against it.
  bool port_names_known = true;
  std::vector<EnvVar> env;
  std::vector<EnvFromSource> env_from;
  bool env_known = false;
  Resources resources;
  std::optional<Probe> liveness, readiness, startup;
  bool probes_known = false;
  std::vector<VolumeMount> mounts;
  SourceRef at;
};

struct ContainerState {
  enum class Kind { None, Waiting, Running, Terminated };
  Kind kind = Kind::None;
  Sourced<std::string> reason;
  Sourced<std::string> message;
  Sourced<long long> exit_code;
  Sourced<long long> signal;
  std::string started_at, finished_at;
  SourceRef at;  // the "State:" / "lastState" line
};

struct ContainerStatus {
  std::string name;
  bool init = false;
  Sourced<bool> ready;
  Sourced<long long> restart_count;
  ContainerState state;
  ContainerState last_state;
  std::string image;
  SourceRef at;
};

struct Condition {
  std::string type, status, reason, message;
  // The latest of its times (lastHeartbeatTime, lastProbeTime,
  // lastTransitionTime) as the input writes it: what the snapshot's "now"
  // is read from when no log says it.
  std::string latest_time;
  SourceRef at;
};

// A pod volume, reduced to what rules join on.
struct PodVolume {
  std::string name;
  std::string claim;      // persistentVolumeClaim.claimName
  std::string configmap;  // configMap.name
  std::string secret;     // secret.secretName
  std::string host_path;
  SourceRef at;
};

// A toleration of a pod (spec.tolerations). An empty key with operator
// Exists tolerates every taint; an empty effect, every effect.
struct Toleration {
  std::string key;
  std::string op = "Equal";  // "Equal" or "Exists"
  std::string value;
  std::string effect;  // NoSchedule, PreferNoSchedule, NoExecute or ""
  SourceRef at;
};

// One requirement of a node selector term: a label (matchExpressions) or a
// field (matchFields: metadata.name) of the node.
struct NodeSelectorRequirement {
  std::string key;
  std::string op;  // In, NotIn, Exists, DoesNotExist, Gt, Lt
  std::vector<std::string> values;
  bool field = false;  // matchFields
  SourceRef at;
};

// A term of required node affinity: its requirements all hold (AND); the
// terms of a pod are alternatives (OR).
struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> requirements;
  SourceRef at;
};

struct Pod {
  ObjectMeta meta;
  Sourced<std::string> phase;
  Sourced<std::string> reason;   // status.reason (Evicted, ...)
  Sourced<std::string> message;  // status.message
  Sourced<std::string> node;
  Sourced<std::string> restart_policy;
  // When the kubelet started it (status.startTime, describe's "Start
  // Time"), as the input writes it.
  Sourced<std::string> start_time;
  std::vector<ContainerSpec> containers;  // init containers first, flagged
  std::vector<ContainerStatus> statuses;
  std::vector<Condition> conditions;
  // From `kubectl get pods` tables only:
  Sourced<std::string> table_status;  // STATUS column, e.g. CrashLoopBackOff
  Sourced<std::string> table_ready;   // READY column, e.g. 0/1
  Sourced<long long> table_restarts;  // RESTARTS column total
  bool from_manifest = false;         // a declaration, not an observed pod
  std::vector<PodVolume> volumes;
  std::vector<std::string> image_pull_secrets;
  // Where the scheduler may place it: spec.nodeSelector (each pair cited),
  // requiredDuringSchedulingIgnoredDuringExecution node affinity and
  // tolerations. `*_known`: the input showed the field or showed that there
  // is none (describe prints selectors and tolerations, never affinity).
  std::map<std::string, Sourced<std::string>> node_selector;
  bool node_selector_known = false;
  std::vector<NodeSelectorTerm> node_affinity;
  bool node_affinity_known = false;
  std::vector<Toleration> tolerations;
  bool tolerations_known = false;
};

// Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs,
// ReplicationControllers: anything with a pod template.
struct Workload {
  ObjectMeta meta;
  Sourced<long long> replicas, ready_replicas, available_replicas, updated_replicas;
  std::map<std::string, std::string> selector;
  std::map<std::string, std::string> template_labels;
  std::vector<ContainerSpec> containers;
  std::vector<Condition> conditions;
  bool from_manifest = false;
};

struct Event {
  std::string involved_kind, involved_ns, involved_name, involved_uid;
  std::string field_path;  // e.g. spec.containers{web}
  std::string type;        // Normal / Warning
  std::string reason;
  std::string message;
  // How many times it happened; 0 = unknown: the input does not say. A
  // `kubectl get events` table prints no count (only `-o wide` has COUNT);
  // describe's Events and `kubectl events` print `2m (x12 over 9m)` when it
  // happened more than once and a bare age when once; an Event object has
  // `count` or `series.count` (absent: once). Read `count > 1` as "known to
  // repeat"; merging the same event seen twice keeps a known count.
  long long count = 0;
  std::string first_seen, last_seen;  // timestamps or ages as the input gives them
  std::string source;                 // component (kubelet, default-scheduler, ...)
  SourceRef at;                       // the line that holds the message
  std::string ns;                     // the Event object's own namespace
};

// ConfigMaps and Secrets: names and keys only. Secret values are never kept.
struct ConfigSource {
  ObjectMeta meta;
  std::vector<std::string> keys;
  std::vector<SourceRef> key_at;  // the line of each key, as keys (empty when not shown)
};

// Any other object: counted in the inventory, matched by references.
struct GenericObject {
  ObjectMeta meta;
};

// An object as one input wrote it (JSON or YAML), with its whole tree: what
// lint rules check, field by field. Unlike the typed facts, these are never
// merged: a manifest set that declares the same object twice has two of
// them (and a finding), and each cites its own file and line.
struct DeclaredObject {
  ObjectMeta meta;
  Value root;                        // the object (a map)
  std::shared_ptr<const Tree> tree;  // keeps `root` valid
  // The object carries a status (it was read from a cluster: -o yaml, a
  // dump, a bundle), as opposed to a bare declaration (a manifest).
  bool observed = false;
  // `kind` was not written but inferred (a typed List's items, the file's
  // place in a bundle).
  bool kind_inferred = false;
  // The typed fact decoded from the same object: its index in Facts::pods
  // or Facts::workloads (-1 = none), so rules written for typed container
  // specs run on declared objects too.
  long long pod = -1, workload = -1;
};

struct Taint {
  std::string key, value, effect;
  SourceRef at;
};

// One resource of a node: what pods may request, and what they request now
// (describe node's "Allocated resources"; absent from -o json).
struct NodeResource {
  Sourced<std::string> allocatable;
  Sourced<std::string> requested;  // e.g. "1500m (37%)"
};

struct Node {
  ObjectMeta meta;
  // The line of each of meta.labels, and of the labels as a whole (the
  // Labels: line, the metadata.labels key).
  std::map<std::string, SourceRef> label_at;
  SourceRef labels_at;
  std::vector<Condition> conditions;  // Ready, MemoryPressure, DiskPressure, PIDPressure, …
  std::vector<Taint> taints;
  bool taints_known = false;  // the input showed the taints, or that there are none
  SourceRef taints_at;        // the Taints: line, spec.taints
  Sourced<bool> unschedulable;
  std::map<std::string, NodeResource> resources;  // cpu, memory, nvidia.com/gpu, …
};

struct PersistentVolumeClaim {
  ObjectMeta meta;
  Sourced<std::string> phase;  // Pending, Bound, Lost
  Sourced<std::string> storage_class;
  Sourced<std::string> volume_name;
};

// One container's log, or the part of a document that holds it. The text
// stays in its Document; a document may hold several logs (a cluster-info
// dump's logs.txt, `kubectl logs --prefix` of many pods).
struct LogFile {
  DocId doc = kNoDoc;
  // Identity read from the path, banners or prefixes; matched to a pod and
  // container by the correlate layer (empty = unknown, guessed from the path).
  std::string ns, pod, container;
  bool previous = false;
  // How its lines are written (model/log_line.h): the envelope most lines
  // share, or the payload's shape when there is none (`shape`), and what the
  // application wrote inside it (`payload_shape`: Plain, JsonLines, Logfmt
  // or Klog). json_lines: every line is one JSON object (JsonLines or
  // DockerJson). partial_lines: some lines are pieces of a longer line (CRI
  // `P`, docker without "\n"); parse::split_log_line() says which, to join
  // them.
  LogShape shape = LogShape::Plain;
  LogShape payload_shape = LogShape::Plain;
  bool json_lines = false;
  bool partial_lines = false;
  uint32_t first_line = 1;  // the log's lines within the document: a range…
  uint32_t last_line = 0;
  std::vector<uint32_t> lines;  // …or, when not empty, exactly these (sorted)

  bool holds(uint32_t line) const;
};

}  // namespace kubesift::model
