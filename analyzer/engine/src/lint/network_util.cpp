#include "network_util.h"

#include <algorithm>
#include <cctype>

namespace kubesift::engine::lint::net {
Pods::Pods(const Context& ctx) : ctx_(ctx) {
  // One template per pod spec of the context (templates without a spec
  // included), in the same order, so the context's label index serves.
  for (const PodSpec& ps : ctx.pod_specs()) {
    PodTemplate pt;
    pt.obj = ps.obj;
    pt.meta = ps.meta;
    pt.tmpl = ps.template_;
    pt.spec = ps.spec.is_map() ? &ps : nullptr;
    pt.labels = ps.labels;
    by_ns_[ps.obj->ns_key()].push_back(all_.size());
    by_object_[ps.obj->index] = all_.size();
    all_.push_back(std::move(pt));
  }
}

const PodTemplate* Pods::of(const Object& o) const {
  auto it = by_object_.find(o.index);
  return it == by_object_.end() ? nullptr : &all_[it->second];
}

std::vector<const PodTemplate*> Pods::in(std::string_view ns) const {
  std::vector<const PodTemplate*> out;
  if (auto it = by_ns_.find(ns); it != by_ns_.end())
    for (size_t i : it->second) out.push_back(&all_[i]);
  return out;
}

std::vector<const PodTemplate*> Pods::selected(std::string_view ns, const Selector& sel) const {
  return templates(ctx_.selected_pods(ns, sel));
}

std::vector<const PodTemplate*> Pods::selected_elsewhere(std::string_view ns,
                                                         const Selector& sel) const {
  return templates(ctx_.selected_pods_elsewhere(ns, sel));
}

std::vector<const PodTemplate*> Pods::templates(const std::vector<const PodSpec*>& specs) const {
  std::vector<const PodTemplate*> out;
  for (const PodSpec* ps : specs)
    out.push_back(&all_[static_cast<size_t>(ps - ctx_.pod_specs().data())]);
  return out;
}

std::vector<const Object*> objects_of(const std::vector<const PodTemplate*>& pods) {
  std::vector<const Object*> out;
  for (const PodTemplate* p : pods) out.push_back(p->obj);
  return out;
}

std::vector<const Object*> named_elsewhere(const Context& ctx, std::string_view kind,
                                           std::string_view ns, std::string_view name) {
  std::vector<const Object*> out;
  for (const Object* o : ctx.of_kind(kind))
    if (o->name == name && o->ns_key() != ns) out.push_back(o);
  return out;
}

std::string count_of(size_t n, std::string_view noun) {
  std::string out = std::to_string(n) + " " + std::string(noun);
  if (n != 1) out += "s";
  return out;
}

std::string objects_of(const std::vector<const Object*>& objs) {
  if (objs.empty()) return "nothing";
  std::string out = objs.front()->kind + " " + objs.front()->name;
  if (objs.size() > 1) out += " and " + std::to_string(objs.size() - 1) + " more";
  return out;
}

Absence absence(const Context& ctx, size_t count, std::string_view noun, std::string_view where,
                const std::vector<const Object*>& elsewhere) {
  Absence a;
  if (count > 0) {
    a.report = true;
    a.why = "the input holds " + count_of(count, noun) + " in " + std::string(where);
  } else if (!elsewhere.empty()) {
    const Object& o = *elsewhere.front();
    a.report = true;
    a.why = "only " + o.kind + " " + o.name + " of namespace " + o.ns_key();
    if (elsewhere.size() > 1) a.why += " and " + std::to_string(elsewhere.size() - 1) + " more";
    a.why += " would match, not anything in " + std::string(where);
  } else if (ctx.strict_refs()) {
    a.report = true;
    a.why = "reported because of --strict-refs; the input holds no " + std::string(noun) + " in " +
            std::string(where);
  }
  return a;
}

std::string labels_str(const Labels& l) {
  if (l.empty()) return "(none)";
  std::string out;
  for (const auto& [k, v] : l) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

model::Value first_of(const Object& o, std::initializer_list<model::Value> candidates) {
  for (const auto& v : candidates)
    if (v) return v;
  if (model::Value n = o.root.at({"metadata", "name"})) return n;
  return o.root;
}

Cite cite(model::Value v) {
  return {v, "config", {}};
}

std::vector<const PodSpec::Container*> serving_containers(const PodTemplate& pt) {
  std::vector<const PodSpec::Container*> out;
  if (!pt.spec) return out;
  for (const auto& c : pt.spec->containers) {
    if (c.ephemeral) continue;
    if (c.init && c.v.str("restartPolicy") != "Always") continue;
    out.push_back(&c);
  }
  return out;
}

PolicyTypes policy_types(const Object& np) {
  PolicyTypes t;
  model::Value spec = np.root.get("spec");
  model::Value types = spec.get("policyTypes");
  if (types.is_seq() && types.size() > 0) {
    for (model::Value v : types) {
      if (iequals(v.scalar(), "Ingress")) t.ingress = true;
      if (iequals(v.scalar(), "Egress")) t.egress = true;
    }
    return t;
  }
  // Not given: every policy isolates ingress; one with egress rules, egress.
  t.ingress = true;
  model::Value egress = spec.get("egress");
  t.egress = egress.is_seq() && egress.size() > 0;
  return t;
}

namespace {
std::optional<Selector> pod_selector(const Object& np) {
  Selector s = label_selector(np.root.at({"spec", "podSelector"}));
  if (s.invalid) return std::nullopt;
  return s;
}
}  // namespace

std::vector<const Object*> policies_selecting(const Context& ctx, const PodTemplate& pt) {
  return ctx.selector_index("NetworkPolicy", &pod_selector).selecting(pt.obj->ns_key(), pt.labels);
}

model::Value pod_labels_anchor(const PodTemplate& pt) {
  if (model::Value l = pt.meta.get("labels")) return l;
  if (pt.meta) return pt.meta;
  if (pt.tmpl) return pt.tmpl;
  return pt.obj->root.at({"metadata", "name"});
}

}  // namespace kubesift::engine::lint::net
