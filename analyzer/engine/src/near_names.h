// Internal to the engine: names close to a name that does not exist, for
// "did you mean" in findings about a missing ConfigMap, Secret, key,
// StorageClass, ServiceAccount, PersistentVolumeClaim or Service.
//
// The ranking is pure (names in, ranked indices out). Two names are close
// when one of these holds, on the names in lower case:
//   - they are the same but for case and separators (`DB-HOST`, `db_host`,
//     `dbHost`);
//   - an optimal-string-alignment (Damerau-Levenshtein) distance within a
//     budget that grows with the shorter name (0 edits up to 3 characters, 1
//     up to 7, 2 up to 12, 3 beyond): `app-confg` / `app-config`;
//   - the tokens of one (pieces cut at `-`, `_`, `.` and camelCase) are a
//     run of the other's: two tokens of 4 characters or more, or one of 5
//     or more (`orders-db` / `orders-db-credentials`, `redis` /
//     `redis-master`; not `host` / `db-host`);
//   - one is a prefix of the other, at least 4 characters and half of it:
//     `DB_HOST` / `DB_HOSTNAME`;
//   - they share at least two tokens and 45% of their characters by token
//     (a kustomize hash suffix that changed: `app-config-5t8dk` /
//     `app-config-7h2f9k8m`).
// Names that differ only in their digits (`data-web-0`, `data-web-1`: the
// claims of a StatefulSet's replicas) are siblings, not typos: never close.
// Candidates are ranked by a cost mixing the normalized distance and the
// token overlap; ties go to the smaller distance, then the name's bytes,
// then the candidate's position. At most `max` are kept, and a second one
// only when it is nearly as close as the first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kubesift/model/store.h"

namespace kubesift::engine {

// The optimal string alignment distance (insertions, deletions,
// substitutions, transpositions of adjacent characters), byte-wise.
size_t osa_distance(std::string_view a, std::string_view b);

// The pieces of a name: cut at `-`, `_`, `.`, `/`, `:` and at camelCase
// boundaries (`dbHostName` → db, host, name; `HTTPServer` → http, server),
// in lower case.
std::vector<std::string> name_tokens(std::string_view name);

// How close `candidate` is to `missing`: `close` says whether to suggest it,
// `cost` (0 = the same but for case and separators, up to 1) orders them.
struct NameCloseness {
  bool close = false;
  double cost = 1.0;
  size_t distance = 0;  // osa_distance of the names in lower case
};
NameCloseness name_closeness(std::string_view missing, std::string_view candidate);

// The indices of the candidates close to `missing`, closest first, at most
// `max`. Candidates equal to `missing` are skipped (it exists: nothing to
// suggest); duplicates are reported once (the first).
std::vector<size_t> rank_near_names(std::string_view missing,
                                    const std::vector<std::string_view>& candidates,
                                    size_t max = 2);

// A name the input holds, and the line that defines it.
struct NearName {
  std::string name;
  model::SourceRef at;
};

// Kinds without a namespace: StorageClass, PersistentVolume, PriorityClass,
// ClusterRole, IngressClass, Namespace, Node, ...
bool cluster_scoped_kind(std::string_view kind);

// Whether the input shows an object of `kind` named `name` where a
// reference from namespace `ns` looks (cluster-scoped kinds: anywhere; an
// object whose namespace the input does not say, as in a `get` table of
// one namespace, is seen from every namespace; `ns` empty: any namespace).
bool object_shown(const model::Store& store, std::string_view kind, std::string_view ns,
                  std::string_view name);

// Objects of `kind` the input shows where a reference from `ns` looks, with
// names close to `missing`, closest first (at most 2). None when an object
// named `missing` is shown: then it exists. ConfigMaps and Secrets are read
// from the typed facts (JSON/YAML, describe) and from `get` tables, claims
// likewise; every other kind from the generic objects. Each name is cited
// once: its first definition in a JSON/YAML object or describe, else its
// first table row.
std::vector<NearName> near_objects(const model::Store& store, std::string_view kind,
                                   std::string_view ns, std::string_view missing);

// Keys of ConfigMap or Secret `source_name` (kind "ConfigMap" or "Secret")
// close to `missing_key`, closest first (at most 2). None when the input
// shows no keys of that object, or shows the key. A ConfigMap's key is cited
// at its own line; a Secret's at the Secret's name line, since the line of
// a Secret's key holds its value.
std::vector<NearName> near_keys(const model::Store& store, std::string_view kind,
                                std::string_view ns, std::string_view source_name,
                                std::string_view missing_key);

}  // namespace kubesift::engine
