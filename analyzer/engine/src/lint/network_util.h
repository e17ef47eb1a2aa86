// Helpers shared by the network family of lint rules
// (rules/manifest-network.yaml: Services, Ingresses, NetworkPolicies,
// autoscalers and workload selectors).
//
// - LabelSelector fields read the way the API server decodes them: only
//   matchLabels and matchExpressions count (a map of labels written directly
//   under podSelector is dropped, which leaves a selector that selects all).
// - Which pod specs make pods, and which of them a selector reaches.
// - The reference policy: a selector that matches nothing, or a name that
//   resolves to nothing, is reported only when the input describes that
//   namespace (it holds objects of the kind looked for there), when what the
//   reference would reach is declared in another namespace, or with
//   --strict-refs. The finding says which.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "context.h"

namespace kubesift::engine::lint::net {

// The pod templates of the input (a Pod, or the template of an object that
// makes pods), with or without a spec: the context's pod specs, with the
// network rules' view of them.
struct PodTemplate {
  const Object* obj = nullptr;
  const PodSpec* spec = nullptr;  // nullptr when the template has no spec
  model::Value meta;              // the template's metadata (a Pod's own)
  model::Value tmpl;              // the template (absent for a Pod)
  Labels labels;
};

class Pods {
 public:
  explicit Pods(const Context& ctx);
  const std::vector<PodTemplate>& all() const { return all_; }
  // In namespace `ns`; those `sel` selects there; those it selects elsewhere.
  std::vector<const PodTemplate*> in(std::string_view ns) const;
  std::vector<const PodTemplate*> selected(std::string_view ns, const Selector& sel) const;
  std::vector<const PodTemplate*> selected_elsewhere(std::string_view ns,
                                                     const Selector& sel) const;
  // The pod template of an object, or nullptr.
  const PodTemplate* of(const Object& o) const;

 private:
  std::vector<const PodTemplate*> templates(const std::vector<const PodSpec*>& specs) const;
  const Context& ctx_;
  std::vector<PodTemplate> all_;
  std::map<std::string, std::vector<size_t>, std::less<>> by_ns_;
  std::map<size_t, size_t> by_object_;
};

std::vector<const Object*> objects_of(const std::vector<const PodTemplate*>& pods);

// The objects of `kind` named `name` in namespaces other than `ns`.
std::vector<const Object*> named_elsewhere(const Context& ctx, std::string_view kind,
                                           std::string_view ns, std::string_view name);

// Whether a reference that found nothing is reported, and why.
struct Absence {
  bool report = false;
  std::string why;
};
// `count`: how many objects of `noun` the input holds where the reference
// looks (`where`: "namespace shop"); `elsewhere`: the objects it would
// reach that are declared in other namespaces.
Absence absence(const Context& ctx, size_t count, std::string_view noun, std::string_view where,
                const std::vector<const Object*>& elsewhere);

// "3 Services", "1 Service", "2 pod-bearing objects".
std::string count_of(size_t n, std::string_view noun);
// "Deployment web" for one object, "Deployment web and 2 more" for several.
std::string objects_of(const std::vector<const Object*>& objs);
// "app=web,tier=front", or "(none)" for no labels.
std::string labels_str(const Labels& l);
bool iequals(std::string_view a, std::string_view b);

// The first present value, else the object's metadata.name: where a
// finding about a missing field is cited.
model::Value first_of(const Object& o, std::initializer_list<model::Value> candidates);
Cite cite(model::Value v);

// Containers of a pod template that serve traffic: the main ones and
// sidecars (init containers with restartPolicy Always).
std::vector<const PodSpec::Container*> serving_containers(const PodTemplate& pt);

// The traffic directions a NetworkPolicy isolates.
struct PolicyTypes {
  bool ingress = false, egress = false;
};
// The directions a NetworkPolicy isolates: its policyTypes, or, when they
// are not given, Ingress and (with egress rules) Egress.
PolicyTypes policy_types(const Object& np);
// The NetworkPolicies of the pod template's namespace that select it.
std::vector<const Object*> policies_selecting(const Context& ctx, const PodTemplate& pt);
// The value a finding about a pod template's isolation cites: its labels
// (what policies select on), else the template's metadata, else the name.
model::Value pod_labels_anchor(const PodTemplate& pt);

}  // namespace kubesift::engine::lint::net
