#include <catch2/catch.hpp>

#include "kubesift/core/redact.h"
#include "kubesift/core/severity.h"
#include "kubesift/core/text.h"

using namespace kubesift;

TEST_CASE("split_columns splits on two or more spaces only") {
  auto c = text::split_columns(
      "checkoutservice-7db49c4d49-7cv5d   0/1     CrashLoopBackOff   16 (106s ago)    42m");
  REQUIRE(c.size() == 5);
  CHECK(c[0] == "checkoutservice-7db49c4d49-7cv5d");
  CHECK(c[3] == "16 (106s ago)");
  CHECK(c[4] == "42m");
}

TEST_CASE("fill: optional segments go when a slot inside is empty or missing") {
  CHECK(text::fill("deadline: {m}", {{"m", ""}}, "(unknown)") == "deadline: ");
  CHECK(text::fill("deadline[[: {m}]]", {{"m", ""}}, "(unknown)") == "deadline");
  CHECK(text::fill("deadline[[: {m}]]", {}, "(unknown)") == "deadline");
  CHECK(text::fill("deadline[[: {m}]].", {{"m", "x"}}, "(unknown)") == "deadline: x.");
  CHECK(text::fill("[[{a} and {b}]]|", {{"a", "1"}}, "?") == "|");
  CHECK(text::fill("[[{a} and {b}]]|", {{"a", "1"}, {"b", "2"}}, "?") == "1 and 2|");
  // An unclosed segment is text.
  CHECK(text::fill("x [[{a}", {{"a", "1"}}) == "x [[1");
}

TEST_CASE("fill replaces placeholders and marks missing ones") {
  CHECK(text::fill("{a} and {b}", {{"a", "x"}}) == "x and {b}");
  CHECK(text::fill("{a} and {b}", {{"a", "x"}}, "?") == "x and ?");
  CHECK(text::fill("regex {2,3} stays", {}, "?") == "regex {2,3} stays");
}

TEST_CASE("clip cuts on a UTF-8 boundary") {
  std::string s =
      "ab\xC3\xA9"
      "cd";  // "abécd"
  CHECK(text::clip(s, 3) == "ab…");
  CHECK(text::clip(s, 10) == s);
}

TEST_CASE("severity and category names round-trip") {
  for (auto s :
       {Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    CHECK(parse_severity(to_string(s)) == s);
  CHECK(parse_category("missing-file") == Category::MissingFile);
  CHECK(to_string(Category::OomKilled) == "oom-killed");
  CHECK_FALSE(parse_category("crash"));
}

TEST_CASE("redact hides credential values and keeps their names") {
  CHECK(redact("DB_PASSWORD: hunter2") == "DB_PASSWORD: [REDACTED]");
  CHECK(redact("password=s3cr3t&user=bob") == "password=[REDACTED]&user=bob");
  CHECK(redact(R"({"api_key":"abcd1234efgh","msg":"x"})") ==
        R"({"api_key":"[REDACTED]","msg":"x"})");
  CHECK(redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def") ==
        "Authorization: Bearer [REDACTED]");
  CHECK(redact("postgres://app:pa55w0rd@db:5432/app") == "postgres://app:[REDACTED]@db:5432/app");
  CHECK(redact("no such file or directory: /Users/my_user/bin/currency_script.sh") ==
        "no such file or directory: /Users/my_user/bin/currency_script.sh");
  CHECK(redact("PORT: 5050") == "PORT: 5050");
  // Prose that mentions a token is not a setting.
  CHECK(redact("failed to fetch anonymous token: unexpected status: 401 Unauthorized") ==
        "failed to fetch anonymous token: unexpected status: 401 Unauthorized");
  CHECK(redact("    token: abcdef123456") == "    token: [REDACTED]");
  CHECK(redact("auth token=abcdef123456") == "auth token=[REDACTED]");
}

TEST_CASE("utf8_sequence takes well-formed UTF-8 only; append_utf8 writes it") {
  uint32_t cp = 0;
  CHECK(text::utf8_sequence("a", 0, cp) == 1);
  CHECK(cp == 'a');
  CHECK(text::utf8_sequence("\xc3\xa9", 0, cp) == 2);
  CHECK(cp == 0xe9);
  CHECK(text::utf8_sequence("\xf0\x9f\x9a\x80", 0, cp) == 4);
  CHECK(cp == 0x1f680);
  CHECK(text::utf8_sequence("\x80", 0, cp) == 0);              // a stray continuation byte
  CHECK(text::utf8_sequence("\xc0\xaf", 0, cp) == 0);          // overlong '/'
  CHECK(text::utf8_sequence("\xed\xa0\x80", 0, cp) == 0);      // a surrogate
  CHECK(text::utf8_sequence("\xf4\x90\x80\x80", 0, cp) == 0);  // past U+10FFFF
  CHECK(text::utf8_sequence("\xe2\x9c", 0, cp) == 0);          // cut short
  std::string out;
  for (uint32_t c : {0x41u, 0xe9u, 0x2713u, 0x1f680u, 0xd800u, 0x110000u})
    text::append_utf8(out, c);
  CHECK(out == "A\xc3\xa9\xe2\x9c\x93\xf0\x9f\x9a\x80\xef\xbf\xbd\xef\xbf\xbd");
}
