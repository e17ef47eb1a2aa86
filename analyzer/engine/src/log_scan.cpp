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

namespace kubesift::engine {

struct LogScanner::Pattern {
  size_t rule = 0;
  std::unique_ptr<RE2> re;
  std::vector<std::pair<int, std::string>> groups;  // capture index → name
};

struct LogScanner::SetHolder {
  explicit SetHolder(const RE2::Options& o) : set(o, RE2::UNANCHORED) {}
  RE2::Set set;
};

namespace {

// 16 KiB, extended to the next newline: small enough that a block with a
// hit costs little to re-scan for the hitting signatures (measured: 1 MiB
// blocks halve throughput on a log with a hit every 1000 lines), large
// enough that the Set's per-call start-up is noise.
constexpr size_t kBlock = 1 << 14;

// Words that may mean an error, and klog's E/F heads (unknown errors).
constexpr const char* kErrorWords =
    "(?i:error|fatal|panic|exception|fail|refused|traceback|denied|crit)";
constexpr const char* kErrorHead = "[EF]\\d{4} ";

RE2::Options options(bool ci) {
  RE2::Options o;
  o.set_never_nl(true);
  o.set_case_sensitive(!ci);
  o.set_log_errors(false);
  return o;
}

// "(?m)" so that ^ and $ mean line start/end; "(?i)" for ignore_case. The
// Set is compiled case-sensitive, so each pattern carries its own flags. A
// leading ^ anchors at the start of the line's own text, after any envelope.
std::string wrap(const Matcher& m) {
  std::string out = m.case_insensitive ? "(?mi)" : "(?m)";
  if (!m.pattern.empty() && m.pattern.front() == '^')
    out.append("^").append(kEnvelope).append(m.pattern.substr(1));
  else
    out.append(m.pattern);
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
    s->hs_ = LogPrefilter::build(filtered, alias, &why);
  }
  return s;
}

// What a scan carries from one piece of text to the next.
struct LogScanner::Stream::State {
  State(const LogScanner& sc, uint32_t first, std::vector<uint64_t>* c, ScanStats* st,
        const Options& o)
      : s(sc), counts(c), stats(st), opts(o), line(first) {
    // Hyperscan needs scratch space per thread: this scan's own copy.
    prefilter = s.hs_ && s.hs_->clone_scratch(scratch);
  }
  const LogScanner& s;
  std::vector<uint64_t>* counts;
  ScanStats* stats;
  Options opts;
  uint32_t line;
  LogPrefilter::Scratch scratch;
  bool prefilter = false;
  std::vector<uint32_t> rule_last;  // by rule: the last line it matched
  struct Kept {
    std::vector<LogHit> head, tail;
    size_t next = 0;  // ring position in tail
    uint64_t total = 0;
    uint64_t lines = 0;  // lines (a line once per rule)
  };
  std::map<size_t, Kept> kept;  // by pattern index: deterministic order
  bool open_line = false;       // the text fed so far ends inside a line
  void feed(std::string_view text, bool last);
};

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

void LogScanner::Stream::finish(std::vector<LogHit>& hits) {
  State& t = *st_;
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

void LogScanner::Stream::State::feed(std::string_view text, bool last) {
  const auto& patterns_ = s.patterns_;
  const auto& hs_ = s.hs_;
  const auto& set_ = s.set_;
  const auto& errorish_ = s.errorish_;
  const int errorish_id_ = s.errorish_id_;
  const model::LogLineReader& lines_ = s.lines_;
  if (patterns_.empty()) return;
  const size_t keep = opts.keep;
  const uint32_t first_line = line;
  std::vector<size_t> error_lines;  // offsets of error-word lines in a block
  std::vector<uint32_t> hit_lines;  // lines of a block a signature matched
  struct Raw {
    size_t offset;
    size_t pattern;
    std::vector<std::pair<std::string, std::string>> captures;
  };
  std::vector<Raw> raw;
  std::vector<int> ids;
  std::vector<re2::StringPiece> sub;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = std::min(text.size(), pos + kBlock);
    if (end < text.size()) {
      const void* nl = std::memchr(text.data() + end, '\n', text.size() - end);
      end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
    }
    re2::StringPiece block(text.data() + pos, end - pos);
    if (stats) {
      stats->bytes += block.size();
      ++stats->blocks;
    }
    ids.clear();
    RE2::Set::ErrorInfo info{};
    bool any = false;
    if (prefilter) {
      hs_->candidates(std::string_view(block.data(), block.size()), pos, opts.line_starts, scratch,
                      ids);
      any = !ids.empty();
    } else {
      any = set_->set.Match(block, &ids, &info);
    }
    if (!any && info.kind == RE2::Set::kOutOfMemory) {
      // The Set gave up: fall back to every signature on this block.
      if (stats) ++stats->set_fallbacks;
      ids.resize(patterns_.size());
      for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int>(i);
      ids.push_back(errorish_id_);
      any = true;
    }
    raw.clear();
    error_lines.clear();
    bool errorish = false;
    if (any) {
      std::sort(ids.begin(), ids.end());
      if (!ids.empty() && ids.back() == errorish_id_) {
        ids.pop_back();
        errorish = opts.unknown != nullptr;
      }
      if (stats && !ids.empty()) ++stats->candidate_blocks;
      for (int id : ids) {
        const Pattern& p = *patterns_[static_cast<size_t>(id)];
        int n = 1 + static_cast<int>(p.groups.empty() ? 0 : p.groups.back().first);
        sub.assign(static_cast<size_t>(n), re2::StringPiece());
        size_t at = 0;
        while (at < block.size() &&
               p.re->Match(block, at, block.size(), RE2::UNANCHORED, sub.data(), n)) {
          size_t off = static_cast<size_t>(sub[0].data() - block.data());
          Raw r{pos + off, static_cast<size_t>(id), {}};
          for (const auto& [idx, name] : p.groups) {
            const auto& s = sub[static_cast<size_t>(idx)];
            if (s.data()) r.captures.emplace_back(name, std::string(s.data(), s.size()));
          }
          raw.push_back(std::move(r));
          // Next search starts on the next line: one hit per line and rule.
          const void* nl = std::memchr(block.data() + off, '\n', block.size() - off);
          if (!nl) break;
          at = static_cast<size_t>(static_cast<const char*>(nl) - block.data()) + 1;
        }
      }
      std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) {
        return a.offset != b.offset ? a.offset < b.offset : a.pattern < b.pattern;
      });
      if (errorish) {
        // One candidate per line: the line's start.
        size_t at = 0;
        re2::StringPiece m;
        while (at < block.size() &&
               errorish_->Match(block, at, block.size(), RE2::UNANCHORED, &m, 1)) {
          size_t off = static_cast<size_t>(m.data() - block.data());
          size_t start = off;
          while (start > 0 && block[start - 1] != '\n') --start;
          error_lines.push_back(pos + start);
          const void* nl = std::memchr(block.data() + off, '\n', block.size() - off);
          if (!nl) break;
          at = static_cast<size_t>(static_cast<const char*>(nl) - block.data()) + 1;
        }
      }
    }
    const uint32_t block_line = line;
    // Line numbers: from the caller's line index where it has one (no pass
    // over the text), else counted walking the block once.
    auto line_at = [&](size_t& cursor, uint32_t& l, size_t offset) {
      if (opts.line_starts) {
        const auto& ls = *opts.line_starts;
        l = first_line - 1 +
            static_cast<uint32_t>(
                std::upper_bound(ls.begin(), ls.end(), static_cast<uint32_t>(offset)) - ls.begin());
      } else {
        l += static_cast<uint32_t>(std::count(text.data() + cursor, text.data() + offset, '\n'));
      }
      cursor = offset;
    };
    size_t cursor = pos;
    hit_lines.clear();
    for (auto& r : raw) {
      line_at(cursor, line, r.offset);
      if (hit_lines.empty() || hit_lines.back() != line) hit_lines.push_back(line);
      Kept& k = kept[r.pattern];
      // A line counts once per rule, whichever of its patterns matched.
      size_t rule = patterns_[r.pattern]->rule;
      if (rule_last.size() <= rule) rule_last.resize(rule + 1, 0);
      if (rule_last[rule] != line) {
        rule_last[rule] = line;
        ++k.lines;
      }
      ++k.total;
      LogHit h{patterns_[r.pattern]->rule, line, std::move(r.captures)};
      if (k.head.size() < keep) {
        k.head.push_back(std::move(h));
      } else if (k.tail.size() < keep) {
        k.tail.push_back(std::move(h));
      } else {
        k.tail[k.next] = std::move(h);
        k.next = (k.next + 1) % keep;
      }
    }
    if (opts.line_starts) {
      if (end < text.size()) line_at(cursor, line, end);  // the next block's first line
    } else {
      line += static_cast<uint32_t>(std::count(text.data() + cursor, text.data() + end, '\n'));
    }
    if (stats) {
      if (!opts.line_starts)
        stats->lines +=
            line - block_line + (last && end == text.size() && end > pos && text[end - 1] != '\n');
      stats->matched_lines += hit_lines.size();
    }
    // Error lines no signature matched, by template.
    if (!error_lines.empty()) {
      uint32_t l = block_line;
      size_t c = pos;
      for (size_t off : error_lines) {
        line_at(c, l, off);
        if (std::binary_search(hit_lines.begin(), hit_lines.end(), l)) continue;
        const void* nl = std::memchr(text.data() + off, '\n', end - off);
        size_t stop = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : end;
        std::string_view ln = text.substr(off, stop - off);
        if (!ln.empty() && ln.back() == '\r') ln.remove_suffix(1);
        model::LogLineFields f = lines_.split(ln);
        bool error = f.level == model::LogLevel::Error || f.level == model::LogLevel::Fatal ||
                     (f.level == model::LogLevel::Unknown && looks_like_error(f.message));
        if (!error) continue;
        opts.unknown->add(f.message.empty() ? ln : f.message, opts.path, l, ln);
      }
    }
    pos = end;
  }
  if (!text.empty()) open_line = !last && text.back() != '\n';
}

}  // namespace kubesift::engine
