// Kubernetes objects that name no kind (`jq '.items[]'` of a List piped
// through `del(.kind,.apiVersion)`, a collector's reduced event records):
// which kind their fields say they are, and the notes that tell a user so.
//
// Each kind is recognised by fields the API documents for it and for no
// other kind (a Pod's spec.containers, a Deployment's spec.strategy, a
// DaemonSet's status.desiredNumberScheduled, ...). An object that fits
// several kinds is not guessed unless the file's name or folder picks one
// of them; one that fits none is read as the kind the name says only when
// it has an object's metadata.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/model/tree.h"

namespace kubesift::parse {

struct KindGuess {
  std::string_view kind;               // "" = not read
  std::string because;                 // the fields (or the name) that decided
  bool from_hint = false;              // the name chose (a tie among `fits`, or no kind fits)
  std::vector<std::string_view> fits;  // every kind the fields fit
  bool object_like = false;            // a map with an object's metadata, or an event record
};

// `hint`: the kind the file's name or folder suggests ("" = none).
KindGuess infer_kind(model::Value obj, std::string_view hint = {});

// What one document's decode inferred, for its notes. Pieces decoded on
// several threads keep one each and merge them in order.
struct KindTally {
  struct Read {
    size_t count = 0;
    std::vector<std::string> because;  // distinct, in order of first use
  };
  // (kind, how): how = "fields", "name" (the file or folder name), "place"
  // (the file's place in a known layout).
  std::map<std::pair<std::string, std::string>, Read> read;
  std::map<std::string, size_t> ambiguous;  // "Deployment or ReplicaSet" → objects
  size_t unread = 0;                        // object-like, nothing says which kind

  void add(std::string_view kind, std::string_view how, std::string_view because);
  void merge(const KindTally& other);
  bool empty() const { return read.empty() && ambiguous.empty() && unread == 0; }
};

// How the objects of one document that name no kind are read.
struct KindHints {
  std::string_view layout;  // the kind the file's place in a known layout says (authoritative)
  std::string_view name;    // the kind its file or folder name suggests (a hint)
  KindTally* tally = nullptr;
};

// infer_kind, counted in `tally` (null: not counted): what was read, or
// why not (several kinds fit; an object nothing names). "" = not read.
std::string_view infer_counted(model::Value obj, std::string_view hint, KindTally* tally);

// Appends the notes for `tally` (a document at `path`) to `notes`.
void inference_notes(const KindTally& tally, std::string_view path,
                     std::vector<std::string>& notes);

// For sniff(): one JSON line that is a Kubernetes object without kind and
// apiVersion (an NDJSON stream of them is no log), by its top-level keys.
bool looks_like_kindless_object_line(std::string_view line);

}  // namespace kubesift::parse
