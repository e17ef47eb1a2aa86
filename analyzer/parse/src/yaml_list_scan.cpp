#include "yaml_list_scan.h"

#include <cstring>

namespace kubesift::parse {
namespace {

// A character that may start an anchor (&a) or an alias (*a) in this line:
// after a space, a "- " or at the start, followed by a name character. Also
// flags text that is none (a "&&" after a space, "*/5" after a space):
// then the whole parse decides, which is only slower.
bool may_hold_anchor(std::string_view l) {
  for (size_t i = 0; i + 1 < l.size(); ++i) {
    char c = l[i];
    if (c != '&' && c != '*') continue;
    if (i > 0 && l[i - 1] != ' ' && l[i - 1] != '[' && l[i - 1] != '{' && l[i - 1] != ',') continue;
    char n = l[i + 1];
    if (n != ' ' && n != '\t' && n != '\r') return true;
  }
  return false;
}

bool blank(std::string_view l) {
  return l.find_first_not_of(" \r") == std::string_view::npos;
}

}  // namespace

bool scan_yaml_list(std::string_view text, YamlListLayout& out) {
  out = {};
  enum { Head, Items, Tail } state = Head;
  const char* base = text.data();
  size_t pos = 0;
  uint32_t line = 1;
  while (pos < text.size()) {
    const void* nlp = std::memchr(base + pos, '\n', text.size() - pos);
    size_t end = nlp ? static_cast<size_t>(static_cast<const char*>(nlp) - base) + 1 : text.size();
    std::string_view l = text.substr(pos, end - pos);
    if (!l.empty() && l.back() == '\n') l.remove_suffix(1);
    char c0 = l.empty() ? ' ' : l[0];
    // One document, no directives, no tabs where indentation is read.
    if (l.starts_with("---") || l.starts_with("...") || c0 == '%' || c0 == '\t') return false;
    // A lone CR is a line break to a YAML reader, not to this scan.
    if (size_t cr = l.find('\r'); cr != std::string_view::npos && cr + 1 != l.size()) return false;
    if (may_hold_anchor(l)) return false;
    bool top = !blank(l) && c0 != ' ' && c0 != '#';
    switch (state) {
      case Head:
        if (top && (l == "items:" || l.starts_with("items: ") || l.starts_with("items:\r") ||
                    l.starts_with("items:#"))) {
          if (l.find_first_not_of(" \r", 6) != std::string_view::npos) return false;
          out.head = {0, pos, 1};
          state = Items;
        }
        break;
      case Items:
        if (top && c0 == '-' && (l.size() == 1 || l[1] == ' ' || l[1] == '\r')) {
          if (!out.items.empty()) out.items.back().end = pos;
          out.items.push_back({pos, end, line});
        } else if (top) {
          if (out.items.empty()) return false;  // `items:` with no item at column 0
          if (l.starts_with("items:")) return false;
          out.items.back().end = pos;
          out.tail = {pos, text.size(), line};
          state = Tail;
        } else if (out.items.empty() && !blank(l) && c0 != '#') {
          return false;  // an indented sequence, or a value on the next line
        }
        break;
      case Tail:
        if (top && l.starts_with("items:")) return false;
        break;
    }
    pos = end;
    ++line;
  }
  if (state == Head || out.items.empty()) return false;
  if (state == Items) {
    out.items.back().end = text.size();
    out.tail = {text.size(), text.size(), line};
  }
  return true;
}

}  // namespace kubesift::parse
