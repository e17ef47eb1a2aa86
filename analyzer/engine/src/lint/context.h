// Internal to the engine: what lint rules see. Every declared object of the
// inputs, each pod spec in them (a Pod's, or a template's), indexes to find
// objects by kind, namespace and name, label selectors with Kubernetes'
// semantics, and the sink rules report to.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "../signal.h"
#include "kubesift/engine/catalog.h"
#include "kubesift/engine/lint.h"
#include "kubesift/model/store.h"

namespace kubesift::engine::lint {

using Labels = std::map<std::string, std::string>;

// One declared object.
struct Object {
  const model::DeclaredObject* decl = nullptr;
  model::Value root;
  std::string kind, name, ns;  // ns as written ("" when not given)
  std::string group, version;  // of apiVersion: "apps", "v1" ("" group = core)
  bool cluster_scoped = false;
  std::string path;  // the input document's path
  size_t index = 0;  // position in Context::objects()
  // metadata.annotations, and its pod template's (where suppressions live).
  model::Value annotations, template_annotations;

  // The namespace it lives in once applied: as written, else "default";
  // "" for cluster-scoped kinds.
  const std::string& ns_key() const { return ns_key_; }
  std::string ref() const;  // "Deployment prod/web" (or "ClusterRole admin")
  Labels labels() const;
  std::string_view annotation(std::string_view key) const;

  std::string ns_key_;
};

// A pod spec: a Pod's, or the template of an object that makes pods
// (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
// Job, CronJob, OpenShift DeploymentConfig, Argo Rollout, PodTemplate).
struct PodSpec {
  const Object* obj = nullptr;
  model::Value spec;       // the PodSpec map
  model::Value meta;       // the template's metadata (a Pod's own metadata)
  Labels labels;           // the pods' labels
  model::Value template_;  // the template itself (absent for a Pod)
  struct Container {
    model::Value v;
    std::string name;  // as written, else its place: "containers[1]"
    bool init = false;
    bool ephemeral = false;
  };
  std::vector<Container> containers;  // initContainers, containers, ephemeralContainers
};

// A label selector: matchLabels and matchExpressions (In, NotIn, Exists,
// DoesNotExist), or a plain map (Service, ReplicationController).
struct Selector {
  struct Expr {
    std::string key, op;
    std::vector<std::string> values;
  };
  Labels labels;
  std::vector<Expr> exprs;
  bool written = false;  // the field is there
  bool invalid = false;  // an operator Kubernetes does not know

  // Kubernetes' semantics: every label and every expression must hold; an
  // empty selector selects everything (callers decide whether "no selector"
  // means nothing, as for a Service).
  bool matches(const Labels& l) const;
  bool empty() const { return labels.empty() && exprs.empty(); }
  std::string describe() const;  // "app=web,tier in (a,b)"
};

// A selector written as matchLabels/matchExpressions or as a plain map
// (for fields written either way in the wild).
Selector parse_selector(model::Value v);
// A field of type LabelSelector (Deployment spec.selector, NetworkPolicy
// podSelector, PDB selector), read the way the API server decodes it: only
// matchLabels and matchExpressions count; labels written directly under the
// field are dropped, which leaves a selector that selects everything
// (`direct`, when given, says that happened).
Selector label_selector(model::Value v, bool* direct = nullptr);
// A Service's or ReplicationController's selector: a plain map of labels.
Selector map_selector(model::Value v);

// The pod template of an object that makes pods (absent for a Pod and for
// kinds that make none).
model::Value template_of(const Object& o);

// Elements of a comma-separated list (a parameter), trimmed, empty ones
// dropped.
std::vector<std::string> split_list(std::string_view s);

// A quantity ("500m", "2Gi", "1e3") as a number; nullopt when not one.
std::optional<double> quantity(std::string_view s);

// A place a finding cites: a field of an object (its key's line and column)
// or any line of the input. Role "secret": the line holds a credential
// whatever its key is called, so only its key is quoted.
struct Cite {
  model::Value at;
  std::string role = "config";
  model::SourceRef ref;  // used when `at` is empty
};

// What a lint rule reports: the object, the container where it applies,
// the places that prove it (the first is the finding's location) and the
// values of the message's placeholders.
// The objects whose selector selects a set of labels, without trying every
// selector: each selector is filed under its rarest matchLabels pair (a
// match must hold that pair), and those without one (only expressions, or
// empty) are tried every time. Built once per kind and selector reading
// (Context::selector_index).
class SelectorIndex {
 public:
  // A selector of an object, or none when it selects nothing.
  using SelectorOf = std::optional<Selector> (*)(const Object&);
  SelectorIndex(const std::vector<const Object*>& objects, SelectorOf selector_of);
  // The objects of namespace `ns_key` whose selector matches `labels`, in
  // input order.
  std::vector<const Object*> selecting(std::string_view ns_key, const Labels& labels) const;

 private:
  struct Entry {
    const Object* obj;
    Selector sel;
  };
  struct Namespace {
    std::unordered_map<std::string, std::vector<Entry>> by_pair;
    std::vector<Entry> always;
  };
  std::map<std::string, Namespace, std::less<>> ns_;
};

struct Hit {
  const Rule* rule = nullptr;
  const Object* obj = nullptr;
  std::string container;
  std::vector<Cite> cites;
  Vars vars;
  std::optional<Severity> severity;  // overrides the rule's (a weaker case)
};

class Context {
 public:
  Context(const model::Store& store, const LintOptions& opts);

  const model::Store& store() const { return store_; }
  const LintOptions& options() const { return opts_; }
  // The document a value of any object's tree was read from, and the
  // object it belongs to (nullptr for neither).
  model::DocId doc_of(const model::Value& v) const;
  const Object* object_of(const model::Value& v) const;
  const std::vector<Object>& objects() const { return objects_; }
  const std::vector<PodSpec>& pod_specs() const { return pod_specs_; }

  // Objects of `kind` (exact), in input order; with `ns_key`, in that
  // namespace only ("default" for objects without one).
  std::vector<const Object*> of_kind(std::string_view kind) const;
  std::vector<const Object*> of_kind(std::string_view kind, std::string_view ns_key) const;
  // The objects of `kind` named `name` in `ns_key` ("" for cluster-scoped).
  std::vector<const Object*> find(std::string_view kind, std::string_view ns_key,
                                  std::string_view name) const;
  // The pod spec of an object, or nullptr.
  const PodSpec* pod_spec_of(const Object& o) const;
  // Pod specs in `ns_key` whose labels `sel` selects (an index on label
  // pairs: cost follows the candidates, not every pod of the input).
  std::vector<const PodSpec*> selected_pods(std::string_view ns_key, const Selector& sel) const;
  // Whether `sel` selects any pod spec of `ns_key` (stops at the first).
  bool selects_any_pod(std::string_view ns_key, const Selector& sel) const;
  // The same in every namespace but `ns_key` (a selector that would reach
  // pods declared in the wrong namespace).
  std::vector<const PodSpec*> selected_pods_elsewhere(std::string_view ns_key,
                                                      const Selector& sel) const;
  // The Services of the pod spec's namespace whose selector selects it
  // (computed once for every pod spec on first use).
  const std::vector<const Object*>& services_of(const PodSpec& ps) const;
  // The Services of `ns_key` whose selector selects pods labelled `labels`,
  // in input order. A Service without a selector, or of type ExternalName,
  // selects nothing. Indexed: each Service is filed under the rarest pair of
  // its selector, so a lookup checks only Services that share a rare label.
  std::vector<const Object*> services_selecting(std::string_view ns_key,
                                                const Labels& labels) const;
  // The index of the objects of `kind` by the selector `selector_of` reads
  // (a capture-less function: it is the cache key), built on first use.
  const SelectorIndex& selector_index(std::string_view kind,
                                      SelectorIndex::SelectorOf selector_of) const;
  // Whether the inputs hold any object of `kind` in `ns_key`: a reference to
  // a missing object of that kind is reported only then (or --strict-refs).
  bool holds(std::string_view kind, std::string_view ns_key) const;
  bool strict_refs() const { return opts_.strict_refs; }

  // A rule's parameter: the config's value, else the rule's default.
  std::string param(const Rule& r, const std::string& name) const;
  long long param_int(const Rule& r, const std::string& name, long long fallback) const;

 private:
  const model::Store& store_;
  const LintOptions& opts_;
  std::vector<Object> objects_;
  std::vector<PodSpec> pod_specs_;
  std::unordered_map<size_t, size_t> pod_spec_by_object_;
  std::unordered_map<const model::Tree*, model::DocId> doc_by_tree_;
  std::unordered_map<const model::Tree*, std::vector<size_t>> objects_by_tree_;
  std::map<std::string, std::vector<size_t>, std::less<>> by_kind_;
  // kind → namespace key → name → objects.
  std::map<std::string, std::map<std::string, std::multimap<std::string, size_t>, std::less<>>,
           std::less<>>
      by_name_;
  // namespace key → "key=value" → pod specs with that label; namespace → all.
  std::map<std::string, std::map<std::string, std::vector<size_t>>, std::less<>> pods_by_label_;
  std::map<std::string, std::vector<size_t>, std::less<>> pods_by_ns_;
  // Built on first use, once, whichever rule asks first (rules run on
  // several threads).
  mutable std::vector<std::vector<const Object*>> services_of_;
  mutable std::once_flag services_done_;
  mutable std::mutex index_mutex_;
  mutable std::map<std::pair<std::string, SelectorIndex::SelectorOf>,
                   std::unique_ptr<SelectorIndex>>
      selector_indexes_;
  std::vector<const PodSpec*> selected_pods(std::string_view ns_key, const Selector& sel,
                                            size_t limit) const;
};

// A Hit for `rule` on `obj` with the usual placeholders filled: {kind},
// {name}, {namespace}, {object} and, when given, {container}.
Hit make_hit(const Rule& rule, const Object& obj, std::string_view container = {});

// True for kinds without a namespace (ClusterRole, Namespace, Node, …).
bool is_cluster_scoped(std::string_view kind);

// The path of node `node` from `root`: "spec.template.spec.containers[0].image".
std::string field_path(model::Value root, const model::Value& node);

// A lint rule written in C++: one file engine/src/lint/rule_<id>.cpp (dashes
// as underscores) that defines `LintRule make_lint_rule_<id>()`; the build
// generates the list (cmake/ListLintRules.cmake), and Engine::create checks
// it against the catalog's `match: code` manifest rules.
struct LintRule {
  std::string id;
  void (*run)(const Context&, const Rule&, std::vector<Hit>& out) = nullptr;
};

const std::vector<LintRule>& lint_rules();

}  // namespace kubesift::engine::lint
