#include "kubesift/core/redact.h"

#include <re2/re2.h>

#include "kubesift/core/text.h"

namespace kubesift {
namespace {

constexpr std::string_view kSecretWords[] = {
    "password",   "passwd",  "pwd",        "secret",    "token",       "apikey",
    "api_key",    "api-key", "access_key", "accesskey", "private_key", "privatekey",
    "credential", "auth",    "bearer",     "basic ",    "://",         "-----begin",
};

bool has_trigger(std::string_view line) {
  for (auto w : kSecretWords)
    if (text::contains_ci(line, w)) return true;
  return false;
}

const RE2& key_value_re() {
  // name, separator, then the value. The name may be quoted (JSON) and the
  // value may be quoted; group 1 = everything up to the value, group 2 = value.
  static const RE2 re(
      R"re((?i)((?:^|[^A-Za-z0-9])"?[A-Za-z0-9_.\-]*(?:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credentials?)[A-Za-z0-9_.\-]*"?\s*(?:=|:)\s*"?)([^\s",;&}]+))re");
  return re;
}

const RE2& authz_re() {
  static const RE2 re(R"re((?i)(\b(?:bearer|basic)\s+)([A-Za-z0-9._~+/=\-]{8,}))re");
  return re;
}

const RE2& url_re() {
  static const RE2 re(R"re(([a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]+:)([^@\s/]+)(@))re");
  return re;
}

}  // namespace

std::string redact(std::string_view line) {
  std::string out(line);
  if (!has_trigger(line)) return out;
  std::string repl = std::string("\\1") + std::string(kRedacted);
  // A value that is already redacted or empty stays as it is.
  RE2::GlobalReplace(&out, key_value_re(), repl);
  RE2::GlobalReplace(&out, authz_re(), repl);
  RE2::GlobalReplace(&out, url_re(), std::string("\\1") + std::string(kRedacted) + "\\3");
  if (text::contains_ci(out, "-----BEGIN") && text::contains_ci(out, "PRIVATE KEY"))
    return std::string(kRedacted);
  return out;
}

bool is_secret_name(std::string_view name) {
  static const RE2 re(
      R"re((?i)(password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credential))re");
  return RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), re);
}

}  // namespace kubesift
