// JSON string literals for the JSON printers.
#pragma once

#include <string>
#include <string_view>

namespace kubesift::report {

// Escapes quotes, backslashes and control bytes, and replaces invalid UTF-8
// with U+FFFD, so the output always parses.
std::string json_quote(std::string_view s);

}  // namespace kubesift::report
