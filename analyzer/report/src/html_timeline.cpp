// The HTML report's timeline: each failing workload drawn as inline SVG,
// every one on the same time axis, with its marks also listed as a table
// (readable without the drawing, and copyable).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "html_text.h"
#include "kubesift/core/time.h"
#include "kubesift/report/report.h"

namespace kubesift::report::html {
namespace {

using Kind = TimelineMark::Kind;

constexpr double kWidth = 1000, kLabelRight = 238, kX0 = 250, kX1 = 972;
constexpr double kAxisH = 30, kRowH = 26, kEventRowH = 15;

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::Running: return "running";
    case Kind::Terminated: return "terminated";
    case Kind::Waiting: return "waiting";
    case Kind::Event: return "event";
    case Kind::Log: return "log";
    case Kind::PodStart: return "podstart";
  }
  return "event";
}

struct Axis {
  int64_t start = 0, end = 0;
  double x(int64_t t) const {
    if (end <= start) return (kX0 + kX1) / 2;
    double f = static_cast<double>(t - start) / static_cast<double>(end - start);
    return kX0 + std::clamp(f, 0.0, 1.0) * (kX1 - kX0);
  }
};

Axis make_axis(const Timeline& t) {
  Axis a{t.start, t.end};
  int64_t span = std::max<int64_t>(a.end - a.start, 60);
  int64_t pad = std::max<int64_t>(span / 30, 1);
  if (a.end - a.start < 60) {
    int64_t mid = a.start + (a.end - a.start) / 2;
    a.start = mid - 30;
    a.end = mid + 30;
  }
  a.start -= pad;
  a.end += pad;
  return a;
}

// A tick every `step` seconds, ~4 to 9 of them on the axis.
int64_t tick_step(int64_t span) {
  constexpr int64_t kSteps[] = {1,     2,     5,      10,     15,      30,      60,    120,
                                300,   600,   900,    1800,   3600,    7200,    10800, 21600,
                                43200, 86400, 172800, 604800, 2592000, 31536000};
  for (int64_t s : kSteps)
    if (span / s <= 8) return s;
  return 31536000;
}

std::string tick_label(int64_t t, int64_t step) {
  std::string c = clock(t);  // "2026-11-26 18:41:42"
  if (step >= 86400) return c.substr(0, 10);
  if (step >= 60) return c.substr(11, 5);
  return c.substr(11, 8);
}

std::string fmt_num(double v) {
  return fmt::format("{:.1f}", v);
}

std::string clip_label(const std::string& s, size_t n) {
  // By code points: never cut a UTF-8 sequence.
  size_t cps = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && cps++ == n) break;
  }
  return i < s.size() ? s.substr(0, i) + "\u2026" : s;
}

std::string mark_title(const TimelineMark& m) {
  std::string t = m.label + " \u2014 " + clock(m.at);
  if (m.until) t += " \u2192 " + clock(m.until).substr(11);
  t += " UTC";
  if (m.approximate) t += " (about: placed from the ages the input prints)";
  if (!m.detail.empty()) t += "\n" + m.detail;
  if (!m.path.empty()) t += "\n" + m.path + ":" + std::to_string(m.line);
  return t;
}

void draw_axis(const Axis& a, double height, std::ostream& out) {
  int64_t step = tick_step(a.end - a.start);
  out << "<g class=\"axis\">";
  int64_t first = (a.start / step + (a.start % step > 0 ? 1 : 0)) * step;
  for (int64_t t = first; t <= a.end; t += step) {
    double x = a.x(t);
    out << "<line x1=\"" << fmt_num(x) << "\" y1=\"" << kAxisH - 8 << "\" x2=\"" << fmt_num(x)
        << "\" y2=\"" << fmt_num(height - 4) << "\"/><text x=\"" << fmt_num(x) << "\" y=\""
        << kAxisH - 12 << "\" text-anchor=\"middle\">" << tick_label(t, step) << "</text>";
  }
  out << "</g>";
}

void draw_mark(const Axis& a, const TimelineMark& m, double y, double& text_end,
               std::ostream& out) {
  std::string cls = "mark mark-" + std::string(kind_name(m.kind)) + (m.warning ? " warning" : "");
  out << "<g class=\"" << cls << "\" data-kind=\"" << kind_name(m.kind) << "\" data-time=\""
      << rfc3339(m.at) << "\"";
  if (m.until) out << " data-until=\"" << rfc3339(m.until) << "\"";
  if (!m.path.empty()) out << " data-cite=\"" << esc(m.path + ":" + std::to_string(m.line)) << "\"";
  out << "><title>" << esc(mark_title(m)) << "</title>";
  double x = a.x(m.at), xe = m.until ? a.x(m.until) : x;
  double mid = m.kind == Kind::Event ? y + kEventRowH / 2 : y + kRowH / 2;
  auto label = [&](double at, const std::string& text) {
    // A label only where the lane has room for it, right of the mark or
    // else left of it (the title always says it).
    double w = 6.2 * static_cast<double>(std::min<size_t>(text.size(), 28));
    std::string anchor;
    double pos = at;
    if (at >= text_end + 4 && at + w <= kWidth) {
      text_end = at + w;
    } else if (x - 6 - w >= std::max(kX0, text_end + 4)) {
      pos = x - 6;
      anchor = " text-anchor=\"end\"";
      text_end = x;
    } else {
      return;
    }
    out << "<text x=\"" << fmt_num(pos) << "\" y=\"" << fmt_num(y + 9) << "\"" << anchor << ">"
        << esc(clip_label(text, 28)) << "</text>";
  };
  switch (m.kind) {
    case Kind::Running: {
      out << "<rect x=\"" << fmt_num(x) << "\" y=\"" << fmt_num(mid - 1) << "\" width=\""
          << fmt_num(std::max(xe - x, 2.0)) << "\" height=\"7\" rx=\"2\"/>";
      if (m.at < a.start)
        out << "<text x=\"" << fmt_num(kX0 - 2) << "\" y=\"" << fmt_num(mid + 6)
            << "\" text-anchor=\"end\">\u25c2</text>";
      break;
    }
    case Kind::Terminated:
      out << "<path d=\"M" << fmt_num(x - 5) << " " << fmt_num(mid - 6) << "h10l-5 9z\"/>";
      label(x + 6, m.label);
      break;
    case Kind::Waiting:
      out << "<path d=\"M" << fmt_num(x) << " " << fmt_num(mid - 8) << "l6 6l-6 6l-6-6z\"/>";
      label(x + 8, m.label);
      break;
    case Kind::Event:
      // One row per reason: a repeated event spans its first to last time.
      if (m.until)
        out << "<line" << (m.approximate ? " class=\"approx\"" : "") << " x1=\"" << fmt_num(x)
            << "\" y1=\"" << fmt_num(mid) << "\" x2=\"" << fmt_num(xe) << "\" y2=\"" << fmt_num(mid)
            << "\" stroke-width=\"2\"/>";
      out << "<circle cx=\"" << fmt_num(x) << "\" cy=\"" << fmt_num(mid) << "\" r=\"3.5\"/>";
      if (m.until)
        out << "<circle cx=\"" << fmt_num(xe) << "\" cy=\"" << fmt_num(mid) << "\" r=\"3.5\"/>";
      break;
    case Kind::Log:
      out << "<rect x=\"" << fmt_num(x - 1.5) << "\" y=\"" << fmt_num(mid - 9) << "\" width=\"3\" "
          << "height=\"18\"/>";
      break;
    case Kind::PodStart:
      out << "<path d=\"M" << fmt_num(x) << " " << fmt_num(mid + 9) << "v-16l8 4l-8 4\"/>";
      break;
  }
  out << "</g>";
}

std::string lane_name(const TimelineLane& l) {
  return l.container.empty() ? "pod " + l.pod : l.container;
}

// An event's row: its reason (the label without its count).
std::string reason_of(const TimelineMark& m) {
  size_t x = m.label.find(" \u00d7");
  return x == std::string::npos ? m.label : m.label.substr(0, x);
}

struct LaneRows {
  std::vector<std::string> reasons;  // one row each, by first time
  double height = kRowH;
};

LaneRows rows_of(const TimelineLane& l) {
  LaneRows r;
  for (const auto& m : l.marks)
    if (m.kind == Kind::Event) {
      std::string why = reason_of(m);
      if (std::find(r.reasons.begin(), r.reasons.end(), why) == r.reasons.end())
        r.reasons.push_back(why);
    }
  r.height = kRowH + kEventRowH * static_cast<double>(r.reasons.size()) + 3;
  return r;
}

void draw_lane(const Axis& a, const TimelineLane& l, const LaneRows& lr, double y,
               std::ostream& out) {
  out << "<g class=\"lane\" data-pod=\"" << esc(l.pod) << "\" data-container=\"" << esc(l.container)
      << "\"";
  if (l.restarts >= 0) out << " data-restarts=\"" << l.restarts << "\"";
  out << "><text class=\"lane-label\" x=\"" << kLabelRight << "\" y=\"" << fmt_num(y + 12)
      << "\" text-anchor=\"end\"><title>"
      << esc(l.pod + (l.container.empty() ? "" : "/" + l.container)) << "</title>"
      << esc(clip_label(lane_name(l), 36)) << "</text>";
  if (l.restarts >= 0)
    out << "<text class=\"lane-sub\" x=\"" << kLabelRight << "\" y=\"" << fmt_num(y + 23)
        << "\" text-anchor=\"end\">" << l.restarts << " restart" << (l.restarts == 1 ? "" : "s")
        << "</text>";
  auto row_y = [&](size_t k) { return y + kRowH + kEventRowH * static_cast<double>(k); };
  for (size_t k = 0; k < lr.reasons.size(); ++k) {
    // The row's reason, with the largest count seen of it.
    long long count = 0;
    bool warning = false;
    for (const auto& m : l.marks)
      if (m.kind == Kind::Event && reason_of(m) == lr.reasons[k]) {
        count = std::max(count, m.count);
        warning |= m.warning;
      }
    out << "<text class=\"lane-sub" << (warning ? " lane-warning" : "") << "\" x=\"" << kLabelRight
        << "\" y=\"" << fmt_num(row_y(k) + 10) << "\" text-anchor=\"end\">"
        << esc(clip_label(lr.reasons[k], 24) +
               (count > 1 ? " \u00d7" + std::to_string(count) : std::string()))
        << "</text>";
  }
  double text_end = 0, unused = 0;
  // Spans first, so moments are drawn over them; events on their own rows.
  for (const auto& m : l.marks)
    if (m.kind == Kind::Running) draw_mark(a, m, y, text_end, out);
  for (const auto& m : l.marks) {
    if (m.kind == Kind::Running) continue;
    if (m.kind != Kind::Event) {
      draw_mark(a, m, y, text_end, out);
      continue;
    }
    auto k = std::find(lr.reasons.begin(), lr.reasons.end(), reason_of(m)) - lr.reasons.begin();
    draw_mark(a, m, row_y(static_cast<size_t>(k)), unused, out);
  }
  out << "</g>";
}

void draw_track(const ReportData& r, const Axis& a, const TimelineTrack& t, std::ostream& out) {
  const ObjectRef& w = t.workload;
  std::string name = w.kind + " " + (w.ns.empty() ? "" : w.ns + "/") + w.name;
  out << "<figure class=\"track\" data-workload=\"" << esc(w.kind + "/" + w.ns + "/" + w.name)
      << "\"><figcaption>" << esc(name) << " <span class=\"meta\">\u2014 finding";
  if (t.ranks.size() > 1) out << "s";
  for (size_t i = 0; i < t.ranks.size(); ++i)
    out << (i ? ", " : " ") << "<a href=\"#finding-" << t.ranks[i] << "\">#" << t.ranks[i]
        << "</a>";
  out << "</span></figcaption>\n";
  std::vector<LaneRows> rows;
  double height = kAxisH + 8;
  for (const auto& l : t.lanes) {
    rows.push_back(rows_of(l));
    height += rows.back().height;
  }
  out << "<svg class=\"timeline\" viewBox=\"0 0 " << kWidth << " " << fmt_num(height)
      << "\" role=\"img\" aria-label=\"" << esc("timeline of " + name) << "\">";
  double y = kAxisH;
  for (size_t i = 0; i < t.lanes.size(); ++i) {
    if (i % 2 == 0)
      out << "<rect class=\"stripe\" x=\"0\" y=\"" << fmt_num(y) << "\" width=\"" << kWidth
          << "\" height=\"" << fmt_num(rows[i].height) << "\"/>";
    y += rows[i].height;
  }
  draw_axis(a, height, out);
  y = kAxisH;
  for (size_t i = 0; i < t.lanes.size(); ++i) {
    draw_lane(a, t.lanes[i], rows[i], y, out);
    y += rows[i].height;
  }
  if (r.timeline.now) {
    double x = a.x(r.timeline.now);
    out << "<g class=\"now\"><line x1=\"" << fmt_num(x) << "\" y1=\"" << kAxisH - 6 << "\" x2=\""
        << fmt_num(x) << "\" y2=\"" << fmt_num(height) << "\"/><text x=\"" << fmt_num(x - 3)
        << "\" y=\"" << kAxisH - 1 << "\" text-anchor=\"end\">now</text></g>";
  }
  out << "</svg>\n";
  // The same marks as a table.
  size_t n = 0;
  for (const auto& l : t.lanes) n += l.marks.size();
  out << "<details><summary>As a list (" << n
      << ")</summary><table><tr><th>time (UTC)</th>"
         "<th>where</th><th>what</th><th>line</th></tr>";
  std::vector<std::pair<const TimelineMark*, const TimelineLane*>> all;
  for (const auto& l : t.lanes)
    for (const auto& m : l.marks) all.emplace_back(&m, &l);
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& x, const auto& y) { return x.first->at < y.first->at; });
  for (const auto& [m, l] : all) {
    out << "<tr><td class=\"mono\">" << (m->approximate ? "~" : "") << clock(m->at);
    if (m->until) out << " \u2192 " << clock(m->until).substr(11);
    out << "</td><td>" << esc(lane_name(*l)) << "</td><td>" << esc(m->label);
    if (!m->detail.empty()) out << "<br><span class=\"meta\">" << esc(m->detail) << "</span>";
    out << "</td><td>";
    if (!m->path.empty())
      out << "<code>" << esc(m->path + ":" + std::to_string(m->line)) << "</code>";
    out << "</td></tr>";
  }
  out << "</table></details></figure>\n";
}

}  // namespace

void write_timeline(const ReportData& r, std::ostream& out) {
  const Timeline& tl = r.timeline;
  Axis a = make_axis(tl);
  out << "<section id=\"timeline\"><h2>Timeline</h2>\n<p>Every workload below is drawn on the "
         "same axis, "
      << clock(a.start) << " to " << clock(a.end).substr(11) << " UTC";
  if (tl.now) out << "; <b>now</b> is " << clock(tl.now) << ", from " << esc(tl.now_source);
  out << ". Times the input gives only as ages (\u201c2m (x12 over 9m)\u201d) are placed from "
         "now and drawn dashed. Hover a mark for its line.</p>\n";
  out << "<div class=\"legend\"><span class=\"lg-running\">container running</span>"
         "<span class=\"lg-term\">terminated (exit code)</span><span class=\"lg-waiting\">"
         "waiting now</span><span class=\"lg-event\">event (first \u2192 last)</span>"
         "<span class=\"lg-log\">cited log line</span></div>\n";
  for (const auto& t : tl.tracks) draw_track(r, a, t, out);
  if (tl.tracks_left_out || tl.marks_left_out)
    out << "<p class=\"meta\">Left out to keep this readable: " << tl.tracks_left_out
        << " workload(s), " << tl.marks_left_out << " routine mark(s).</p>\n";
  out << "</section>\n";
}

}  // namespace kubesift::report::html
