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
