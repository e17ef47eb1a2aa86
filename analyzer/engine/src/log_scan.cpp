#include "kubesift/engine/log_scan.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include "log_prefilter.h"
#include "log_scan_state.h"

namespace kubesift::engine {

namespace {

// Words that may mean an error, and klog's E/F heads (unknown errors).
constexpr const char* kErrorWords =
    "(?i:error|fatal|panic|exception|fail|refused|traceback|denied|crit)";
constexpr const char* kErrorHead = "[EF]\\d{4} ";

// Where a piece of a longer line may be (log_join.h): a CRI `P` tag, as
// RE2 (the Set) and as a Hyperscan expression; read_log_piece decides.
// (Docker pieces hold 16 KiB and more: the scan looks at a block's last line.)
constexpr const char* kPieceMarks = "(?:stdout|stderr) P";
constexpr const char* kHsPieceMarks[] = {"std(?:out|err) P"};

RE2::Options options(bool ci) {
  RE2::Options o;
  o.set_never_nl(true);
  o.set_case_sensitive(!ci);
  o.set_log_errors(false);
  return o;
}

// "(?m)" so that ^ and $ mean line start/end; "(?i)" for ignore_case. The
// Set is compiled case-sensitive, so each pattern carries its own flags. A
// leading ^ anchors at the start of the line's own text, after any envelope,
// also after flag groups that lead the pattern (`(?i)^boom$`).
std::string wrap(const Matcher& m) {
  std::string out = m.case_insensitive ? "(?mi)" : "(?m)";
  std::string_view p = m.pattern;
  size_t at = 0;
  while (p.substr(at).starts_with("(?")) {
    size_t close = p.find(')', at);
    if (close == std::string_view::npos ||
        p.substr(at + 2, close - at - 2).find_first_not_of("imsU-") != std::string_view::npos)
      break;  // not flags alone: a group such as (?i:...) or (?P<name>...)
    at = close + 1;
  }
  if (at < p.size() && p[at] == '^')
    out.append(p.substr(0, at)).append("^").append(kEnvelope).append(p.substr(at + 1));
  else
    out.append(p);
  return out;
}

}  // namespace

LogScanner::~LogScanner() = default;

std::string_view LogScanner::prefilter() const {
  return hs_ ? "hyperscan" : "re2-set";
}

std::string LogScanner::scan_pattern(const Matcher& m) {
  return wrap(m);
}

std::string LogScanner::portable_pattern(const Matcher& m) {
  std::string w = wrap(m), out = "(?:";
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == '\\' && i + 1 < w.size()) {
      out += w[i];
      out += w[++i];
      continue;
    }
    if (w.compare(i, 4, "(?P<") == 0) {
      size_t close = w.find('>', i);
      if (close != std::string::npos) {
        out += "(?:";
        i = close;
        continue;
      }
    }
    out += w[i];
  }
  return out + ")";
}

std::unique_ptr<LogScanner> LogScanner::build(const Catalog& catalog,
                                              const model::LogLineReader& lines,
                                              std::string* error) {
  if (!lines) {
    if (error) *error = "log scanner: no log line reader given";
    return nullptr;
  }
  std::unique_ptr<LogScanner> s(new LogScanner());
  s->lines_ = lines;
  std::vector<std::string> all_patterns;  // as the Set has them, in id order
  RE2::Options so = options(false);
  so.set_max_mem(64 << 20);
  s->set_ = std::make_unique<SetHolder>(so);
  const auto& rules = catalog.rules();
  for (size_t i = 0; i < rules.size(); ++i) {
    for (const auto& m : rules[i].match) {
      if (m.kind != Matcher::Kind::Log) continue;
      auto p = std::make_unique<Pattern>();
      p->rule = i;
      p->re = std::make_unique<RE2>(wrap(m), options(false));
      if (!p->re->ok()) {
        if (error) *error = rules[i].source + ": " + p->re->error();
        return nullptr;
      }
      for (const auto& [name, idx] : p->re->NamedCapturingGroups())
        p->groups.emplace_back(idx, name);
      std::sort(p->groups.begin(), p->groups.end());
      std::string err;
      all_patterns.push_back(wrap(m));
      if (s->set_->set.Add(wrap(m), &err) < 0) {
        if (error) *error = rules[i].source + ": " + err;
        return nullptr;
      }
      s->patterns_.push_back(std::move(p));
    }
  }
  // Words that may mean an error, and klog's E/F heads: the blocks where
  // unknown errors may be. Last in the Set, so signature ids stay indices.
  if (!s->patterns_.empty()) {
    std::string errorish =
        std::string("(?m)") + kErrorWords + "|^" + std::string(kEnvelope) + kErrorHead;
    s->errorish_ = std::make_unique<RE2>(errorish, options(false));
    std::string err;
    s->errorish_id_ = s->set_->set.Add(errorish, &err);
    all_patterns.push_back(errorish);
    if (s->errorish_id_ < 0 || !s->errorish_->ok()) {
      if (error) *error = "the error-word pattern does not compile: " + err;
      return nullptr;
    }
    // After it: the marks of pieces of long lines (log_join.h).
    s->mark_id_ = s->set_->set.Add(kPieceMarks, &err);
    if (s->mark_id_ < 0) {
      if (error) *error = "the piece-mark pattern does not compile: " + err;
      return nullptr;
    }
  }
  if (!s->patterns_.empty() && !s->set_->set.Compile()) {
    if (error) *error = "the log signatures do not fit in the matcher's memory budget";
    return nullptr;
  }
  // Hyperscan filters blocks where it can; the Set stays for the rest.
  const char* choice = std::getenv("KUBESIFT_PREFILTER");
  if (!s->patterns_.empty() && !(choice && std::string_view(choice) == "re2-set")) {
    // The error-word pattern as two: its words (atoms) and klog's E/F head
    // (a line-head test), both standing for it.
    std::vector<std::string> filtered(all_patterns.begin(), all_patterns.end() - 1);
    std::vector<int> alias(filtered.size());
    for (size_t i = 0; i < alias.size(); ++i) alias[i] = static_cast<int>(i);
    filtered.push_back(std::string("(?m)") + kErrorWords);
    filtered.push_back("(?m)^" + std::string(kEnvelope) + kErrorHead);
    alias.insert(alias.end(), 2, s->errorish_id_);
    std::string why;
    std::vector<std::string> marks(std::begin(kHsPieceMarks), std::end(kHsPieceMarks));
    s->hs_ = LogPrefilter::build(filtered, alias, marks, s->mark_id_, &why);
  }
  return s;
}

LogScanner::Stream::Stream(const LogScanner& s, uint32_t first_line, std::vector<uint64_t>* counts,
                           ScanStats* stats, const Options& opts)
    : st_(std::make_unique<State>(s, first_line, counts, stats, opts)) {
  st_->opts.line_starts = nullptr;  // offsets of one text only
}

LogScanner::Stream::~Stream() = default;

void LogScanner::Stream::feed(std::string_view text) {
  st_->feed(text, false);
}

void LogScanner::Stream::kept_lines(std::vector<uint32_t>& out) const {
  for (const auto& [pattern, k] : st_->kept) {
    for (const auto& h : k.head) out.push_back(h.line);
    for (const auto& h : k.tail) out.push_back(h.line);
  }
}

const std::map<uint32_t, std::string>& LogScanner::Stream::held_lines() const {
  return st_->held;
}

void LogScanner::Stream::finish(std::vector<LogHit>& hits) {
  State& t = *st_;
  t.finish_joins();                              // a `P` with no `F` at the end, as far as it goes
  if (t.open_line && t.stats) ++t.stats->lines;  // the last line, without its newline
  t.open_line = false;
  size_t before = hits.size();
  for (auto& [pattern, k] : t.kept) {
    for (auto& h : k.head) hits.push_back(std::move(h));
    for (auto& h : k.tail) hits.push_back(std::move(h));
    if (t.counts) {
      size_t rule = t.s.patterns_[pattern]->rule;
      if (t.counts->size() <= rule) t.counts->resize(rule + 1, 0);
      (*t.counts)[rule] += k.lines;
    }
  }
  t.kept.clear();
  std::stable_sort(hits.begin() + static_cast<long>(before), hits.end(),
                   [](const LogHit& a, const LogHit& b) {
                     return a.line != b.line ? a.line < b.line : a.rule < b.rule;
                   });
}

void LogScanner::scan(std::string_view text, uint32_t first_line, std::vector<LogHit>& hits,
                      std::vector<uint64_t>* counts, ScanStats* stats, const Options& opts) const {
  if (patterns_.empty()) return;
  Stream st(*this, first_line, counts, stats, opts);
  st.st_->opts.line_starts = opts.line_starts;
  st.st_->feed(text, true);
  st.finish(hits);
}

}  // namespace kubesift::engine
