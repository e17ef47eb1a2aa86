// Kubernetes objects (as a model::Tree from JSON or YAML) → model facts.
#pragma once

#include <memory>

#include "kind_infer.h"
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
// it. Objects that name no kind and have no `kind_hint` are read as the
// kind their fields say (kind_infer.h; `hints` gives the file name's kind
// and the tally the notes are made from).
size_t decode_objects(const std::shared_ptr<const model::Tree>& tree, model::Value root,
                      uint32_t source_line, model::DocId doc, model::Facts& out,
                      std::string_view kind_hint = {}, const KindHints* hints = nullptr);

// Whether `root` is read as a List (a map whose `items` is a sequence, of
// a `*List` kind or none); if so `item_kind` is the kind of its items that
// name none (a typed List's, else `kind_hint`).
bool list_item_kind(model::Value root, std::string_view kind_hint, std::string& item_kind);
// The same from the List's kind alone (its `items` known to be a sequence).
bool list_item_kind(std::string_view list_kind, std::string_view kind_hint, std::string& item_kind);

// Decodes the objects among `items` (a sequence), `item_kind` for those that
// carry no kind (none: the kind their fields say, kind_infer.h, else they
// are skipped). Returns how many were decoded.
size_t decode_items(const std::shared_ptr<const model::Tree>& tree, model::Value items,
                    std::string_view item_kind, uint32_t source_line, model::DocId doc,
                    model::Facts& out, const KindHints* hints = nullptr);

// `hints` for the items of a List of kind `list_kind`: a typed List
// (PodList) says its items' kind itself, not the file's place.
KindHints list_hints(const KindHints* hints, std::string_view list_kind);

// Appends the facts of `pieces` (decoded in parallel) to `out` in order,
// each vector grown once (Facts::append one piece at a time would move
// everything decoded so far on every piece).
void append_pieces(model::Facts& out, std::vector<model::Facts>& pieces);

// True if the tree looks like a Kubernetes object or list of them.
bool is_kube_value(model::Value root);

}  // namespace kubesift::parse
