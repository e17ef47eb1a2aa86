// Times and ages as the inputs write them, and back to RFC 3339.
#include <catch2/catch.hpp>

#include "kubesift/core/time.h"

using namespace kubesift;

TEST_CASE("time: the forms Kubernetes inputs write") {
  CHECK(epoch_seconds("1970-01-01T00:00:00Z") == 0);
  CHECK(epoch_seconds("2026-12-03T13:58:09Z") == epoch_seconds("2026-12-03T14:58:09+01:00"));
  CHECK(epoch_seconds("Thu, 26 Nov 2026 18:41:42 +0000") == epoch_seconds("2026-11-26T18:41:42Z"));
  CHECK(epoch_seconds("2026-11-26 18:41:42 +0000 UTC") == epoch_seconds("2026-11-26T18:41:42Z"));
  CHECK_FALSE(epoch_seconds("5m"));
  CHECK_FALSE(epoch_seconds("2026-02-30T00:00:00Z"));
  CHECK_FALSE(epoch_seconds("2026-02-29T00:00:00Z"));
  CHECK(epoch_seconds("2028-02-29T00:00:00Z"));
  CHECK_FALSE(epoch_seconds("2026-04-31T00:00:00Z"));
  CHECK(age_seconds("2m (x12 over 9m)") == 120);
  CHECK(age_seconds("3h20m") == 12000);
  CHECK(short_age(12000) == "3h20m");
}

TEST_CASE("time: rfc3339 is the inverse of epoch_seconds") {
  CHECK(rfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(rfc3339(-1) == "1969-12-31T23:59:59Z");
  for (const char* s : {"2026-11-26T18:41:42Z", "2000-02-29T23:59:59Z", "2100-03-01T00:00:00Z",
                        "1999-12-31T12:00:01Z"})
    CHECK(rfc3339(*epoch_seconds(s)) == s);
}
