// Internal to the lint rules of the secrets, service accounts and RBAC
// family: reading Role/ClusterRole rules, resolving a binding's roleRef
// (aggregated ClusterRoles and the built-in ClusterRoles included), and
// recognising credentials by name or by value.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "context.h"

namespace re2 {
class RE2;
}

namespace kubesift::engine::lint::rbac {

inline constexpr std::string_view kGroup = "rbac.authorization.k8s.io";

// An object of the RBAC API group (any version) of kind `kind`.
bool is_rbac(const Object& o, std::string_view kind);
bool is_binding(const Object& o);  // a RoleBinding or ClusterRoleBinding
bool is_role(const Object& o);     // a Role or ClusterRole

// The first element of list `list` equal to one of `want` (an absent value
// when there is none or `list` is not a list).
model::Value find_item(model::Value list, std::initializer_list<std::string_view> want);
model::Value find_item(model::Value list, const std::vector<std::string_view>& want);
bool has_item(model::Value list, std::string_view want);
// A list entry as a message shows it: "*" quoted (`"*"`), others as written.
std::string shown(model::Value item);

// What a PolicyRule grants, when it grants what a predicate asks for: the
// rule, and the resource and verb elements that prove it.
struct Grant {
  model::Value rule;
  model::Value resource;
  model::Value verb;
};
using RulePredicate = std::function<bool(model::Value rule, Grant& g)>;

// pods/exec or pods/attach (Polaris' reading): apiGroups lists "" or "*",
// resources "*", "pods/exec" or "pods/attach", verbs "*", "get" or "create".
bool grants_exec(model::Value rule, Grant& g);
// Everything: apiGroups "*", resources "*", and verbs "*" or every one of
// get, list, watch, create, update, patch and delete.
bool grants_everything(model::Value rule, Grant& g);
// A verb of `verbs` on a resource of `resources` ("*" matches either side;
// apiGroups are not looked at, as kube-linter does).
bool grants_access(model::Value rule, const std::vector<std::string_view>& resources,
                   const std::vector<std::string_view>& verbs, Grant& g);

// The first rule of `role` (its own `rules:`) that `pred` accepts.
bool first_grant(const Object& role, const RulePredicate& pred, Grant& g);

// The ClusterRoles an aggregated ClusterRole collects (its
// aggregationRule.clusterRoleSelectors, matched against the labels of the
// ClusterRoles of the input), itself excluded.
std::vector<const Object*> aggregated(const Context& ctx, const Object& cluster_role);

// The ClusterRoles every cluster has, by name: what they are known to grant
// when a binding refers to one the input does not declare.
// System: a system:* ClusterRole of the bootstrap policy, which allows no
// exec or attach (system:aggregate-to-edit, which edit aggregates, does:
// AggregateToEdit).
enum class Builtin { None, ClusterAdmin, Admin, Edit, View, AggregateToEdit, System };
Builtin builtin_cluster_role(std::string_view name);

// A binding's roleRef resolved against the input.
struct Resolved {
  std::string kind, name;              // roleRef.kind and roleRef.name as written
  model::Value name_at;                // roleRef.name (or roleRef, or the binding's name)
  bool known_kind = false;             // roleRef.kind is Role or ClusterRole
  const Object* role = nullptr;        // the role it names, when declared
  std::vector<const Object*> members;  // role, then the ClusterRoles it aggregates
};
Resolved resolve(const Context& ctx, const Object& binding);

// The first role among `r.members` with a rule `pred` accepts.
bool member_grant(const Resolved& r, const RulePredicate& pred, const Object*& role, Grant& g);

// The kube-linter access-to-resources reading, shared by the rules on
// secrets and on pod creation: every binding whose role (declared, or one
// of the built-in cluster-admin, admin and edit ClusterRoles, which grant
// both) has a rule with a verb of `verbs` on a resource of `resources`.
// One finding per binding; {role} and {grant} are set.
void run_access_rule(const Context& ctx, const Rule& rule, std::vector<Hit>& out,
                     const std::vector<std::string_view>& resources,
                     const std::vector<std::string_view>& verbs);

// Names Polaris leaves alone as the cluster's own objects.
bool system_name(std::string_view name);  // "system:*", "gce:podsecuritypolicy:calico-sa"
// The API server's bootstrap RBAC policy (label kubernetes.io/bootstrapping:
// rbac-defaults): reconciled by Kubernetes itself, as a cluster dump holds it.
bool cluster_default(const Object& o);

// Credentials recognised by the name of a variable or key (a case-insensitive
// RE2 pattern, a rule parameter) or by a value holding a PEM private key.
class SecretMatcher {
 public:
  explicit SecretMatcher(const std::string& name_pattern);
  ~SecretMatcher();
  bool ok() const;
  bool name(std::string_view n) const;
  static bool private_key(std::string_view value);

 private:
  std::unique_ptr<re2::RE2> re_;
};

// True when `value` is made of $(VAR) references only: it expands other
// variables and holds no literal.
bool only_references(std::string_view value);

}  // namespace kubesift::engine::lint::rbac
