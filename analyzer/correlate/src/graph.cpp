#include "kubesift/correlate/graph.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

#include "event_names.h"
#include "kubesift/core/text.h"

namespace kubesift::correlate {
namespace {

using model::ContainerSpec;
using model::ContainerStatus;
using model::Pod;
using model::Workload;

template <typename T>
void fill(model::Sourced<T>& into, const model::Sourced<T>& from) {
  if (!into.has() && from.has()) into = from;
}

void merge_state(model::ContainerState& into, const model::ContainerState& from) {
  if (into.kind == model::ContainerState::Kind::None) {
    into = from;
    return;
  }
  if (into.kind != from.kind) return;
  fill(into.reason, from.reason);
  fill(into.message, from.message);
  fill(into.exit_code, from.exit_code);
  fill(into.signal, from.signal);
}

void merge_spec(ContainerSpec& into, const ContainerSpec& from) {
  fill(into.image, from.image);
  if (into.command.empty() && !from.command.empty()) {
    into.command = from.command;
    into.command_at = from.command_at;
  }
  if (into.args.empty() && !from.args.empty()) {
    into.args = from.args;
    into.args_at = from.args_at;
  }
  bool better_ports =
      from.ports_known && (!into.ports_known || (!into.port_names_known && from.port_names_known));
  if (better_ports) {
    into.ports = from.ports;
    into.ports_known = true;
    into.port_names_known = from.port_names_known;
  }
  if (!into.env_known && from.env_known) {
    into.env = from.env;
    into.env_from = from.env_from;
    into.env_known = true;
  }
  if (!into.resources.known && from.resources.known) into.resources = from.resources;
  if (!into.probes_known && from.probes_known) {
    into.liveness = from.liveness;
    into.readiness = from.readiness;
    into.startup = from.startup;
    into.probes_known = true;
  }
  if (into.mounts.empty()) into.mounts = from.mounts;
  if (!into.at.valid()) into.at = from.at;
}

void merge_status(ContainerStatus& into, const ContainerStatus& from) {
  fill(into.ready, from.ready);
  fill(into.restart_count, from.restart_count);
  merge_state(into.state, from.state);
  merge_state(into.last_state, from.last_state);
  if (into.image.empty()) into.image = from.image;
  if (!into.at.valid()) into.at = from.at;
}

void merge_meta(model::ObjectMeta& into, const model::ObjectMeta& from) {
  if (into.ns.empty()) into.ns = from.ns;
  if (into.uid.empty()) into.uid = from.uid;
  if (into.api_version.empty()) into.api_version = from.api_version;
  for (const auto& [k, v] : from.labels) into.labels.emplace(k, v);
  if (into.owners.empty()) into.owners = from.owners;
  if (!into.at.valid()) into.at = from.at;
}

// Containers (specs or statuses) are matched by name: merged when both
// records have one, appended when only `from` has it.
template <typename T, typename Merge>
void merge_by_name(std::vector<T>& into, const std::vector<T>& from, Merge merge) {
  for (const auto& x : from) {
    auto it = std::find_if(into.begin(), into.end(), [&](const T& y) { return y.name == x.name; });
    if (it == into.end())
      into.push_back(x);
    else
      merge(*it, x);
  }
}

void merge_pod(Pod& into, const Pod& from) {
  merge_meta(into.meta, from.meta);
  fill(into.phase, from.phase);
  fill(into.reason, from.reason);
  fill(into.message, from.message);
  fill(into.node, from.node);
  fill(into.restart_policy, from.restart_policy);
  fill(into.start_time, from.start_time);
  fill(into.table_status, from.table_status);
  fill(into.table_ready, from.table_ready);
  fill(into.table_restarts, from.table_restarts);
  if (into.conditions.empty()) into.conditions = from.conditions;
  into.from_manifest = into.from_manifest && from.from_manifest;
  merge_by_name(into.containers, from.containers, merge_spec);
  merge_by_name(into.statuses, from.statuses, merge_status);
  if (into.volumes.empty()) into.volumes = from.volumes;
  if (into.image_pull_secrets.empty()) into.image_pull_secrets = from.image_pull_secrets;
  // Scheduling constraints: the first input that showed each wins.
  if (!into.node_selector_known && from.node_selector_known) {
    into.node_selector = from.node_selector;
    into.node_selector_known = true;
  }
  if (!into.node_affinity_known && from.node_affinity_known) {
    into.node_affinity = from.node_affinity;
    into.node_affinity_known = true;
  }
  if (!into.tolerations_known && from.tolerations_known) {
    into.tolerations = from.tolerations;
    into.tolerations_known = true;
  }
}

void merge_workload(Workload& into, const Workload& from) {
  merge_meta(into.meta, from.meta);
  fill(into.replicas, from.replicas);
  fill(into.ready_replicas, from.ready_replicas);
  fill(into.available_replicas, from.available_replicas);
  fill(into.updated_replicas, from.updated_replicas);
  if (into.selector.empty()) into.selector = from.selector;
  if (into.template_labels.empty()) into.template_labels = from.template_labels;
  if (into.conditions.empty()) into.conditions = from.conditions;
  into.from_manifest = into.from_manifest && from.from_manifest;
  merge_by_name(into.containers, from.containers, merge_spec);
}

// Merges records that name the same object. A record whose namespace is
// unknown (a table printed without -n) joins the one object of that name.
template <typename T, typename Merge>
std::vector<T> merge_records(const std::vector<const T*>& records, Merge merge,
                             bool (*same_kind)(const T&, const T&), bool take = false) {
  std::vector<T> out;
  out.reserve(records.size());
  // Records by name (indices into `out`, in order): a List of 200,000 pods
  // is merged in linear time, not by comparing every pair.
  std::unordered_map<std::string, std::vector<size_t>> by_name;
  for (const T* rp : records) {
    const T& r = *rp;
    T* match = nullptr;
    int candidates = 0;
    auto named = by_name.find(r.meta.name);
    if (named != by_name.end()) {
      for (size_t i : named->second) {
        T& o = out[i];
        if (!same_kind(o, r)) continue;
        if (!o.meta.uid.empty() && !r.meta.uid.empty() && o.meta.uid != r.meta.uid) continue;
        if (o.meta.ns == r.meta.ns) {
          match = &o;
          candidates = 1;
          break;
        }
        if (o.meta.ns.empty() || r.meta.ns.empty()) {
          match = &o;
          ++candidates;
        }
      }
    }
    if (match && candidates == 1) {
      merge(*match, r);
    } else {
      by_name[r.meta.name].push_back(out.size());
      // `take`: the caller gave records it owns and no longer reads.
      if (take)
        out.push_back(std::move(const_cast<T&>(r)));
      else
        out.push_back(r);
    }
  }
  return out;
}

bool pod_same_kind(const Pod&, const Pod&) {
  return true;
}
bool workload_same_kind(const Workload& a, const Workload& b) {
  return a.meta.kind == b.meta.kind;
}

bool ns_match(std::string_view a, std::string_view b) {
  return a.empty() || b.empty() || a == b;
}

// `name` minus a trailing "-<suffix>" when the suffix looks generated.
std::string strip_generated(std::string_view name, size_t min_len, size_t max_len) {
  size_t dash = name.rfind('-');
  if (dash == std::string_view::npos || dash == 0) return {};
  std::string_view suffix = name.substr(dash + 1);
  if (suffix.size() < min_len || suffix.size() > max_len) return {};
  for (char c : suffix)
    if (!std::isalnum(static_cast<unsigned char>(c))) return {};
  return std::string(name.substr(0, dash));
}

// Which container an event is about: its field path, else the message
// ("... container web ...", "container=web"), else the only container.
std::string event_container(const model::Event& e, const PodView& pv) {
  std::string c = container_of_field_path(e.field_path);
  if (!c.empty()) return c;
  if (pv.containers.size() == 1) return pv.containers.front().name;
  std::string best;
  for (const auto& cv : pv.containers) {
    for (std::string pat : {"container " + cv.name, "container=" + cv.name,
                            "container \"" + cv.name + "\"", "{" + cv.name + "}"}) {
      size_t pos = e.message.find(pat);
      if (pos == std::string::npos) continue;
      size_t end = pos + pat.size();
      bool boundary =
          end >= e.message.size() ||
          !(std::isalnum(static_cast<unsigned char>(e.message[end])) || e.message[end] == '-');
      if (boundary && cv.name.size() > best.size()) best = cv.name;
    }
  }
  return best;
}

bool word_at(std::string_view hay, size_t pos, size_t len) {
  auto sep = [](char c) { return !(std::isalnum(static_cast<unsigned char>(c))); };
  bool left = pos == 0 || sep(hay[pos - 1]);
  bool right = pos + len >= hay.size() || sep(hay[pos + len]);
  return left && right;
}

}  // namespace

std::string container_of_field_path(std::string_view fp) {
  for (std::string_view prefix :
       {"spec.containers{", "spec.initContainers{", "spec.ephemeralContainers{"}) {
    if (fp.starts_with(prefix)) {
      size_t close = fp.find('}', prefix.size());
      if (close != std::string_view::npos)
        return std::string(fp.substr(prefix.size(), close - prefix.size()));
    }
  }
  return {};
}

const ContainerView* PodView::container(std::string_view name) const {
  for (const auto& c : containers)
    if (c.name == name) return &c;
  return nullptr;
}

const WorkloadView* Graph::find_workload(std::string_view kind, std::string_view ns,
                                         std::string_view name) const {
  for (const auto& w : workloads)
    if (w.workload.meta.kind == kind && w.workload.meta.name == name &&
        ns_match(w.workload.meta.ns, ns))
      return &w;
  return nullptr;
}

namespace {
// `take`: the store `store` is, whose observed pods build() moves into the
// graph (and removes); null to copy them.
Graph build(const model::Store& store, model::Store* take);

// Removes from `store` the pods the graph took (left empty there); the
// declared objects' indices follow the pods that stay (manifests').
void drop_taken_pods(model::Store& store) {
  std::vector<Pod>& pods = store.facts.pods;
  std::vector<long long> moved_to(pods.size(), -1);
  size_t kept = 0;
  for (size_t i = 0; i < pods.size(); ++i) {
    if (!pods[i].from_manifest) continue;
    moved_to[i] = static_cast<long long>(kept);
    if (kept != i) pods[kept] = std::move(pods[i]);
    ++kept;
  }
  pods.resize(kept);
  pods.shrink_to_fit();
  for (auto& d : store.facts.objects)
    if (d.pod >= 0) d.pod = moved_to[static_cast<size_t>(d.pod)];
}
}  // namespace

Graph build_graph(const model::Store& store) {
  return build(store, nullptr);
}

Graph build_graph_taking_pods(model::Store& store) {
  return build(store, &store);
}

namespace {
Graph build(const model::Store& store, model::Store* take) {
  Graph g;
  g.store = &store;
  const model::Facts& f = store.facts;

  // 1. One record per object.
  // Pointers: the records are copied once, into the merged ones.
  std::vector<const Pod*> observed, declared;
  for (const auto& p : f.pods) (p.from_manifest ? declared : observed).push_back(&p);
  std::vector<Pod> pods = merge_records(observed, merge_pod, pod_same_kind, take != nullptr);
  // A declaration that names an observed pod enriches it (spec only): the
  // first pod of that name in a matching namespace.
  std::unordered_map<std::string, std::vector<size_t>> pods_by_name;
  for (size_t i = 0; i < pods.size(); ++i) pods_by_name[pods[i].meta.name].push_back(i);
  for (const Pod* dp : declared) {
    const Pod& d = *dp;
    Pod* into = nullptr;
    if (auto it = pods_by_name.find(d.meta.name); it != pods_by_name.end())
      for (size_t i : it->second)
        if (ns_match(pods[i].meta.ns, d.meta.ns)) {
          into = &pods[i];
          break;
        }
    if (into)
      merge_pod(*into, d);
    else
      g.manifest_pods.push_back(d);
  }
  // The store's pods are not read past this point.
  observed.clear();
  declared.clear();
  if (take) drop_taken_pods(*take);
  {
    std::vector<const Pod*> mp;
    for (const auto& p : g.manifest_pods) mp.push_back(&p);
    std::vector<Pod> merged = merge_records(mp, merge_pod, pod_same_kind);
    g.manifest_pods = std::move(merged);
  }
  std::vector<const Workload*> wp;
  for (const auto& w : f.workloads) wp.push_back(&w);
  std::vector<Workload> workloads = merge_records(wp, merge_workload, workload_same_kind);
  for (auto& w : workloads) {
    WorkloadView wv;
    wv.workload = std::move(w);
    g.workloads.push_back(std::move(wv));
  }

  // 2. Containers of each pod: spec order, then statuses without a spec.
  g.pods.reserve(pods.size());
  for (auto& p : pods) {
    PodView pv;
    pv.pod = std::move(p);
    g.pods.push_back(std::move(pv));
  }
  std::vector<Pod>().swap(pods);
  for (auto& pv : g.pods) {
    for (const auto& s : pv.pod.containers) {
      ContainerView cv;
      cv.name = s.name;
      cv.init = s.init;
      cv.spec = &s;
      pv.containers.push_back(std::move(cv));
    }
    for (const auto& st : pv.pod.statuses) {
      auto it = std::find_if(pv.containers.begin(), pv.containers.end(),
                             [&](const ContainerView& c) { return c.name == st.name; });
      if (it == pv.containers.end()) {
        ContainerView cv;
        cv.name = st.name;
        cv.init = st.init;
        cv.status = &st;
        pv.containers.push_back(std::move(cv));
      } else {
        it->status = &st;
      }
    }
  }

  // 2b. A workload known only from its events (`kubectl get events` shows
  // job/x, deployment/y) still gets a record, so that its events can be
  // read and its pods joined to it. It is not counted in the inventory.
  for (const auto& e : f.events) {
    static constexpr std::string_view kWorkloadKinds[] = {
        "Deployment", "ReplicaSet", "StatefulSet",          "DaemonSet",
        "Job",        "CronJob",    "ReplicationController"};
    if (std::find(std::begin(kWorkloadKinds), std::end(kWorkloadKinds), e.involved_kind) ==
            std::end(kWorkloadKinds) ||
        e.involved_name.empty() || g.find_workload(e.involved_kind, e.involved_ns, e.involved_name))
      continue;
    model::Workload w;
    w.meta.kind = e.involved_kind;
    w.meta.ns = e.involved_ns;
    w.meta.name = e.involved_name;
    w.meta.at = e.at;
    WorkloadView wv;
    wv.workload = std::move(w);
    wv.from_events_only = true;
    g.workloads.push_back(std::move(wv));
  }

  // 3. Owners: the objects when present, else names inferred from the
  // Deployment → ReplicaSet → Pod naming (pod-template-hash).
  auto find_mut = [&](std::string_view kind, std::string_view ns,
                      std::string_view name) -> WorkloadView* {
    return const_cast<WorkloadView*>(g.find_workload(kind, ns, name));
  };
  for (size_t i = 0; i < g.pods.size(); ++i) {
    PodView& pv = g.pods[i];
    const auto& meta = pv.pod.meta;
    for (const auto& o : meta.owners) {
      if (!o.controller && meta.owners.size() > 1) continue;
      pv.owner_kind = o.kind;
      pv.owner_name = o.name;
      break;
    }
    if (pv.owner_name.empty()) {
      std::string rs = strip_generated(meta.name, 5, 5);
      std::string dep = rs.empty() ? std::string() : strip_generated(rs, 6, 10);
      auto hash = meta.labels.find("pod-template-hash");
      if (!dep.empty() && (hash == meta.labels.end() || rs.ends_with("-" + hash->second))) {
        pv.owner_kind = "ReplicaSet";
        pv.owner_name = rs;
      }
    }
    pv.top_kind = pv.owner_kind;
    pv.top_name = pv.owner_name;
    if (pv.owner_kind.empty()) continue;
    if (WorkloadView* w = find_mut(pv.owner_kind, meta.ns, pv.owner_name)) {
      pv.owner = &w->workload;
      pv.top = &w->workload;
      w->pods.push_back(i);
      for (const auto& o : w->workload.meta.owners) {
        pv.top_kind = o.kind;
        pv.top_name = o.name;
        if (WorkloadView* t = find_mut(o.kind, meta.ns, o.name)) {
          pv.top = &t->workload;
          t->pods.push_back(i);
        }
        break;
      }
    } else if (pv.owner_kind == "ReplicaSet") {
      std::string dep = strip_generated(pv.owner_name, 6, 10);
      if (!dep.empty()) {
        pv.top_kind = "Deployment";
        pv.top_name = dep;
        if (WorkloadView* t = find_mut("Deployment", meta.ns, dep)) {
          pv.top = &t->workload;
          t->pods.push_back(i);
        }
      }
    }
    if (pv.top_kind == "ReplicaSet" && pv.top == pv.owner && pv.owner) {
      // A ReplicaSet whose Deployment is absent still names it by hash.
      std::string dep = strip_generated(pv.owner_name, 6, 10);
      if (!dep.empty() && pv.owner->meta.owners.empty() &&
          pv.owner->meta.labels.count("pod-template-hash")) {
        pv.top_kind = "Deployment";
        pv.top_name = dep;
      }
    }
  }

  // 4. Manifests that declare a pod: same namespace (or none) and a
  // selector that the pod's labels satisfy.
  for (const auto& wv : g.workloads) {
    const Workload& w = wv.workload;
    if (!w.from_manifest || w.selector.empty()) continue;
    for (auto& pv : g.pods) {
      if (!ns_match(w.meta.ns, pv.pod.meta.ns)) continue;
      bool all = std::all_of(w.selector.begin(), w.selector.end(), [&](const auto& kv) {
        auto it = pv.pod.meta.labels.find(kv.first);
        return it != pv.pod.meta.labels.end() && it->second == kv.second;
      });
      if (all) pv.manifests.push_back(&w);
    }
  }

  // 4b. Nodes and claims, merged by name; pods joined to them.
  for (const auto& n : f.nodes) {
    auto it = std::find_if(g.nodes.begin(), g.nodes.end(),
                           [&](const NodeView& v) { return v.node.meta.name == n.meta.name; });
    if (it == g.nodes.end()) {
      g.nodes.push_back({n, {}, {}});
    } else {
      merge_meta(it->node.meta, n.meta);
      if (it->node.conditions.empty()) it->node.conditions = n.conditions;
      if (!it->node.taints_known && n.taints_known) {
        it->node.taints = n.taints;
        it->node.taints_known = true;
        it->node.taints_at = n.taints_at;
      }
      for (const auto& [k, at] : n.label_at) it->node.label_at.emplace(k, at);
      if (!it->node.labels_at.valid()) it->node.labels_at = n.labels_at;
      fill(it->node.unschedulable, n.unschedulable);
      for (const auto& [k, r] : n.resources) {
        fill(it->node.resources[k].allocatable, r.allocatable);
        fill(it->node.resources[k].requested, r.requested);
      }
    }
  }
  for (const auto& c : f.claims) {
    auto it = std::find_if(g.claims.begin(), g.claims.end(), [&](const ClaimView& v) {
      return v.claim.meta.name == c.meta.name && ns_match(v.claim.meta.ns, c.meta.ns);
    });
    if (it == g.claims.end()) {
      g.claims.push_back({c, {}, {}});
    } else {
      merge_meta(it->claim.meta, c.meta);
      fill(it->claim.phase, c.phase);
      fill(it->claim.storage_class, c.storage_class);
      fill(it->claim.volume_name, c.volume_name);
    }
  }
  for (size_t i = 0; i < g.pods.size(); ++i) {
    PodView& pv = g.pods[i];
    if (pv.pod.node.has())
      for (size_t n = 0; n < g.nodes.size(); ++n)
        if (g.nodes[n].node.meta.name == pv.pod.node.value) {
          pv.node = n;
          g.nodes[n].pods.push_back(i);
        }
    for (const auto& vol : pv.pod.volumes) {
      if (vol.claim.empty()) continue;
      for (size_t k = 0; k < g.claims.size(); ++k)
        if (g.claims[k].claim.meta.name == vol.claim &&
            ns_match(g.claims[k].claim.meta.ns, pv.pod.meta.ns)) {
          pv.claims.push_back(k);
          g.claims[k].pods.push_back(i);
        }
    }
  }

  // 4c. A pod known only from a table row has no container yet: its events
  // name them (fieldPath), else it gets one container of unknown name, so
  // that container events (image pulls, config errors) are still read.
  for (auto& pv : g.pods) {
    if (!pv.containers.empty()) continue;
    std::vector<std::string> names;
    for (const auto& e : f.events) {
      if (e.involved_name != pv.pod.meta.name || !ns_match(e.involved_ns, pv.pod.meta.ns)) continue;
      std::string c = container_of_field_path(e.field_path);
      if (!c.empty() && std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
    }
    if (names.empty()) names.emplace_back();
    for (auto& n : names) {
      ContainerView cv;
      cv.name = std::move(n);
      pv.containers.push_back(std::move(cv));
    }
  }

  // 5. Events: to their pod (uid, or namespace + name) and container, or to
  // their workload. The same event seen in several inputs (describe, get
  // events, JSON) counts once: per target, by reason, message and container.
  // The one kept is the first seen unless its count is unknown (a `get
  // events` table) and another's is known: then that one, everywhere.
  std::vector<std::set<std::string>> seen_pod(g.pods.size()), seen_workload(g.workloads.size());
  std::set<std::string> seen_other;
  auto known_count = [](std::vector<const model::Event*>& kept, const model::Event& e,
                        auto&& same) {
    if (e.count <= 0) return;
    for (const model::Event*& x : kept)
      if (x->count <= 0 && x->reason == e.reason && x->message == e.message && same(*x)) x = &e;
  };
  auto any = [](const model::Event&) { return true; };
  // Events without involvedObject: the objects their messages name.
  size_t reduced = 0, joined = 0;
  std::vector<EventTarget> by_message = targets_by_message(g, f.events, reduced, joined);
  for (size_t k = 0; k < f.events.size(); ++k) {
    const model::Event& e = f.events[k];
    const bool named = !by_message.empty() && !by_message[k].kind.empty();
    const std::string& involved_kind = named ? by_message[k].kind : e.involved_kind;
    const std::string& involved_name = named ? by_message[k].name : e.involved_name;
    bool placed = false;
    if (involved_kind == "Pod" || involved_kind.empty()) {
      for (size_t i = 0; i < g.pods.size() && !placed; ++i) {
        PodView& pv = g.pods[i];
        bool match = (!e.involved_uid.empty() && e.involved_uid == pv.pod.meta.uid) ||
                     (involved_name == pv.pod.meta.name && ns_match(e.involved_ns, pv.pod.meta.ns));
        if (!match) continue;
        placed = true;
        std::string c = event_container(e, pv);
        if (!seen_pod[i].insert(e.reason + '\x1f' + e.message + '\x1f' + c).second) {
          auto same = [&](const model::Event& x) { return event_container(x, pv) == c; };
          known_count(pv.events, e, same);
          for (auto& cv : pv.containers)
            if (cv.name == c) known_count(cv.events, e, same);
          break;
        }
        ++g.event_count;
        pv.events.push_back(&e);
        for (auto& cv : pv.containers)
          if (cv.name == c) cv.events.push_back(&e);
      }
    } else if (involved_kind == "Node" || involved_kind == "PersistentVolumeClaim") {
      auto place = [&](auto& views, auto name_of) {
        for (auto& v : views) {
          if (placed || name_of(v) != involved_name) continue;
          placed = true;
          bool dup = std::any_of(v.events.begin(), v.events.end(), [&](const model::Event* x) {
            return x->reason == e.reason && x->message == e.message;
          });
          if (!dup) {
            v.events.push_back(&e);
            ++g.event_count;
          } else {
            known_count(v.events, e, any);
          }
        }
      };
      if (involved_kind == "Node")
        place(g.nodes, [](const NodeView& v) { return v.node.meta.name; });
      else
        place(g.claims, [](const ClaimView& v) { return v.claim.meta.name; });
    } else {
      for (size_t j = 0; j < g.workloads.size() && !placed; ++j) {
        WorkloadView& wv = g.workloads[j];
        if (wv.workload.meta.kind != involved_kind || wv.workload.meta.name != involved_name ||
            !ns_match(e.involved_ns, wv.workload.meta.ns))
          continue;
        placed = true;
        if (!seen_workload[j].insert(e.reason + '\x1f' + e.message).second) {
          known_count(wv.events, e, any);
          break;
        }
        ++g.event_count;
        wv.events.push_back(&e);
      }
    }
    if (!placed &&
        seen_other
            .insert(involved_kind + '\x1f' + involved_name + '\x1f' + e.reason + '\x1f' + e.message)
            .second)
      ++g.event_count;
  }

  // 6. Logs: the pod whose name appears in the log's path (longest name
  // wins), then the container named in what remains of the path.
  for (const auto& log : f.logs) {
    const model::LogFile* lf = &log;
    std::string path = store.doc(log.doc).path;
    PodView* best = nullptr;
    size_t best_pos = 0;
    for (auto& pv : g.pods) {
      const std::string& name = pv.pod.meta.name;
      if (name.empty()) continue;
      if (!log.pod.empty()) {
        if (log.pod == name && ns_match(log.ns, pv.pod.meta.ns)) {
          best = &pv;
          break;
        }
        continue;
      }
      size_t pos = path.rfind(name);
      if (pos == std::string::npos || !word_at(path, pos, name.size())) continue;
      if (!best || name.size() > best->pod.meta.name.size()) {
        best = &pv;
        best_pos = pos;
      }
    }
    if (!best) {
      g.unmatched_logs.push_back(lf);
      continue;
    }
    ContainerView* target = nullptr;
    if (!log.container.empty()) {
      for (auto& cv : best->containers)
        if (cv.name == log.container) target = &cv;
    } else {
      std::string rest = path.substr(best_pos + best->pod.meta.name.size());
      for (auto& cv : best->containers) {
        size_t pos = rest.find(cv.name);
        if (pos != std::string::npos && word_at(rest, pos, cv.name.size()) &&
            (!target || cv.name.size() > target->name.size()))
          target = &cv;
      }
      if (!target) {
        std::vector<ContainerView*> regular;
        for (auto& cv : best->containers)
          if (!cv.init) regular.push_back(&cv);
        if (regular.size() == 1) target = regular.front();
      }
    }
    if (!target) {
      g.unmatched_logs.push_back(lf);
      continue;
    }
    (log.previous ? target->previous_logs : target->current_logs).push_back(lf);
  }

  // 7. Inventory: distinct objects per kind.
  std::set<std::tuple<std::string, std::string, std::string>> seen_objects;
  auto count = [&](const model::ObjectMeta& m, std::string_view kind) {
    if (seen_objects.emplace(std::string(kind), m.ns, m.name).second)
      ++g.object_counts[std::string(kind)];
  };
  for (const auto& pv : g.pods) count(pv.pod.meta, "Pod");
  for (const auto& p : g.manifest_pods) count(p.meta, "Pod");
  for (const auto& wv : g.workloads)
    if (!wv.from_events_only) count(wv.workload.meta, wv.workload.meta.kind);
  for (const auto& c : f.configmaps) count(c.meta, "ConfigMap");
  for (const auto& s : f.secrets) count(s.meta, "Secret");
  for (const auto& o : f.others)
    if (!o.meta.kind.empty()) count(o.meta, o.meta.kind);
  for (const auto& n : g.nodes) count(n.node.meta, "Node");
  for (const auto& c : g.claims) count(c.claim.meta, "PersistentVolumeClaim");

  g.notes = f.notes;
  if (std::string note = reduced_events_note(reduced, joined); !note.empty())
    g.notes.push_back(std::move(note));
  return g;
}
}  // namespace

}  // namespace kubesift::correlate
