// Internal to the HTML printer: text from the inputs made safe for a page.
#pragma once

#include <string>
#include <string_view>

namespace kubesift::report::html {

// `s` as HTML text or attribute value: `& < > " '` as entities; control
// characters, bidirectional overrides and invalid UTF-8 shown as escapes
// (terminal_safe); and the colon of `http:`/`https:` as `&#58;`, so the page
// holds no address a browser or mail client could mistake for one to load.
std::string esc(std::string_view s);

// "2026-11-26 18:41:42" (UTC) of seconds since the epoch.
std::string clock(int64_t t);

}  // namespace kubesift::report::html
