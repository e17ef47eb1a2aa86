// One-pass multi-signature scan of log text.
//
// Every log signature of the catalog is compiled once into one RE2::Set.
// A buffer is scanned in line-aligned blocks (16 KiB): the Set tells which
// signatures occur in a block (one DFA pass, no per-line work), and only
// those signatures' own regexes then run to find the lines and captures.
// Patterns are compiled with never_nl, so no match spans two lines.
//
// Thread-safety: scan() is const and may run concurrently (RE2 is
// thread-safe; the Set's DFA cache is shared under a lock).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kubesift/engine/catalog.h"

namespace re2 {
class RE2;
}

namespace kubesift::engine {

struct LogHit {
  size_t rule = 0;    // index into Catalog::rules()
  uint32_t line = 0;  // 1-based line in the scanned text (plus first_line - 1)
  std::vector<std::pair<std::string, std::string>> captures;  // named groups
};

struct ScanStats {
  uint64_t bytes = 0;
  uint64_t blocks = 0;
  uint64_t candidate_blocks = 0;  // blocks where the Set reported a signature
  uint64_t set_fallbacks = 0;     // blocks where the Set ran out of memory
};

class LogScanner {
 public:
  // Compiles the Log matchers of `catalog`. On failure returns nullptr and
  // sets `error`. Cost: compiles every pattern twice (Set + single).
  static std::unique_ptr<LogScanner> build(const Catalog& catalog, std::string* error);
  ~LogScanner();

  // Scans `text` and appends hits in line order. Per signature, at most
  // `keep` of its first and `keep` of its last hits are kept (a log that
  // repeats one error a million times yields 2*keep hits, not a million);
  // `counts[rule]` receives the total number of matching lines.
  void scan(std::string_view text, uint32_t first_line, std::vector<LogHit>& hits,
            std::vector<uint64_t>* counts = nullptr, ScanStats* stats = nullptr,
            size_t keep = 8) const;

  size_t signature_count() const { return patterns_.size(); }

 private:
  LogScanner() = default;
  struct Pattern;
  std::vector<std::unique_ptr<Pattern>> patterns_;
  struct SetHolder;
  std::unique_ptr<SetHolder> set_;
};

}  // namespace kubesift::engine
