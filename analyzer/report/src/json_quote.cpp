#include "json_quote.h"

#include <fmt/format.h>

#include "kubesift/core/text.h"

namespace kubesift::report {

// JSON string literal: escapes quotes, backslashes and control bytes, and
// replaces invalid UTF-8 with U+FFFD so the output always parses.
std::string json_quote(std::string_view s) {
  std::string o;
  json_quote_to(o, s);
  return o;
}

void json_quote_to(std::string& o, std::string_view s) {
  if (o.empty()) o.reserve(s.size() + 2);
  o += '"';
  for (size_t i = 0; i < s.size();) {
    // A run of printable ASCII that needs no escape is copied at once.
    size_t run = i;
    while (run < s.size()) {
      unsigned char r = static_cast<unsigned char>(s[run]);
      if (r < 0x20 || r >= 0x80 || r == '"' || r == '\\') break;
      ++run;
    }
    if (run > i) {
      o.append(s.substr(i, run - i));
      i = run;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': o += "\\n"; break;
        case '\r': o += "\\r"; break;
        case '\t': o += "\\t"; break;
        default: o += fmt::format("\\u{:04x}", c);
      }
      ++i;
    } else if (c < 0x80) {
      o += static_cast<char>(c);
      ++i;
    } else {
      uint32_t cp = 0;
      if (size_t len = text::utf8_sequence(s, i, cp)) {
        o.append(s.substr(i, len));
        i += len;
      } else {
        o += text::kReplacement;
        ++i;
      }
    }
  }
  o += '"';
}

void write_counts(const std::map<std::string, size_t>& counts, std::ostream& out) {
  out << "{";
  bool first = true;
  for (const auto& [kind, n] : counts) {
    out << (first ? "" : ", ") << json_quote(kind) << ": " << n;
    first = false;
  }
  out << "}";
}

void write_input(const InputInfo& in, std::ostream& out) {
  out << "{\"path\": " << json_quote(in.path) << ", \"format\": " << json_quote(in.format)
      << ", \"error\": " << (in.error.empty() ? std::string("null") : json_quote(in.error));
  if (!in.error.empty() && in.error_line) out << ", \"error_line\": " << in.error_line;
  if (!in.error.empty() && in.error_col) out << ", \"error_column\": " << in.error_col;
  if (in.matched_lines >= 0) out << ", \"matched_lines\": " << in.matched_lines;
  if (in.errors.size() > 1) {
    out << ", \"errors\": [";
    for (size_t k = 0; k < in.errors.size(); ++k) {
      const auto& e = in.errors[k];
      out << (k ? ", " : "") << "{\"message\": " << json_quote(e.message);
      if (e.line) out << ", \"line\": " << e.line;
      if (e.col) out << ", \"column\": " << e.col;
      out << "}";
    }
    out << "]";
  }
  out << "}";
}

void write_inputs(const std::vector<InputInfo>& inputs, std::ostream& out) {
  out << "  \"inputs\": [";
  for (size_t i = 0; i < inputs.size(); ++i) {
    out << (i ? ",\n    " : "\n    ");
    write_input(inputs[i], out);
  }
  out << (inputs.empty() ? "],\n" : "\n  ],\n");
}

}  // namespace kubesift::report
