#include "snapshot.h"

#include <algorithm>

#include "kubesift/core/time.h"

namespace kubesift::engine {

namespace {

void latest(int64_t& now, const std::string& text) {
  if (text.empty()) return;
  if (auto t = epoch_seconds(text)) now = std::max(now, *t);
}

}  // namespace

int64_t state_time(const model::ContainerState& s) {
  const std::string& t =
      s.kind == model::ContainerState::Kind::Terminated ? s.finished_at : s.started_at;
  if (auto v = epoch_seconds(t)) return *v;
  return 0;
}

int64_t snapshot_now(const correlate::Graph& graph, const model::LogLineReader& lines) {
  int64_t now = 0;
  for (const auto& pv : graph.pods) {
    for (const auto& st : pv.pod.statuses)
      for (const auto* s : {&st.state, &st.last_state}) {
        latest(now, s->started_at);
        latest(now, s->finished_at);
      }
  }
  for (const auto& pv : graph.pods)
    for (const auto& c : pv.pod.conditions) latest(now, c.latest_time);
  for (const auto& nv : graph.nodes)
    for (const auto& c : nv.node.conditions) latest(now, c.latest_time);
  const model::Store& store = *graph.store;
  for (const auto& e : store.facts.events) {
    latest(now, e.last_seen);
    latest(now, e.first_seen);
  }
  if (lines) {
    for (const auto& lf : store.facts.logs) {
      const model::Document& d = store.doc(lf.doc);
      uint32_t last = !lf.lines.empty() ? lf.lines.back()
                      : lf.last_line    ? lf.last_line
                                        : d.line_count();
      // The last line with a time (a log may end on a blank line).
      for (uint32_t l = last, tries = 0; l >= 1 && tries < 4; --l, ++tries) {
        std::string t = lines.line_time(d.line(l));
        if (t.empty()) continue;
        latest(now, t);
        break;
      }
    }
  }
  return now;
}

}  // namespace kubesift::engine
