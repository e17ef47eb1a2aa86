#include "references_util.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "kubesift/core/redact.h"
#include "near_names.h"

namespace kubesift::engine::lint::refs {
namespace {

// The API group a kind of ours belongs to (any version).
std::string_view group_of(std::string_view kind) {
  if (kind == "PriorityClass") return "scheduling.k8s.io";
  if (kind == "StorageClass") return "storage.k8s.io";
  if (kind == "Role" || kind == "ClusterRole") return "rbac.authorization.k8s.io";
  return "";  // ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim
}

constexpr const char* kEveryNamespace = "every namespace has it";
constexpr const char* kEveryCluster = "built into every cluster";

// Objects every cluster has, by kind, whatever the input holds.
struct Builtin {
  std::string_view kind, name;
  const char* how;
};
constexpr Builtin kBuiltins[] = {
    {"ConfigMap", "kube-root-ca.crt", kEveryNamespace},
    {"ConfigMap", "openshift-service-ca.crt", "OpenShift writes it in every namespace"},
    {"ServiceAccount", "default", kEveryNamespace},
    {"PriorityClass", "system-cluster-critical", kEveryCluster},
    {"PriorityClass", "system-node-critical", kEveryCluster},
    {"ClusterRole", "cluster-admin", kEveryCluster},
    {"ClusterRole", "admin", kEveryCluster},
    {"ClusterRole", "edit", kEveryCluster},
    {"ClusterRole", "view", kEveryCluster},
};

// The bootstrap ClusterRoles (system:node, system:auth-delegator, ...).
bool system_cluster_role(std::string_view kind, std::string_view name) {
  return kind == "ClusterRole" && name.starts_with("system:");
}

// "k8s/config.yaml:4". Messages are redacted as a whole, and "secrets.yaml:4"
// reads as a credential to the redactor: such a path is written "k8s/secrets.yaml
// line 4" instead.
std::string line_of(const Object& o, const model::Value& v) {
  std::string line = std::to_string(v ? v.cite_line() : 0);
  if (o.path.empty()) return "line " + line;
  std::string s = o.path + ":" + line;
  return redact(s) == s ? s : o.path + " line " + line;
}

// "a", "a or b", "a, b or c".
std::string either(const std::vector<std::string>& parts, std::string_view last = " or ") {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? std::string(last) : ", ";
    out += parts[i];
  }
  return out;
}

bool visible(const Target& t, std::string_view from, bool cluster) {
  if (cluster || t.builtin) return true;
  if (t.ns.empty() || from.empty()) return true;
  return t.ns == from;
}

void add_made(std::vector<Target>& out, const Object& o, model::Value name, std::string_view ns) {
  if (!name.is_scalar() || name.scalar().empty()) return;
  Target t;
  t.obj = &o;
  t.name = std::string(name.scalar());
  t.ns = std::string(ns);
  t.name_at = name;
  t.made = true;
  out.push_back(std::move(t));
}

// Secrets that controllers write from other objects of the input.
void made_secrets(const Context& ctx, std::vector<Target>& out) {
  auto each = [&](std::string_view kind, std::initializer_list<std::string_view> groups,
                  auto&& fn) {
    for (const Object* o : ctx.of_kind(kind))
      for (std::string_view g : groups)
        if (o->group == g) {
          fn(*o, o->root.get("spec"), o->root.at({"metadata", "name"}));
          break;
        }
  };
  auto or_name = [](model::Value v, model::Value name) {
    return v.is_scalar() && !v.scalar().empty() ? v : name;
  };
  each("SealedSecret", {"bitnami.com"}, [&](const Object& o, model::Value spec, model::Value n) {
    model::Value tm = spec.at({"template", "metadata"});
    std::string_view ns = tm.str("namespace");
    add_made(out, o, or_name(tm.get("name"), n), ns.empty() ? std::string_view(o.ns) : ns);
  });
  each("ExternalSecret", {"external-secrets.io", "kubernetes-client.io"},
       [&](const Object& o, model::Value spec, model::Value n) {
         add_made(out, o, or_name(spec.at({"target", "name"}), n), o.ns);
       });
  each("Certificate", {"cert-manager.io", "certmanager.k8s.io"},
       [&](const Object& o, model::Value spec, model::Value) {
         add_made(out, o, spec.get("secretName"), o.ns);
       });
  each("SecretProviderClass", {"secrets-store.csi.x-k8s.io"},
       [&](const Object& o, model::Value spec, model::Value) {
         for (model::Value so : spec.get("secretObjects"))
           add_made(out, o, so.get("secretName"), o.ns);
       });
  for (std::string_view kind : {"VaultStaticSecret", "VaultDynamicSecret", "VaultPKISecret"})
    each(kind, {"secrets.hashicorp.com"}, [&](const Object& o, model::Value spec, model::Value) {
      add_made(out, o, spec.at({"destination", "name"}), o.ns);
    });
  each("OnePasswordItem", {"onepassword.com"},
       [&](const Object& o, model::Value, model::Value n) { add_made(out, o, n, o.ns); });
  // The token Secrets of a ServiceAccount read from a cluster (before 1.24).
  each("ServiceAccount", {""}, [&](const Object& o, model::Value, model::Value) {
    for (model::Value s : o.root.get("secrets")) add_made(out, o, s.get("name"), o.ns);
  });
}

}  // namespace

std::string ns_text(std::string_view ns) {
  return ns.empty() ? "default" : std::string(ns);
}

std::string_view from_ns(const Object& o) {
  return o.ns;
}

std::string plural(std::string_view kind, size_t n) {
  std::string out(kind);
  if (n == 1) return out;
  return out + (out.ends_with("s") ? "es" : "s");
}

std::string where(const Target& t) {
  if (t.builtin) return t.builtin;
  if (!t.obj) return "";
  if (t.made)
    return "made by " + t.obj->kind + " " + t.obj->name + " at " + line_of(*t.obj, t.name_at);
  return line_of(*t.obj, t.name_at);
}

bool close_names(std::string_view a, std::string_view b) {
  return name_closeness(a, b).close;
}

Index::Index(const Context& ctx, std::string kind) : kind_(std::move(kind)) {
  cluster_ = is_cluster_scoped(kind_);
  std::string_view group = group_of(kind_);
  for (const Object* o : ctx.of_kind(kind_)) {
    if (o->group != group || o->name.empty()) continue;
    Target t;
    t.obj = o;
    t.name = o->name;
    t.ns = cluster_ ? std::string() : o->ns;
    t.name_at = o->root.at({"metadata", "name"});
    targets_.push_back(std::move(t));
  }
  if (kind_ == "Secret") made_secrets(ctx, targets_);
  for (const auto& b : kBuiltins) {
    if (b.kind != kind_) continue;
    Target t;
    t.name = std::string(b.name);
    t.builtin = b.how;
    targets_.push_back(std::move(t));
  }
  for (size_t i = 0; i < targets_.size(); ++i) {
    Target& t = targets_[i];
    by_name_[t.name].push_back(i);
    if (cluster_ || t.builtin || t.ns.empty())
      everywhere_.push_back(i);
    else
      by_ns_[t.ns].push_back(i);
  }
}

Index::~Index() = default;

const Index::Result& Index::resolve(std::string_view from, std::string_view name,
                                    bool details) const {
  auto key = std::make_pair(std::string(from), std::string(name));
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    auto r = std::make_unique<Result>();
    if (auto n = by_name_.find(key.second); n != by_name_.end())
      for (size_t i : n->second)
        (visible(targets_[i], from, cluster_) ? r->found : r->elsewhere).push_back(&targets_[i]);
    if (r->found.empty() && system_cluster_role(kind_, name)) {
      static const Target system_role = [] {
        Target t;
        t.builtin = "a bootstrap role every cluster has";
        return t;
      }();
      r->found.push_back(&system_role);
    }
    it = cache_.emplace(std::move(key), std::move(r)).first;
  }
  Result& r = *it->second;
  if (!details || r.detailed || !r.found.empty()) return r;
  // A miss: what else is there, to say so and to suggest.
  r.detailed = true;
  std::vector<size_t> candidates;
  if (cluster_ || from.empty()) {
    candidates.resize(targets_.size());
    for (size_t i = 0; i < targets_.size(); ++i) candidates[i] = i;
  } else {
    candidates = everywhere_;
    if (auto n = by_ns_.find(ns_text(from)); n != by_ns_.end())
      candidates.insert(candidates.end(), n->second.begin(), n->second.end());
    std::sort(candidates.begin(), candidates.end());
  }
  std::vector<const Target*> pool;
  std::vector<std::string_view> names;
  for (size_t i : candidates) {
    const Target& t = targets_[i];
    if (t.name == name) continue;
    if (!t.builtin) r.others.push_back(&t);
    pool.push_back(&t);
    names.push_back(t.name);
  }
  for (size_t i : rank_near_names(name, names)) r.close.push_back(pool[i]);
  return r;
}

std::string near_hint(const Index::Result& r, std::vector<Cite>& cites) {
  if (r.close.empty()) return {};
  std::vector<std::string> parts;
  for (const Target* t : r.close) {
    parts.push_back(t->name + " (" + where(*t) + ")");
    if (t->name_at) cites.push_back(cite(t->name_at));
  }
  return " Did you mean " + either(parts) + "?";
}

Verdict judge(const Context& ctx, const Index& idx, const Index::Result& r, std::string_view from,
              std::string_view name) {
  Verdict v;
  const std::string& kind = idx.kind();
  bool cluster = idx.cluster_scoped();
  if (!r.others.empty()) {
    // Counted by name: a Secret both declared and made by a SealedSecret is one.
    std::set<std::pair<std::string, std::string_view>> distinct;
    for (const Target* t : r.others) distinct.emplace(ns_text(t->ns), t->name);
    v.report = true;
    v.why = "the input holds " + std::to_string(distinct.size()) + " other " +
            plural(kind, distinct.size());
    if (!cluster) {
      if (!from.empty()) {
        v.why += " in namespace " + std::string(from);
      } else {
        std::vector<std::string> names;
        std::set<std::string> seen;
        for (const Target* t : r.others)
          if (seen.insert(ns_text(t->ns)).second) names.push_back(ns_text(t->ns));
        size_t more = names.size() > 3 ? names.size() - 3 : 0;
        names.resize(std::min<size_t>(names.size(), 3));
        if (more) names.push_back(std::to_string(more) + " more");
        v.why +=
            (names.size() == 1 ? " in namespace " : " in namespaces ") + either(names, " and ");
      }
    }
  } else if (!r.elsewhere.empty() && !cluster) {
    const Target& t = *r.elsewhere.front();
    v.report = true;
    v.why = kind + " " + std::string(name) + " is declared in namespace " + ns_text(t.ns) + " (" +
            where(t) + "), not in " + ns_text(from);
    if (r.elsewhere.size() > 1)
      v.why += " (and in " + std::to_string(r.elsewhere.size() - 1) + " more namespaces)";
    if (t.name_at) v.cites.push_back(cite(t.name_at));
  } else if (ctx.strict_refs()) {
    v.report = true;
    v.why = "reported because of --strict-refs: the input holds no " + kind;
    if (!cluster && !from.empty()) v.why += " in namespace " + std::string(from);
  }
  if (!v.report) return v;
  v.hint = near_hint(r, v.cites);
  if (!r.others.empty() && !r.elsewhere.empty()) {
    const Target& t = *r.elsewhere.front();
    v.hint += " A " + kind + " of that name is declared in namespace " + ns_text(t.ns) + " (" +
              where(t) + ").";
    if (t.name_at) v.cites.push_back(cite(t.name_at));
  }
  return v;
}

bool missing(const Context& ctx, const Index& idx, std::string_view from, const std::string& name,
             model::Value at, Hit& h) {
  const Index::Result& r = idx.resolve(from, name, true);
  if (!r.found.empty()) return false;
  Verdict v = judge(ctx, idx, r, from, name);
  if (!v.report) return false;
  h.cites.push_back(cite(at));
  for (auto& c : v.cites) h.cites.push_back(std::move(c));
  h.vars.emplace_back("target", name);
  h.vars.emplace_back("target_kind", idx.kind());
  h.vars.emplace_back("why", v.why);
  h.vars.emplace_back("hint", v.hint);
  return true;
}

bool Keys::has(std::string_view key) const {
  for (const auto& k : keys)
    if (k.key() == key) return true;
  return false;
}

std::string Keys::text() const {
  std::vector<std::string> names;
  std::set<std::string_view> seen;
  for (const auto& k : keys)
    if (seen.insert(k.key()).second) names.emplace_back(k.key());
  if (names.empty()) return "no keys";
  std::string out = names.size() == 1 ? "key " : "keys ";
  for (size_t i = 0; i < names.size() && i < 12; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 12) out += " and " + std::to_string(names.size() - 12) + " more";
  return out;
}

Keys keys_of(const Target& t) {
  Keys k;
  if (!t.obj || t.builtin) return k;
  const Object& o = *t.obj;
  auto add = [&](model::Value m) {
    for (model::Value e : m)
      if (!e.key().empty()) k.keys.push_back(e);
  };
  if (t.made) {
    // A SealedSecret names its keys (encryptedData, template data); an old
    // one sealing the whole Secret in spec.data does not.
    model::Value enc = o.root.at({"spec", "encryptedData"});
    model::Value plain = o.root.at({"spec", "template", "data"});
    if (o.kind != "SealedSecret" || (!enc && !plain)) return k;
    k.known = true;
    add(enc);
    add(plain);
    return k;
  }
  // Filled in by a controller: the token controller, or a replicator.
  std::string_view type = o.root.str("type");
  if (type == "kubernetes.io/service-account-token") return k;
  for (std::string_view a :
       {"replicator.v1.mittwald.de/replicate-from", "reflector.v1.k8s.emberstack.com/reflects"})
    if (!o.annotation(a).empty()) return k;
  model::Value data = o.root.get("data");
  model::Value more = o.root.get(o.kind == "ConfigMap" ? "binaryData" : "stringData");
  // Read from a cluster with no data at all: the dump left it out (support
  // bundles and must-gathers drop Secret data), not proof of no keys.
  if (o.decl && o.decl->observed && !data && !more) return k;
  k.known = true;
  add(data);
  add(more);
  return k;
}

std::string key_hint(const Keys& k, std::string_view key, const Target& t,
                     std::vector<Cite>& cites) {
  std::vector<std::string_view> names;
  for (const auto& v : k.keys) names.push_back(v.key());
  std::vector<size_t> near = rank_near_names(key, names);
  if (near.empty()) return {};
  bool secret = t.obj && (t.obj->kind == "Secret" || t.obj->kind == "SealedSecret");
  std::vector<std::string> parts;
  for (size_t i : near) {
    const model::Value& v = k.keys[i];
    parts.push_back(std::string(v.key()) + " (" + line_of(*t.obj, v) + ")");
    cites.push_back({v, secret ? "secret" : "config", {}});
  }
  return " Did you mean " + either(parts) + "?";
}

bool bootstrap_binding(const Object& b) {
  return b.name.starts_with("system:") ||
         b.root.at({"metadata", "labels"}).str("kubernetes.io/bootstrapping") == "rbac-defaults";
}

bool token_secret(const PodSpec& ps, std::string_view name) {
  std::string_view sa = ps.spec.str("serviceAccountName");
  if (sa.empty()) sa = ps.spec.str("serviceAccount");
  if (sa.empty()) sa = "default";
  std::string prefix = std::string(sa) + "-token-";
  if (name.size() != prefix.size() + 5 || !name.starts_with(prefix)) return false;
  for (char c : name.substr(prefix.size()))
    if (!std::isdigit(static_cast<unsigned char>(c)) &&
        !std::islower(static_cast<unsigned char>(c)))
      return false;
  return true;
}

std::vector<ConfigRef> config_refs(const PodSpec& ps) {
  std::vector<ConfigRef> out;
  for (const auto& c : ps.containers) {
    for (model::Value e : c.v.get("env")) {
      model::Value from = e.get("valueFrom");
      for (auto [field, kind] :
           {std::pair{"configMapKeyRef", "ConfigMap"}, std::pair{"secretKeyRef", "Secret"}}) {
        model::Value ref = from.get(field);
        if (!ref.is_map()) continue;
        ConfigRef r;
        r.via = ConfigRef::Via::Env;
        r.kind = kind;
        r.container = &c;
        r.name_at = ref.get("name");
        r.name = std::string(r.name_at.scalar());
        if (!r.name_at) r.name_at = ref;
        r.env = std::string(e.str("name"));
        r.key_at = ref.get("key");
        r.optional = ref.get("optional").is_true();
        out.push_back(std::move(r));
      }
    }
    for (model::Value e : c.v.get("envFrom")) {
      for (auto [field, kind] :
           {std::pair{"configMapRef", "ConfigMap"}, std::pair{"secretRef", "Secret"}}) {
        model::Value ref = e.get(field);
        if (!ref.is_map()) continue;
        ConfigRef r;
        r.via = ConfigRef::Via::EnvFrom;
        r.kind = kind;
        r.container = &c;
        r.name_at = ref.get("name");
        r.name = std::string(r.name_at.scalar());
        if (!r.name_at) r.name_at = ref;
        r.optional = ref.get("optional").is_true();
        out.push_back(std::move(r));
      }
    }
  }
  auto source = [&](ConfigRef::Via via, std::string_view kind, model::Value src,
                    std::string_view name_field, std::string_view volume) {
    if (!src.is_map()) return;
    ConfigRef r;
    r.via = via;
    r.kind = std::string(kind);
    r.name_at = src.get(name_field);
    r.name = std::string(r.name_at.scalar());
    if (!r.name_at) r.name_at = src;
    for (model::Value item : src.get("items"))
      if (model::Value k = item.get("key")) r.items.push_back(k);
    r.volume = std::string(volume);
    r.optional = src.get("optional").is_true();
    out.push_back(std::move(r));
  };
  for (model::Value vol : ps.spec.get("volumes")) {
    std::string_view vname = vol.str("name");
    source(ConfigRef::Via::Volume, "ConfigMap", vol.get("configMap"), "name", vname);
    source(ConfigRef::Via::Volume, "Secret", vol.get("secret"), "secretName", vname);
    // A CSI driver's credentials (the Secrets Store driver's, a cloud disk's).
    source(ConfigRef::Via::Volume, "Secret", vol.at({"csi", "nodePublishSecretRef"}), "name",
           vname);
    for (model::Value s : vol.at({"projected", "sources"})) {
      source(ConfigRef::Via::Projected, "ConfigMap", s.get("configMap"), "name", vname);
      source(ConfigRef::Via::Projected, "Secret", s.get("secret"), "name", vname);
    }
  }
  return out;
}

NameFilter::NameFilter(const Context& ctx, const Rule& rule, const std::string& param) {
  std::string pattern = ctx.param(rule, param);
  if (pattern.empty()) return;
  RE2::Options opts;
  opts.set_log_errors(false);
  auto re = std::make_unique<re2::RE2>(pattern, opts);
  if (re->ok()) re_ = std::move(re);
}

NameFilter::~NameFilter() = default;

bool NameFilter::ignored(std::string_view name) const {
  return re_ && RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), *re_);
}

}  // namespace kubesift::engine::lint::refs
