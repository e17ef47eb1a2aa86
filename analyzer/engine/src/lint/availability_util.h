// Internal to the availability lint rules (rules/manifest-availability.yaml):
// replica counts as Kubernetes defaults them, the labels a workload's pods
// carry, PodDisruptionBudget and autoscaler joins, int-or-percent values and
// pod anti-affinity terms.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "context.h"

namespace kubesift::engine::lint::avail {

// A workload's replica count. Kinds with one: Deployment, StatefulSet,
// ReplicaSet, ReplicationController, DeploymentConfig, Argo Rollout; an
// unset spec.replicas means 1.
struct Replicas {
  long long n = 1;
  bool set = false;  // spec.replicas is written (as an integer)
  model::Value at;   // spec.replicas when written, else the nearest parent
};
std::optional<Replicas> replicas_of(const Object& o);

// The place to cite for an object-level finding when no field is more
// precise: `spec:` when there is one, else metadata.name, else kind.
model::Value spec_or_name(const Object& o);
// The first value of `vs` that is there, else metadata.name.
model::Value first_of(const Object& o, std::initializer_list<model::Value> vs);
inline Cite cite(model::Value v) {
  return Cite{v, "config", {}};
}

// "1 replica", "3 replicas".
std::string replicas_text(long long n);

// The pod template of a workload (a Pod's own metadata and spec for a Pod).
model::Value pod_template(const Object& o);
// The labels of a workload's pods: its pod template's labels, plus the
// matchLabels (or plain map) of its own selector where the template does not
// give them (Kubernetes requires the template to carry them). Read from the
// object, so a template without a pod spec still has labels. Without
// `with_selector`, the template's labels only.
Labels pod_labels(const Object& o, bool with_selector = true);
// Where a finding about a workload's pod labels is cited: the template's
// labels, else its metadata, the template, the spec.
model::Value labels_anchor(const Object& o);

// Whether PodDisruptionBudget `pdb` selects pods labelled `labels`: a missing
// selector selects nothing; an empty one everything (policy/v1) or nothing
// (policy/v1beta1).
bool pdb_selects(const Object& pdb, const Labels& labels);
// The PodDisruptionBudgets of `ns_key` that select `labels`.
std::vector<const Object*> pdbs_selecting(const Context& ctx, std::string_view ns_key,
                                          const Labels& labels);

// Autoscalers of o's namespace whose scaleTargetRef is `o` (same kind and
// name, and API group when the reference gives one): HorizontalPodAutoscalers,
// and KEDA ScaledObjects (which create one) when `keda`.
std::vector<const Object*> autoscalers_of(const Context& ctx, const Object& o, bool keda = true);
// The floor an autoscaler scales to: HPA spec.minReplicas, ScaledObject
// spec.minReplicaCount; 1 when unset.
long long autoscaler_min(const Object& a);
// The minReplicas field of an autoscaler (absent when unset).
model::Value autoscaler_min_field(const Object& a);

// Services of `ns_key` with a selector that selects `labels` (a Service
// without a selector has manual endpoints and selects no pods).
std::vector<const Object*> services_selecting(const Context& ctx, std::string_view ns_key,
                                              const Labels& labels);

// An int-or-percent value (minAvailable, maxUnavailable): 2, "50%".
struct IntOrPercent {
  long long value = 0;
  bool percent = false;
};
std::optional<IntOrPercent> int_or_percent(model::Value v);

// One pod anti-affinity term of a pod spec: the required ones, and the
// podAffinityTerm of each preferred one.
struct AntiAffinityTerm {
  model::Value term;  // the PodAffinityTerm map
  bool required = false;
};
std::vector<AntiAffinityTerm> anti_affinity_terms(model::Value pod_spec);

// hpa-min-replicas-low and hpa-min-replicas-below-three: autoscalers whose
// floor (minReplicas, 1 when unset) is below the rule's min-replicas param.
void run_hpa_floor(const Context& ctx, const Rule& rule, std::vector<Hit>& out,
                   long long default_min);

}  // namespace kubesift::engine::lint::avail
