// Keeps secret values out of reports.
//
// Inputs hold passwords, tokens and keys: in env declarations of a describe,
// in manifests, in log lines. Every text that reaches a report goes through
// redact() first. It replaces the value, never the name, so the evidence
// still shows *which* setting was involved.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace kubesift {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// Returns `line` with credential-looking values replaced by [REDACTED]:
// - values of settings named like a password, secret, token, API/access/
//   private/account key, credential, auth, cookie or session id, in `k=v`,
//   `k: v`, `k => v`, `"k":"v"` and JSON escaped inside JSON (`\"k\":\"v\"`);
// - an env entry written on one line (`{name: DB_PASSWORD, value: x}`,
//   `{"name":"DB_PASSWORD","value":"x"}`): the value of a secret-named var;
// - the data and stringData values of a Secret written on one line (the
//   `kubectl.kubernetes.io/last-applied-configuration` annotation);
// - command-line flags so named (`--password x`, `--token=x`), MySQL's
//   `-pX` and `sshpass -p X`;
// - `Bearer`/`Basic` and secret words followed by a token-like value;
// - passwords in URLs (`scheme://user:pass@`, the user empty too) and in
//   `user:pass@host`; signatures and tokens in query strings;
// - shaped credentials anywhere: JWTs, GitHub, Slack, GitLab, Stripe, AWS
//   key ids, Google API keys, npm, OpenAI-style and SendGrid tokens;
//   base64 of a PEM private key (`LS0tLS1CRUdJTi…`) and of JSON that holds
//   credentials (a `.dockerconfigjson`, a cloud service-account key);
// - a line with a PEM private key, whole.
// Names stay, and so do references: `secretName`, `secretKeyRef`,
// `imagePullSecrets: a, b`, `existingSecret`, kubectl's `<set to the key 'k'
// in secret 's'>` and `<set to the key 'k' of config map 'c'>`, describe's
// `Image pull secrets:`, `Mountable secrets:`, `Tokens:` lines and the sizes
// of a Secret's data (`password:  16 bytes`), `secret/NAME`; states (`true`,
// `false`), variables (`${X}`) and prose ("token expired"). The corpus is
// tests/data/secret-forms.txt. Thread-safe. Cost: one pre-check for trigger
// words, regexes only on lines that hold one.
std::string redact(std::string_view line);

// The lines around a quoted line, for what one line cannot tell; read on
// demand (most quoted lines need few of them).
class LineContext {
 public:
  // `before`: the lines above the quoted one, the nearest last; `after`:
  // those below it, the nearest first.
  LineContext(std::span<const std::string_view> before, std::span<const std::string_view> after)
      : before_(before), after_(after), above_(before.size()), below_(after.size()) {}
  // `read(source, k)`: the line `k` places from the quoted one (k < 0 above
  // it, k > 0 below it), for 1 <= -k <= above and 1 <= k <= below.
  using Reader = std::string_view (*)(const void* source, std::ptrdiff_t k);
  LineContext(Reader read, const void* source, size_t above, size_t below)
      : read_(read), source_(source), above_(above), below_(below) {}
  size_t above() const { return above_; }
  size_t below() const { return below_; }
  std::string_view line(std::ptrdiff_t k) const {
    if (read_) return read_(source_, k);
    return k < 0 ? before_[before_.size() - static_cast<size_t>(-k)]
                 : after_[static_cast<size_t>(k) - 1];
  }

 private:
  std::span<const std::string_view> before_, after_;
  Reader read_ = nullptr;
  const void* source_ = nullptr;
  size_t above_ = 0, below_ = 0;
};
// How many lines on each side a caller should offer (fewer near a
// document's ends; a line it does not have is read as "").
inline constexpr size_t kRedactContextLines = 48;

// redact(line), and also what the lines around it say is a secret value:
// - `value:` of an env entry whose `name:` (above or below it, in the same
//   YAML or JSON mapping) is named like a credential (DB_PASSWORD, API_TOKEN);
// - a value in the `data` or `stringData` of a Secret (`kind: Secret` among
//   the object's keys; an object whose kind is not in sight counts as one),
//   and the lines of a block scalar there (`tls.key: |`);
// - a line between `-----BEGIN … PRIVATE KEY-----` and its END line.
// Such a value is replaced by [REDACTED], the key kept. `line` may be cut
// (its end clipped); the context lines are read as written.
std::string redact(std::string_view line, const LineContext& context);

}  // namespace kubesift
