// Error lines no signature explains, grouped by template.
//
// A template is the line's message with its variable parts masked: numbers
// become <n>, hex and UUIDs <hex>/<uuid>, IPv4/IPv6 addresses (with port)
// <ip>, quoted values "<v>", paths <path>, durations <d>, key=value values
// <v>. Lines that differ only in those parts are one group: the failure
// nobody has a rule for yet shows up as one large group, not as a thousand
// lines.
//
// Memory is bounded: at most kMaxTemplates groups are kept per accumulator;
// lines of templates past that are counted in `dropped`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kubesift::engine {

// The masked form of `message` (at most 300 bytes of it).
std::string error_template(std::string_view message);

// Whether a line whose level is not written still reads as an error: the
// words error, fatal, panic, exception, failed, failure, traceback or
// refused (any case, whole words), or a Go `panic:`.
bool looks_like_error(std::string_view text);

struct UnknownErrorGroup {
  std::string template_text;
  uint64_t count = 0;
  uint64_t files = 0;
  // The first line of the group (in input order): where, and as written.
  std::string sample_path;
  uint32_t sample_line = 0;
  std::string sample_text;
};

class UnknownErrors {
 public:
  static constexpr size_t kMaxTemplates = 4096;

  // One error line of the file `path` (line 1-based). An accumulator holds
  // the lines of one file; merge() gathers files.
  void add(std::string_view message, std::string_view path, uint32_t line, std::string_view text);
  // Another accumulator's groups (another file, another shard): counts and
  // files add; the sample of the earlier file (by path, then line) stays.
  void merge(const UnknownErrors& other);
  // Adds one group as a report listed it (merge of NDJSON parts).
  void add_group(const UnknownErrorGroup& g);

  // The `limit` largest groups: by count, then template.
  std::vector<UnknownErrorGroup> top(size_t limit) const;
  uint64_t lines() const { return lines_; }
  uint64_t dropped() const { return dropped_; }
  bool empty() const { return groups_.empty(); }

 private:
  struct Group {
    uint64_t count = 0;
    uint64_t files = 0;
    std::string sample_path;
    uint32_t sample_line = 0;
    std::string sample_text;
  };
  std::map<std::string, Group, std::less<>> groups_;
  uint64_t lines_ = 0;
  uint64_t dropped_ = 0;
};

}  // namespace kubesift::engine
