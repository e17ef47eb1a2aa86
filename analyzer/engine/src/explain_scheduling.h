// Why the scheduler cannot place a pod, said from the input's own facts:
// the scheduler's message ("0/5 nodes are available: 2 node(s) had
// untolerated taint {dedicated: gpu}, 3 node(s) didn't match Pod's node
// affinity/selector. …") read reason by reason, and each reason explained
// with the nodes' labels, taints, conditions, cordons and resources and the
// pod's node selector, required node affinity, tolerations and requests.
//
// Pure functions of the graph: no engine state, usable from any stage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kubesift/correlate/graph.h"
#include "kubesift/model/document.h"

namespace kubesift::engine {

// One "<count> <reason>" of a FailedScheduling message.
struct SchedulerReason {
  enum class Kind {
    Unschedulable,  // node(s) were unschedulable (cordoned)
    NotReady,       // node(s) were not ready (older schedulers)
    Taint,          // had untolerated taint {k: v} / had taint {k: v}, that the pod didn't tolerate
    NodeAffinity,   // didn't match Pod's node affinity/selector, didn't match node selector
    Resources,      // Insufficient <resource>
    TooManyPods,    // Too many pods
    Ports,          // didn't have free ports for the requested pod ports
    PodAffinity,    // didn't match pod affinity rules
    PodAntiAffinity,     // didn't match pod anti-affinity rules, existing pods anti-affinity
    TopologySpread,      // didn't match pod topology spread constraints
    VolumeNodeAffinity,  // had volume node affinity conflict, didn't match PersistentVolume's node
                         // affinity
    VolumeBinding,       // didn't find available persistent volumes to bind, …
    Other
  };
  Kind kind = Kind::Other;
  long long count = -1;                // -1 when the message gives none
  std::string text;                    // as written, without the count
  std::string taint_key, taint_value;  // Taint, when the message names it
  bool taint_named = false;
  std::string resource;  // Resources: cpu, memory, nvidia.com/gpu, …
};

struct SchedulerMessage {
  long long available = -1, total = -1;  // "0/5 nodes are available"
  std::vector<SchedulerReason> reasons;
  bool no_nodes = false;        // "no nodes available to schedule pods"
  bool unbound_claims = false;  // "pod has unbound immediate PersistentVolumeClaims"
  std::string claim_not_found;  // persistentvolumeclaim "x" not found
};

// Reads the message in the wordings of Kubernetes 1.6 to 1.33 (counts
// first or, in the oldest, "Predicate (count)"); the preemption part is left
// out. Reasons it does not know are kept as Kind::Other.
SchedulerMessage parse_scheduler_message(std::string_view message);

// The sentence and the change for a reason the model holds no facts for
// (host ports, pod affinity and anti-affinity, topology spread, volumes,
// the pod count), from the message: `claims` " (data-0)", `zones` the zone
// labels the nodes carry, `pods_allocatable` ": node-1 110".
void explain_from_message(const SchedulerReason& r, const std::string& claims,
                          const std::string& zones, const std::string& pods_allocatable,
                          std::string& sentence, std::string& fix);

struct SchedulingExplanation {
  // Sentences: per reason of the message, which nodes, which labels,
  // taints, cordons or amounts, and the counts checked against the facts.
  std::string explanation;
  // The concrete change: the toleration to add, the label to select or to
  // put on which node, the node to uncordon, the request to lower.
  std::string remediation;
  // The lines behind it: the pod's selector and toleration lines, the
  // nodes' label, taint, Unschedulable, Ready and resource lines.
  std::vector<model::SourceRef> evidence;
};

// Explains `message` (the scheduler's, as a FailedScheduling event or the
// PodScheduled condition gives it) for `pod` with the nodes of `graph`.
// With no node in the input it says so once and explains from the message
// and the pod alone. Never empty: `remediation` always names a change.
SchedulingExplanation explain_scheduling(const correlate::Graph& graph,
                                         const correlate::PodView& pod, std::string_view message);

// The scheduler's message for `pod`: its latest FailedScheduling event, else
// its PodScheduled=False condition; unclipped. Empty when there is none.
std::string scheduler_message(const correlate::PodView& pod);

}  // namespace kubesift::engine
