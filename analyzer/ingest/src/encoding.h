// Inputs saved as UTF-16 or UTF-32 (Windows editors, PowerShell's `>`
// redirection writes UTF-16LE with a BOM) are converted to UTF-8 when read,
// told by their byte-order mark. A UTF-8 BOM is left to Document::text(),
// which skips it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kubesift::ingest::detail {

// The text as UTF-8 when `bytes` start with a UTF-16 or UTF-32 byte-order
// mark (the mark dropped; unpaired surrogates and values past U+10FFFF
// become U+FFFD, a cut final unit is dropped); nullopt otherwise.
std::optional<std::string> from_utf16_or_32(std::string_view bytes);

}  // namespace kubesift::ingest::detail
