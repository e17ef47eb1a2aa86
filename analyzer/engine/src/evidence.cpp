#include "evidence.h"

#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"

namespace kubesift::engine {

Evidence quote_line(const model::Store& store, model::SourceRef at, std::string role,
                    bool hide_value) {
  const model::Document& d = store.doc(at.doc);
  std::string_view line = d.line(at.line);
  std::string text;
  if (hide_value) {
    // `key: value` / `"key": "value"` → keep the key, hide the rest.
    size_t colon = line.find(':');
    text = std::string(colon == std::string_view::npos ? std::string_view()
                                                       : line.substr(0, colon + 1)) +
           " " + std::string(kRedacted);
  } else if (line.find('\0') != std::string_view::npos) {
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
    text = redact(text::clip(shown, kMaxEvidenceText));
  } else {
    text = redact(text::clip(line, kMaxEvidenceText));
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
