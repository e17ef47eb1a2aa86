#include "kubesift/parse/log_line.h"

namespace kubesift::parse {

model::LogLineReader log_line_reader() {
  model::LogLineReader r;
  r.split = &model::split_log_line;
  r.utc_time = &model::utc_time;
  return r;
}

}  // namespace kubesift::parse
