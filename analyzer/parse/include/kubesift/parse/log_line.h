// Log lines read by the parse layer, for the layers that may not see it.
#pragma once

#include "kubesift/model/log_line.h"

namespace kubesift::parse {

// The parse layer's reader of log lines (model::LogLineReader), which the
// cli hands to the engine: split_log_line and utc_time.
model::LogLineReader log_line_reader();

}  // namespace kubesift::parse
