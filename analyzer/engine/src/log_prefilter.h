// The log scan's block filter: which signatures may match in a block of
// lines, found without running their regexes.
//
// Three tests, each a superset of what the regexes match (RE2 decides):
// - atoms: FilteredRE2 reduces every pattern to the literals (atoms) a match
//   must contain; one Hyperscan pass finds them, case-insensitively, and
//   FilteredRE2 says which patterns the atoms found allow;
// - line heads: an atom-less pattern anchored at the line's own text
//   (`^` after the optional envelope: klog's `^F\d{4} …`) is tested at the
//   start of each line, after each envelope part that can stand there,
//   against the bytes RE2 says a match must start with
//   (RE2::PossibleMatchRange) — a few byte compares per line instead of
//   an automaton over every byte, where digits and letters abound;
// - the rest: an atom-less pattern that is neither goes to Hyperscan whole,
//   without its envelope (a superset).
#pragma once

#include <hs/hs.h>
#include <re2/filtered_re2.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubesift::engine {

// What can stand before a log line's own text: `kubectl logs --prefix`, a
// kubelet or CRI timestamp, a CRI stream and tag, a docker json-file record.
// Each part is optional; they come in this order.
constexpr std::string_view kEnvelope =
    R"((?:\[pod/[^\]/\s]+/[^\]\s]+\] )?)"
    R"((?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) )?)"
    R"((?:(?:stdout|stderr) [PF](?::\S*)? )?)"
    R"((?:\{"log":")?)";

// An anchored pattern's first bytes: a match at line offset q starts with
// `prefix`, and the byte after it lies in [lo, hi] when `range`.
struct LineHead {
  int id = 0;  // the pattern's id
  std::string prefix;
  bool range = false;
  unsigned char lo = 0, hi = 0;
  bool at(std::string_view line, size_t q) const;
};

// The head of `pattern` (as LogScanner wraps it: `(?m)` or `(?mi)`, then
// `^` + kEnvelope + the rest) when the rest has no top-level alternative
// and RE2 bounds its first bytes narrowly; nullopt otherwise.
std::optional<LineHead> line_head(const std::string& pattern, int id);

// The offsets in `line` where its own text may start: 0, and after every
// sequence of envelope parts (in kEnvelope's order) that matches there.
// At most 16; returns how many were written to `out`.
size_t envelope_starts(std::string_view line, size_t out[16]);

// The length of kEnvelope's timestamp part and the space after it at
// offset `q` of `line` (0 when it is not there).
size_t envelope_timestamp(std::string_view line, size_t q);

class LogPrefilter {
 public:
  // Over `patterns` (FilteredRE2 ids in this order); `alias[i]` is the id
  // reported for pattern i (several patterns may stand for one). `marks`:
  // Hyperscan expressions of their own, any of which found in a block
  // reports `mark_id` (the log scan's pieces of long lines). nullptr with
  // the reason when the CPU lacks what Hyperscan needs or something does not
  // compile.
  static std::unique_ptr<LogPrefilter> build(const std::vector<std::string>& patterns,
                                             const std::vector<int>& alias,
                                             const std::vector<std::string>& marks, int mark_id,
                                             std::string* why);
  ~LogPrefilter();

  // Per scan (Hyperscan's scratch is per thread).
  struct Scratch {
    hs_scratch_t* hs = nullptr;
    std::vector<int> found, atoms;
    ~Scratch();
  };
  bool clone_scratch(Scratch& s) const;

  // The ids of the patterns that may match in `block` (whole lines), sorted
  // and unique. `line_starts`, when given, holds the offset of each line
  // start of the text that `block` begins at `block_offset` in.
  void candidates(std::string_view block, size_t block_offset,
                  const std::vector<uint32_t>* line_starts, Scratch& s,
                  std::vector<int>& ids) const;

  size_t atom_count() const { return atoms_; }
  size_t head_count() const { return heads_.size(); }
  size_t regex_count() const { return unfiltered_.size(); }

 private:
  explicit LogPrefilter(int min_atom) : filter_(min_atom) {}
  void heads_in(std::string_view block, size_t block_offset,
                const std::vector<uint32_t>* line_starts, std::vector<int>& ids) const;
  re2::FilteredRE2 filter_;
  std::vector<int> alias_;
  size_t atoms_ = 0;             // Hyperscan ids below this are atoms
  std::vector<int> unfiltered_;  // Hyperscan id atoms_ + k → pattern unfiltered_[k]
  int mark_id_ = -1;             // reported for the Hyperscan ids past the unfiltered
  std::vector<bool> skip_;       // patterns FilteredRE2 does not answer for
  std::vector<LineHead> heads_;
  bool first_byte_[256] = {};  // a byte some head may start with
  hs_database_t* db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;  // the prototype each scan clones
};

}  // namespace kubesift::engine
