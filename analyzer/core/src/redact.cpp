#include "kubesift/core/redact.h"

#include <re2/re2.h>

#include <cctype>

#include "kubesift/core/text.h"

namespace kubesift {
namespace {

constexpr std::string_view kSecretWords[] = {
    "password",   "passwd",  "pwd",        "secret",    "token",       "apikey",
    "api_key",    "api-key", "access_key", "accesskey", "private_key", "privatekey",
    "credential", "auth",    "bearer",     "basic ",    "://",         "-----begin",
};

// Most lines hold none of the words: lower-case the line once and search
// each word with memchr-backed find, instead of a case-insensitive compare
// at every position for every word.
bool has_trigger(std::string_view line) {
  thread_local std::string lower;
  lower.resize(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    lower[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  std::string_view l(lower);
  for (auto w : kSecretWords)
    if (l.find(w) != std::string_view::npos) return true;
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

// In prose ("failed to fetch anonymous token: unexpected status") a secret
// word followed by a colon names no setting: a lower-case word preceded by
// another word, with ':' after it. Settings look otherwise: DB_PASSWORD: x,
// "token":"x", password=x, an indented YAML key.
bool prose(std::string_view line, size_t key_begin, size_t key_end, char sep) {
  if (sep != ':' || key_begin < 2 || line[key_begin - 1] != ' ') return false;
  for (size_t i = key_begin; i < key_end; ++i)
    if (!(line[i] >= 'a' && line[i] <= 'z')) return false;
  char before = line[key_begin - 2];
  return (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z');
}

std::string redact_key_values(std::string_view line) {
  std::string out;
  re2::StringPiece input(line.data(), line.size());
  re2::StringPiece m[3];
  size_t pos = 0;
  while (pos < line.size() &&
         key_value_re().Match(input, pos, line.size(), RE2::UNANCHORED, m, 3)) {
    size_t prefix_begin = static_cast<size_t>(m[1].data() - line.data());
    size_t value_begin = static_cast<size_t>(m[2].data() - line.data());
    size_t value_end = value_begin + m[2].size();
    // The key: the prefix minus its boundary character, quotes, separator.
    std::string_view prefix(m[1].data(), m[1].size());
    size_t kb = prefix_begin, ke = value_begin;
    while (kb < ke && !(std::isalnum(static_cast<unsigned char>(line[kb])) || line[kb] == '_'))
      ++kb;
    while (ke > kb && !(std::isalnum(static_cast<unsigned char>(line[ke - 1])) ||
                        line[ke - 1] == '_' || line[ke - 1] == '-' || line[ke - 1] == '.'))
      --ke;
    char sep = prefix.find('=') != std::string_view::npos ? '=' : ':';
    out.append(line.substr(pos, value_begin - pos));
    // A boolean or null is a setting's state, not a secret
    // (automountServiceAccountToken: true).
    std::string_view value = line.substr(value_begin, value_end - value_begin);
    std::string lv = text::lower(value);
    bool state = lv == "true" || lv == "false" || lv == "null" || lv == "yes" || lv == "no";
    if (state || prose(line, kb, ke, sep))
      out.append(line.substr(value_begin, value_end - value_begin));
    else
      out.append(kRedacted);
    pos = value_end > pos ? value_end : pos + 1;
  }
  if (pos < line.size()) out.append(line.substr(pos));
  return out;
}

}  // namespace

std::string redact(std::string_view line) {
  std::string out(line);
  if (!has_trigger(line)) return out;
  std::string repl = std::string("\\1") + std::string(kRedacted);
  out = redact_key_values(out);
  RE2::GlobalReplace(&out, authz_re(), repl);
  RE2::GlobalReplace(&out, url_re(), std::string("\\1") + std::string(kRedacted) + "\\3");
  if (text::contains_ci(out, "-----BEGIN") && text::contains_ci(out, "PRIVATE KEY"))
    return std::string(kRedacted);
  return out;
}

}  // namespace kubesift
