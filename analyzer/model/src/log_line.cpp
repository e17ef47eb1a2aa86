#include "kubesift/model/log_line.h"

namespace kubesift::model {

std::string_view to_string(LogShape s) {
  switch (s) {
    case LogShape::Plain: return "plain";
    case LogShape::JsonLines: return "json-lines";
    case LogShape::Logfmt: return "logfmt";
    case LogShape::Klog: return "klog";
    case LogShape::Cri: return "cri";
    case LogShape::DockerJson: return "docker-json";
    case LogShape::Timestamped: return "timestamped";
    case LogShape::Prefixed: return "prefixed";
  }
  return "plain";
}

std::string_view to_string(LogLevel l) {
  switch (l) {
    case LogLevel::Unknown: return "unknown";
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warn: return "warn";
    case LogLevel::Error: return "error";
    case LogLevel::Fatal: return "fatal";
  }
  return "unknown";
}

double level_weight(LogLevel l) {
  switch (l) {
    case LogLevel::Fatal:
    case LogLevel::Error: return 1.0;
    case LogLevel::Unknown: return 0.9;
    case LogLevel::Warn: return 0.8;
    case LogLevel::Info: return 0.6;
    case LogLevel::Debug: return 0.5;
  }
  return 0.9;
}

}  // namespace kubesift::model
