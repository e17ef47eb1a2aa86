// Byte offsets → 1-based (line, column) over one text, column counted in
// Unicode code points (what SARIF and editors call a column).
//
// Lookups at increasing offsets (a parser walking its input) cost the bytes
// walked since the last lookup, so a whole parse stays linear even when the
// text is one long line (minified JSON); an offset behind the last one
// costs a binary search over the line starts.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kubesift::parse {

class Positions {
 public:
  explicit Positions(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }

  uint32_t line_of(size_t off) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), off);
    return static_cast<uint32_t>(it - starts_.begin());
  }

  // (line, column) of byte `off`.
  std::pair<uint32_t, uint32_t> at(size_t off) {
    off = std::min(off, text_.size());
    if (off < last_off_ || last_line_ == 0) {
      last_line_ = line_of(off);
      last_off_ = starts_[last_line_ - 1];
      last_col_ = 1;
    } else {
      // Move forward to the line that holds `off`.
      while (last_line_ < starts_.size() && starts_[last_line_] <= off) {
        last_off_ = starts_[last_line_];
        ++last_line_;
        last_col_ = 1;
      }
    }
    for (; last_off_ < off; ++last_off_)
      if ((static_cast<unsigned char>(text_[last_off_]) & 0xC0) != 0x80) ++last_col_;
    return {last_line_, last_col_};
  }

  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
  size_t last_off_ = 0;
  uint32_t last_line_ = 0, last_col_ = 1;
};

}  // namespace kubesift::parse
