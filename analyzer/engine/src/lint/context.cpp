#include "context.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>

namespace kubesift::engine::lint {
namespace {

Labels str_map(model::Value m) {
  Labels out;
  for (model::Value v : m)
    if (v.is_scalar()) out[std::string(v.key())] = std::string(v.scalar());
  return out;
}

bool find_path(model::Value v, uint32_t target, std::string& path) {
  if (v.index() == target) return true;
  if (target < v.index() || target >= v.end_index()) return false;
  size_t i = 0;
  for (model::Value c : v) {
    size_t keep = path.size();
    if (v.is_map()) {
      if (!path.empty()) path += '.';
      path += c.key();
    } else {
      path += "[" + std::to_string(i) + "]";
    }
    if (find_path(c, target, path)) return true;
    path.resize(keep);
    ++i;
  }
  return false;
}

}  // namespace

bool is_cluster_scoped(std::string_view kind) {
  static const std::set<std::string_view> kinds = {
      "APIService",
      "CertificateSigningRequest",
      "ClusterIssuer",
      "ClusterRole",
      "ClusterRoleBinding",
      "ComponentStatus",
      "CSIDriver",
      "CSINode",
      "CustomResourceDefinition",
      "FlowSchema",
      "IngressClass",
      "MutatingWebhookConfiguration",
      "Namespace",
      "Node",
      "PersistentVolume",
      "PodSecurityPolicy",
      "PriorityClass",
      "PriorityLevelConfiguration",
      "RuntimeClass",
      "SecurityContextConstraints",
      "StorageClass",
      "ValidatingAdmissionPolicy",
      "ValidatingAdmissionPolicyBinding",
      "ValidatingWebhookConfiguration",
      "VolumeAttachment",
  };
  return kinds.count(kind) > 0;
}

std::string Object::ref() const {
  if (cluster_scoped || ns.empty()) return kind + " " + name;
  return kind + " " + ns + "/" + name;
}

Labels Object::labels() const {
  return str_map(root.at({"metadata", "labels"}));
}

std::string_view Object::annotation(std::string_view key) const {
  return root.at({"metadata", "annotations"}).get(key).scalar();
}

bool Selector::matches(const Labels& l) const {
  for (const auto& [k, v] : labels) {
    auto it = l.find(k);
    if (it == l.end() || it->second != v) return false;
  }
  for (const auto& e : exprs) {
    auto it = l.find(e.key);
    bool has = it != l.end();
    bool in = has && std::find(e.values.begin(), e.values.end(), it->second) != e.values.end();
    if (e.op == "In" && !in) return false;
    if (e.op == "NotIn" && in) return false;
    if (e.op == "Exists" && !has) return false;
    if (e.op == "DoesNotExist" && has) return false;
  }
  return !invalid;
}

std::string Selector::describe() const {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ",") + s; };
  for (const auto& [k, v] : labels) add(k + "=" + v);
  for (const auto& e : exprs) {
    std::string vals;
    for (const auto& v : e.values) vals += (vals.empty() ? "" : ",") + v;
    if (e.op == "Exists")
      add(e.key);
    else if (e.op == "DoesNotExist")
      add("!" + e.key);
    else
      add(e.key + (e.op == "In" ? " in (" : " notin (") + vals + ")");
  }
  return out.empty() ? "(everything)" : out;
}

Selector label_selector(model::Value v, bool* direct) {
  if (direct) *direct = false;
  Selector s;
  if (!v || v.is_null()) return s;
  s.written = true;
  if (!v.is_map()) {
    s.invalid = true;
    return s;
  }
  if (!v.get("matchLabels") && !v.get("matchExpressions")) {
    if (direct) *direct = v.size() > 0;
    return s;  // selects everything, as the API server reads it
  }
  return parse_selector(v);
}

Selector map_selector(model::Value v) {
  Selector s;
  if (!v || v.is_null()) return s;
  s.written = true;
  if (!v.is_map()) {
    s.invalid = true;
    return s;
  }
  s.labels = str_map(v);
  return s;
}

model::Value template_of(const Object& o) {
  model::Value spec = o.root.get("spec");
  if (o.kind == "CronJob") return spec.at({"jobTemplate", "spec", "template"});
  if (o.kind == "PodTemplate") return o.root.get("template");
  if (o.kind == "Deployment" || o.kind == "StatefulSet" || o.kind == "DaemonSet" ||
      o.kind == "ReplicaSet" || o.kind == "ReplicationController" || o.kind == "Job" ||
      o.kind == "DeploymentConfig" || o.kind == "Rollout")
    return spec.get("template");
  return {};
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t comma = s.find(',', pos);
    std::string_view item = s.substr(pos, comma == std::string_view::npos ? s.npos : comma - pos);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front())))
      item.remove_prefix(1);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back())))
      item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

Selector parse_selector(model::Value v) {
  Selector s;
  if (!v || v.is_null()) return s;
  s.written = true;
  if (!v.is_map()) {
    s.invalid = true;
    return s;
  }
  model::Value ml = v.get("matchLabels"), me = v.get("matchExpressions");
  if (!ml && !me) {
    s.labels = str_map(v);  // a plain map (Service, ReplicationController)
    return s;
  }
  s.labels = str_map(ml);
  for (model::Value e : me) {
    Selector::Expr x;
    x.key = std::string(e.str("key"));
    x.op = std::string(e.str("operator"));
    for (model::Value val : e.get("values"))
      if (val.is_scalar()) x.values.emplace_back(val.scalar());
    if (x.op != "In" && x.op != "NotIn" && x.op != "Exists" && x.op != "DoesNotExist")
      s.invalid = true;
    s.exprs.push_back(std::move(x));
  }
  return s;
}

std::optional<double> quantity(std::string_view s) {
  if (s.empty()) return std::nullopt;
  // Kubernetes quantities: a decimal number, then a binary (Ki..Ei) or
  // decimal (n, u, m, k, M, G, T, P, E) suffix, or an exponent.
  static const std::pair<std::string_view, double> suffixes[] = {
      {"Ki", 1024.0},
      {"Mi", 1048576.0},
      {"Gi", 1073741824.0},
      {"Ti", 1099511627776.0},
      {"Pi", 1125899906842624.0},
      {"Ei", 1152921504606846976.0},
      {"n", 1e-9},
      {"u", 1e-6},
      {"m", 1e-3},
      {"k", 1e3},
      {"M", 1e6},
      {"G", 1e9},
      {"T", 1e12},
      {"P", 1e15},
      {"E", 1e18},
  };
  double mult = 1;
  std::string_view num = s;
  for (const auto& [suf, m] : suffixes) {
    if (s.size() > suf.size() && s.ends_with(suf)) {
      // "1E" is 1 exa, "1e3" is an exponent: only a trailing letter counts.
      num = s.substr(0, s.size() - suf.size());
      mult = m;
      break;
    }
  }
  std::string n(num);
  char* end = nullptr;
  double d = std::strtod(n.c_str(), &end);
  if (end != n.c_str() + n.size() || n.empty() || !std::isfinite(d)) return std::nullopt;
  if (n.find_first_of("xXnN") != std::string::npos) return std::nullopt;  // hex, nan, inf
  return d * mult;
}

std::string field_path(model::Value root, const model::Value& node) {
  std::string path;
  if (!node || node.tree() != root.tree() || !find_path(root, node.index(), path)) return {};
  return path;
}

const Object* Context::object_of(const model::Value& v) const {
  auto it = objects_by_tree_.find(v.tree());
  if (it == objects_by_tree_.end()) return nullptr;
  // The objects of one tree are in node order: the owner is the last one
  // starting at or before the value.
  const auto& list = it->second;
  auto pos = std::upper_bound(list.begin(), list.end(), v.index(), [&](uint32_t idx, size_t i) {
    return idx < objects_[i].root.index();
  });
  if (pos == list.begin()) return nullptr;
  const Object& o = objects_[*(pos - 1)];
  return v.index() < o.root.end_index() ? &o : nullptr;
}

Context::Context(const model::Store& store, const LintOptions& opts) : store_(store), opts_(opts) {
  const auto& decls = store.facts.objects;
  objects_.reserve(decls.size());
  for (const auto& d : decls) {
    if (opts.declared_only && d.observed) continue;
    if (!d.root.is_map()) continue;
    Object o;
    o.decl = &d;
    o.root = d.root;
    o.kind = d.meta.kind;
    o.name = d.meta.name;
    o.ns = d.meta.ns;
    std::string_view api = d.meta.api_version;
    size_t slash = api.find('/');
    if (slash == std::string_view::npos) {
      o.version = std::string(api);
    } else {
      o.group = std::string(api.substr(0, slash));
      o.version = std::string(api.substr(slash + 1));
    }
    o.cluster_scoped = is_cluster_scoped(o.kind);
    o.ns_key_ = o.cluster_scoped ? "" : (o.ns.empty() ? "default" : o.ns);
    o.path = d.meta.at.doc != model::kNoDoc ? store.doc(d.meta.at.doc).path : std::string();
    o.index = objects_.size();
    o.annotations = o.root.at({"metadata", "annotations"});
    o.template_annotations = template_of(o).at({"metadata", "annotations"});
    doc_by_tree_[d.tree.get()] = d.meta.at.doc;
    objects_by_tree_[d.tree.get()].push_back(objects_.size());
    objects_.push_back(std::move(o));
  }
  for (const auto& o : objects_) {
    by_kind_[o.kind].push_back(o.index);
    by_name_[o.kind][o.ns_key()].emplace(o.name, o.index);
    PodSpec ps;
    ps.obj = &o;
    if (o.kind == "Pod") {
      ps.spec = o.root.get("spec");
      ps.meta = o.root.get("metadata");
    } else {
      ps.template_ = template_of(o);
      if (!ps.template_) continue;
      ps.spec = ps.template_.get("spec");
      ps.meta = ps.template_.get("metadata");
    }
    // A template without a spec still has labels that selectors match.
    if (!ps.spec.is_map() && !ps.meta.is_map()) continue;
    ps.labels = str_map(ps.meta.get("labels"));
    for (auto [key, init, eph] :
         {std::tuple{"initContainers", true, false}, std::tuple{"containers", false, false},
          std::tuple{"ephemeralContainers", false, true}}) {
      size_t i = 0;
      for (model::Value c : ps.spec.get(key)) {
        // A container without a name is named by its place ("containers[0]").
        std::string name(c.str("name"));
        if (name.empty()) name = std::string(key) + "[" + std::to_string(i) + "]";
        if (c.is_map()) ps.containers.push_back({c, std::move(name), init, eph});
        ++i;
      }
    }
    size_t idx = pod_specs_.size();
    pod_spec_by_object_[o.index] = idx;
    for (const auto& [k, v] : ps.labels) pods_by_label_[o.ns_key()][k + "=" + v].push_back(idx);
    pods_by_ns_[o.ns_key()].push_back(idx);
    pod_specs_.push_back(std::move(ps));
  }
}

model::DocId Context::doc_of(const model::Value& v) const {
  auto it = doc_by_tree_.find(v.tree());
  return it == doc_by_tree_.end() ? model::kNoDoc : it->second;
}

std::vector<const Object*> Context::of_kind(std::string_view kind) const {
  std::vector<const Object*> out;
  auto it = by_kind_.find(kind);
  if (it != by_kind_.end())
    for (size_t i : it->second) out.push_back(&objects_[i]);
  return out;
}

std::vector<const Object*> Context::of_kind(std::string_view kind, std::string_view ns_key) const {
  std::vector<const Object*> out;
  auto k = by_name_.find(kind);
  if (k == by_name_.end()) return out;
  auto n = k->second.find(ns_key);
  if (n == k->second.end()) return out;
  for (const auto& [name, i] : n->second) out.push_back(&objects_[i]);
  std::sort(out.begin(), out.end(),
            [](const Object* a, const Object* b) { return a->index < b->index; });
  return out;
}

std::vector<const Object*> Context::find(std::string_view kind, std::string_view ns_key,
                                         std::string_view name) const {
  std::vector<const Object*> out;
  auto k = by_name_.find(kind);
  if (k == by_name_.end()) return out;
  // A cluster-scoped kind lives under the "" namespace key.
  auto n = k->second.find(is_cluster_scoped(kind) ? std::string_view() : ns_key);
  if (n == k->second.end()) return out;
  auto [lo, hi] = n->second.equal_range(std::string(name));
  for (auto it = lo; it != hi; ++it) out.push_back(&objects_[it->second]);
  std::sort(out.begin(), out.end(),
            [](const Object* a, const Object* b) { return a->index < b->index; });
  return out;
}

const PodSpec* Context::pod_spec_of(const Object& o) const {
  auto it = pod_spec_by_object_.find(o.index);
  return it == pod_spec_by_object_.end() ? nullptr : &pod_specs_[it->second];
}

std::vector<const PodSpec*> Context::selected_pods(std::string_view ns_key,
                                                   const Selector& sel) const {
  return selected_pods(ns_key, sel, SIZE_MAX);
}

bool Context::selects_any_pod(std::string_view ns_key, const Selector& sel) const {
  return !selected_pods(ns_key, sel, 1).empty();
}

std::vector<const PodSpec*> Context::selected_pods(std::string_view ns_key, const Selector& sel,
                                                   size_t limit) const {
  std::vector<const PodSpec*> out;
  // Candidates: the pods carrying the rarest of the selector's label pairs,
  // else (expressions only) every pod of the namespace.
  const std::vector<size_t>* candidates = nullptr;
  auto ns = pods_by_label_.find(ns_key);
  for (const auto& [k, v] : sel.labels) {
    if (ns == pods_by_label_.end()) return out;
    auto it = ns->second.find(k + "=" + v);
    if (it == ns->second.end()) return out;
    if (!candidates || it->second.size() < candidates->size()) candidates = &it->second;
  }
  if (!candidates) {
    auto all = pods_by_ns_.find(ns_key);
    if (all == pods_by_ns_.end()) return out;
    candidates = &all->second;
  }
  for (size_t i : *candidates)
    if (sel.matches(pod_specs_[i].labels)) {
      out.push_back(&pod_specs_[i]);
      if (out.size() >= limit) break;
    }
  return out;
}

std::vector<const PodSpec*> Context::selected_pods_elsewhere(std::string_view ns_key,
                                                             const Selector& sel) const {
  std::vector<const PodSpec*> out;
  for (const auto& [ns, pods] : pods_by_ns_) {
    if (ns == ns_key) continue;
    for (const PodSpec* p : selected_pods(ns, sel)) out.push_back(p);
  }
  std::sort(out.begin(), out.end());  // input order (pod specs are stored in it)
  return out;
}

namespace {

// A Service's selector, or nothing for a Service that selects no pods: one
// without a selector (its endpoints are managed by hand) or an ExternalName.
std::optional<Selector> service_selector(const Object& svc) {
  if (svc.root.at({"spec", "type"}).scalar() == "ExternalName") return std::nullopt;
  Selector sel = map_selector(svc.root.at({"spec", "selector"}));
  if (sel.empty() || sel.invalid) return std::nullopt;
  return sel;
}

}  // namespace

SelectorIndex::SelectorIndex(const std::vector<const Object*>& objects, SelectorOf selector_of) {
  std::vector<std::pair<const Object*, Selector>> all;
  std::unordered_map<std::string, size_t> freq;  // how many selectors use each pair
  for (const Object* o : objects) {
    auto sel = selector_of(*o);
    if (!sel || sel->invalid) continue;
    for (const auto& [k, v] : sel->labels) ++freq[k + "=" + v];
    all.emplace_back(o, std::move(*sel));
  }
  for (auto& [o, sel] : all) {
    std::string rarest;
    size_t best = SIZE_MAX;
    for (const auto& [k, v] : sel.labels) {
      std::string pair = k + "=" + v;
      if (size_t n = freq[pair]; n < best) {
        best = n;
        rarest = std::move(pair);
      }
    }
    Namespace& ns = ns_[o->ns_key()];
    if (best == SIZE_MAX)
      ns.always.push_back({o, std::move(sel)});
    else
      ns.by_pair[rarest].push_back({o, std::move(sel)});
  }
}

std::vector<const Object*> SelectorIndex::selecting(std::string_view ns_key,
                                                    const Labels& labels) const {
  std::vector<const Object*> out;
  auto ns = ns_.find(ns_key);
  if (ns == ns_.end()) return out;
  for (const auto& e : ns->second.always)
    if (e.sel.matches(labels)) out.push_back(e.obj);
  std::string pair;
  for (const auto& [k, v] : labels) {
    pair.assign(k).append("=").append(v);
    auto it = ns->second.by_pair.find(pair);
    if (it == ns->second.by_pair.end()) continue;
    for (const auto& e : it->second)
      if (e.sel.matches(labels)) out.push_back(e.obj);
  }
  std::sort(out.begin(), out.end(),
            [](const Object* a, const Object* b) { return a->index < b->index; });
  return out;
}

const SelectorIndex& Context::selector_index(std::string_view kind,
                                             SelectorIndex::SelectorOf selector_of) const {
  std::lock_guard<std::mutex> lock(index_mutex_);
  auto& slot = selector_indexes_[{std::string(kind), selector_of}];
  if (!slot) slot = std::make_unique<SelectorIndex>(of_kind(kind), selector_of);
  return *slot;
}

std::vector<const Object*> Context::services_selecting(std::string_view ns_key,
                                                       const Labels& labels) const {
  return selector_index("Service", &service_selector).selecting(ns_key, labels);
}

const std::vector<const Object*>& Context::services_of(const PodSpec& ps) const {
  std::call_once(services_done_, [this] {
    services_of_.assign(pod_specs_.size(), {});
    for (const Object* svc : of_kind("Service")) {
      auto found = service_selector(*svc);
      if (!found) continue;
      const Selector& sel = *found;
      for (const PodSpec* p : selected_pods(svc->ns_key(), sel))
        services_of_[static_cast<size_t>(p - pod_specs_.data())].push_back(svc);
    }
  });
  return services_of_[static_cast<size_t>(&ps - pod_specs_.data())];
}

bool Context::holds(std::string_view kind, std::string_view ns_key) const {
  for (const Object* o : of_kind(kind))
    if (o->cluster_scoped || o->ns_key() == ns_key) return true;
  return false;
}

std::string Context::param(const Rule& r, const std::string& name) const {
  auto rit = opts_.config.params.find(r.id);
  if (rit != opts_.config.params.end()) {
    auto pit = rit->second.find(name);
    if (pit != rit->second.end()) return pit->second;
  }
  auto it = r.params.find(name);
  return it == r.params.end() ? std::string() : it->second;
}

long long Context::param_int(const Rule& r, const std::string& name, long long fallback) const {
  std::string v = param(r, name);
  char* end = nullptr;
  long long n = std::strtoll(v.c_str(), &end, 10);
  return v.empty() || *end ? fallback : n;
}

Hit make_hit(const Rule& rule, const Object& obj, std::string_view container) {
  Hit h;
  h.rule = &rule;
  h.obj = &obj;
  h.container = std::string(container);
  h.vars = {{"kind", obj.kind},
            {"name", obj.name},
            {"namespace", obj.ns.empty() ? obj.ns_key() : obj.ns},
            {"object", obj.kind + " " + obj.name}};
  if (!container.empty()) h.vars.emplace_back("container", std::string(container));
  return h;
}

}  // namespace kubesift::engine::lint
