// Kubernetes objects (as a model::Tree from JSON or YAML) → model facts.
#pragma once

#include <memory>

#include "kubesift/model/store.h"
#include "kubesift/model/tree.h"

namespace kubesift::parse {

// Decodes one top-level value: an object, a List (any `*List` kind or bare
// items), or a bare array of objects. Values that are not Kubernetes
// objects are ignored; returns how many objects were decoded. `kind_hint`
// names the kind of items that carry no `kind` (old support bundles write
// Lists of kind-less items; the file's place says what they are).
// Objects of troubleshoot.sh (a bundle's own spec) are not cluster objects
// and are skipped.
// Every object also becomes a model::DeclaredObject holding `tree`; the
// document's Helm "# Source:" line (`source_line`, 0 = none) is cited with
// it.
size_t decode_objects(const std::shared_ptr<const model::Tree>& tree, model::Value root,
                      uint32_t source_line, model::DocId doc, model::Facts& out,
                      std::string_view kind_hint = {});

// Whether `root` is read as a List (a map whose `items` is a sequence, of
// a `*List` kind or none); if so `item_kind` is the kind of its items that
// name none (a typed List's, else `kind_hint`).
bool list_item_kind(model::Value root, std::string_view kind_hint, std::string& item_kind);
// The same from the List's kind alone (its `items` known to be a sequence).
bool list_item_kind(std::string_view list_kind, std::string_view kind_hint, std::string& item_kind);

// Decodes the objects among `items` (a sequence), `item_kind` for those that
// carry no kind (none: they are skipped). Returns how many were decoded.
size_t decode_items(const std::shared_ptr<const model::Tree>& tree, model::Value items,
                    std::string_view item_kind, uint32_t source_line, model::DocId doc,
                    model::Facts& out);

// Appends the facts of `pieces` (decoded in parallel) to `out` in order,
// each vector grown once (Facts::append one piece at a time would move
// everything decoded so far on every piece).
void append_pieces(model::Facts& out, std::vector<model::Facts>& pieces);

// True if the tree looks like a Kubernetes object or list of them.
bool is_kube_value(model::Value root);

}  // namespace kubesift::parse
