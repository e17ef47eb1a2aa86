// Where the items of a JSON List lie, found by a light scan that skips over
// values (strings, nesting) without parsing them, so that a parser can then
// read one item at a time: a cluster's whole dump is then never indexed,
// held as one tree, or resident at once.
//
// The scan trusts nothing it does not check: anything it does not expect
// (not exactly one object; "items" not an array; a key holding an escape or
// given twice; a "kind" that is not a plain string; text after the object)
// makes it give up, and the caller parses the text whole, which reports
// what is wrong and where. Items themselves are only delimited here; the
// parser validates each one.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubesift::parse {

struct ListLayout {
  // Byte ranges [begin, end) of the items, in order.
  std::vector<std::pair<size_t, size_t>> items;
  // The object's other members' values that are objects or arrays (its
  // metadata), to be validated by a parser; their scalars the scan checked.
  std::vector<std::pair<size_t, size_t>> others;
  // The object's "kind", when it has one (a plain string).
  std::optional<std::string> kind;
};

// Scans `text` for one JSON object with an "items" array. False when the
// text is anything else as far as the scan sees. `progress` is called now
// and then with the offset the scan has passed (to release what is behind).
bool scan_list(std::string_view text, ListLayout& out,
               const std::function<void(size_t)>& progress = {});

}  // namespace kubesift::parse
