// What inputs hold never breaks a report or reaches a terminal raw: escape
// sequences, invalid UTF-8, control characters in file names.
#include "harness.h"
#include "kubesift/core/text.h"

using namespace e2e;

namespace {

using kubesift::text::valid_utf8;

}  // namespace

TEST_CASE("escape sequences and invalid UTF-8 from inputs are shown escaped, JSON stays valid") {
  fs::path d = scratch("hygiene");
  const std::string hostile =
      "2024-05-01T10:00:00Z error: \x1b[2J\x1b]0;pwned\x07 \xff\xfe bad\r \xe2\x80\xae"
      "\xed\xa0\x80 \xc0\xaf "  // an encoded surrogate, an overlong '/'

      "dial tcp 10.0.0.1:5432: connect: connection refused\n";
  std::ofstream(d / "app.log", std::ios::binary) << hostile;
  // A file whose name holds a newline, an escape and an invalid byte.
  std::ofstream(d / "we\nird\x1b[1m\xff.log", std::ios::binary) << hostile;
  // A broken manifest: its error is said on stderr with the name.
  std::ofstream(d / "bad\x1b[5m.yaml", std::ios::binary) << "kind: [\n";
  for (const std::string fmt : {"text", "github"}) {
    std::string out = run_output({"analyze", d.string(), "--format", fmt});
    INFO(fmt << ":\n" << out);
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\x07') == std::string::npos);
    CHECK(out.find('\r') == std::string::npos);
    CHECK(valid_utf8(out));
    if (fmt == "text") CHECK(out.find("\\x1b[2J") != std::string::npos);  // shown, escaped
    CHECK(out.find("bad\\x1b[5m.yaml") != std::string::npos);             // the name, escaped
  }
  for (const std::string fmt : {"json", "ndjson", "sarif"}) {
    std::string out = run_output({"analyze", d.string(), "--format", fmt});
    INFO(fmt);
    CHECK(valid_utf8(out));
    CHECK(out.find('\x1b') == std::string::npos);
  }
  simdjson::dom::parser p;
  std::ostringstream o, e;
  kubesift::cli::run({"analyze", d.string(), "--format", "json"}, o, e, false);
  CHECK(p.parse(o.str()).error() == simdjson::SUCCESS);
  // The bytes replaced are said, once, with the first place.
  CHECK(o.str().find("hold bytes that are not UTF-8") != std::string::npos);
  CHECK(o.str().find("(the first: the name of an input)") != std::string::npos);
}

TEST_CASE("a byte-order mark changes nothing: UTF-8 describe, UTF-16 manifest") {
  fs::path d = scratch("bom");
  std::ifstream in(src("samples/demo-ng/describe-pod-adservice-79f74f8b7-92lqr.txt"),
                   std::ios::binary);
  std::stringstream describe;
  describe << in.rdbuf();
  std::ofstream(d / "describe.txt", std::ios::binary) << "\xef\xbb\xbf" << describe.str();
  std::ostringstream o1, e1, o2, e2;
  kubesift::cli::run({"analyze", (d / "describe.txt").string(), "--format", "json"}, o1, e1, false);
  kubesift::cli::run({"analyze", src("samples/demo-ng/describe-pod-adservice-79f74f8b7-92lqr.txt"),
                      "--format", "json"},
                     o2, e2, false);
  CHECK(o1.str().find("\"format\": \"kubectl-describe\"") != std::string::npos);
  auto findings = [](const std::string& s) { return s.substr(s.find("\"findings\"")); };
  std::string a = findings(o1.str()), b = findings(o2.str());
  for (std::string* s : {&a, &b})
    for (size_t at; (at = s->find("\"path\": ")) != std::string::npos;)
      s->erase(at, s->find(',', at) - at);
  CHECK(a == b);
  // A manifest saved as UTF-16LE (PowerShell's `>`): linted as its UTF-8 self.
  std::string yaml =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n"
      "    image: nginx:latest\n";
  std::string u16 = "\xff\xfe";
  for (char c : yaml) {
    u16 += c;
    u16 += '\0';
  }
  std::ofstream(d / "pod.yaml", std::ios::binary) << u16;
  std::ofstream(d / "pod8.yaml", std::ios::binary) << yaml;
  std::ostringstream o3, e3, o4, e4;
  kubesift::cli::run({"lint", (d / "pod.yaml").string(), "--format", "json"}, o3, e3, false);
  kubesift::cli::run({"lint", (d / "pod8.yaml").string(), "--format", "json"}, o4, e4, false);
  CHECK(o3.str().find("image-tag-latest") != std::string::npos);
  CHECK(o3.str().find("\"unreadable\": 0") != std::string::npos);
}
