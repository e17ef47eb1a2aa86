// JSON and YAML text → model::Tree, with the line and column of every key
// and value.
//
// JSON goes through simdjson On-Demand; YAML through the YAML reader behind
// yaml_reader.h. Both report problems with their line and column, and never
// stop at the first broken document of a stream: what parses is returned.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/model/tree.h"

namespace kubesift::parse {

struct TreeError {
  std::string message;
  uint32_t line = 0;  // 1-based; 0 = unknown
  uint32_t col = 0;
  // A refusal by a limit (an alias bomb, nesting too deep), not a syntax
  // error: the text is YAML (or JSON), only too large to read.
  bool limit = false;
};

// One top-level value of a stream (a YAML document, a JSON value).
struct Root {
  uint32_t node = 0;
  uint32_t first_line = 1;  // where the document starts
  // The line of the Helm "# Source:" comment that names the template the
  // document was rendered from (0 = none).
  uint32_t source_line = 0;
  // Which tree holds it (yaml_to_trees; always 0 for a single tree).
  uint32_t tree = 0;
};

// A piece of a List's items: at most this many items, or about this many
// values (every way of reading a List by pieces uses them).
inline constexpr size_t kPieceItems = 512;
inline constexpr size_t kPieceNodes = size_t{1} << 20;

// Where the items of a top-level List go when they are not to be held in
// one tree (a cluster's whole dump): pieces of at most `max_items` items or
// about `max_nodes` values, each its own Tree whose node 0 is a sequence of
// them, handed to `take` as soon as built, with the index of the root (the
// top-level value) they belong to and the List's kind when it was written
// before its items (else null). The List's own tree keeps its other
// members and an empty `items`. A root that fails to parse is not in
// `roots`: the pieces it handed over are to be dropped.
struct ItemPieces {
  size_t max_items = kPieceItems;
  size_t max_nodes = kPieceNodes;
  std::function<void(size_t root, const std::string* list_kind, std::shared_ptr<model::Tree>)> take;
};

// Parses JSON text. A buffer may hold several top-level values one after
// another (a cluster-info dump stream); each becomes a root. `line_offset`
// is added to every line (text cut from the middle of a document). Returns
// false with `errors` set when the text is not valid JSON; roots parsed
// before the problem are kept. `readable_after`: bytes that may be read
// past the end of `text` (Document::readable_after); with 64 or more the
// text is parsed in place, else it is copied. `pieces`: see ItemPieces.
bool json_to_tree(std::string_view text, model::Tree& tree, std::vector<Root>& roots,
                  std::vector<TreeError>& errors, uint32_t line_offset = 0,
                  size_t readable_after = 0, const ItemPieces* pieces = nullptr);

// Reads chosen values of one JSON text (a List's items, found by
// scan_list) one at a time, each with the lines and columns of the whole
// text; one parser and one position index serve every call, which must come
// in increasing order of place. A value is read in place (its bytes are
// not copied) unless it ends too near the end of the buffer.
class JsonValueReader {
 public:
  JsonValueReader(std::string_view text, size_t readable_after, uint32_t line_offset = 0);
  ~JsonValueReader();
  JsonValueReader(const JsonValueReader&) = delete;
  JsonValueReader& operator=(const JsonValueReader&) = delete;
  // Builds the value at [begin, end) into `b` (a new root, or the next
  // element of the sequence open in `b`) as if it were nested `depth`
  // levels deep. False if the bytes are not exactly one valid JSON object
  // or array (the caller then parses the text whole, which says why).
  bool read(size_t begin, size_t end, int depth, model::TreeBuilder& b);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses a YAML stream the way Kubernetes splits it: a line that starts with
// "---" at column 0 (optionally followed by spaces or a comment) ends a
// document. Each document is parsed alone, so a broken one adds an error and
// the others are still returned; empty documents are skipped. A mapping key
// given twice is kept and marked (model::Tree::duplicate_keys), not an error:
// collected dumps have them (redacted managedFields), and lint reports them.
bool yaml_to_tree(std::string_view text, model::Tree& tree, std::vector<Root>& roots,
                  std::vector<TreeError>& errors);

// The same, with the documents in several trees (appended to `trees`; each
// root says which): a stream is cut into pieces of whole documents of about
// 256 KiB, read on all threads (parallel_for). Roots and errors come in
// stream order whatever the scheduling.
bool yaml_to_trees(std::string_view text, std::vector<std::shared_ptr<model::Tree>>& trees,
                   std::vector<Root>& roots, std::vector<TreeError>& errors);

// Reads one document of a YAML stream (`chunk`, from `first_line`) the way
// yaml_to_tree reads each: a UTF-16/32 document is refused, a bundle's
// ***HIDDEN*** values are quoted (in `scratch`). A part of a document (a
// List's items) reads the same way. False when nothing was built.
bool read_stream_document(std::string_view chunk, uint32_t first_line, model::TreeBuilder& b,
                          std::vector<TreeError>& errors, std::string& scratch);

// The line of a Helm "# Source: chart/templates/x.yaml" comment among the
// comments that open a document (`chunk` starts at `first_line`), or 0.
uint32_t helm_source_line(std::string_view chunk, uint32_t first_line);

}  // namespace kubesift::parse
