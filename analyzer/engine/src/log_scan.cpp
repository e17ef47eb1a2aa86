#include "kubesift/engine/log_scan.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstring>
#include <map>

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

RE2::Options options(bool ci) {
  RE2::Options o;
  o.set_never_nl(true);
  o.set_case_sensitive(!ci);
  o.set_log_errors(false);
  return o;
}

// What can stand before a log line's own text: `kubectl logs --prefix`, a
// kubelet or CRI timestamp, a CRI stream and tag, a docker json-file record.
constexpr std::string_view kEnvelope =
    R"((?:\[pod/[^\]/\s]+/[^\]\s]+\] )?)"
    R"((?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) )?)"
    R"((?:(?:stdout|stderr) [PF](?::\S*)? )?)"
    R"((?:\{"log":")?)";

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

std::unique_ptr<LogScanner> LogScanner::build(const Catalog& catalog, std::string* error) {
  std::unique_ptr<LogScanner> s(new LogScanner());
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
      if (s->set_->set.Add(wrap(m), &err) < 0) {
        if (error) *error = rules[i].source + ": " + err;
        return nullptr;
      }
      s->patterns_.push_back(std::move(p));
    }
  }
  if (!s->patterns_.empty() && !s->set_->set.Compile()) {
    if (error) *error = "the log signatures do not fit in the matcher's memory budget";
    return nullptr;
  }
  return s;
}

void LogScanner::scan(std::string_view text, uint32_t first_line, std::vector<LogHit>& hits,
                      std::vector<uint64_t>* counts, ScanStats* stats, size_t keep) const {
  if (patterns_.empty()) return;
  struct Kept {
    std::vector<LogHit> head, tail;
    size_t next = 0;  // ring position in tail
    uint64_t total = 0;
  };
  std::map<size_t, Kept> kept;  // by pattern index: deterministic order
  struct Raw {
    size_t offset;
    size_t pattern;
    std::vector<std::pair<std::string, std::string>> captures;
  };
  std::vector<Raw> raw;
  std::vector<int> ids;
  std::vector<re2::StringPiece> sub;
  uint32_t line = first_line;
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
    bool any = set_->set.Match(block, &ids, &info);
    if (!any && info.kind == RE2::Set::kOutOfMemory) {
      // The Set gave up: fall back to every signature on this block.
      if (stats) ++stats->set_fallbacks;
      ids.resize(patterns_.size());
      for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int>(i);
      any = true;
    }
    raw.clear();
    if (any) {
      if (stats) ++stats->candidate_blocks;
      std::sort(ids.begin(), ids.end());
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
    }
    // Assign line numbers walking the block once.
    size_t cursor = pos;
    for (auto& r : raw) {
      line += static_cast<uint32_t>(std::count(text.data() + cursor, text.data() + r.offset, '\n'));
      cursor = r.offset;
      Kept& k = kept[r.pattern];
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
    line += static_cast<uint32_t>(std::count(text.data() + cursor, text.data() + end, '\n'));
    pos = end;
  }
  size_t before = hits.size();
  for (auto& [pattern, k] : kept) {
    for (auto& h : k.head) hits.push_back(std::move(h));
    for (auto& h : k.tail) hits.push_back(std::move(h));
    if (counts) {
      size_t rule = patterns_[pattern]->rule;
      if (counts->size() <= rule) counts->resize(rule + 1, 0);
      (*counts)[rule] += k.total;
    }
  }
  std::stable_sort(hits.begin() + static_cast<long>(before), hits.end(),
                   [](const LogHit& a, const LogHit& b) {
                     return a.line != b.line ? a.line < b.line : a.rule < b.rule;
                   });
}

}  // namespace kubesift::engine
