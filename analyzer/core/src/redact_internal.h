// Internal to the redactor: what the line rules (redact.cpp) and the context
// rules (redact_context.cpp) share.
#pragma once

#include <string>
#include <string_view>

namespace kubesift::redact_detail {

// A setting's name that says its value is a credential (DB_PASSWORD,
// apiToken, x-api-key), and not a reference to one (secretName, tokenFile).
bool secret_name(std::string_view name);
// A value that is a state, a placeholder or a reference, never a secret
// (`true`, `<set to the key …>`, `${X}`, `[`).
bool harmless(std::string_view value);
// Standard or URL-safe base64, up to the first character of neither.
std::string base64_decode(std::string_view in);

}  // namespace kubesift::redact_detail
