// The scheduler's filters as functions of the model's facts (Kubernetes'
// semantics: TaintToleration, NodeAffinity with nodeSelector, the
// NodeResourcesFit arithmetic), and their texts. Internal to
// explain_scheduling.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/model/objects.h"

namespace kubesift::engine::sched {

// The first scheduler filter a node fails, in the scheduler's order.
enum class Stage { Unschedulable, Taint, Affinity, Resources, Fits };

// Only NoSchedule and NoExecute taints keep a pod off a node.
bool filters(const model::Taint& t);
bool tolerates(const model::Toleration& tol, const model::Taint& t);
bool tolerated(const model::Pod& pod, const model::Taint& t);
// The node's first filtering taint the pod does not tolerate, or null.
const model::Taint* untolerated(const model::Node& n, const model::Pod& pod);

bool requirement_ok(const model::Node& n, const model::NodeSelectorRequirement& r);
// Some term holds (terms are ORed; an empty term matches nothing).
bool affinity_ok(const model::Node& n, const std::vector<model::NodeSelectorTerm>& terms);
bool selector_ok(const model::Node& n, const model::Pod& pod);

const model::Condition* ready_condition(const model::Node& n);

// An amount of a resource: cpu in cores, memory and storage in bytes,
// others as counted.
struct Amount {
  double value = 0;
  bool known = false;
  model::SourceRef at;  // the request line (the largest container's)
};
bool parse_quantity(std::string_view s, double& out);
// The pod's effective request: the sum over its containers, or the largest
// init container's when that is more.
Amount pod_request(const model::Pod& pod, const std::string& resource);
// allocatable − requested, when both are readable.
std::optional<double> free_of(const model::NodeResource& r);
std::string format_amount(const std::string& resource, double v);

Stage stage_of(const model::Node& n, const model::Pod& pod,
               const std::vector<std::string>& resources);

std::string taint_text(const model::Taint& t);            // key=value:Effect
std::string toleration_text(const model::Toleration& t);  // key=value:Effect, key:Effect (Exists)
std::string requirement_text(const model::NodeSelectorRequirement& r);

}  // namespace kubesift::engine::sched
