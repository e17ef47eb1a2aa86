#include "evidence.h"

#include <algorithm>

#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"

namespace kubesift::engine {
namespace {

// `text` (line `n` of `d`, clipped) redacted with the lines around it: an
// env value's name, a Secret's kind, a PEM block's start are on other lines.
struct Quoted {
  const model::Document* doc;
  uint32_t n;
};

std::string_view line_near(const void* q, std::ptrdiff_t k) {
  const auto* at = static_cast<const Quoted*>(q);
  return at->doc->line(static_cast<uint32_t>(static_cast<std::ptrdiff_t>(at->n) + k));
}

std::string redact_quoted(const model::Document& d, uint32_t n, std::string_view text) {
  Quoted q{&d, n};
  uint32_t count = d.line_count();
  size_t above = n > 0 ? std::min<size_t>(n - 1, kRedactContextLines) : 0;
  size_t below = n > 0 && n < count ? std::min<size_t>(count - n, kRedactContextLines) : 0;
  return redact(text, LineContext(line_near, &q, above, below));
}

}  // namespace

std::string quote_text(const model::Document& d, uint32_t n) {
  std::string_view line = d.line(n);
  if (line.find('\0') == std::string_view::npos)
    return redact_quoted(d, n, text::clip(line, kMaxEvidenceText));
  // NUL bytes (a file preallocated, a node that crashed mid-write) say
  // nothing and would hide what follows them past the clip: counted.
  std::string shown;
  for (size_t i = 0; i < line.size();) {
    size_t j = line.find('\0', i);
    if (j == std::string_view::npos) j = line.size();
    shown.append(line.substr(i, j - i));
    size_t k = j;
    while (k < line.size() && line[k] == '\0') ++k;
    if (k > j) shown += "<" + std::to_string(k - j) + " NUL byte" + (k - j > 1 ? "s>" : ">");
    i = k;
  }
  return redact_quoted(d, n, text::clip(shown, kMaxEvidenceText));
}

Evidence quote_line(const model::Store& store, model::SourceRef at, std::string role,
                    bool hide_value) {
  const model::Document& d = store.doc(at.doc);
  std::string text;
  if (hide_value) {
    // `key: value` / `"key": "value"` → keep the key, hide the rest.
    std::string_view line = d.line(at.line);
    size_t colon = line.find(':');
    text = std::string(colon == std::string_view::npos ? std::string_view()
                                                       : line.substr(0, colon + 1)) +
           " " + std::string(kRedacted);
  } else {
    text = quote_text(d, at.line);
  }
  Evidence e;
  e.path = d.path;
  e.line = at.line;
  e.text = std::move(text);
  e.role = std::move(role);
  e.column = at.col;
  return e;
}

}  // namespace kubesift::engine
