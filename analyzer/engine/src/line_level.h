// The severity a log line gives itself, read without parsing the whole line.
#pragma once

#include <string_view>

namespace kubesift::engine {

enum class LineLevel { Unknown, Debug, Info, Warn, Error, Fatal };

// Reads JSON `severity`/`level`/`lvl` fields, klog's leading I/W/E/F,
// `level=error` pairs and bracketed or bare ERROR/WARN/FATAL words. Tolerates
// malformed JSON (the line may be cut or badly quoted).
LineLevel line_level(std::string_view line);

// How much a signature found on such a line counts (1.0 = fully).
double level_weight(LineLevel l);

}  // namespace kubesift::engine
