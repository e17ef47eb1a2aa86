// Parsing: one document's bytes → model facts with source lines.
//
// Parsers never print and never exit. A problem becomes a ParseError (with
// the line where known); what could be read before it is still returned.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kubesift/model/document.h"
#include "kubesift/model/store.h"

namespace kubesift::parse {

struct ParseError {
  ParseError() = default;
  ParseError(std::string m, uint32_t l = 0, uint32_t c = 0)
      : message(std::move(m)), line(l), col(c) {}
  std::string message;  // empty = no error
  uint32_t line = 0;    // 1-based, 0 = unknown
  uint32_t col = 0;     // 1-based, 0 = unknown
  // Every problem of the document, the first one included (a YAML stream
  // may hold several broken documents).
  std::vector<model::InputError> all;
  // One of them is a refusal by a limit (an alias bomb, nesting too deep):
  // the text was read as what it is, only too large.
  bool refused = false;
  explicit operator bool() const { return !message.empty(); }
};

// Recognises a document from its content alone (the name is never used).
model::Format sniff(std::string_view content);

struct ParseOptions {
  // Keep the trees of objects read from a cluster (DeclaredObject::observed
  // and its tree). Without, they are dropped as soon as decoded: a caller
  // that checks manifests only (analyze) never holds a whole dump's tree.
  bool observed_trees = true;
};

// Sniffs `doc` (setting doc.format) and parses it into `out`. On a problem
// sets doc.error / doc.error_line / doc.error_col (the first) and
// doc.errors (all); facts parsed before and after the problem are kept.
void parse_document(model::Document& doc, model::Facts& out, const ParseOptions& opt = {});

// The format-specific parsers. Each appends to `out` and returns the first
// error it met. They are exposed for tests and benchmarks.
ParseError parse_kube_json(const model::Document& doc, model::Facts& out);
ParseError parse_kube_yaml(const model::Document& doc, model::Facts& out);
ParseError parse_describe(const model::Document& doc, model::Facts& out);
ParseError parse_get_table(const model::Document& doc, model::Facts& out);
ParseError parse_log(const model::Document& doc, model::Facts& out);

// Content tests used by sniff(); cheap (they look at the first lines only).
bool looks_like_describe(std::string_view content);
bool looks_like_get_table(std::string_view content);

}  // namespace kubesift::parse
