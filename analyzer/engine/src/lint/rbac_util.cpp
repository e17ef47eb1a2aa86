#include "rbac_util.h"

#include <re2/re2.h>

#include <algorithm>

namespace kubesift::engine::lint::rbac {

bool is_rbac(const Object& o, std::string_view kind) {
  return o.kind == kind && o.group == kGroup;
}

bool is_binding(const Object& o) {
  return is_rbac(o, "RoleBinding") || is_rbac(o, "ClusterRoleBinding");
}

bool is_role(const Object& o) {
  return is_rbac(o, "Role") || is_rbac(o, "ClusterRole");
}

model::Value find_item(model::Value list, const std::vector<std::string_view>& want) {
  if (!list.is_seq()) return {};
  for (model::Value e : list)
    if (e.is_scalar() && std::find(want.begin(), want.end(), e.scalar()) != want.end()) return e;
  return {};
}

model::Value find_item(model::Value list, std::initializer_list<std::string_view> want) {
  return find_item(list, std::vector<std::string_view>(want));
}

bool has_item(model::Value list, std::string_view want) {
  return static_cast<bool>(find_item(list, {want}));
}

std::string shown(model::Value item) {
  std::string_view s = item.scalar();
  if (s == "*") return "\"*\"";
  return std::string(s);
}

bool grants_exec(model::Value rule, Grant& g) {
  if (!find_item(rule.get("apiGroups"), {"", "*"})) return false;
  model::Value res = find_item(rule.get("resources"), {"pods/exec", "pods/attach", "*"});
  model::Value verb = find_item(rule.get("verbs"), {"create", "get", "*"});
  if (!res || !verb) return false;
  g = {rule, res, verb};
  return true;
}

bool grants_everything(model::Value rule, Grant& g) {
  if (!has_item(rule.get("apiGroups"), "*")) return false;
  model::Value res = find_item(rule.get("resources"), {"*"});
  if (!res) return false;
  model::Value verbs = rule.get("verbs");
  model::Value verb = find_item(verbs, {"*"});
  if (!verb) {
    for (std::string_view v : {"get", "list", "watch", "create", "update", "patch", "delete"})
      if (!has_item(verbs, v)) return false;
    verb = verbs;
  }
  g = {rule, res, verb};
  return true;
}

bool grants_access(model::Value rule, const std::vector<std::string_view>& resources,
                   const std::vector<std::string_view>& verbs, Grant& g) {
  std::vector<std::string_view> rs = resources, vs = verbs;
  rs.push_back("*");
  vs.push_back("*");
  model::Value res = find_item(rule.get("resources"), rs);
  model::Value verb = find_item(rule.get("verbs"), vs);
  if (!res || !verb) return false;
  g = {rule, res, verb};
  return true;
}

bool first_grant(const Object& role, const RulePredicate& pred, Grant& g) {
  for (model::Value rule : role.root.get("rules"))
    if (rule.is_map() && pred(rule, g)) return true;
  return false;
}

std::vector<const Object*> aggregated(const Context& ctx, const Object& cluster_role) {
  std::vector<const Object*> out;
  model::Value sels = cluster_role.root.at({"aggregationRule", "clusterRoleSelectors"});
  if (!sels.is_seq()) return out;
  std::vector<Selector> parsed;
  for (model::Value s : sels) parsed.push_back(parse_selector(s));
  for (const Object* cr : ctx.of_kind("ClusterRole")) {
    if (cr == &cluster_role || cr->group != kGroup) continue;
    Labels l = cr->labels();
    for (const auto& sel : parsed)
      if (sel.written && sel.matches(l)) {
        out.push_back(cr);
        break;
      }
  }
  return out;
}

Builtin builtin_cluster_role(std::string_view name) {
  if (name == "cluster-admin") return Builtin::ClusterAdmin;
  if (name == "admin") return Builtin::Admin;
  if (name == "edit") return Builtin::Edit;
  if (name == "view") return Builtin::View;
  if (name == "system:aggregate-to-edit") return Builtin::AggregateToEdit;
  if (name.starts_with("system:")) return Builtin::System;
  return Builtin::None;
}

Resolved resolve(const Context& ctx, const Object& binding) {
  Resolved r;
  model::Value ref = binding.root.get("roleRef");
  r.kind = std::string(ref.str("kind"));
  r.name = std::string(ref.str("name"));
  r.name_at = ref.get("name");
  if (!r.name_at) r.name_at = ref;
  if (!r.name_at) r.name_at = binding.root.at({"metadata", "name"});
  // A ClusterRoleBinding can only name a ClusterRole.
  r.known_kind = r.kind == "ClusterRole" || (r.kind == "Role" && binding.kind == "RoleBinding");
  if (!r.known_kind || r.name.empty()) return r;
  for (const Object* o : ctx.find(r.kind, binding.ns_key(), r.name))
    if (o->group == kGroup) {
      r.role = o;
      break;
    }
  if (!r.role) return r;
  r.members.push_back(r.role);
  if (r.kind == "ClusterRole")
    for (const Object* a : aggregated(ctx, *r.role)) r.members.push_back(a);
  return r;
}

bool member_grant(const Resolved& r, const RulePredicate& pred, const Object*& role, Grant& g) {
  for (const Object* m : r.members)
    if (first_grant(*m, pred, g)) {
      role = m;
      return true;
    }
  return false;
}

void run_access_rule(const Context& ctx, const Rule& rule, std::vector<Hit>& out,
                     const std::vector<std::string_view>& resources,
                     const std::vector<std::string_view>& verbs) {
  RulePredicate pred = [&](model::Value r, Grant& g) {
    return grants_access(r, resources, verbs, g);
  };
  for (const auto& b : ctx.objects()) {
    if (!is_binding(b) || cluster_default(b)) continue;
    Resolved r = resolve(ctx, b);
    if (!r.known_kind || r.name.empty()) continue;
    Hit h = make_hit(rule, b);
    h.cites.push_back({r.name_at, "config", {}});
    h.vars.emplace_back("role", r.kind + " " + r.name);
    if (r.role) {
      const Object* role = nullptr;
      Grant g;
      if (!member_grant(r, pred, role, g)) continue;
      h.cites.push_back({g.resource, "config", {}});
      h.vars.emplace_back("grant",
                          "allows " + shown(g.verb) + " on " + shown(g.resource) +
                              (role == r.role ? "" : " through ClusterRole " + role->name));
    } else {
      Builtin bi = r.kind == "ClusterRole" ? builtin_cluster_role(r.name) : Builtin::None;
      if (bi != Builtin::ClusterAdmin && bi != Builtin::Admin && bi != Builtin::Edit) continue;
      h.vars.emplace_back("grant", "is a built-in ClusterRole allowing " +
                                       std::string(verbs.front()) + " on " +
                                       std::string(resources.front()));
    }
    out.push_back(std::move(h));
  }
}

bool system_name(std::string_view name) {
  return name.starts_with("system:") || name == "gce:podsecuritypolicy:calico-sa";
}

bool cluster_default(const Object& o) {
  return o.root.at({"metadata", "labels"}).str("kubernetes.io/bootstrapping") == "rbac-defaults";
}

SecretMatcher::SecretMatcher(const std::string& name_pattern) {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  re_ = std::make_unique<RE2>(name_pattern, o);
}

SecretMatcher::~SecretMatcher() = default;

bool SecretMatcher::ok() const {
  return re_ && re_->ok();
}

bool SecretMatcher::name(std::string_view n) const {
  return ok() && RE2::PartialMatch(re2::StringPiece(n.data(), n.size()), *re_);
}

bool SecretMatcher::private_key(std::string_view value) {
  // "-----BEGIN RSA PRIVATE KEY-----", "---BEGIN OPENSSH PRIVATE KEY---": a
  // PEM armour line, on any line of the value.
  static const RE2 re("(?i)-BEGIN\\s+.*PRIVATE KEY-");
  return RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), re);
}

bool only_references(std::string_view value) {
  bool any = false;
  size_t i = 0;
  while (i < value.size()) {
    if (value[i] == ' ' || value[i] == '\t') {
      ++i;
      continue;
    }
    if (!value.substr(i).starts_with("$(")) return false;
    size_t close = value.find(')', i + 2);
    if (close == std::string_view::npos || close == i + 2) return false;
    for (size_t k = i + 2; k < close; ++k) {
      char c = value[k];
      bool ident = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '.' || c == '-';
      if (!ident) return false;
    }
    any = true;
    i = close + 1;
  }
  return any;
}

}  // namespace kubesift::engine::lint::rbac
