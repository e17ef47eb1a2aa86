#include "log_identity.h"

#include "kubesift/core/text.h"
#include "layout.h"

namespace kubesift::parse {

void identify_log_path(std::string_view path, model::LogFile& log) {
  PathInfo info = classify_path(path);
  if (info.role == PathInfo::Role::ContainerLog) {
    log.ns = info.ns;
    log.pod = info.pod;
    log.container = info.container;
    log.previous = info.previous;
    return;
  }
  // `kubectl logs --previous > x-previous.log` is the common way to save the
  // previous instance; the path is the only place that says so.
  log.previous = text::contains_ci(path, "previous");
}

}  // namespace kubesift::parse
