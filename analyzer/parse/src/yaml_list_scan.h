// Where the items of a YAML List lie, the way kubectl writes one (`get -o
// yaml`: one document, `items:` at column 0, each item a "- " line at
// column 0 followed by its indented lines), found from the lines alone so
// that a parser can read a piece of items at a time.
//
// Like scan_list for JSON it gives up on what it does not check, and the
// caller parses the document whole: more than one document, a directive, a
// tab or any other text at column 0 among the items, `items:` twice, a
// lone CR (a line break to YAML readers, not to this scan), and
// anything that may be an anchor or an alias (an alias budget is per
// document: pieces must not each get one).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kubesift::parse {

struct YamlListLayout {
  struct Range {
    size_t begin = 0, end = 0;
    uint32_t first_line = 1;
  };
  Range head;  // the lines before `items:`
  Range tail;  // the lines after the items
  std::vector<Range> items;
};

bool scan_yaml_list(std::string_view text, YamlListLayout& out);

}  // namespace kubesift::parse
