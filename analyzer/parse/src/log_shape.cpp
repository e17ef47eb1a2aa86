#include "log_shape.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "log_identity.h"

namespace kubesift::parse {
namespace {

using model::LogLineFields;
using model::LogShape;

constexpr size_t npos = std::string_view::npos;
constexpr size_t kSampleLines = 64;
constexpr size_t kSampleBytes = 64 * 1024;

bool blank(std::string_view l) {
  return std::all_of(l.begin(), l.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Calls f(line, 1-based number) for each line of `s`, numbered as
// Document::line() numbers them, until f returns false.
template <typename F>
void for_each_line(std::string_view s, F&& f) {
  const char* base = s.data();
  size_t pos = 0;
  uint32_t n = 0;
  while (pos < s.size()) {
    const void* nl = std::memchr(base + pos, '\n', s.size() - pos);
    size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - base) : s.size();
    std::string_view line = s.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!f(line, ++n)) return;
    pos = end + 1;
  }
}

class ShapeCounter {
 public:
  void add(const LogLineFields& f) {
    if (n_ == 0) {
      first_outer_ = f.shape;
      first_payload_ = f.payload_shape;
    }
    ++n_;
    ++outer_[static_cast<size_t>(f.shape)];
    ++payload_[static_cast<size_t>(f.payload_shape)];
  }
  size_t count() const { return n_; }

  LogShapes result() const {
    LogShapes r;
    size_t best = 0;
    for (LogShape s : {LogShape::JsonLines, LogShape::Logfmt, LogShape::Klog}) {
      size_t c = payload_[static_cast<size_t>(s)];
      if (c > best) {
        best = c;
        r.payload = s;
      }
    }
    // A logger's shape shows in its first line or in a quarter of the lines;
    // the rest may be a stack trace or a banner.
    if (first_payload_ != LogShape::Plain && payload_[static_cast<size_t>(first_payload_)] >= best)
      r.payload = first_payload_;
    else if (best == 0 || best * 4 < n_)
      r.payload = LogShape::Plain;
    best = 0;
    LogShape env = LogShape::Plain;
    // Ties go to the later, more specific envelope.
    for (LogShape s :
         {LogShape::Timestamped, LogShape::Cri, LogShape::DockerJson, LogShape::Prefixed}) {
      size_t c = outer_[static_cast<size_t>(s)];
      if (c > 0 && c >= best) {
        best = c;
        env = s;
      }
    }
    r.shape = best > 0 && best * 2 >= n_ ? env : r.payload;
    // `[pod/NAME/CONTAINER] ` never starts a line by chance, and a pasted
    // stack trace may outnumber the prefixed lines.
    if (first_outer_ == LogShape::Prefixed) r.shape = LogShape::Prefixed;
    return r;
  }

 private:
  std::array<size_t, 8> outer_{}, payload_{};
  size_t n_ = 0;
  LogShape first_outer_ = LogShape::Plain, first_payload_ = LogShape::Plain;
};

// Does any line of a CRI or docker json-file log hold a piece of a longer
// line? Searches the marks such a piece carries instead of splitting every
// line.
bool has_partial_lines(std::string_view content, LogShape shape) {
  auto line_at = [&](size_t pos) {
    size_t start = content.rfind('\n', pos);
    start = start == npos ? 0 : start + 1;
    size_t end = content.find('\n', pos);
    return content.substr(start, end == npos ? npos : end - start);
  };
  auto any_partial = [&](std::string_view needle, auto&& plausible) {
    std::boyer_moore_horspool_searcher searcher(needle.begin(), needle.end());
    auto it = content.begin();
    while (true) {
      it = std::search(it, content.end(), searcher);
      if (it == content.end()) return false;
      size_t pos = static_cast<size_t>(it - content.begin());
      if (plausible(pos) && split_log_line(line_at(pos)).partial) return true;
      ++it;
    }
  };
  if (shape == LogShape::Cri) {
    auto any = [](size_t) { return true; };
    return any_partial("stdout P", any) || any_partial("stderr P", any);
  }
  if (shape == LogShape::DockerJson) {
    // `{"log":"…\n","stream":…}`: a piece lacks the "\n".
    constexpr std::string_view kStream = "\",\"stream\":\"";
    return any_partial(kStream,
                       [&](size_t pos) { return pos < 2 || content.substr(pos - 2, 2) != "\\n"; });
  }
  return false;
}

model::LogFile base_log(const model::Document& doc) {
  model::LogFile log;
  log.doc = doc.id;
  log.first_line = 1;
  log.last_line = doc.line_count();
  identify_log_path(doc.path, log);
  return log;
}

void set_shapes(model::LogFile& log, const LogShapes& s) {
  log.shape = s.shape;
  log.payload_shape = s.payload;
  log.json_lines = s.shape == LogShape::JsonLines || s.shape == LogShape::DockerJson;
}

void read_prefixed(const model::Document& doc, model::Facts& out) {
  struct Group {
    std::string_view pod, container;
    std::vector<uint32_t> lines;
    ShapeCounter shapes;
  };
  std::vector<Group> groups;
  std::unordered_map<std::string_view, size_t> by_head;  // "[pod/a/b]" → group
  std::string_view current_head;
  size_t current = npos;
  for_each_line(doc.text(), [&](std::string_view line, uint32_t n) {
    std::string_view pod, container;
    if (split_log_prefix(line, pod, container) != 0) {
      std::string_view head =
          line.substr(0, static_cast<size_t>(container.end() - line.begin()) + 1);
      if (current == npos || head != current_head) {
        auto [it, added] = by_head.try_emplace(head, groups.size());
        if (added) groups.push_back({pod, container, {}, {}});
        current = it->second;
        current_head = head;
      }
      Group& g = groups[current];
      if (g.shapes.count() < kSampleLines && !blank(line.substr(head.size())))
        g.shapes.add(split_log_line(line));
    }
    if (current != npos) groups[current].lines.push_back(n);
    return true;
  });
  model::LogFile base = base_log(doc);
  for (Group& g : groups) {
    model::LogFile log = base;
    log.pod = std::string(g.pod);
    log.container = std::string(g.container);
    LogShapes s = g.shapes.result();
    s.shape = LogShape::Prefixed;
    set_shapes(log, s);
    log.first_line = g.lines.front();
    log.last_line = g.lines.back();
    log.lines = std::move(g.lines);
    out.logs.push_back(std::move(log));
  }
}

}  // namespace

LogShapes detect_log_shapes(std::string_view content) {
  ShapeCounter counter;
  for_each_line(content.substr(0, std::min(content.size(), kSampleBytes)),
                [&](std::string_view line, uint32_t) {
                  if (!blank(line)) counter.add(split_log_line(line));
                  return counter.count() < kSampleLines;
                });
  return counter.result();
}

void read_log_document(const model::Document& doc, model::Facts& out) {
  LogShapes shapes = detect_log_shapes(doc.text());
  if (shapes.shape == LogShape::Prefixed) {
    read_prefixed(doc, out);
    return;
  }
  model::LogFile log = base_log(doc);
  set_shapes(log, shapes);
  log.partial_lines = has_partial_lines(doc.text(), shapes.shape);
  out.logs.push_back(std::move(log));
}

bool looks_like_bracketed_log(std::string_view first_line) {
  if (first_line.size() < 4 || first_line.front() != '[') return false;
  size_t close = first_line.find(']');
  if (close == npos || close == 1) return false;
  if (first_line.substr(1, close - 1).find_first_of("\"{[,") != npos) return false;
  // Text follows: `[INFO] started`, `[pod/web-1/app] listening`.
  return close + 2 < first_line.size() && first_line[close + 1] == ' ' &&
         !blank(first_line.substr(close + 2));
}

bool is_log_record_line(std::string_view line) {
  bool found = false;
  json_top_level(line, "apiVersion", found);
  if (found) {
    json_top_level(line, "kind", found);
    if (found) return false;  // a Kubernetes object, whatever else it holds
  }
  for (std::string_view key : {"msg", "message", "level", "severity", "log", "ts"}) {
    json_top_level(line, key, found);
    if (found) return true;
  }
  return false;
}

}  // namespace kubesift::parse
