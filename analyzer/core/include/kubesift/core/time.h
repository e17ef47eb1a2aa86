// Times as Kubernetes inputs write them, to seconds since the epoch, and
// ages as kubectl prints them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kubesift {

// RFC 3339 (`2026-12-03T13:58:09Z`, a fraction, an offset, `T` or a
// space), kubectl describe's RFC 1123 with a numeric zone (`Thu, 03 Dec 2026
// 13:58:09 +0000`) or UTC/GMT, and Go's default form (`2026-12-03 13:58:09
// +0000 UTC`). nullopt for anything else: an age ("5m"), a time without a
// zone, an impossible date.
std::optional<int64_t> epoch_seconds(std::string_view text);

// kubectl's age of an event or object ("45s", "12m", "3h20m", "2d5h",
// "400d", "2y"; the first word of "2m (x12 over 9m)"), in seconds.
std::optional<int64_t> age_seconds(std::string_view text);

// kubectl's short age: "45s", "12m", "3h20m", "2d5h", "400d".
std::string short_age(int64_t seconds);

// Seconds since the epoch as RFC 3339 in UTC: "2026-12-03T13:58:09Z"; ""
// for a year outside 0..9999.
std::string rfc3339(int64_t seconds);
// Milliseconds since the epoch, the same with milliseconds:
// "2026-12-03T13:58:09.985Z".
std::string rfc3339_millis(int64_t ms);

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace kubesift
