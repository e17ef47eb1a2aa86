#include <catch2/catch.hpp>

#include "kubesift/parse/log_line.h"

using kubesift::parse::utc_time;

TEST_CASE("log timestamps become RFC 3339 UTC with milliseconds") {
  CHECK(utc_time("2023-02-06T12:11:49.985473135Z") == "2023-02-06T12:11:49.985Z");
  CHECK(utc_time("2023-02-06T12:11:49Z") == "2023-02-06T12:11:49.000Z");
  CHECK(utc_time("2023-02-06T14:11:49.5+02:00") == "2023-02-06T12:11:49.500Z");
  CHECK(utc_time("2023-01-01T00:30:00-01:00") == "2023-01-01T01:30:00.000Z");
  CHECK(utc_time("2024-03-01T00:00:00+01:00") == "2024-02-29T23:00:00.000Z");  // leap day
  CHECK(utc_time("1675685509.985") == "2023-02-06T12:11:49.985Z");
  CHECK(utc_time("1675685509985") == "2023-02-06T12:11:49.985Z");
  CHECK(utc_time("\"2023-02-06T12:11:49Z\"") == "2023-02-06T12:11:49.000Z");
  CHECK(utc_time("0206 12:11:49.985473").empty());  // klog: no year, no zone
  CHECK(utc_time("2023-02-06T12:11:49").empty());   // no zone
  CHECK(utc_time("2023-13-06T12:11:49Z").empty());  // no month 13
  CHECK(utc_time("yesterday").empty());
  CHECK(utc_time("").empty());
  CHECK(utc_time("2023-02-06T12:11:49.985Z") < utc_time("2023-02-06T12:11:50Z"));
}
