#include "log_aggregate.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "kubesift/model/log_line.h"

namespace kubesift::engine {

double severity_weight(Severity s) {
  switch (s) {
    case Severity::Critical: return 100;
    case Severity::High: return 40;
    case Severity::Medium: return 12;
    case Severity::Low: return 4;
    case Severity::Info: return 1;
  }
  return 1;
}

bool LogPoint::operator<(const LogPoint& o) const {
  return std::tie(time, path, line) < std::tie(o.time, o.path, o.line);
}

std::optional<LogAgg> aggregate_hits(const model::Store& store, const model::LogLineReader& lines,
                                     const model::LogFile& log, const std::vector<LogHit>& hits,
                                     size_t rule, uint64_t count) {
  const model::Document& d = store.doc(log.doc);
  std::optional<LogAgg> out;
  for (const LogHit& h : hits) {
    if (h.rule != rule) continue;
    // Each kept line read once: its time orders it and bounds the seen times.
    LogPoint p{lines.line_time(d.line(h.line)), d.path, h.line, {log.doc, h.line}};
    if (!out) {
      out.emplace();
      out->first = out->last = p;
    } else {
      if (p < out->first) out->first = p;
      if (out->last < p) out->last = p;
    }
    LogAggregate& a = out->agg;
    if (!p.time.empty()) {
      if (a.first_seen.empty() || p.time < a.first_seen) a.first_seen = p.time;
      if (a.last_seen < p.time) a.last_seen = p.time;
    }
  }
  if (!out) return out;
  LogAggregate& a = out->agg;
  a.count = std::max<uint64_t>(count, 1);
  a.files = 1;
  a.top_files.push_back({d.path, a.count});
  return out;
}

bool merge_aggregate(LogAgg& into, const LogAgg& other) {
  LogAggregate& a = into.agg;
  const LogAggregate& b = other.agg;
  a.count += b.count;
  a.files += b.files;
  if (!b.first_seen.empty() && (a.first_seen.empty() || b.first_seen < a.first_seen))
    a.first_seen = b.first_seen;
  if (a.last_seen < b.last_seen) a.last_seen = b.last_seen;
  a.top_files.insert(a.top_files.end(), b.top_files.begin(), b.top_files.end());
  std::sort(a.top_files.begin(), a.top_files.end(),
            [](const LogAggregate::File& x, const LogAggregate::File& y) {
              return x.count != y.count ? x.count > y.count : x.path < y.path;
            });
  if (a.top_files.size() > LogAggregate::kTopFiles) a.top_files.resize(LogAggregate::kTopFiles);
  bool earlier = other.first < into.first;
  if (earlier) into.first = other.first;
  if (into.last < other.last) into.last = other.last;
  return earlier;
}

std::string aggregate_message(const std::string& title, const LogAggregate& agg, bool standalone) {
  std::string s = title + ": " + std::to_string(agg.count) + (agg.count == 1 ? " line" : " lines") +
                  " in " + std::to_string(agg.files) + (agg.files == 1 ? " file" : " files");
  if (!agg.top_files.empty() && agg.files > 1)
    s += " (most in " + agg.top_files.front().path + ", " +
         std::to_string(agg.top_files.front().count) + ")";
  if (!agg.first_seen.empty())
    s += agg.first_seen == agg.last_seen ? ", at " + agg.first_seen
                                         : ", from " + agg.first_seen + " to " + agg.last_seen;
  if (standalone)
    s += agg.files == 1 ? "; no pod or container of the input matches this log."
                        : "; no pod or container of the input matches these logs.";
  else
    s += ".";
  return s;
}

double aggregate_score(const Finding& f) {
  uint64_t files = f.logs ? f.logs->files : 1;
  return severity_weight(f.severity) * f.confidence *
         (1.0 + 0.25 * std::log2(static_cast<double>(std::max<uint64_t>(files, 1))));
}

}  // namespace kubesift::engine

namespace kubesift::engine {

std::string unmatched_logs_note(size_t n, const std::string& first) {
  if (n == 0) return {};
  return std::to_string(n) + " log file(s) matched no pod and container of the input (" + first +
         (n > 1 ? ", …" : "") +
         "); their findings name the file, and cannot be tied to a container's status.";
}

// The same merge as Run::finish() does for candidates, on findings as a
// report carries them: the first and last evidence stand for the first and
// last lines, ordered by (time, path, line).
void merge_log_findings(Finding& into, Finding&& other, const model::LogLineReader& lines) {
  if (!into.logs || !other.logs) return;
  bool standalone = into.subject.kind == "Log";
  if (!standalone) {
    // A pod's log (never split across shards): the counts add, the words stay.
    LogAgg a{*into.logs, {}, {}}, b{*other.logs, {}, {}};
    merge_aggregate(a, b);
    into.logs = std::move(a.agg);
    into.score = std::max(into.score, other.score);
    return;
  }
  auto point = [&lines](const Finding& f, bool last) {
    LogPoint p;
    if (f.evidence.empty()) return p;
    const Evidence& e = last ? f.evidence.back() : f.evidence.front();
    // The line's own time, read as the scan read it (the quoted line keeps
    // its head).
    p.time = lines.line_time(e.text);
    p.path = e.path;
    p.line = e.line;
    return p;
  };
  LogAgg a{*into.logs, point(into, false), point(into, true)};
  LogAgg b{*other.logs, point(other, false), point(other, true)};
  Evidence a_first = into.evidence.empty() ? Evidence{} : into.evidence.front();
  Evidence a_last = into.evidence.empty() ? Evidence{} : into.evidence.back();
  Evidence b_first = other.evidence.empty() ? Evidence{} : other.evidence.front();
  Evidence b_last = other.evidence.empty() ? Evidence{} : other.evidence.back();
  bool later_last = a.last < b.last;
  if (merge_aggregate(a, b)) {
    // The earliest line speaks: its words, its first evidence.
    into.remediation = std::move(other.remediation);
    a_first = std::move(b_first);
  }
  if (later_last) a_last = std::move(b_last);
  into.logs = std::move(a.agg);
  into.severity = std::max(into.severity, other.severity);
  into.confidence = std::max(into.confidence, other.confidence);
  into.message = aggregate_message(into.title, *into.logs, true);
  into.affected.clear();
  for (const auto& tf : into.logs->top_files) into.affected.push_back({"Log", "", tf.path, ""});
  into.subject = into.affected.front();
  a_first.role = "cause";
  a_last.role = "log";
  into.evidence = {a_first};
  if (a_last.path != a_first.path || a_last.line != a_first.line)
    into.evidence.push_back(std::move(a_last));
  into.score = aggregate_score(into);
}

}  // namespace kubesift::engine
