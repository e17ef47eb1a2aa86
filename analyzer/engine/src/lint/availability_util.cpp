#include "availability_util.h"

#include <cctype>
#include <cstdlib>

namespace kubesift::engine::lint::avail {
namespace {

bool has_replicas(std::string_view kind) {
  return kind == "Deployment" || kind == "StatefulSet" || kind == "ReplicaSet" ||
         kind == "ReplicationController" || kind == "DeploymentConfig" || kind == "Rollout";
}

// The workload's own selector: spec.selector, or a CronJob's job template's.
model::Value selector_of(const Object& o) {
  model::Value spec = o.root.get("spec");
  if (o.kind == "CronJob") return spec.at({"jobTemplate", "spec", "selector"});
  if (o.kind == "Pod") return {};
  return spec.get("selector");
}

std::string group_of(std::string_view api_version) {
  size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string()
                                         : std::string(api_version.substr(0, slash));
}

// extensions/v1beta1 served Deployments, ReplicaSets and DaemonSets that are
// apps ones today.
std::string norm_group(const std::string& g, std::string_view kind) {
  if (g == "extensions" && (kind == "Deployment" || kind == "ReplicaSet" || kind == "DaemonSet"))
    return "apps";
  return g;
}

}  // namespace

std::optional<Replicas> replicas_of(const Object& o) {
  if (!has_replicas(o.kind)) return std::nullopt;
  Replicas r;
  model::Value spec = o.root.get("spec");
  model::Value v = spec.get("replicas");
  if (v && !v.is_null()) {
    if (auto n = v.as_int()) {
      r.n = *n;
      r.set = true;
      r.at = v;
      return r;
    }
  }
  r.at = v ? v : spec_or_name(o);
  return r;
}

model::Value spec_or_name(const Object& o) {
  if (model::Value s = o.root.get("spec")) return s;
  if (model::Value n = o.root.at({"metadata", "name"})) return n;
  return o.root.get("kind");
}

model::Value first_of(const Object& o, std::initializer_list<model::Value> vs) {
  for (const auto& v : vs)
    if (v) return v;
  if (model::Value n = o.root.at({"metadata", "name"})) return n;
  return o.root.get("kind");
}

std::string replicas_text(long long n) {
  return std::to_string(n) + (n == 1 ? " replica" : " replicas");
}

model::Value pod_template(const Object& o) {
  model::Value spec = o.root.get("spec");
  if (o.kind == "Pod") return o.root;
  if (o.kind == "CronJob") return spec.at({"jobTemplate", "spec", "template"});
  if (o.kind == "PodTemplate") return o.root.get("template");
  return spec.get("template");
}

Labels pod_labels(const Object& o, bool with_selector) {
  Labels out;
  for (model::Value v : pod_template(o).at({"metadata", "labels"}))
    if (v.is_scalar()) out[std::string(v.key())] = std::string(v.scalar());
  if (!with_selector) return out;
  Selector sel = parse_selector(selector_of(o));
  for (const auto& [k, v] : sel.labels) out.emplace(k, v);
  return out;
}

model::Value labels_anchor(const Object& o) {
  model::Value t = pod_template(o);
  return first_of(o, {t.at({"metadata", "labels"}), t.get("metadata"),
                      o.kind == "Pod" ? model::Value() : t, o.root.get("spec")});
}

namespace {
// A budget's selector: none written or an unknown operator selects nothing,
// and so does an empty one in policy/v1beta1 (in v1 it selects every pod).
std::optional<Selector> pdb_selector(const Object& pdb) {
  Selector sel = parse_selector(pdb.root.at({"spec", "selector"}));
  if (!sel.written || sel.invalid) return std::nullopt;
  if (sel.empty() && pdb.version == "v1beta1") return std::nullopt;
  return sel;
}
}  // namespace

bool pdb_selects(const Object& pdb, const Labels& labels) {
  auto sel = pdb_selector(pdb);
  return sel && sel->matches(labels);
}

std::vector<const Object*> pdbs_selecting(const Context& ctx, std::string_view ns_key,
                                          const Labels& labels) {
  return ctx.selector_index("PodDisruptionBudget", &pdb_selector).selecting(ns_key, labels);
}

std::vector<const Object*> autoscalers_of(const Context& ctx, const Object& o, bool keda) {
  std::vector<const Object*> out;
  for (const char* kind : {"HorizontalPodAutoscaler", "ScaledObject"}) {
    bool scaled_object = std::string_view(kind) == "ScaledObject";
    if (scaled_object && !keda) continue;
    for (const Object* a : ctx.of_kind(kind, o.ns_key())) {
      model::Value ref = a->root.at({"spec", "scaleTargetRef"});
      std::string_view k = ref.str("kind"), n = ref.str("name"), api = ref.str("apiVersion");
      // A ScaledObject targets a Deployment (apps/v1) unless it says otherwise.
      if (k.empty() && scaled_object) k = "Deployment";
      if (k != o.kind || n != o.name) continue;
      if (!api.empty() && norm_group(group_of(api), o.kind) != norm_group(o.group, o.kind))
        continue;
      out.push_back(a);
    }
  }
  return out;
}

model::Value autoscaler_min_field(const Object& a) {
  model::Value spec = a.root.get("spec");
  return a.kind == "ScaledObject" ? spec.get("minReplicaCount") : spec.get("minReplicas");
}

long long autoscaler_min(const Object& a) {
  if (auto n = autoscaler_min_field(a).as_int()) return *n;
  return 1;
}

std::vector<const Object*> services_selecting(const Context& ctx, std::string_view ns_key,
                                              const Labels& labels) {
  return ctx.services_selecting(ns_key, labels);
}

std::optional<IntOrPercent> int_or_percent(model::Value v) {
  if (!v.is_scalar()) return std::nullopt;
  std::string_view s = v.scalar();
  IntOrPercent r;
  if (s.ends_with('%')) {
    r.percent = true;
    s.remove_suffix(1);
  } else if (v.quoted()) {
    return std::nullopt;  // a string must be a percentage
  }
  if (s.empty()) return std::nullopt;
  std::string n(s);
  char* end = nullptr;
  long long x = std::strtoll(n.c_str(), &end, 10);
  if (*end || n.empty() || (!std::isdigit(static_cast<unsigned char>(n[0])) && n[0] != '-'))
    return std::nullopt;
  r.value = x;
  return r;
}

std::vector<AntiAffinityTerm> anti_affinity_terms(model::Value pod_spec) {
  std::vector<AntiAffinityTerm> out;
  model::Value paa = pod_spec.at({"affinity", "podAntiAffinity"});
  for (model::Value t : paa.get("preferredDuringSchedulingIgnoredDuringExecution"))
    if (model::Value term = t.get("podAffinityTerm"); term.is_map()) out.push_back({term, false});
  for (model::Value t : paa.get("requiredDuringSchedulingIgnoredDuringExecution"))
    if (t.is_map()) out.push_back({t, true});
  return out;
}

void run_hpa_floor(const Context& ctx, const Rule& rule, std::vector<Hit>& out,
                   long long default_min) {
  long long min = ctx.param_int(rule, "min-replicas", default_min);
  for (const Object* a : ctx.of_kind("HorizontalPodAutoscaler")) {
    model::Value field = autoscaler_min_field(*a);
    long long floor = autoscaler_min(*a);
    if (floor >= min) continue;
    Hit h = make_hit(rule, *a);
    bool set = field.as_int().has_value();
    h.cites.push_back(cite(set ? field : spec_or_name(*a)));
    h.vars.emplace_back("floor", set ? "sets minReplicas " + std::to_string(floor)
                                     : "sets no minReplicas, so it scales down to 1");
    h.vars.emplace_back("min-replicas", std::to_string(min));
    out.push_back(std::move(h));
  }
}

}  // namespace kubesift::engine::lint::avail
