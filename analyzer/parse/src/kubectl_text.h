// Helpers shared by the kubectl text parsers (describe, `kubectl get`
// tables). kubectl aligns columns with a tabwriter: cells are padded with two
// or more spaces, and offsets count runes, not bytes.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <string_view>
#include <vector>

namespace kubesift::parse {

inline bool in(std::string_view key, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), key) != set.end();
}
template <size_t N>
bool in(std::string_view key, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), key) != std::end(set);
}

// Bytes of the UTF-8 sequence that starts with `c` (1 for a stray byte).
size_t utf8_len(unsigned char c);

// Cuts `row` at the header's column starts (`offs`, in runes). False unless
// the row lines up: two spaces before every column start and no text left
// of the first. After a multi-line cell kubectl's alignment restarts and the
// rows that follow no longer line up; callers then use split_cells.
bool cut_at(std::string_view row, const std::vector<size_t>& offs,
            std::vector<std::string_view>& cells);

// Splits on runs of 2+ spaces into at most `n` cells, the last keeping the
// rest of the line.
std::vector<std::string_view> split_cells(std::string_view s, size_t n);

// kubectl's own complaints land on top of output saved with 2>&1: klog lines
// ("E1126 18:58:53.673546   17179 memcache.go:265] …") and API server
// warnings ("Warning: …").
bool is_kubectl_noise(std::string_view l);

// An event's age cell: "40m", or "2m1s (x12 over 9m1s)" for a repeated
// event. Sets `last` (2m1s), and for a repeated one `first` (9m1s) and
// `count` (12); returns false for a single age (first and count untouched).
bool split_event_age(std::string_view age, std::string_view& last, std::string_view& first,
                     long long& count);

}  // namespace kubesift::parse
