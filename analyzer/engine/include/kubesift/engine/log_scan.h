// One-pass multi-signature scan of log text.
//
// Every log signature of the catalog is compiled once. A buffer is scanned
// in line-aligned blocks (16 KiB): a block filter tells which signatures
// may occur in a block — the literal prefilter (engine/src/log_prefilter.h:
// required literals found by Hyperscan, line-head tests for anchored
// patterns without literals) or one RE2::Set (one DFA pass) — and only
// those signatures' own regexes then run to find the lines and captures.
// Patterns are compiled with never_nl, so no match spans two lines.
//
// Pieces of long lines (a CRI `P` record and the records up to its `F`; a
// docker json-file record whose `log` lacks the final "\n" and those up to
// the one that has it; each stream on its own) are joined first into the
// logical line (engine/src/log_join.h), and the logical line is matched:
// once per signature, cited at the physical line it starts on (the first
// piece: a real line of the file, with the record's time and the
// application's level keys), counted once. Joined lines are bounded
// (1 MiB; past it a new one starts). Only blocks that may hold a piece are
// read line by line: a CRI `P` found by the block filter (one more literal),
// a last line of 16 KiB and more (a docker piece is that long), or a
// logical line still open. A log without pieces scans as before.
//
// Thread-safety: scan() is const and may run concurrently (RE2 is
// thread-safe; the Set's DFA cache is shared under a lock; each scan clones
// Hyperscan's scratch space).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kubesift/engine/catalog.h"
#include "kubesift/engine/unknown_errors.h"
#include "kubesift/model/log_line.h"

namespace re2 {
class RE2;
}

namespace kubesift::engine {

class LogPrefilter;

struct LogHit {
  size_t rule = 0;    // index into Catalog::rules()
  uint32_t line = 0;  // 1-based line in the scanned text (plus first_line - 1)
  std::vector<std::pair<std::string, std::string>> captures;  // named groups
};

struct ScanStats {
  uint64_t bytes = 0;
  uint64_t lines = 0;          // lines scanned
  uint64_t matched_lines = 0;  // lines matched by at least one signature
  uint64_t blocks = 0;
  uint64_t candidate_blocks = 0;  // blocks where the Set reported a signature
  uint64_t set_fallbacks = 0;     // blocks where the Set ran out of memory
  uint64_t joined_lines = 0;      // logical lines joined from pieces (CRI P…F, docker)
};

class LogScanner {
 public:
  // Compiles the Log matchers of `catalog`. On failure returns nullptr and
  // sets `error`. Cost: compiles every pattern twice (Set + single).
  // `lines` reads the level and message of the error lines no signature
  // matched (Options::unknown); the engine may not see the parsers, so the
  // caller provides it (parse::log_line_reader()).
  static std::unique_ptr<LogScanner> build(const Catalog& catalog,
                                           const model::LogLineReader& lines, std::string* error);
  ~LogScanner();

  // Scans `text` and appends hits in line order. Per signature, at most
  // `keep` of its first and `keep` of its last hits are kept (a log that
  // repeats one error a million times yields 2*keep hits, not a million);
  // `counts[rule]` receives the total number of matching lines.
  // `counts[rule]` counts lines (a line two patterns of one rule match
  // counts once).
  struct Options {
    size_t keep = 8;
    // Error lines no signature matched go here, grouped by template (see
    // unknown_errors.h), with `path` as the place of their samples. Error
    // lines: level error or fatal (the reader's split), or no level and
    // looks_like_error(). Blocks without an error word cost nothing more: the
    // Set carries one pattern for them.
    UnknownErrors* unknown = nullptr;
    std::string_view path;
    // The text's line index (byte offset of each line start, the first 0):
    // line numbers come from it instead of a count of every newline, and
    // `stats->lines` is left to the caller (it has the count).
    const std::vector<uint32_t>* line_starts = nullptr;
  };
  void scan(std::string_view text, uint32_t first_line, std::vector<LogHit>& hits,
            std::vector<uint64_t>* counts, ScanStats* stats, const Options& opts) const;
  void scan(std::string_view text, uint32_t first_line, std::vector<LogHit>& hits,
            std::vector<uint64_t>* counts = nullptr, ScanStats* stats = nullptr,
            size_t keep = 8) const {
    Options o;
    o.keep = keep;
    scan(text, first_line, hits, counts, stats, o);
  }

  // The same scan over text given a piece at a time (a log decompressed as
  // it is read): feed() whole lines, in order (only the last piece may end
  // without a newline); finish() appends the hits as scan() would have for
  // the whole text, and adds the counts. `line_starts` is not used. Hits and
  // counts are the whole text's; stats->lines counts what was fed.
  class Stream {
   public:
    Stream(const LogScanner& s, uint32_t first_line, std::vector<uint64_t>* counts,
           ScanStats* stats, const Options& opts);
    ~Stream();
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;
    void feed(std::string_view text);
    // The lines of the hits kept so far (any order): the only ones whose
    // text a finding may quote.
    void kept_lines(std::vector<uint32_t>& out) const;
    // The text of kept hits' lines that the stream holds itself: the first
    // physical line of a logical line joined from pieces (log_join.h), which
    // was fed in an earlier piece than the one that completed it, or whose
    // line was completed by finish(). A caller that keeps the text of the
    // kept lines as they are fed takes these from here (also after finish()).
    const std::map<uint32_t, std::string>& held_lines() const;
    void finish(std::vector<LogHit>& hits);

   private:
    friend class LogScanner;
    struct State;
    std::unique_ptr<State> st_;
  };

  size_t signature_count() const { return patterns_.size(); }
  const model::LogLineReader& lines() const { return lines_; }

  // The regex the scan runs for a log matcher (flags and the envelope
  // before a leading ^ included), and the same for other tools: named
  // groups made plain and the whole in a group of its own, so that lines of
  // these joined into one alternation (`rg -f`, `grep -E -f`) keep their
  // flags apart and no group name repeats.
  static std::string scan_pattern(const Matcher& m);
  static std::string portable_pattern(const Matcher& m);

  // Which block filter finds the signatures that may occur in a block:
  // "hyperscan" (Intel Hyperscan, all patterns at once; the default where
  // the CPU supports it) or "re2-set" (one RE2::Set). Either way the
  // signatures' own RE2 regexes decide, so the hits are the same
  // (bench/RESULTS.md compares the two). KUBESIFT_PREFILTER=re2-set picks
  // the Set.
  std::string_view prefilter() const;

 private:
  LogScanner() = default;
  model::LogLineReader lines_;
  struct Pattern;
  std::vector<std::unique_ptr<Pattern>> patterns_;
  // The Set's last pattern: a word that may mean an error (unknown errors).
  std::unique_ptr<re2::RE2> errorish_;
  int errorish_id_ = -1;
  // After it: pieces of long lines may be in the block (log_join.h).
  int mark_id_ = -1;
  struct SetHolder;
  std::unique_ptr<SetHolder> set_;
  std::unique_ptr<LogPrefilter> hs_;  // nullptr: the Set filters blocks
};

}  // namespace kubesift::engine
