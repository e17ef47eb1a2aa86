// Small, allocation-free string helpers shared by every layer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kubesift::text {

std::string_view trim(std::string_view s);
std::string_view trim_right(std::string_view s);
bool starts_with_ci(std::string_view s, std::string_view prefix);
bool contains_ci(std::string_view hay, std::string_view needle);
std::string lower(std::string_view s);
// Splits on `sep`, keeping empty fields.
std::vector<std::string_view> split(std::string_view s, char sep);
// Splits on runs of two or more spaces (kubectl's column alignment).
std::vector<std::string_view> split_columns(std::string_view s);
// Leading spaces of a line.
size_t indent_of(std::string_view s);
// Parses a base-10 integer; returns false on any junk.
bool to_int(std::string_view s, long long& out);
// Replaces {name} placeholders from `vars` (pairs of name, value). A
// placeholder with no value becomes `missing` (left as it is when `missing`
// is empty). `[[...]]` is an optional segment: kept, filled, only when every
// placeholder inside has a non-empty value; dropped whole otherwise
// (`deadline[[: {message}]]` never ends in ": ").
std::string fill(std::string_view tmpl,
                 const std::vector<std::pair<std::string, std::string>>& vars,
                 std::string_view missing = {});
// The length (1–4) of the well-formed UTF-8 sequence at `s[i]`, its code
// point in `cp`; 0 when the bytes there are none: a stray continuation byte,
// an overlong form, an encoded surrogate, a value past U+10FFFF, a sequence
// cut short. Every reader of untrusted text for output uses this one.
size_t utf8_sequence(std::string_view s, size_t i, uint32_t& cp);
// True when every byte of `s` is part of a well-formed sequence (as
// utf8_sequence reads them: strict, what strict JSON parsers accept).
bool valid_utf8(std::string_view s);
// Appends `cp` as UTF-8; a surrogate or a value past U+10FFFF as U+FFFD.
void append_utf8(std::string& out, uint32_t cp);
// U+FFFD, the replacement character, as UTF-8.
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Cuts `s` to at most `max_bytes` on a UTF-8 boundary, appending "…" if cut.
std::string clip(std::string_view s, size_t max_bytes);

}  // namespace kubesift::text
