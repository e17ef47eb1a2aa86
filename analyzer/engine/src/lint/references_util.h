// Internal to the named-reference lint rules (rules/manifest-references.yaml):
// a pod spec, binding or claim that names another object (a ConfigMap, a
// Secret, a ServiceAccount, a claim, a class, a role) which the input may or
// may not hold.
//
// - Namespaces: an object sees the namespaced objects of its own namespace.
//   A side whose namespace is not written (a chart rendered for
//   `helm install -n X`, a manifest applied with `kubectl -n X`) lands where
//   it is applied, so it is taken to see, and be seen from, every namespace.
// - What exists without being declared: Secrets that controllers write
//   (SealedSecret, ExternalSecret, cert-manager Certificate, the Secrets
//   Store CSI driver, Vault and 1Password operators, the token Secrets a
//   ServiceAccount lists), and what every cluster has (kube-root-ca.crt, the
//   default ServiceAccount, the system PriorityClasses and ClusterRoles).
// - The policy: a name that resolves to nothing is reported only when the
//   input holds other objects of that kind where the reference looks (for
//   cluster-scoped kinds, anywhere), when an object of that name is declared
//   in another namespace, or with --strict-refs; the finding says which, and
//   names close names (near_names.h: at most 2) with where they are.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "context.h"

namespace re2 {
class RE2;
}

namespace kubesift::engine::lint::refs {

// Something a reference can resolve to.
struct Target {
  const Object* obj = nullptr;  // the object declaring it, or making it; none when built in
  std::string name;
  std::string ns;                 // as written ("" = wherever it is applied); "" for cluster kinds
  model::Value name_at;           // where its name is written
  bool made = false;              // written by a controller from `obj` (keys and type unknown)
  const char* builtin = nullptr;  // exists in every cluster: how ("every namespace has it")
};

// The targets of one kind in the input, and lookups with the policy above.
class Index {
 public:
  Index(const Context& ctx, std::string kind);
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  const std::string& kind() const { return kind_; }
  bool cluster_scoped() const { return cluster_; }

  struct Result {
    std::vector<const Target*> found;      // that name, visible from the namespace
    std::vector<const Target*> elsewhere;  // that name, in another namespace
    // With `details`, when nothing is found:
    bool detailed = false;
    std::vector<const Target*> others;  // declared or made, visible, other names
    std::vector<const Target*> close;   // visible, close names, closest first (<= 2)
  };
  // `from`: the namespace the reference looks in, as written ("" = any).
  const Result& resolve(std::string_view from, std::string_view name, bool details = false) const;

 private:
  std::string kind_;
  bool cluster_ = false;
  std::vector<Target> targets_;
  std::unordered_map<std::string, std::vector<size_t>> by_name_;
  // Targets by written namespace, and those every namespace sees (no
  // namespace written, built in).
  std::unordered_map<std::string, std::vector<size_t>> by_ns_;
  std::vector<size_t> everywhere_;
  mutable std::map<std::pair<std::string, std::string>, std::unique_ptr<Result>> cache_;
};

// Whether a miss is reported, and the sentence that says why.
struct Verdict {
  bool report = false;
  std::string why;
  std::string hint;         // " Did you mean web-config (k8s/config.yaml:4)?", or ""
  std::vector<Cite> cites;  // the places the why and the hint name
};
Verdict judge(const Context& ctx, const Index& idx, const Index::Result& r, std::string_view from,
              std::string_view name);
// " Did you mean web-config (k8s/config.yaml:4)?" for the close names of a
// detailed miss (resolve(..., true)), citing each; "" when there are none.
std::string near_hint(const Index::Result& r, std::vector<Cite>& cites);

// A reference from `h.obj` to `name` (written at `at`): false when it
// resolves, or when the policy keeps its miss quiet; else `h` gets the cites
// and the placeholders {target}, {target_kind}, {why} and {hint}.
bool missing(const Context& ctx, const Index& idx, std::string_view from, const std::string& name,
             model::Value at, Hit& h);

// The namespace a reference from `o` looks in, as written ("" when not).
std::string_view from_ns(const Object& o);
// "default" for "", for messages.
std::string ns_text(std::string_view ns);

// Where a target is defined: "k8s/secrets.yaml:4", "made by SealedSecret db
// at k8s/sealed.yaml:3", or how a built-in one exists.
std::string where(const Target& t);
// "Secret", "Secrets"; "PriorityClass", "PriorityClasses".
std::string plural(std::string_view kind, size_t n);

// The keys of a ConfigMap (data, binaryData) or Secret (data, stringData;
// a SealedSecret's encryptedData and template data). Unknown for Secrets
// a controller writes and for built-in objects.
struct Keys {
  bool known = false;
  std::vector<model::Value> keys;  // map members (cite_line is the key's line)
  bool has(std::string_view key) const;
  std::string text() const;  // "keys DB_HOST, DB_PORT" (at most 12, then "and N more"), "no keys"
};
Keys keys_of(const Target& t);
// The keys closest to `key` (near_names.h), at most 2, and the hint
// " Did you mean DB_HOST (k8s/config.yaml:7)?" for them; `secret` cites them as credentials.
std::string key_hint(const Keys& k, std::string_view key, const Target& t,
                     std::vector<Cite>& cites);

// True for names close enough to suggest (near_names.h).
bool close_names(std::string_view a, std::string_view b);

// A ConfigMap or Secret named by a pod spec.
struct ConfigRef {
  enum class Via { Env, EnvFrom, Volume, Projected };
  Via via = Via::Env;
  std::string kind;                               // "ConfigMap" or "Secret"
  const PodSpec::Container* container = nullptr;  // Env and EnvFrom
  std::string name;
  model::Value name_at;             // the name field
  std::string env;                  // Env: the variable
  model::Value key_at;              // Env: the key field
  std::vector<model::Value> items;  // Volume, Projected: items[].key
  std::string volume;               // Volume, Projected: the volume's name
  bool optional = false;
};
std::vector<ConfigRef> config_refs(const PodSpec& ps);

// The cluster's own bindings (named system:*, or labelled
// kubernetes.io/bootstrapping: rbac-defaults): the bootstrap policy binds
// controllers' accounts whether or not those controllers run.
bool bootstrap_binding(const Object& b);

// True for the token Secret the token controller made for the pod's
// ServiceAccount before Kubernetes 1.24 (<account>-token-<5 characters>),
// which pods read from a cluster still mount.
bool token_secret(const PodSpec& ps, std::string_view name);

// A rule's regex parameter (RE2, unanchored, as kube-linter's ignore lists):
// names it matches are not checked. An empty or invalid pattern matches nothing.
class NameFilter {
 public:
  NameFilter(const Context& ctx, const Rule& rule, const std::string& param);
  ~NameFilter();
  bool ignored(std::string_view name) const;

 private:
  std::unique_ptr<re2::RE2> re_;
};

// A cite of a value of the object being reported.
inline Cite cite(model::Value v) {
  return Cite{v, "config", {}};
}

}  // namespace kubesift::engine::lint::refs
