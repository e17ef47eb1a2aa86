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
// - values of settings named like a password, secret, token, API/access/
//   private/account key, credential, auth, cookie or session id, in `k=v`,
//   `k: v`, `k => v`, `"k":"v"` and JSON escaped inside JSON (`\"k\":\"v\"`);
// - command-line flags so named (`--password x`, `--token=x`), MySQL's
//   `-pX` and `sshpass -p X`;
// - `Bearer`/`Basic` and secret words followed by a token-like value;
// - passwords in URLs (`scheme://user:pass@`, the user empty too) and in
//   `user:pass@host`; signatures and tokens in query strings;
// - shaped credentials anywhere: JWTs, GitHub, Slack, GitLab, Stripe, AWS
//   key ids, Google API keys, npm, OpenAI-style and SendGrid tokens;
// - a line with a PEM private key, whole.
// Names stay, and so do references (`secretName`, `secretKeyRef`,
// kubectl's `<set to the key 'k' in secret 's'>`, `secret/NAME`), states
// (`true`, `false`), variables (`${X}`) and prose ("token expired"). The
// corpus is tests/data/secret-forms.txt. Thread-safe. Cost: one pre-check
// for trigger words, regexes only on lines that hold one.
std::string redact(std::string_view line);

}  // namespace kubesift
