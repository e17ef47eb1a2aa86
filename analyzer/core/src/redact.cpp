#include "kubesift/core/redact.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "kubesift/core/text.h"
#include "redact_internal.h"

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
    "ls0tls1",  "ewog",        "ewoi",
};

char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

// One pass over the line: a bitmap of the triggers' first two letters says
// where one may start, and only there are the triggers compared. `@`, one
// letter long, is found by memchr.
bool has_trigger(std::string_view line) {
  struct Table {
    std::vector<uint64_t> pairs = std::vector<uint64_t>(65536 / 64);
    std::vector<std::string_view> by_first[256];
    Table() {
      for (auto w : kTriggers) {
        if (w.size() < 2) continue;
        unsigned p = static_cast<unsigned char>(w[0]) << 8 | static_cast<unsigned char>(w[1]);
        pairs[p / 64] |= uint64_t{1} << (p % 64);
        by_first[static_cast<unsigned char>(w[0])].push_back(w);
      }
    }
  };
  static const Table t;
  if (line.find('@') != std::string_view::npos) return true;
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    char c0 = lower_ascii(line[i]);
    unsigned p =
        static_cast<unsigned char>(c0) << 8 | static_cast<unsigned char>(lower_ascii(line[i + 1]));
    if (!(t.pairs[p / 64] >> (p % 64) & 1)) continue;
    for (auto w : t.by_first[static_cast<unsigned char>(c0)]) {
      if (i + w.size() > line.size()) continue;
      size_t k = 1;
      while (k < w.size() && lower_ascii(line[i + k]) == w[k]) ++k;
      if (k == w.size()) return true;
    }
  }
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
  // Lists and names of Secrets, not their values: imagePullSecrets (a pod's,
  // a ServiceAccount's, Helm's imagePullSecret), existingSecret (charts
  // name a Secret they do not create), a secretProviderClass.
  for (std::string_view w : {"pullsecret", "existingsecret", "mountablesecret"})
    if (n.find(w) != std::string::npos) return true;
  for (std::string_view end :
       {"name",   "names",   "ref",   "refs",    "keyref",  "namespace", "seconds",
        "length", "file",    "path",  "dir",     "type",    "kind",      "mode",
        "policy", "enabled", "count", "version", "id_file", "class",     "provider"})
    if (n.size() > end.size() && n.ends_with(end)) return true;
  return false;
}

// A value that is a setting's state, not a secret
// (automountServiceAccountToken: true), or a reference to one.
bool harmless_value(std::string_view value) {
  // The words below are short: the value's first 16 bytes, lower-cased
  // without an allocation, tell (this runs for every match).
  char buf[16];
  size_t n = std::min(value.size(), sizeof buf);
  for (size_t i = 0; i < n; ++i) buf[i] = lower_ascii(value[i]);
  std::string_view v(buf, n);
  bool whole = value.size() <= sizeof buf;
  auto is = [&](std::string_view w) { return whole && v == w; };
  // kubectl's placeholders (`<set to the key 'password' in secret 'db'>`,
  // `<none>`), a scheme word before its credential, a variable, a
  // reference in kubectl's notation; the start of a structure
  // (`"imagePullSecrets": [`, a flow mapping `secret: {secretName: x}` whose
  // keys are read on their own), a block scalar's indicator (`tls.key: |`):
  // the value is elsewhere.
  return is("true") || is("false") || is("null") || is("yes") || is("no") || is("none") ||
         v.starts_with("[redacted") || is("redacted") || is("***") || is("bearer") || is("basic") ||
         is("digest") || is("negotiate") || v.starts_with("<") || v.starts_with("$(") ||
         v.starts_with("${") || v.starts_with("secret/") || v.starts_with("secrets/") ||
         v.starts_with("[") || v.starts_with("{") || is("|") || is("|-") || is("|+") || is(">") ||
         is(">-") || is(">+");
}

// describe secret prints the size of each data value, not the value:
// `password:  16 bytes`.
bool data_size(std::string_view line, size_t value_begin, size_t value_end) {
  if (value_begin == value_end) return false;
  for (size_t i = value_begin; i < value_end; ++i)
    if (line[i] < '0' || line[i] > '9') return false;
  return line.substr(value_end) == " bytes";
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
    if (harmless_value(value) || names_a_reference(name) || prose(line, kb, ke, sep) ||
        data_size(line, value_begin, value_end))
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
// `not_digest`: `name:tag@sha256:…` is an image reference, not user:pass@host.
void replace_group(std::string& s, const RE2& re, int groups, std::vector<int> secrets,
                   bool tokens_only = false, bool not_digest = false) {
  std::string out;
  re2::StringPiece input(s);
  std::vector<re2::StringPiece> m(static_cast<size_t>(groups) + 1);
  size_t pos = 0, copied = 0;
  while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, m.data(), groups + 1)) {
    size_t end = static_cast<size_t>(m[0].data() - s.data()) + m[0].size();
    if (not_digest && end < s.size() && s[end] == ':') {
      std::string_view host(m[static_cast<size_t>(groups)].data(),
                            m[static_cast<size_t>(groups)].size());
      if (host == "@sha256" || host == "@sha512" || host == "@sha384") {
        pos = end;
        continue;
      }
    }
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

// A describe serviceaccount line that lists Secrets by name (one name a
// line, or <none>): `Image pull secrets:  quay-pull`, `Tokens:  sa-token`.
bool describe_names_line(std::string_view line) {
  static const RE2 re(
      R"re((?:Image pull secrets|Mountable secrets|Tokens):\s+(?:<none>|[a-z0-9][a-z0-9.\-]*)\s*)re");
  return RE2::FullMatch(re2::StringPiece(line.data(), line.size()), re);
}

// An env entry on one line, its name like a credential: `{name: DB_PASSWORD,
// value: x}`, `{"name":"DB_PASSWORD","value":"x"}` (escaped in JSON too).
// Group 1: the var's name; 2: up to the value; 3: the value.
const RE2& env_entry_re() {
  static const RE2 re(
      R"re(\bname\\*"?\s*:\s*\\*["']?([A-Za-z0-9_.\-]+)\\*["']?(\s*,\s*\\*"?value\\*"?\s*:\s*\\*["']?)([^"'\\,}\s]+))re");
  return re;
}

void redact_env_entries(std::string& s) {
  re2::StringPiece input(s);
  re2::StringPiece m[4];
  std::string out;
  size_t pos = 0, copied = 0;
  while (pos < s.size() && env_entry_re().Match(input, pos, s.size(), RE2::UNANCHORED, m, 4)) {
    size_t b = static_cast<size_t>(m[3].data() - s.data());
    pos = b + m[3].size();
    std::string_view value(m[3].data(), m[3].size());
    if (!redact_detail::secret_name({m[1].data(), m[1].size()}) || harmless_value(value)) continue;
    out.append(s, copied, b - copied);
    out.append(kRedacted);
    copied = pos;
  }
  if (copied == 0) return;
  out.append(s, copied, std::string::npos);
  s = std::move(out);
}

// A Secret written as JSON on one line (kubectl's last-applied-configuration
// annotation holds the object as applied, stringData included): every value
// of its "data" and "stringData" objects. JSON inside a JSON string (`\"k\"`)
// too: a string ends at a quote with as many backslashes before it as the
// one that opened it.
void redact_inline_secret(std::string& s) {
  static const RE2 kind(R"re(\\*"kind\\*"\s*:\s*\\*"Secret\\*")re");
  static const RE2 data(R"re(\\*"(?:data|stringData)\\*"\s*:\s*\{)re");
  if (s.find("Secret") == std::string::npos || !RE2::PartialMatch(s, kind)) return;
  // The end of the string whose opening quote is at `open`, escaped by `q`
  // backslashes: the index of its closing quote's first backslash.
  auto string_end = [&](size_t open, size_t q) {
    for (size_t i = open + 1; i < s.size(); ++i) {
      if (s[i] != '"') continue;
      size_t k = i;
      while (k > open + 1 && s[k - 1] == '\\') --k;
      if (i - k == q) return k;
    }
    return s.size();
  };
  re2::StringPiece input(s), m;
  std::string out;
  size_t pos = 0, copied = 0;
  while (pos < s.size() && data.Match(input, pos, s.size(), RE2::UNANCHORED, &m, 1)) {
    size_t i = static_cast<size_t>(m.data() - s.data()) + m.size();
    auto skip = [&](std::string_view what) {
      while (i < s.size() && what.find(s[i]) != std::string_view::npos) ++i;
    };
    for (;;) {
      skip(" ,\\");
      if (i >= s.size() || s[i] != '"') break;  // `}` or not JSON
      size_t q = 0;
      while (q < i && s[i - q - 1] == '\\') ++q;
      i = string_end(i, q) + q + 1;  // past the key
      skip(" \\");
      if (i >= s.size() || s[i] != ':') break;
      ++i;
      skip(" \\");
      if (i >= s.size() || s[i] != '"') break;
      size_t b = i + 1, e = string_end(i, q);
      if (e > b) {
        out.append(s, copied, b - copied);
        out.append(kRedacted);
        copied = e;
      }
      i = e + q + 1;
    }
    pos = i > pos ? i : pos + 1;
  }
  if (copied == 0) return;
  out.append(s, copied, std::string::npos);
  s = std::move(out);
}

// Base64 that decodes to a PEM private key (`LS0tLS1CRUdJTi…`: a tls.key of
// a Secret's data) or to JSON with credentials in it (a .dockerconfigjson,
// a cloud service-account key file): the blob goes.
void redact_base64_blobs(std::string& s) {
  static const RE2 re(R"re(((?:eyJ|ewo[gi]|LS0tLS1)[A-Za-z0-9+/]{16,}={0,2}))re");
  re2::StringPiece input(s), m;
  std::string out;
  size_t pos = 0, copied = 0;
  while (pos < s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, &m, 1)) {
    size_t b = static_cast<size_t>(m.data() - s.data());
    pos = b + m.size();
    std::string decoded = redact_detail::base64_decode({m.data(), m.size()});
    bool secret = text::contains_ci(decoded, "PRIVATE KEY");
    if (!secret && (decoded.starts_with("{") || decoded.starts_with("["))) {
      std::string l = text::lower(decoded);
      for (std::string_view w :
           {"auth", "password", "token", "secret", "private_key", "credential"})
        secret = secret || l.find(w) != std::string::npos;
    }
    if (!secret) continue;
    out.append(s, copied, b - copied);
    out.append(kRedacted);
    copied = pos;
  }
  if (copied == 0) return;
  out.append(s, copied, std::string::npos);
  s = std::move(out);
}

}  // namespace

namespace redact_detail {

bool secret_name(std::string_view name) {
  static const RE2 re(std::string("(?i)") + kSecretName);
  return RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), re) &&
         !names_a_reference(name);
}

bool harmless(std::string_view value) {
  return harmless_value(value);
}

std::string base64_decode(std::string_view in) {
  auto digit = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int d = digit(c);
    if (d < 0) break;
    acc = (acc << 6) | static_cast<uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace redact_detail

std::string redact(std::string_view line) {
  std::string out(line);
  if (!has_trigger(line)) return out;
  if (text::contains_ci(out, "-----BEGIN") && text::contains_ci(out, "PRIVATE KEY"))
    return std::string(kRedacted);
  if (describe_names_line(line)) return out;
  replace_group(out, shaped_re(), 1, {1});
  redact_base64_blobs(out);
  redact_inline_secret(out);
  redact_env_entries(out);
  replace_group(out, word_value_re(), 2, {2}, /*tokens_only=*/true);
  out = redact_key_values(out);
  replace_group(out, query_re(), 2, {2});
  replace_group(out, flag_re(), 2, {2});
  replace_group(out, short_password_re(), 4, {2, 4});
  replace_group(out, url_re(), 3, {2});
  replace_group(out, userinfo_re(), 3, {2}, false, /*not_digest=*/true);
  return out;
}

}  // namespace kubesift
