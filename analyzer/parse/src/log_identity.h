// Which pod and container a log belongs to, read from where it was saved.
#pragma once

#include <string_view>

#include "kubesift/model/objects.h"

namespace kubesift::parse {

// Fills log.ns/pod/container/previous from the layouts that name them in
// the path (support bundles, must-gathers, cluster-info dumps); for a loose
// file only `previous` is read ("previous" anywhere in the path) and the
// correlate layer guesses pod and container from the names in the path.
void identify_log_path(std::string_view path, model::LogFile& log);

}  // namespace kubesift::parse
