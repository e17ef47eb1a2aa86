// What inputs hold never breaks a report or reaches a terminal raw: escape
// sequences, invalid UTF-8, control characters in file names.
#include "harness.h"

using namespace e2e;

namespace {

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::string run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  kubesift::cli::run(args, out, err, false);
  return out.str() + err.str();
}

}  // namespace

TEST_CASE("escape sequences and invalid UTF-8 from inputs are shown escaped, JSON stays valid") {
  fs::path d = scratch("hygiene");
  const std::string hostile =
      "2024-05-01T10:00:00Z error: \x1b[2J\x1b]0;pwned\x07 \xff\xfe bad\r \xe2\x80\xae"
      "dial tcp 10.0.0.1:5432: connect: connection refused\n";
  std::ofstream(d / "app.log", std::ios::binary) << hostile;
  // A file whose name holds a newline, an escape and an invalid byte.
  std::ofstream(d / "we\nird\x1b[1m\xff.log", std::ios::binary) << hostile;
  // A broken manifest: its error is said on stderr with the name.
  std::ofstream(d / "bad\x1b[5m.yaml", std::ios::binary) << "kind: [\n";
  for (const std::string fmt : {"text", "github"}) {
    std::string out = run({"analyze", d.string(), "--format", fmt});
    INFO(fmt << ":\n" << out);
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\x07') == std::string::npos);
    CHECK(out.find('\r') == std::string::npos);
    CHECK(valid_utf8(out));
    if (fmt == "text") CHECK(out.find("\\x1b[2J") != std::string::npos);  // shown, escaped
    CHECK(out.find("bad\\x1b[5m.yaml") != std::string::npos);             // the name, escaped
  }
  for (const std::string fmt : {"json", "ndjson", "sarif"}) {
    std::string out = run({"analyze", d.string(), "--format", fmt});
    INFO(fmt);
    CHECK(valid_utf8(out));
    CHECK(out.find('\x1b') == std::string::npos);
  }
  simdjson::dom::parser p;
  std::ostringstream o, e;
  kubesift::cli::run({"analyze", d.string(), "--format", "json"}, o, e, false);
  CHECK(p.parse(o.str()).error() == simdjson::SUCCESS);
}
