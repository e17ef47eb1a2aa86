// The top-level values of a JSON or YAML document → facts: the decoding
// step every format holding objects shares (a manifest, a `-o json` dump, a
// cluster-info dump's JSON between its logs).
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "kubesift/model/store.h"
#include "kubesift/model/tree.h"
#include "tree.h"

namespace kubesift::parse {

struct DecodeOptions {
  // The kind of objects that carry none (the file's place in a bundle).
  std::string_view kind_hint;
  // Report values that mean to be objects but lack a kind or apiVersion.
  bool head_problems = true;
  // Keep the trees of objects read from a cluster (DeclaredObject with
  // `observed`); without, they go as soon as decoded (analyze lints
  // manifests only).
  bool observed_trees = true;
  // JSON of at least this many bytes that is one List is read an item at a
  // time (scan_list, JsonValueReader) rather than parsed whole.
  size_t list_by_items_from = size_t{1} << 20;
  // Told of parts of the text [begin, end) the parse is done with (their
  // memory may go: Document::release).
  std::function<void(size_t, size_t)> release;
  // The document's path: its name hints at the kind of objects that name
  // none (layout.h kind_from_name), and the notes of what was inferred
  // (kind_infer.h) cite it.
  std::string_view path;
};

struct Decoded {
  size_t objects = 0;               // objects decoded
  bool kube = false;                // some value looks like Kubernetes data
  std::vector<TreeError> problems;  // head problems (DecodeOptions)
};

// Decodes `roots` (values of `trees`), in pieces on all threads; facts are
// appended to `out` in document order. These three add to `out.notes` what
// they read of objects that name no kind (kind_infer.h).
Decoded decode_roots(const std::vector<std::shared_ptr<model::Tree>>& trees,
                     const std::vector<Root>& roots, model::DocId doc, const DecodeOptions& opt,
                     model::Facts& out);

// Parses JSON text (json_to_tree, whose arguments these are) and decodes
// it. The items of a top-level List are built and decoded a piece at a time,
// so that a cluster's whole dump is never held as one tree: what stays is
// the facts, and the trees of objects that are kept
// (DecodeOptions::observed_trees). A large List is read an item at a time
// (DecodeOptions::list_by_items_from): no index of the whole text either,
// and the parts read can be released. Syntax errors go to `errors`.
Decoded decode_json(std::string_view text, size_t readable_after, uint32_t line_offset,
                    model::DocId doc, const DecodeOptions& opt, model::Facts& out,
                    std::vector<TreeError>& errors);

// Parses a YAML stream (yaml_to_trees) and decodes it. A List as kubectl
// writes it (scan_yaml_list) of DecodeOptions::list_by_items_from bytes and
// more is read a piece of items at a time, the pieces on all threads.
Decoded decode_yaml(std::string_view text, model::DocId doc, const DecodeOptions& opt,
                    model::Facts& out, std::vector<TreeError>& errors);

}  // namespace kubesift::parse
