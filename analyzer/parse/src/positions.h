// Byte offsets → 1-based (line, column) over one text, column counted in
// Unicode code points (what SARIF and editors call a column).
//
// Lookups at increasing offsets (a parser walking its input) cost the bytes
// walked since the last lookup (whole lines are skipped with memchr), so a
// whole parse stays linear even when the text is one long line (minified
// JSON). An offset behind the last one builds the table of line starts once
// and costs a binary search plus the columns walked on its line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace kubesift::parse {

class Positions {
 public:
  explicit Positions(std::string_view text) : text_(text) {}

  uint32_t line_of(size_t off) {
    index();
    auto it = std::upper_bound(starts_.begin(), starts_.end(), off);
    return static_cast<uint32_t>(it - starts_.begin());
  }

  // (line, column) of byte `off`.
  std::pair<uint32_t, uint32_t> at(size_t off) {
    off = std::min(off, text_.size());
    if (off < off_) {
      line_ = line_of(off);
      off_ = starts_[line_ - 1];
      col_ = 1;
    }
    // Skip to the line that holds `off`.
    const char* base = text_.data();
    while (off_ < off) {
      const void* nl = std::memchr(base + off_, '\n', off - off_);
      if (!nl) break;
      off_ = static_cast<size_t>(static_cast<const char*>(nl) - base) + 1;
      ++line_;
      col_ = 1;
    }
    col_ += code_points(base + off_, off - off_);
    off_ = off;
    return {line_, col_};
  }

  // Code points in [p, p + n): the bytes that are not UTF-8 continuation
  // bytes (10xxxxxx), eight at a time.
  static uint32_t code_points(const char* p, size_t n) {
    size_t cont = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      cont += static_cast<size_t>(__builtin_popcountll(w & ~(w << 1) & 0x8080808080808080ULL));
    }
    for (; i < n; ++i) cont += (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80;
    return static_cast<uint32_t>(n - cont);
  }

  uint32_t line_count() {
    index();
    return static_cast<uint32_t>(starts_.size());
  }

 private:
  void index() {
    if (!starts_.empty()) return;
    starts_.push_back(0);
    const char* base = text_.data();
    size_t pos = 0;
    while (pos < text_.size()) {
      const void* nl = std::memchr(base + pos, '\n', text_.size() - pos);
      if (!nl) break;
      pos = static_cast<size_t>(static_cast<const char*>(nl) - base) + 1;
      starts_.push_back(pos);
    }
  }

  std::string_view text_;
  std::vector<size_t> starts_;  // built on the first lookup behind the cursor
  size_t off_ = 0;
  uint32_t line_ = 1, col_ = 1;
};

}  // namespace kubesift::parse
