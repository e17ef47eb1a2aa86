#include <catch2/catch.hpp>

#include "kubesift/report/report.h"

using kubesift::report::terminal_safe;

TEST_CASE("terminal_safe shows controls, C1, bidi overrides and invalid UTF-8 escaped") {
  CHECK(terminal_safe("plain text\twith a tab") == "plain text\twith a tab");
  CHECK(terminal_safe("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x9a\x80") ==
        "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x9a\x80");
  CHECK(terminal_safe("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(terminal_safe("a\rb\nc\bd\x7f") == "a\\x0db\\x0ac\\x08d\\x7f");
  CHECK(terminal_safe("\xc2\x9b"
                      "2J") == "\\u009b2J");                  // C1 CSI
  CHECK(terminal_safe("x\xe2\x80\xaey") == "x\\u202ey");      // right-to-left override
  CHECK(terminal_safe("\xff\xfe ok") == "\\xff\\xfe ok");     // invalid bytes
  CHECK(terminal_safe("\xc0\xaf") == "\\xc0\\xaf");           // overlong '/'
  CHECK(terminal_safe("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a surrogate
  CHECK(terminal_safe("cut \xe2\x9c") == "cut \\xe2\\x9c");   // cut short
  CHECK(terminal_safe(std::string_view("nul\0here", 8)) == "nul\\x00here");
}
