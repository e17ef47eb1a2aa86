#include "log_identity.h"

#include "kubesift/core/text.h"

namespace kubesift::parse {

void identify_log_path(std::string_view path, model::LogFile& log) {
  // `kubectl logs --previous > x-previous.log` is the common way to save the
  // previous instance; the path is the only place that says so.
  log.previous = text::contains_ci(path, "previous");
}

}  // namespace kubesift::parse
