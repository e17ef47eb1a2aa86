#include "line_level.h"

#include <cctype>

#include "kubesift/core/text.h"

namespace kubesift::engine {
namespace {

LineLevel from_word(std::string_view w) {
  std::string l = text::lower(w);
  if (l.starts_with("fatal") || l.starts_with("panic") || l.starts_with("crit") ||
      l.starts_with("emerg") || l.starts_with("alert") || l == "dpanic")
    return LineLevel::Fatal;
  if (l.starts_with("err")) return LineLevel::Error;
  if (l.starts_with("warn")) return LineLevel::Warn;
  if (l.starts_with("info") || l == "notice") return LineLevel::Info;
  if (l.starts_with("debug") || l.starts_with("trace")) return LineLevel::Debug;
  return LineLevel::Unknown;
}

// Value of "key":"value" (or key=value) inside the line.
std::string_view json_field(std::string_view line, std::string_view key) {
  std::string pat;
  pat.reserve(key.size() + 2);
  pat.append(1, '"').append(key).append(1, '"');
  size_t pos = line.find(pat);
  if (pos == std::string_view::npos) return {};
  pos += pat.size();
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == ':')) ++pos;
  if (pos >= line.size() || line[pos] != '"') return {};
  size_t end = line.find('"', pos + 1);
  if (end == std::string_view::npos) return {};
  return line.substr(pos + 1, end - pos - 1);
}

bool is_klog_header(std::string_view l) {
  // Lmmdd hh:mm:ss.uuuuuu
  if (l.size() < 21) return false;
  if (l[0] != 'I' && l[0] != 'W' && l[0] != 'E' && l[0] != 'F') return false;
  for (size_t i = 1; i < 5; ++i)
    if (!std::isdigit(static_cast<unsigned char>(l[i]))) return false;
  return l[5] == ' ' && l[8] == ':' && l[11] == ':' && l[14] == '.';
}

}  // namespace

LineLevel line_level(std::string_view line) {
  std::string_view t = text::trim(line);
  if (!t.empty() && t.front() == '{') {
    for (std::string_view key : {"severity", "level", "lvl", "log.level", "loglevel"}) {
      std::string_view v = json_field(t, key);
      if (!v.empty()) return from_word(v);
    }
  }
  // A kubelet timestamp prefix (kubectl logs --timestamps) comes first.
  if (t.size() > 31 && std::isdigit(static_cast<unsigned char>(t[0])) && t[4] == '-' &&
      t[10] == 'T') {
    size_t sp = t.find(' ');
    if (sp != std::string_view::npos) t = t.substr(sp + 1);
  }
  if (is_klog_header(t)) {
    switch (t[0]) {
      case 'I': return LineLevel::Info;
      case 'W': return LineLevel::Warn;
      case 'E': return LineLevel::Error;
      default: return LineLevel::Fatal;
    }
  }
  for (std::string_view key : {"level=", "lvl=", "severity="}) {
    size_t pos = t.find(key);
    if (pos != std::string_view::npos) {
      std::string_view v = t.substr(pos + key.size());
      if (!v.empty() && v.front() == '"') v.remove_prefix(1);
      return from_word(v.substr(0, std::min<size_t>(v.size(), 8)));
    }
  }
  for (std::string_view w : {"FATAL", "PANIC", "CRITICAL"})
    if (t.find(w) != std::string_view::npos) return LineLevel::Fatal;
  for (std::string_view w : {"ERROR", "[error]", "[ERROR]", "Error:", "error:"})
    if (t.find(w) != std::string_view::npos) return LineLevel::Error;
  for (std::string_view w : {"WARN", "[warn]", "Warning:"})
    if (t.find(w) != std::string_view::npos) return LineLevel::Warn;
  for (std::string_view w : {" INFO ", "[INFO]", "[info]", "INFO:"})
    if (t.find(w) != std::string_view::npos) return LineLevel::Info;
  return LineLevel::Unknown;
}

double level_weight(LineLevel l) {
  switch (l) {
    case LineLevel::Fatal:
    case LineLevel::Error: return 1.0;
    case LineLevel::Unknown: return 0.9;
    case LineLevel::Warn: return 0.8;
    case LineLevel::Info: return 0.6;
    case LineLevel::Debug: return 0.5;
  }
  return 0.9;
}

}  // namespace kubesift::engine
