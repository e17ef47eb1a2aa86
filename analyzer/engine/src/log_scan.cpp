#include "kubesift/engine/log_scan.h"

#include <hs/hs.h>
#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
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

// The literal prefilter: FilteredRE2 reduces every pattern to the literals
// (atoms) a match must contain; one Hyperscan database finds those atoms
// (case-insensitively) and, for the few patterns with no atom, the pattern
// itself; FilteredRE2 then says which patterns a block may match.
struct LogScanner::HsHolder {
  explicit HsHolder(int min_atom) : filter(min_atom) {}
  re2::FilteredRE2 filter;
  size_t atoms = 0;             // Hyperscan ids below this are atoms
  std::vector<int> unfiltered;  // Hyperscan id atoms + k → pattern unfiltered[k]
  std::vector<bool> is_unfiltered;
  hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;  // the prototype each scan clones
  ~HsHolder() {
    if (scratch) hs_free_scratch(scratch);
    if (db) hs_free_database(db);
  }
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

// The pattern Hyperscan filters blocks with: the scan's own, read byte by
// byte (no UTF-8 mode, which is undefined on invalid input), so a negated
// class loses its non-ASCII members (`[^'’]` → `[^']`): broader, never
// narrower. The filter may pass more blocks than match; RE2 decides.
std::string relaxed(const std::string& p) {
  std::string out;
  bool in_class = false, negated = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      out += c;
      out += p[++i];
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      negated = i + 1 < p.size() && p[i + 1] == '^';
    } else if (in_class && c == ']' && !(out.back() == '[' || (out.back() == '^' && negated))) {
      in_class = false;
    }
    if (in_class && negated && static_cast<unsigned char>(c) >= 0x80) continue;
    out += c;
  }
  return out;
}

// A literal as a Hyperscan expression: every byte but letters and digits
// escaped.
std::string hs_literal(const std::string& lit) {
  std::string out;
  for (unsigned char c : lit) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

int on_hs_match(unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
  static_cast<std::vector<int>*>(ctx)->push_back(static_cast<int>(id));
  return 0;
}

}  // namespace

LogScanner::~LogScanner() = default;

// The prefilter over `patterns` (ids as in the Set): nullptr with the reason
// when the CPU lacks what Hyperscan needs or something does not compile.
std::unique_ptr<LogScanner::HsHolder> LogScanner::build_prefilter(
    const std::vector<std::string>& patterns, std::string* why) {
  if (hs_valid_platform() != HS_SUCCESS) {
    *why = "this CPU lacks SSSE3";
    return nullptr;
  }
  // Atoms of 4 bytes and more: measured fastest on the bench corpus.
  auto h = std::make_unique<HsHolder>(4);
  RE2::Options o = options(false);
  for (const auto& p : patterns) {
    int id = 0;
    if (h->filter.Add(p, o, &id) != RE2::NoError) {
      *why = "FilteredRE2 rejects " + p;
      return nullptr;
    }
  }
  std::vector<std::string> atoms;
  h->filter.Compile(&atoms);
  h->filter.AllPotentials({}, &h->unfiltered);
  h->is_unfiltered.assign(patterns.size(), false);
  for (int u : h->unfiltered) h->is_unfiltered[static_cast<size_t>(u)] = true;
  h->atoms = atoms.size();
  std::vector<std::string> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < atoms.size(); ++i) {
    exprs.push_back(hs_literal(atoms[i]));
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned>(i));
  }
  for (size_t k = 0; k < h->unfiltered.size(); ++k) {
    // Without the line-start anchor and the optional envelope before it: a
    // superset, and one Hyperscan finds by its literal parts instead of
    // trying the envelope at every line.
    std::string p = patterns[static_cast<size_t>(h->unfiltered[k])];
    const std::string anchored = "^" + std::string(kEnvelope);
    for (size_t at; (at = p.find(anchored)) != std::string::npos;) p.erase(at, anchored.size());
    exprs.push_back(relaxed(p));
    flags.push_back(HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY | HS_FLAG_PREFILTER);
    ids.push_back(static_cast<unsigned>(atoms.size() + k));
  }
  std::vector<const char*> cexprs;
  for (const auto& e : exprs) cexprs.push_back(e.c_str());
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(cexprs.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(cexprs.size()), HS_MODE_BLOCK, nullptr, &h->db,
                       &err) != HS_SUCCESS) {
    *why = err && err->message ? err->message : "does not compile";
    hs_free_compile_error(err);
    return nullptr;
  }
  if (hs_alloc_scratch(h->db, &h->scratch) != HS_SUCCESS) {
    *why = "no scratch memory";
    return nullptr;
  }
  return h;
}

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
        std::string("(?m)(?i:error|fatal|panic|exception|fail|refused|traceback|denied|crit)|^") +
        std::string(kEnvelope) + "[EF]\\d{4} ";
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
    std::string why;
    s->hs_ = build_prefilter(all_patterns, &why);
  }
  return s;
}

void LogScanner::scan(std::string_view text, uint32_t first_line, std::vector<LogHit>& hits,
                      std::vector<uint64_t>* counts, ScanStats* stats, const Options& opts) const {
  if (patterns_.empty()) return;
  const size_t keep = opts.keep;
  // Hyperscan needs scratch space per thread: this scan's own copy.
  hs_scratch_t* scratch = nullptr;
  if (hs_ && hs_clone_scratch(hs_->scratch, &scratch) != HS_SUCCESS) scratch = nullptr;
  struct FreeScratch {
    hs_scratch_t* s;
    ~FreeScratch() {
      if (s) hs_free_scratch(s);
    }
  } free_scratch{scratch};
  std::vector<int> found, atoms;    // Hyperscan's reports, the atoms among them
  std::vector<size_t> error_lines;  // offsets of error-word lines in a block
  std::vector<uint32_t> hit_lines;  // lines of a block a signature matched
  std::vector<uint32_t> rule_last;  // by rule: the last line it matched
  struct Kept {
    std::vector<LogHit> head, tail;
    size_t next = 0;  // ring position in tail
    uint64_t total = 0;
    uint64_t lines = 0;  // lines (a line once per rule)
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
    bool any = false;
    if (scratch) {
      // Atoms found → the patterns that may match; an unfiltered pattern
      // only where Hyperscan found it.
      found.clear();
      hs_scan(hs_->db, block.data(), static_cast<unsigned>(block.size()), 0, scratch, on_hs_match,
              &found);
      atoms.clear();
      for (int f : found)
        if (static_cast<size_t>(f) < hs_->atoms) atoms.push_back(f);
      if (!atoms.empty()) hs_->filter.AllPotentials(atoms, &ids);
      std::erase_if(ids, [&](int id) { return hs_->is_unfiltered[static_cast<size_t>(id)]; });
      for (int f : found)
        if (static_cast<size_t>(f) >= hs_->atoms) ids.push_back(hs_->unfiltered[f - hs_->atoms]);
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
            line - block_line + (end == text.size() && end > pos && text[end - 1] != '\n');
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
  size_t before = hits.size();
  for (auto& [pattern, k] : kept) {
    for (auto& h : k.head) hits.push_back(std::move(h));
    for (auto& h : k.tail) hits.push_back(std::move(h));
    if (counts) {
      size_t rule = patterns_[pattern]->rule;
      if (counts->size() <= rule) counts->resize(rule + 1, 0);
      (*counts)[rule] += k.lines;
    }
  }
  std::stable_sort(hits.begin() + static_cast<long>(before), hits.end(),
                   [](const LogHit& a, const LogHit& b) {
                     return a.line != b.line ? a.line < b.line : a.rule < b.rule;
                   });
}

}  // namespace kubesift::engine
