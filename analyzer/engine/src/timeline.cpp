// The timeline of the failing workloads: what the inputs show of their pods
// in time, gathered from the graph for the HTML report to draw.
#include "kubesift/engine/timeline.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "candidate.h"
#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"
#include "kubesift/core/time.h"
#include "snapshot.h"

namespace kubesift::engine {
namespace {

using Kind = TimelineMark::Kind;

constexpr size_t kMaxTracks = 12;
constexpr size_t kMaxPodsPerTrack = 3;
constexpr size_t kMaxMarksPerLane = 60;
constexpr size_t kMaxDetail = 300;

// A time as the input writes it, or an age placed from `now`.
struct When {
  int64_t at = 0;
  bool approximate = false;
};

When when(const std::string& text, int64_t now) {
  if (text.empty()) return {};
  if (auto t = epoch_seconds(text)) return {*t, false};
  if (now)
    if (auto a = age_seconds(text)) return {now - *a, true};
  return {};
}

std::string where(const model::Store& store, model::SourceRef at) {
  return at.doc != model::kNoDoc && at.doc < store.doc_count() ? store.doc(at.doc).path
                                                               : std::string();
}

struct Builder {
  const correlate::Graph& graph;
  const model::LogLineReader& lines;
  int64_t now = 0;
  Timeline out;

  void cite(TimelineMark& m, model::SourceRef at) const {
    m.path = where(*graph.store, at);
    m.line = m.path.empty() ? 0 : at.line;
  }

  // One instance of a container: it ran from started to finished (or to
  // now), and ended with an exit code.
  void instance(TimelineLane& lane, const model::ContainerState& s, bool current,
                long long restarts) {
    using SK = model::ContainerState::Kind;
    if (s.kind == SK::Waiting) {
      if (!current || !now) return;
      TimelineMark m;
      m.kind = Kind::Waiting;
      m.at = now;
      m.warning = true;
      m.label = s.reason.has() ? s.reason.value : "Waiting";
      m.detail = "waiting at the snapshot's time" +
                 (s.message.has() ? ": " + text::clip(redact(s.message.value), kMaxDetail)
                                  : std::string());
      cite(m, s.reason.has() ? s.reason.at : s.at);
      lane.marks.push_back(std::move(m));
      return;
    }
    When start = when(s.started_at, now);
    if (s.kind == SK::Running && start.at) {
      TimelineMark m;
      m.kind = Kind::Running;
      m.at = start.at;
      m.until = now > start.at ? now : 0;
      m.label = restarts > 0 ? "running (restart " + std::to_string(restarts) + ")" : "running";
      m.detail = "started " + s.started_at + (now ? ", running at the snapshot's time" : "");
      cite(m, s.at);
      lane.marks.push_back(std::move(m));
      return;
    }
    if (s.kind != SK::Terminated) return;
    When end = when(s.finished_at, now);
    if (start.at) {
      TimelineMark m;
      m.kind = Kind::Running;
      m.at = start.at;
      m.until = end.at > start.at ? end.at : 0;
      m.label = "ran";
      m.detail = "started " + s.started_at +
                 (s.finished_at.empty() ? std::string() : ", finished " + s.finished_at);
      cite(m, s.at);
      lane.marks.push_back(std::move(m));
    }
    if (!end.at) return;
    TimelineMark m;
    m.kind = Kind::Terminated;
    m.at = end.at;
    std::string reason = s.reason.has() ? s.reason.value : "";
    long long code = s.exit_code.has() ? s.exit_code.value : -1;
    m.warning = code != 0 || (reason != "Completed" && !reason.empty());
    m.label = (code >= 0 ? "exit " + std::to_string(code) : std::string("ended")) +
              (reason.empty() ? "" : " " + reason);
    if (s.signal.has()) m.label += " (signal " + std::to_string(s.signal.value) + ")";
    m.detail =
        "terminated " + s.finished_at +
        (s.message.has() ? ": " + text::clip(redact(s.message.value), kMaxDetail) : std::string());
    cite(m, s.exit_code.has() ? s.exit_code.at : s.at);
    lane.marks.push_back(std::move(m));
  }

  void event(TimelineLane& lane, const model::Event& e) {
    When last = when(e.last_seen, now), first = when(e.first_seen, now);
    if (!last.at && !first.at) return;
    if (!first.at) first = last;
    if (!last.at) last = first;
    TimelineMark m;
    m.kind = Kind::Event;
    m.at = std::min(first.at, last.at);
    m.until = last.at > first.at ? last.at : 0;
    m.approximate = first.approximate || last.approximate;
    m.warning = e.type == "Warning";
    m.count = e.count;
    m.label = e.reason.empty() ? "event" : e.reason;
    if (e.count > 1) m.label += " \u00d7" + std::to_string(e.count);
    m.detail = text::clip(redact(e.message), kMaxDetail);
    cite(m, e.at);
    lane.marks.push_back(std::move(m));
  }

  TimelineLane pod_lane(const correlate::PodView& pv) {
    TimelineLane lane;
    lane.pod = pv.pod.meta.name;
    if (When w = when(pv.pod.start_time.value, now); pv.pod.start_time.has() && w.at) {
      TimelineMark m;
      m.kind = Kind::PodStart;
      m.at = w.at;
      m.label = "pod started";
      m.detail = "pod started " + pv.pod.start_time.value;
      cite(m, pv.pod.start_time.at);
      lane.marks.push_back(std::move(m));
    }
    std::set<const model::Event*> of_containers;
    for (const auto& cv : pv.containers)
      for (const auto* e : cv.events) of_containers.insert(e);
    for (const auto* e : pv.events)
      if (!of_containers.count(e)) event(lane, *e);
    return lane;
  }

  TimelineLane container_lane(const correlate::PodView& pv, const correlate::ContainerView& cv) {
    TimelineLane lane;
    lane.pod = pv.pod.meta.name;
    lane.container = cv.name;
    if (cv.status) {
      const model::ContainerStatus& st = *cv.status;
      long long restarts = st.restart_count.has() ? st.restart_count.value : -1;
      lane.restarts = restarts;
      instance(lane, st.last_state, false, 0);
      instance(lane, st.state, true, restarts);
    }
    for (const auto* e : cv.events) event(lane, *e);
    return lane;
  }

  // The time of each log line a finding cites, on its container's lane.
  void log_marks(const std::vector<Finding>& findings, std::vector<TimelineTrack>& tracks) {
    if (!lines) return;
    std::map<std::pair<std::string, std::string>, TimelineLane*> lane_of;  // (pod, container)
    for (auto& t : tracks)
      for (auto& l : t.lanes)
        if (!l.container.empty()) lane_of[{l.pod, l.container}] = &l;
    // Which container each log document is, from the graph.
    std::unordered_map<model::DocId, std::pair<std::string, std::string>> doc_owner;
    for (const auto& pv : graph.pods)
      for (const auto& cv : pv.containers)
        for (const auto* logs : {&cv.current_logs, &cv.previous_logs})
          for (const auto* lf : *logs)
            doc_owner.emplace(lf->doc, std::pair{pv.pod.meta.name, cv.name});
    std::unordered_map<std::string, model::DocId> doc_of;
    for (const auto& [doc, owner] : doc_owner) doc_of.emplace(graph.store->doc(doc).path, doc);
    std::set<std::pair<std::string, uint32_t>> seen;
    for (const Finding& f : findings) {
      for (const Evidence& ev : f.evidence) {
        auto d = doc_of.find(ev.path);
        if (d == doc_of.end() || !seen.insert({ev.path, ev.line}).second) continue;
        auto lane = lane_of.find(doc_owner[d->second]);
        if (lane == lane_of.end()) continue;
        const model::Document& doc = graph.store->doc(d->second);
        std::string t = doc.has_line(ev.line) ? lines.line_time(doc.line(ev.line)) : "";
        auto at = t.empty() ? std::nullopt : epoch_seconds(t);
        if (!at) continue;
        TimelineMark m;
        m.kind = Kind::Log;
        m.at = *at;
        m.warning = ev.role == "cause" || lines.level(doc.line(ev.line)) >= model::LogLevel::Error;
        m.label = "log (#" + std::to_string(f.rank) + ")";
        m.detail = ev.text;  // quoted and redacted as the finding's evidence
        m.path = ev.path;
        m.line = ev.line;
        lane->second->marks.push_back(std::move(m));
      }
    }
  }
};

// The top of the pod's owner chain (the graph names it whether or not the
// owners are in the input), or the pod itself; keyed as the engine groups
// workloads (workload_key), within the pod's namespace.
std::string workload_of(const correlate::PodView& pv, ObjectRef& ref) {
  ref = {};
  ref.ns = pv.pod.meta.ns;
  ref.kind = pv.top_name.empty() ? "Pod" : pv.top_kind;
  ref.name = pv.top_name.empty() ? pv.pod.meta.name : pv.top_name;
  return ref.ns + "/" + workload_key(pv);
}

void extend(Timeline& t, int64_t v) {
  if (!v) return;
  t.start = t.start ? std::min(t.start, v) : v;
  t.end = std::max(t.end, v);
}

}  // namespace

Timeline build_timeline(const correlate::Graph& graph, const std::vector<Finding>& findings,
                        const model::LogLineReader& lines) {
  Builder b{graph, lines, 0, {}};
  CollectionTime ct = collection_time(*graph.store);
  if (ct.at) {
    b.now = ct.at;
    b.out.now_source = ct.source;
  } else if (int64_t latest = snapshot_now(graph, lines)) {
    b.now = latest;
    b.out.now_source = "the latest time in the data";
  }
  b.out.now = b.now;

  // Pods by namespace and name (a table may not say the namespace).
  std::map<std::pair<std::string, std::string>, size_t> pod_at;
  std::map<std::string, size_t> pod_by_name;
  for (size_t i = 0; i < graph.pods.size(); ++i) {
    pod_at.emplace(std::pair{graph.pods[i].pod.meta.ns, graph.pods[i].pod.meta.name}, i);
    pod_by_name.emplace(graph.pods[i].pod.meta.name, i);
  }
  auto find_pod = [&](const ObjectRef& r) -> const correlate::PodView* {
    if (r.kind != "Pod") return nullptr;
    if (auto it = pod_at.find({r.ns, r.name}); it != pod_at.end()) return &graph.pods[it->second];
    if (auto it = pod_by_name.find(r.name); r.ns.empty() && it != pod_by_name.end())
      return &graph.pods[it->second];
    return nullptr;
  };

  std::vector<TimelineTrack> tracks;
  std::map<std::string, size_t> track_of;
  std::vector<std::vector<const correlate::PodView*>> pods_of;
  size_t left_out = 0;
  std::set<std::string> left_out_keys;
  for (const Finding& f : findings) {
    if (!is_runtime_category(f.category)) continue;
    std::vector<ObjectRef> refs{f.subject};
    refs.insert(refs.end(), f.affected.begin(), f.affected.end());
    for (const ObjectRef& r : refs) {
      const correlate::PodView* pv = find_pod(r);
      if (!pv) continue;
      ObjectRef wl;
      std::string key = workload_of(*pv, wl);
      auto it = track_of.find(key);
      if (it == track_of.end()) {
        if (tracks.size() >= kMaxTracks) {
          if (left_out_keys.insert(key).second) ++left_out;
          continue;
        }
        it = track_of.emplace(key, tracks.size()).first;
        tracks.push_back({wl, {}, {}});
        pods_of.emplace_back();
      }
      TimelineTrack& t = tracks[it->second];
      if (std::find(t.ranks.begin(), t.ranks.end(), f.rank) == t.ranks.end())
        t.ranks.push_back(f.rank);
      auto& pods = pods_of[it->second];
      if (pods.size() < kMaxPodsPerTrack && std::find(pods.begin(), pods.end(), pv) == pods.end())
        pods.push_back(pv);
    }
  }
  for (size_t i = 0; i < tracks.size(); ++i) {
    for (const auto* pv : pods_of[i]) {
      TimelineLane pl = b.pod_lane(*pv);
      if (!pl.marks.empty()) tracks[i].lanes.push_back(std::move(pl));
      for (const auto& cv : pv->containers) {
        TimelineLane cl = b.container_lane(*pv, cv);
        if (!cl.marks.empty() || cl.restarts > 0) tracks[i].lanes.push_back(std::move(cl));
      }
    }
  }
  b.log_marks(findings, tracks);

  // Each lane by time; the most telling marks kept when there are too many
  // (warnings and terminations before the routine ones, then the latest).
  for (auto& t : tracks) {
    for (auto& l : t.lanes) {
      auto by_time = [](const TimelineMark& a, const TimelineMark& x) {
        return std::tie(a.at, a.until, a.label) < std::tie(x.at, x.until, x.label);
      };
      if (l.marks.size() > kMaxMarksPerLane) {
        std::stable_sort(l.marks.begin(), l.marks.end(), [](const auto& a, const auto& x) {
          bool ia = a.warning || a.kind != Kind::Event, ix = x.warning || x.kind != Kind::Event;
          if (ia != ix) return ia;
          return a.at > x.at;
        });
        b.out.marks_left_out += l.marks.size() - kMaxMarksPerLane;
        l.marks.resize(kMaxMarksPerLane);
      }
      std::stable_sort(l.marks.begin(), l.marks.end(), by_time);
    }
  }
  std::erase_if(tracks, [](const TimelineTrack& t) {
    return std::none_of(t.lanes.begin(), t.lanes.end(),
                        [](const TimelineLane& l) { return !l.marks.empty(); });
  });

  // The axis: what happened, from its first moment to now. A container that
  // had been running long before is drawn from the axis' start; a pod's
  // start widens the axis unless it is long before everything else.
  Timeline& out = b.out;
  auto each = [&](auto&& fn) {
    for (const auto& t : tracks)
      for (const auto& l : t.lanes)
        for (const auto& m : l.marks) fn(m);
  };
  each([&](const TimelineMark& m) {
    if (m.kind == Kind::Running || m.kind == Kind::PodStart) return;
    extend(out, m.at);
    extend(out, m.until);
  });
  if (!out.start) {
    each([&](const TimelineMark& m) {
      extend(out, m.at);
      extend(out, m.until);
    });
  } else {
    int64_t action = std::max(out.now, out.end) - out.start;
    each([&](const TimelineMark& m) {
      if (m.kind == Kind::PodStart && m.at < out.start && out.start - m.at <= 2 * action)
        extend(out, m.at);
    });
  }
  extend(out, out.now);
  out.tracks = std::move(tracks);
  out.tracks_left_out = left_out;
  return out;
}

}  // namespace kubesift::engine
