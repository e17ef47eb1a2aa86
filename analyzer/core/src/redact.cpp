#include "kubesift/core/redact.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "kubesift/core/text.h"

namespace kubesift {
namespace {

// Lower-case words one of which every rule below needs: most lines hold
// none, and then no regex runs.
constexpr std::string_view kTriggers[] = {
    "pass",     "pwd",         "secret",
    "token",    "key",         "credential",
    "auth",     "bearer",      "basic ",
    "://",      "@",           "-----begin",
    "jwt",      "eyj",         "ghp_",
    "gho_",     "ghu_",        "ghs_",
    "ghr_",     "github_pat_", "xox",
    "glpat-",   "sk_live_",    "sk_test_",
    "rk_live_", "rk_test_",    "akia",
    "asia",     "aiza",        "npm_",
    "sk-",      "sg.",         "hooks.slack.com",
    "sig=",     "cookie",      "session",
    "mysql",    "sshpass",     "private",
};

bool has_trigger(std::string_view line) {
  thread_local std::string lower;
  lower.resize(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    lower[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  std::string_view l(lower);
  for (auto w : kTriggers)
    if (l.find(w) != std::string_view::npos) return true;
  return false;
}

// Names of settings whose value is a secret: passwords, tokens, keys,
// credentials, session cookies, signatures (lower-case, matched anywhere in
// the name: DB_PASSWORD, x-api-key, clientSecret, AWS_SECRET_ACCESS_KEY).
constexpr const char* kSecretName =
    R"((?:password|passwd|passphrase|pass|pwd|secret|token|api[_\-]?key|access[_\-]?key|)"
    R"(private[_\-]?key|account[_\-]?key|signing[_\-]?key|master[_\-]?key|encryption[_\-]?key|)"
    R"(credentials?|auth|cookie|session[_\-]?id|jwt))";

// name, separator, value: `k=v`, `k: v`, `"k":"v"`, `\"k\":\"v\"` (JSON in
// a JSON string), `k => v`. Group 1: up to the value; 2: the name; 3: the
// value.
const RE2& key_value_re() {
  static const RE2 re(
      std::string(R"re((?i)((?:^|[^A-Za-z0-9_])(?:\\*")?([A-Za-z0-9_.\-]*)re") + kSecretName +
      R"re([A-Za-z0-9_.\-]*)(?:\\*")?\s*(?:=>|=|:)\s*(?:\\*")?)([^\s"\\,;&}\]]+))re");
  return re;
}

// A command-line flag named like a secret, its value after a space or `=`:
// `--password hunter2`, `--db-token=x`. Group 1: the flag; 2: the value.
const RE2& flag_re() {
  static const RE2 re(std::string(R"re((?i)((?:^|\s)--?[A-Za-z0-9_\-]*)re") + kSecretName +
                      R"re([A-Za-z0-9_\-]*(?:=|\s+)['"]?)([^\s"',;]+))re");
  return re;
}

// `-pSECRET` for the MySQL tools (no space: a space would prompt), and
// `sshpass -p SECRET`.
const RE2& short_password_re() {
  static const RE2 re(
      R"re((?i)(\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n]*?\s-p)([^\s"']+)|(\bsshpass\s+-p\s*)([^\s"']+))re");
  return re;
}

// Authorization schemes and secret words followed by their value after a
// space: `Bearer x`, `Basic x`, `token x`, `jwt x`, `api-key x`. The value
// must look like a credential (12+ characters of a token alphabet), so
// prose ("token expired") stays.
const RE2& word_value_re() {
  static const RE2 re(
      R"re((?i)(\b(?:bearer|basic|token|jwt|api[_\-]?key|apikey|secret|password)\s+)([A-Za-z0-9._~+/=\-]{12,}))re");
  return re;
}

// Signed URLs and tokens in query strings: `?sig=`, `&X-Amz-Signature=`,
// `?access_token=`.
const RE2& query_re() {
  static const RE2 re(
      R"re((?i)([?&](?:sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|access_token|id_token|refresh_token|code)=)([^&\s"'#]+))re");
  return re;
}

// `scheme://user:pass@host`, with the user empty too (`redis://:pass@h`).
const RE2& url_re() {
  static const RE2 re(R"re(([a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)([^@\s/]+)(@))re");
  return re;
}

// `user:pass@host` without a scheme (connection strings in prose).
const RE2& userinfo_re() {
  static const RE2 re(R"re(((?:^|[\s'"(=])[A-Za-z0-9_.\-]+:)([^@\s/:'"]+)(@[A-Za-z0-9_.\-]+))re");
  return re;
}

// Credentials with a shape of their own, wherever they stand: JWTs, and
// the prefixes providers put on their tokens and keys.
const RE2& shaped_re() {
  static const RE2 re(
      "("
      R"(eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*)"  // JWT
      R"(|\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{20,})"   // GitHub
      R"(|\bxox[abposr]-[A-Za-z0-9\-]{10,})"                              // Slack
      R"(|hooks\.slack\.com/services/[A-Za-z0-9/]+)"                      // Slack webhook
      R"(|\bglpat-[A-Za-z0-9_\-]{20,})"                                   // GitLab
      R"(|\b[sr]k_(?:live|test)_[A-Za-z0-9]{10,})"                        // Stripe
      R"(|\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b)"   // AWS key ids
      R"(|\bAIza[0-9A-Za-z_\-]{35})"                                      // Google API keys
      R"(|\bnpm_[A-Za-z0-9]{36})"                                         // npm
      R"(|\bsk-(?:proj-)?[A-Za-z0-9_\-]{20,})"                            // OpenAI-style
      R"(|\bSG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,})"                // SendGrid
      ")");
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

// Names that point at a secret rather than hold one: kubectl's and the
// API's references (secretName, secretKeyRef, existingSecret's name) and
// counts or settings about it (tokenExpirationSeconds, passwordLength).
bool names_a_reference(std::string_view name) {
  std::string n = text::lower(name);
  // Words that hold a secret word and are none: author, authenticated,
  // bypass, passive; the shell's working directory.
  for (std::string_view w : {"author", "authent", "bypass", "compass", "passive", "passthrough",
                             "passenger", "passed", "passing", "tokeniz"})
    if (n.find(w) != std::string::npos && n.find("authorization") == std::string::npos) return true;
  if (n == "pwd" || n == "oldpwd") return true;
  for (std::string_view end :
       {"name", "names", "ref", "refs", "keyref", "namespace", "seconds", "length", "file", "path",
        "dir", "type", "kind", "mode", "policy", "enabled", "count", "version", "id_file"})
    if (n.size() > end.size() && n.ends_with(end)) return true;
  return false;
}

// A value that is a setting's state, not a secret
// (automountServiceAccountToken: true), or a reference to one.
bool harmless_value(std::string_view value) {
  std::string v = text::lower(value);
  // kubectl's placeholders (`<set to the key 'password' in secret 'db'>`,
  // `<none>`), a scheme word before its credential, a variable, a
  // reference in kubectl's notation.
  return v == "true" || v == "false" || v == "null" || v == "yes" || v == "no" || v == "none" ||
         v.starts_with("[redacted") || v == "redacted" || v == "***" || v == "bearer" ||
         v == "basic" || v == "digest" || v == "negotiate" || v.starts_with("<") ||
         v.starts_with("$(") || v.starts_with("${") || v.starts_with("secret/") ||
         v.starts_with("secrets/");
}

std::string redact_key_values(std::string_view line) {
  std::string out;
  re2::StringPiece input(line.data(), line.size());
  re2::StringPiece m[4];
  size_t pos = 0;
  while (pos < line.size() &&
         key_value_re().Match(input, pos, line.size(), RE2::UNANCHORED, m, 4)) {
    size_t value_begin = static_cast<size_t>(m[3].data() - line.data());
    size_t value_end = value_begin + m[3].size();
    std::string_view prefix(m[1].data(), m[1].size());
    // The name: from its first word character to the separator.
    size_t kb = static_cast<size_t>(m[1].data() - line.data()), ke = value_begin;
    while (kb < ke && !(std::isalnum(static_cast<unsigned char>(line[kb])) || line[kb] == '_'))
      ++kb;
    while (ke > kb && !(std::isalnum(static_cast<unsigned char>(line[ke - 1])) ||
                        line[ke - 1] == '_' || line[ke - 1] == '-' || line[ke - 1] == '.'))
      --ke;
    std::string_view name = line.substr(kb, ke - kb);
    char sep = prefix.find('=') != std::string_view::npos ? '=' : ':';
    std::string_view value = line.substr(value_begin, value_end - value_begin);
    out.append(line.substr(pos, value_begin - pos));
    if (harmless_value(value) || names_a_reference(name) || prose(line, kb, ke, sep))
      out.append(value);
    else
      out.append(kRedacted);
    pos = value_end > pos ? value_end : pos + 1;
  }
  if (pos < line.size()) out.append(line.substr(pos));
  return out;
}

// Replaces group `secret` of every match with [REDACTED], keeping the rest.
// `tokens_only`: a value of letters alone is a word, not a credential
// ("password authentication failed").
void replace_group(std::string& s, const RE2& re, int groups, std::vector<int> secrets,
                   bool tokens_only = false) {
  std::string out;
  re2::StringPiece input(s);
  std::vector<re2::StringPiece> m(static_cast<size_t>(groups) + 1);
  size_t pos = 0, copied = 0;
  while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, m.data(), groups + 1)) {
    size_t end = static_cast<size_t>(m[0].data() - s.data()) + m[0].size();
    for (int g : secrets) {
      const auto& v = m[static_cast<size_t>(g)];
      if (!v.data() || v.empty()) continue;
      size_t b = static_cast<size_t>(v.data() - s.data());
      if (harmless_value(std::string_view(v.data(), v.size()))) continue;
      if (tokens_only &&
          std::none_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
        continue;
      out.append(s, copied, b - copied);
      out.append(kRedacted);
      copied = b + v.size();
    }
    pos = end > pos ? end : pos + 1;
  }
  if (copied == 0) return;
  out.append(s, copied, std::string::npos);
  s = std::move(out);
}

}  // namespace

std::string redact(std::string_view line) {
  std::string out(line);
  if (!has_trigger(line)) return out;
  if (text::contains_ci(out, "-----BEGIN") && text::contains_ci(out, "PRIVATE KEY"))
    return std::string(kRedacted);
  replace_group(out, shaped_re(), 1, {1});
  replace_group(out, word_value_re(), 2, {2}, /*tokens_only=*/true);
  out = redact_key_values(out);
  replace_group(out, query_re(), 2, {2});
  replace_group(out, flag_re(), 2, {2});
  replace_group(out, short_password_re(), 4, {2, 4});
  replace_group(out, url_re(), 3, {2});
  replace_group(out, userinfo_re(), 3, {2});
  return out;
}

}  // namespace kubesift
