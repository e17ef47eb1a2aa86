// Correlation: the same object seen in many inputs becomes one, and every
// pod is joined with its containers, events, logs, owners and manifests.
//
// Rules read this graph, never the raw store lists, so a rule sees a pod the
// same way whether it came from describe text, JSON, YAML or a table.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kubesift/model/store.h"

namespace kubesift::correlate {

struct ContainerView {
  std::string name;
  bool init = false;
  const model::ContainerSpec* spec = nullptr;      // null if no input showed it
  const model::ContainerStatus* status = nullptr;  // null if no input showed it
  std::vector<const model::LogFile*> current_logs;
  std::vector<const model::LogFile*> previous_logs;
  std::vector<const model::Event*> events;  // events about this container
};

struct PodView {
  model::Pod pod;  // merged from every input that showed it
  std::vector<ContainerView> containers;
  std::vector<const model::Event*> events;  // all events about the pod, deduplicated
  const model::Workload* owner = nullptr;   // controlling ReplicaSet/StatefulSet/…
  const model::Workload* top = nullptr;     // top of the owner chain (Deployment, …)
  // Owner names known only by inference (pod-template-hash naming) when the
  // owner objects themselves are not in the input.
  std::string owner_kind, owner_name, top_kind, top_name;
  std::vector<const model::Workload*> manifests;  // manifests that declare it
  size_t node = SIZE_MAX;                         // index into Graph::nodes, if known
  std::vector<size_t> claims;                     // indices into Graph::claims

  const ContainerView* container(std::string_view name) const;
};

struct NodeView {
  model::Node node;  // merged
  std::vector<const model::Event*> events;
  std::vector<size_t> pods;  // indices into Graph::pods scheduled on it
};

struct ClaimView {
  model::PersistentVolumeClaim claim;  // merged
  std::vector<const model::Event*> events;
  std::vector<size_t> pods;  // pods that mount it
};

struct WorkloadView {
  model::Workload workload;       // merged
  bool from_events_only = false;  // no object in the input: known from events
  std::vector<const model::Event*> events;
  std::vector<size_t> pods;  // indices into Graph::pods
};

struct Graph {
  const model::Store* store = nullptr;
  std::vector<PodView> pods;            // observed pods (not manifests), stable order
  std::vector<WorkloadView> workloads;  // merged, stable order
  std::vector<NodeView> nodes;
  std::vector<ClaimView> claims;
  std::vector<model::Pod> manifest_pods;  // Pod objects declared without status
  std::vector<const model::LogFile*> unmatched_logs;
  std::map<std::string, size_t> object_counts;  // kind → distinct objects
  size_t event_count = 0;                       // distinct events
  std::vector<std::string> notes;

  // Returns the workload with this kind/namespace/name, or nullptr.
  const WorkloadView* find_workload(std::string_view kind, std::string_view ns,
                                    std::string_view name) const;
};

// Builds the graph. `store` must outlive it (views point into it).
Graph build_graph(const model::Store& store);
// The same, moving the pods read from a cluster out of `store.facts.pods`
// into the graph instead of copying them, and removes them from the store's
// facts: for a caller that reads them only through the graph (analyze: its
// object checks run on manifests, whose pods stay, and the declared
// objects' `pod` indices are updated to them).
Graph build_graph_taking_pods(model::Store& store);

// "spec.containers{web}" → "web"; "" when the path names no container.
std::string container_of_field_path(std::string_view field_path);

}  // namespace kubesift::correlate
