#include "event_names.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace kubesift::correlate {
namespace {

using About = MessageName::About;

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

// The object name that starts at `pos` (DNS-1123 characters; a trailing
// dot or dash-less punctuation is the sentence's, not the name's).
std::string_view name_at(std::string_view s, size_t pos, bool underscore = true) {
  size_t end = pos;
  while (end < s.size() && name_char(s[end]) && (underscore || s[end] != '_')) ++end;
  std::string_view n = s.substr(pos, end - pos);
  while (!n.empty() && n.back() == '.') n.remove_suffix(1);
  return n;
}

bool boundary_before(std::string_view s, size_t pos) {
  return pos == 0 || !name_char(s[pos - 1]);
}

// Resource words of `kind/name` references, as kubectl writes them.
constexpr std::pair<std::string_view, std::string_view> kRefKinds[] = {
    {"pod", "Pod"},
    {"deployment", "Deployment"},
    {"replicaset", "ReplicaSet"},
    {"statefulset", "StatefulSet"},
    {"daemonset", "DaemonSet"},
    {"job", "Job"},
    {"cronjob", "CronJob"},
    {"persistentvolumeclaim", "PersistentVolumeClaim"},
    {"node", "Node"},
};

void add(std::vector<MessageName>& out, std::string_view kind, std::string_view name,
         About about = About::Object, std::string_view ns = {}, std::string_view uid = {}) {
  if (name.empty()) return;
  MessageName m;
  m.kind = std::string(kind);
  m.name = std::string(name);
  m.ns = std::string(ns);
  m.uid = std::string(uid);
  m.about = about;
  if (m.name.back() == '-') {
    m.prefix = true;
    m.about = About::Controller;
  }
  out.push_back(std::move(m));
}

// Every place `literal` occurs, the name after it.
template <typename F>
void after_each(std::string_view msg, std::string_view literal, F&& f) {
  for (size_t pos = msg.find(literal); pos != std::string_view::npos;
       pos = msg.find(literal, pos + 1))
    f(pos + literal.size());
}

// "Name" after `Kind "`, `kind "` (the API server's and the scheduler's
// quoting: `pods "web-1" not found`, `persistentvolumeclaim "data" not found`).
void quoted(std::string_view msg, std::string_view word, std::string_view kind,
            std::vector<MessageName>& out) {
  after_each(msg, std::string(word) + " \"", [&](size_t at) {
    size_t start = at - word.size() - 2;
    if (!boundary_before(msg, start)) return;
    std::string_view n = name_at(msg, at);
    if (at + n.size() < msg.size() && msg[at + n.size()] == '"') add(out, kind, n);
  });
}

// The last "-suffix" of a generated name removed ("web-7c9f8d" → "web").
std::string_view strip_suffix(std::string_view name) {
  size_t dash = name.rfind('-');
  return dash == std::string_view::npos || dash == 0 ? std::string_view() : name.substr(0, dash);
}

bool ns_match(std::string_view a, std::string_view b) {
  return a.empty() || b.empty() || a == b;
}

// The graph's objects by name, built once for all the events that need it
// (a dump of 100,000 events and pods is not a scan per event).
struct Index {
  const Graph& g;
  std::unordered_multimap<std::string_view, const PodView*> pods;
  std::unordered_multimap<std::string_view, const WorkloadView*> workloads;
  std::unordered_multimap<std::string_view, const ClaimView*> claims;
  std::unordered_set<std::string_view> nodes;

  explicit Index(const Graph& graph) : g(graph) {
    for (const auto& pv : g.pods) pods.emplace(pv.pod.meta.name, &pv);
    for (const auto& w : g.workloads)
      if (!w.from_events_only) workloads.emplace(w.workload.meta.name, &w);
    for (const auto& c : g.claims) claims.emplace(c.claim.meta.name, &c);
    for (const auto& n : g.nodes) nodes.insert(n.node.meta.name);
  }

  const WorkloadView* workload(std::string_view kind, std::string_view ns,
                               std::string_view name) const {
    auto [it, end] = workloads.equal_range(name);
    for (; it != end; ++it)
      if (it->second->workload.meta.kind == kind && ns_match(ns, it->second->workload.meta.ns))
        return it->second;
    return nullptr;
  }

  const PodView* pod(const MessageName& m, std::string_view ns) const {
    auto [it, end] = pods.equal_range(m.name);
    for (; it != end; ++it) {
      const PodView* pv = it->second;
      if (ns_match(ns, pv->pod.meta.ns) &&
          (m.uid.empty() || pv->pod.meta.uid.empty() || m.uid == pv->pod.meta.uid))
        return pv;
    }
    return nullptr;
  }

  bool claim(std::string_view ns, std::string_view name) const {
    auto [it, end] = claims.equal_range(name);
    for (; it != end; ++it)
      if (ns_match(ns, it->second->claim.meta.ns)) return true;
    return false;
  }

  // The controller of workload `name` of `kind` (a ReplicaSet's
  // Deployment, a Job's CronJob): its owner reference, else the name its
  // own name was made from.
  EventTarget controller_of(std::string_view kind, std::string_view name,
                            std::string_view ns) const {
    std::string_view parent = kind == "ReplicaSet" ? "Deployment" : kind == "Job" ? "CronJob" : "";
    if (parent.empty()) return {};
    if (const WorkloadView* w = workload(kind, ns, name))
      for (const auto& o : w->workload.meta.owners)
        if (o.kind == parent && workload(parent, ns, o.name)) return {std::string(parent), o.name};
    std::string_view base = strip_suffix(name);
    if (!base.empty() && workload(parent, ns, base))
      return {std::string(parent), std::string(base)};
    return {};
  }

  EventTarget resolve(const MessageName& m, std::string_view event_ns) const {
    std::string_view ns = m.ns.empty() ? event_ns : std::string_view(m.ns);
    if (m.prefix) {
      // `pods "web-7c9-" is forbidden`: the controller whose pods are named so.
      std::string_view owner(m.name);
      owner.remove_suffix(1);
      for (std::string_view kind :
           {"ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController"})
        if (workload(kind, ns, owner)) return {std::string(kind), std::string(owner)};
      return {};
    }
    if (m.kind == "Pod") {
      const PodView* pv = pod(m, ns);
      if (!pv) return {};
      if (m.about == About::Object) return {"Pod", m.name};
      if (!pv->owner_kind.empty() && workload(pv->owner_kind, ns, pv->owner_name))
        return {pv->owner_kind, pv->owner_name};
      return {};
    }
    if (m.kind == "Node") return nodes.count(m.name) ? EventTarget{"Node", m.name} : EventTarget{};
    if (m.kind == "PersistentVolumeClaim")
      return claim(ns, m.name) ? EventTarget{"PersistentVolumeClaim", m.name} : EventTarget{};
    if (m.about == About::Controller) return controller_of(m.kind, m.name, ns);
    if (workload(m.kind, ns, m.name)) return {m.kind, m.name};
    return {};
  }
};

}  // namespace

std::vector<MessageName> names_in_message(std::string_view msg) {
  std::vector<MessageName> out;
  // The scheduler: "Successfully assigned shop/web-1 to worker-1".
  after_each(msg, "Successfully assigned ", [&](size_t at) {
    std::string_view ns = name_at(msg, at);
    if (at + ns.size() < msg.size() && msg[at + ns.size()] == '/')
      add(out, "Pod", name_at(msg, at + ns.size() + 1), About::Object, ns);
  });
  // The kubelet: "Back-off restarting failed container app in pod web-1_shop(uid)".
  after_each(msg, " in pod ", [&](size_t at) {
    std::string_view whole = name_at(msg, at);
    size_t us = whole.rfind('_');
    std::string_view name = us == std::string_view::npos ? whole : whole.substr(0, us);
    std::string_view ns = us == std::string_view::npos ? "" : whole.substr(us + 1);
    std::string_view uid;
    size_t open = at + whole.size();
    if (open < msg.size() && msg[open] == '(') {
      size_t close = msg.find(')', open);
      if (close != std::string_view::npos) uid = msg.substr(open + 1, close - open - 1);
    }
    add(out, "Pod", name, About::Object, ns, uid);
  });
  // Controllers: "create Pod db-0 in StatefulSet db successful".
  after_each(msg, " in StatefulSet ",
             [&](size_t at) { add(out, "StatefulSet", name_at(msg, at, false)); });
  // `kind/name` as kubectl writes references.
  // (Bindings copied: clang 14 cannot capture a structured binding.)
  for (const auto& ref : kRefKinds) {
    const auto& word = ref.first;
    const auto& kind = ref.second;
    after_each(msg, std::string(word) + "/", [&](size_t at) {
      size_t start = at - word.size() - 1;
      if (boundary_before(msg, start)) add(out, kind, name_at(msg, at, false));
    });
  }
  for (auto [word, kind] :
       {std::pair{"Pod", "Pod"}, std::pair{"pod", "Pod"}, std::pair{"pods", "Pod"},
        std::pair{"persistentvolumeclaim", "PersistentVolumeClaim"},
        std::pair{"PersistentVolumeClaim", "PersistentVolumeClaim"}})
    quoted(msg, word, kind, out);
  // "Node worker-1 status is now: NodeNotReady".
  if (msg.starts_with("Node ")) {
    std::string_view n = name_at(msg, 5);
    if (msg.substr(5 + n.size()).starts_with(" status is now")) add(out, "Node", n);
  }
  // What a controller made: the event is the controller's.
  for (auto made :
       {std::pair{"Created pod: ", "Pod"}, std::pair{"Deleted pod: ", "Pod"},
        std::pair{"Scaled up replica set ", "ReplicaSet"},
        std::pair{"Scaled down replica set ", "ReplicaSet"}, std::pair{"Created job ", "Job"},
        std::pair{"Saw completed job: ", "Job"}, std::pair{"Deleted job ", "Job"}}) {
    const char* literal = made.first;
    const char* kind = made.second;
    after_each(msg, literal, [&](size_t at) {
      std::string_view n = name_at(msg, at, false);
      while (!n.empty() && n.back() == ',') n.remove_suffix(1);
      add(out, kind, n, About::Controller);
    });
  }
  return out;
}

bool lacks_involved_object(const model::Event& e) {
  return e.involved_kind.empty() && e.involved_name.empty() && e.involved_uid.empty();
}

std::vector<EventTarget> targets_by_message(const Graph& g, const std::vector<model::Event>& events,
                                            size_t& reduced, size_t& joined) {
  reduced = joined = 0;
  std::vector<EventTarget> out;
  std::optional<Index> index;
  for (size_t i = 0; i < events.size(); ++i) {
    const model::Event& e = events[i];
    if (!lacks_involved_object(e)) continue;
    if (!index) {
      out.resize(events.size());
      index.emplace(g);
    }
    ++reduced;
    std::string_view ns = e.involved_ns.empty() ? std::string_view(e.ns) : e.involved_ns;
    for (const MessageName& m : names_in_message(e.message)) {
      EventTarget t = index->resolve(m, ns);
      if (t.kind.empty()) continue;
      out[i] = std::move(t);
      ++joined;
      break;
    }
  }
  return out;
}

std::string reduced_events_note(size_t reduced, size_t joined) {
  if (reduced == 0) return {};
  std::string note = std::to_string(reduced) + (reduced == 1 ? " event had no involvedObject: "
                                                             : " events had no involvedObject: ");
  if (joined == reduced)
    note += reduced == 1 ? "joined to its object by the name in its message"
                         : "joined to their objects by the names in their messages";
  else if (joined == 0)
    note += "their messages name no object of the input; left unjoined";
  else
    note += std::to_string(joined) + " joined to their objects by the names in their messages, " +
            std::to_string(reduced - joined) +
            " left unjoined (their messages name no object of the input)";
  return note;
}

}  // namespace kubesift::correlate
