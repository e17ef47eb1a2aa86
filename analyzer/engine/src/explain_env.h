// Internal to the engine: a missing environment variable or file checked
// against what the container does have.
//
// A log line says what the program looked for and did not find (`KeyError:
// 'DB_HOST'`, `required key DB_HOST missing value`, `Could not resolve
// placeholder 'db.url'`, `open /etc/app/config.yaml: no such file or
// directory`). The container's spec and the ConfigMaps and Secrets in the
// input say what is there: its env names, the keys its envFrom sources
// bring in, the volumes mounted and the keys of the ConfigMaps/Secrets behind
// them. When a name there is near the one looked for (DB_HOSTNAME for
// DB_HOST, config.yml for config.yaml), the finding says so.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kubesift/model/store.h"
#include "signal.h"

namespace kubesift::engine {

// Levenshtein distance (bytes).
size_t edit_distance(std::string_view a, std::string_view b);

// Whether `have` is a near miss for the environment variable `wanted`:
// the same letters in another case or with other separators (db.url and
// DB_URL, Spring's relaxed binding), one name the other plus a short part
// (DB_HOST, DB_HOSTNAME; APP_DB_HOST), or a typo (DB_HSOT). Equal names are
// not near: they are the same.
bool near_env_name(std::string_view wanted, std::string_view have);

// Whether the file name `have` is a near miss for `wanted`: another
// extension of the same stem (config.yaml, config.yml, config.json), another
// case, or a typo.
bool near_file_name(std::string_view wanted, std::string_view have);

// For a signal about a missing environment variable (category bad-env-var,
// var {var}) or a missing file (category missing-file, var {path}): compares
// the name with the container's env, its envFrom ConfigMaps/Secrets' keys,
// its mounts and the keys of the ConfigMaps/Secrets mounted. When something
// near is there it adds
//   {env_detail}  a sentence: what is not set or not there, and the near names
//                 with where they come from
//   {env_fix}     a sentence: what to rename or point at
// and cites the env, envFrom, volume and mount lines and the ConfigMap or
// Secret (role "config"). Secret values are never read: only key names.
// Adds nothing when nothing is near or the inputs do not show the sources.
void explain_env(const model::Store& store, const ContainerCase& c, Signal& sig);

}  // namespace kubesift::engine
