// Keeps secret values out of reports.
//
// Inputs hold passwords, tokens and keys: in env declarations of a describe,
// in manifests, in log lines. Every text that reaches a report goes through
// redact() first. It replaces the value, never the name, so the evidence
// still shows *which* setting was involved.
#pragma once

#include <string>
#include <string_view>

namespace kubesift {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// Returns `line` with credential-looking values replaced by [REDACTED]:
// values of keys named like password/secret/token/api key/credential (in
// `k=v`, `k: v` and `"k":"v"` forms), bearer/basic authorization values,
// passwords in URLs (`scheme://user:pass@host`) and PEM private key bodies.
// Thread-safe. Cost: one pre-check for trigger words, regexes only on hits.
std::string redact(std::string_view line);

}  // namespace kubesift
