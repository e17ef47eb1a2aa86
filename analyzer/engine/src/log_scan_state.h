// The log scanner's insides, shared by its build (log_scan.cpp) and its
// scan (log_scan_feed.cpp).
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kubesift/engine/log_scan.h"
#include "log_join.h"
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

// 16 KiB, extended to the next newline: small enough that a block with a
// hit costs little to re-scan for the hitting signatures (measured: 1 MiB
// blocks halve throughput on a log with a hit every 1000 lines), large
// enough that the Set's per-call start-up is noise.
constexpr size_t kBlock = 1 << 14;

// What a scan carries from one piece of text to the next.
struct LogScanner::Stream::State {
  State(const LogScanner& sc, uint32_t first, std::vector<uint64_t>* c, ScanStats* st,
        const Options& o)
      : s(sc), counts(c), stats(st), opts(o), first_line(first), line(first) {
    // Hyperscan needs scratch space per thread: this scan's own copy.
    prefilter = s.hs_ && s.hs_->clone_scratch(scratch);
  }
  const LogScanner& s;
  std::vector<uint64_t>* counts;
  ScanStats* stats;
  Options opts;
  uint32_t first_line;
  uint32_t line;  // the line at the start of what is fed next
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
  LogJoiner joiner;             // pieces of long lines (log_join.h)
  std::vector<JoinedLine> joined;
  // The first physical line of each joined line a kept hit cites, by line
  // (Stream::held_lines).
  std::map<uint32_t, std::string> held;

  void feed(std::string_view text, bool last);
  // The end of the text: the logical lines still open, scanned.
  void finish_joins();

 private:
  // Scans the whole lines [pos, end) of `text` (`line` is the line at pos;
  // `starts` the text's line index or nullptr). With `detect`, a range that
  // may hold pieces of long lines is not scanned: returns true.
  bool scan_range(std::string_view text, size_t pos, size_t end,
                  const std::vector<uint32_t>* starts, bool last, bool detect);
  // The block [pos, end) line by line: pieces to the joiner, the rest
  // scanned in runs, the logical lines completed scanned as lines of their own.
  void join_block(std::string_view text, size_t pos, size_t end, bool last);
  void scan_joined();
  // Scratch of scan_range, kept to spare allocations.
  struct Raw {
    size_t offset;
    size_t pattern;
    std::vector<std::pair<std::string, std::string>> captures;
  };
  std::vector<Raw> raw_;
  std::vector<int> ids_;
  std::vector<re2::StringPiece> sub_;
  std::vector<size_t> error_lines_;  // offsets of error-word lines in a block
  std::vector<uint32_t> hit_lines_;  // lines of a block a signature matched
};

}  // namespace kubesift::engine
