// Redaction that reads the lines around a quoted line: YAML and JSON put a
// value on one line and what it is (the env var's name, the Secret it
// belongs to, the PEM block it is in) on others.
#include <optional>

#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"
#include "redact_internal.h"

namespace kubesift {
namespace {

// One line of YAML or pretty-printed JSON, read for its key.
struct KeyLine {
  size_t indent = 0;       // column of the key (after `- ` for a list item)
  bool item = false;       // the line opens a list item (`- key: v`)
  bool blank = true;       // empty, a comment, or no key (`}`, `]`, `- x`)
  std::string_view key;    // without quotes
  size_t value_begin = 0;  // the value, quotes and a trailing comma left out
  size_t value_end = 0;
};

size_t leading_spaces(std::string_view l) {
  size_t i = 0;
  while (i < l.size() && l[i] == ' ') ++i;
  return i;
}

KeyLine read_line(std::string_view l) {
  KeyLine k;
  size_t i = leading_spaces(l);
  k.indent = i;
  if (i == l.size() || l[i] == '#') return k;
  if (l[i] == '-' && (i + 1 == l.size() || l[i + 1] == ' ')) {
    k.item = true;
    i = i + 1 + leading_spaces(l.substr(i + 1));
    k.indent = i;
  }
  size_t kb, ke;
  if (i < l.size() && (l[i] == '"' || l[i] == '\'')) {
    char q = l[i];
    kb = i + 1;
    ke = l.find(q, kb);
    if (ke == std::string_view::npos) return k;
    i = ke + 1;
    while (i < l.size() && l[i] == ' ') ++i;
    if (i >= l.size() || l[i] != ':') return k;
  } else {
    kb = i;
    // A plain key ends at `: ` or at a `:` that ends the line.
    for (;;) {
      i = l.find(':', i);
      if (i == std::string_view::npos) return k;
      if (i + 1 == l.size() || l[i + 1] == ' ') break;
      ++i;
    }
    ke = i;
    if (ke == kb || l.substr(kb, ke - kb).find_first_of("{}[],\"") != std::string_view::npos)
      return k;
  }
  k.blank = false;
  k.key = l.substr(kb, ke - kb);
  size_t vb = i + 1;
  while (vb < l.size() && l[vb] == ' ') ++vb;
  size_t ve = l.size();
  while (ve > vb && (l[ve - 1] == ' ' || l[ve - 1] == ',' || l[ve - 1] == '\r')) --ve;
  if (ve > vb + 1 && (l[vb] == '"' || l[vb] == '\'') && l[ve - 1] == l[vb]) {
    ++vb;
    --ve;
  } else if (ve > vb && (l[vb] == '"' || l[vb] == '\'')) {
    ++vb;  // a quoted value cut by the clip
  }
  k.value_begin = vb;
  k.value_end = ve;
  return k;
}

std::string_view value_of(std::string_view l, const KeyLine& k) {
  return l.substr(k.value_begin, k.value_end - k.value_begin);
}

bool block_indicator(std::string_view v) {
  return !v.empty() && (v[0] == '|' || v[0] == '>') && v.size() <= 3;
}

// The context as one sequence: index 0 is the farthest line above, the
// quoted line sits at `at()`.
struct Lines {
  const LineContext& c;
  std::string_view self;
  size_t at() const { return c.above(); }
  size_t size() const { return c.above() + 1 + c.below(); }
  std::string_view operator[](size_t i) const {
    if (i == c.above()) return self;
    return c.line(static_cast<std::ptrdiff_t>(i) - static_cast<std::ptrdiff_t>(c.above()));
  }
};

// The column of a line's key, read without the key (after `- ` for a list
// item); npos for a blank line or a comment.
size_t key_column(std::string_view l) {
  size_t n = leading_spaces(l);
  if (n == l.size() || l[n] == '#') return std::string_view::npos;
  if (l[n] == '-' && (n + 1 == l.size() || l[n + 1] == ' '))
    n = n + 1 + leading_spaces(l.substr(n + 1));
  return n;
}

// The nearest line above `i` whose key is left of `indent`: the parent
// mapping's key (or the list item that holds it). Lines at `indent` or right
// of it are passed by their indentation alone: the walk is cheap.
std::optional<size_t> parent(const Lines& ls, size_t i, size_t indent) {
  while (i-- > 0) {
    std::string_view l = ls[i];
    size_t c = key_column(l);
    if (c == std::string_view::npos || c >= indent) continue;
    if (!read_line(l).blank) return i;
    // `{` and `[` of pretty JSON are structure; any other line left of us
    // without a key (a block scalar's text, prose) ends the search.
    if (l[c] != '{' && l[c] != '[') return std::nullopt;
  }
  return std::nullopt;
}

// The value of key `key` in the mapping of the line at `i` (its key at
// column `indent`), above or below it.
std::optional<std::string_view> sibling(const Lines& ls, size_t i, size_t indent,
                                        std::string_view key) {
  KeyLine self = read_line(ls[i]);
  if (!self.item)
    for (size_t j = i; j-- > 0;) {
      KeyLine k = read_line(ls[j]);
      if (k.blank) continue;
      if (k.indent < indent) break;
      if (k.indent == indent && k.key == key) return value_of(ls[j], k);
      if (k.indent == indent && k.item) break;  // the first key of the item
    }
  for (size_t j = i + 1; j < ls.size(); ++j) {
    KeyLine k = read_line(ls[j]);
    if (k.blank) {
      std::string_view l = ls[j];
      size_t s = leading_spaces(l);
      if (s < l.size() && s < indent && l[s] != '#') break;  // `}` of pretty JSON
      continue;
    }
    if (k.indent < indent || (k.indent == indent && k.item)) break;
    if (k.indent == indent && k.key == key) return value_of(ls[j], k);
  }
  return std::nullopt;
}

// Does the mapping holding key line `p` (a `data:` or `stringData:`) belong
// to a Secret? Its `kind` says; an object whose kind is out of sight counts
// as one.
bool in_secret(const Lines& ls, size_t p) {
  KeyLine k = read_line(ls[p]);
  if (k.key != "data" && k.key != "stringData") return false;
  auto kind = sibling(ls, p, k.indent, "kind");
  return !kind || *kind == "Secret";
}

// `k: v` → `k: [REDACTED]`, the quotes and what follows the value kept.
std::string hide(std::string_view line, size_t b, size_t e) {
  std::string out(line.substr(0, b));
  out.append(kRedacted);
  out.append(line.substr(e));
  return out;
}

std::string hide_line(std::string_view line) {
  return std::string(line.substr(0, leading_spaces(line))) + std::string(kRedacted);
}

// A line of base64 alone, as the body of a PEM block is written.
bool pem_body(std::string_view l) {
  size_t n = leading_spaces(l), count = 0;
  for (size_t i = n; i < l.size(); ++i, ++count) {
    char c = l[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '/' || c == '=' || c == '\r'))
      return false;
  }
  return count >= 16;
}

bool inside_private_key(const LineContext& c) {
  for (size_t j = 1; j <= c.above(); ++j) {
    std::string_view l = c.line(-static_cast<std::ptrdiff_t>(j));
    if (l.find("-----END") != std::string_view::npos) return false;
    if (l.find("-----BEGIN") != std::string_view::npos)
      return l.find("PRIVATE KEY") != std::string_view::npos;
  }
  return false;
}

}  // namespace

std::string redact(std::string_view line, const LineContext& context) {
  std::string out = redact(line);
  if (out == kRedacted) return out;
  size_t indent = leading_spaces(line);
  if (indent == line.size()) return out;
  if (pem_body(line) && inside_private_key(context)) return hide_line(line);
  Lines ls{context, line};
  KeyLine k = read_line(line);
  // The chain of parents, nearest first. A line of a block scalar
  // (`tls.key: |` above it, the line its text or deeper in it) belongs to
  // that key: hidden when the key is a credential's or a Secret's data.
  std::optional<size_t> direct = parent(ls, ls.at(), k.blank ? indent : k.indent);
  for (std::optional<size_t> p = direct; p;) {
    KeyLine pk = read_line(ls[*p]);
    if (block_indicator(value_of(ls[*p], pk))) {
      bool secret = redact_detail::secret_name(pk.key);
      if (auto gp = parent(ls, *p, pk.indent)) secret = secret || in_secret(ls, *gp);
      return secret ? hide_line(line) : out;
    }
    p = pk.indent > 0 ? parent(ls, *p, pk.indent) : std::nullopt;
  }
  if (k.blank || k.value_end <= k.value_begin) return out;
  std::string_view value = value_of(line, k);
  if (redact_detail::harmless(value) || value.starts_with("[REDACTED")) return out;
  bool secret = false;
  if (k.key == "value") {
    // An env entry: {name, value} (valueFrom has no value to hide).
    auto name = sibling(ls, ls.at(), k.indent, "name");
    secret = name && redact_detail::secret_name(*name);
  }
  if (!secret && direct) secret = in_secret(ls, *direct);
  if (!secret) return out;
  // Hide the value as the line has it (redact() may have shortened the
  // line before it: only a value it left whole is replaced).
  return hide(line, k.value_begin, k.value_end);
}

}  // namespace kubesift
