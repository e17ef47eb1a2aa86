#include "explain_scheduling_facts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kubesift/core/text.h"
#include "lint/context.h"

namespace kubesift::engine::sched {

bool filters(const model::Taint& t) {
  return t.effect == "NoSchedule" || t.effect == "NoExecute";
}

bool tolerates(const model::Toleration& tol, const model::Taint& t) {
  if (!tol.effect.empty() && tol.effect != t.effect) return false;
  if (!tol.key.empty() && tol.key != t.key) return false;
  if (tol.op == "Exists") return true;
  // Equal (or unset): an empty key matches only with Exists.
  return !tol.key.empty() && tol.value == t.value;
}

bool tolerated(const model::Pod& pod, const model::Taint& t) {
  return std::any_of(pod.tolerations.begin(), pod.tolerations.end(),
                     [&](const model::Toleration& tol) { return tolerates(tol, t); });
}

const model::Taint* untolerated(const model::Node& n, const model::Pod& pod) {
  for (const auto& t : n.taints)
    if (filters(t) && !tolerated(pod, t)) return &t;
  return nullptr;
}

bool requirement_ok(const model::Node& n, const model::NodeSelectorRequirement& r) {
  std::string value;
  bool present;
  if (r.field) {
    present = r.key == "metadata.name";
    value = n.meta.name;
  } else {
    auto it = n.meta.labels.find(r.key);
    present = it != n.meta.labels.end();
    if (present) value = it->second;
  }
  auto listed = [&] {
    return std::find(r.values.begin(), r.values.end(), value) != r.values.end();
  };
  if (r.op == "In") return present && listed();
  if (r.op == "NotIn") return !present || !listed();
  if (r.op == "Exists") return present;
  if (r.op == "DoesNotExist") return !present;
  if (r.op == "Gt" || r.op == "Lt") {
    long long have = 0, bound = 0;
    if (!present || r.values.size() != 1 || !text::to_int(value, have) ||
        !text::to_int(r.values[0], bound))
      return false;
    return r.op == "Gt" ? have > bound : have < bound;
  }
  return false;
}

bool affinity_ok(const model::Node& n, const std::vector<model::NodeSelectorTerm>& terms) {
  if (terms.empty()) return true;
  return std::any_of(terms.begin(), terms.end(), [&](const model::NodeSelectorTerm& t) {
    return !t.requirements.empty() && std::all_of(t.requirements.begin(), t.requirements.end(),
                                                  [&](const model::NodeSelectorRequirement& r) {
                                                    return requirement_ok(n, r);
                                                  });
  });
}

bool selector_ok(const model::Node& n, const model::Pod& pod) {
  for (const auto& [k, v] : pod.node_selector) {
    auto it = n.meta.labels.find(k);
    if (it == n.meta.labels.end() || it->second != v.value) return false;
  }
  return true;
}

const model::Condition* ready_condition(const model::Node& n) {
  for (const auto& c : n.conditions)
    if (c.type == "Ready") return &c;
  return nullptr;
}

bool parse_quantity(std::string_view s, double& out) {
  s = text::trim(s);
  // The quantity of a describe cell ("1500m (37%)"), read as lint reads one.
  std::optional<double> q = lint::quantity(s.substr(0, s.find(' ')));
  if (q) out = *q;
  return q.has_value();
}

namespace {

const model::Sourced<std::string>* request_of(const model::ContainerSpec& c,
                                              const std::string& resource) {
  if (resource == "cpu") return &c.resources.cpu_request;
  if (resource == "memory") return &c.resources.memory_request;
  auto it = c.resources.other_requests.find(resource);
  return it == c.resources.other_requests.end() ? nullptr : &it->second;
}

std::string join_values(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

Amount pod_request(const model::Pod& pod, const std::string& resource) {
  Amount sum, init;
  double largest = -1;
  for (const auto& c : pod.containers) {
    const model::Sourced<std::string>* r = request_of(c, resource);
    double v = 0;
    if (!r || !r->has() || !parse_quantity(r->value, v)) continue;
    Amount& into = c.init ? init : sum;
    if (c.init) {
      into.value = std::max(into.value, v);
    } else {
      into.value += v;
    }
    into.known = true;
    if (v > largest) {
      largest = v;
      into.at = r->at;
    }
  }
  if (init.known && (!sum.known || init.value > sum.value)) return init;
  return sum;
}

std::optional<double> free_of(const model::NodeResource& r) {
  double alloc = 0, used = 0;
  if (!r.allocatable.has() || !r.requested.has() || !parse_quantity(r.allocatable.value, alloc) ||
      !parse_quantity(r.requested.value, used))
    return std::nullopt;
  return std::max(0.0, alloc - used);
}

std::string format_amount(const std::string& resource, double v) {
  char buf[64];
  auto trimmed = [&](double x, const char* unit) {
    std::snprintf(buf, sizeof buf, "%.1f", x);
    std::string s = buf;
    if (s.ends_with(".0")) s.resize(s.size() - 2);
    return s + unit;
  };
  if (resource == "cpu") {
    double milli = std::round(v * 1000);
    if (std::fmod(milli, 1000) == 0) return trimmed(milli / 1000, "");
    std::snprintf(buf, sizeof buf, "%.0fm", milli);
    return buf;
  }
  if (resource == "memory" || resource == "ephemeral-storage" ||
      resource.starts_with("hugepages-")) {
    if (v >= 1073741824.0) return trimmed(v / 1073741824.0, "Gi");
    if (v >= 1048576.0) return trimmed(v / 1048576.0, "Mi");
    if (v >= 1024.0) return trimmed(v / 1024.0, "Ki");
    return trimmed(v, "");
  }
  return trimmed(v, "");
}

Stage stage_of(const model::Node& n, const model::Pod& pod,
               const std::vector<std::string>& resources) {
  if (n.unschedulable.has() && n.unschedulable.value &&
      !tolerated(pod, {"node.kubernetes.io/unschedulable", "", "NoSchedule", {}}))
    return Stage::Unschedulable;
  if (untolerated(n, pod)) return Stage::Taint;
  if (!selector_ok(n, pod) || (pod.node_affinity_known && !affinity_ok(n, pod.node_affinity)))
    return Stage::Affinity;
  for (const auto& res : resources) {
    auto it = n.resources.find(res);
    if (it == n.resources.end()) continue;
    std::optional<double> free = free_of(it->second);
    Amount want = pod_request(pod, res);
    if (free && want.known && *free < want.value) return Stage::Resources;
  }
  return Stage::Fits;
}

std::string taint_text(const model::Taint& t) {
  return t.key + (t.value.empty() ? "" : "=" + t.value) + (t.effect.empty() ? "" : ":" + t.effect);
}

std::string toleration_text(const model::Toleration& t) {
  std::string s =
      t.key + (t.value.empty() ? "" : "=" + t.value) + (t.effect.empty() ? "" : ":" + t.effect);
  if (t.op == "Exists") s += s.empty() ? "every taint (op=Exists)" : " (op=Exists)";
  return s;
}

std::string requirement_text(const model::NodeSelectorRequirement& r) {
  std::string vals = join_values(r.values);
  if (r.op == "In" || r.op == "NotIn") return r.key + " " + r.op + " (" + vals + ")";
  if (r.op == "Exists") return "the label " + r.key;
  if (r.op == "DoesNotExist") return "no label " + r.key;
  if (r.op == "Gt") return r.key + " > " + vals;
  if (r.op == "Lt") return r.key + " < " + vals;
  return r.key + " " + r.op + " " + vals;
}

}  // namespace kubesift::engine::sched
