// Bad input never crashes a run, never hides the other inputs, and the
// exit code says something was unreadable.
#include "harness.h"

using namespace e2e;

namespace {

void write(const fs::path& p, const std::string& content) {
  std::ofstream(p, std::ios::binary) << content;
}

}  // namespace

TEST_CASE("a directory with broken files still analyses the good ones - exit 2") {
  fs::path dir = scratch("bad");
  fs::copy(src("samples/demo-ng"), dir / "demo", fs::copy_options::recursive);
  write(dir / "aa-empty.txt", "");
  write(dir / "ab-binary.bin", std::string("\x7f"
                                           "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
                                           20));
  write(dir / "ac-broken.json",
        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",");
  write(dir / "ad-broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n");
  Result r = analyze({dir.string()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  std::set<std::string> bad;
  for (const auto& [path, err] : r.input_errors) bad.insert(fs::path(path).filename().string());
  CHECK(bad ==
        std::set<std::string>{"aa-empty.txt", "ab-binary.bin", "ac-broken.json", "ad-broken.yaml"});
  CHECK(r.err.find("ac-broken.json:1:") != std::string::npos);
  CHECK(r.err.find("ad-broken.yaml:3:") != std::string::npos);
  REQUIRE(!r.findings.empty());
  CHECK(r.findings.front().category == "missing-file");
  fs::remove_all(dir);
}

TEST_CASE("a missing path is an error, the others are read") {
  Result r = analyze({"/nonexistent/kubesift/path", src("samples/demo-ng/get-pods.txt")});
  CHECK(r.exit_code == 2);
  REQUIRE(r.input_errors.size() == 1);
  CHECK(r.objects["Pod"] == 9);
}

TEST_CASE("exit codes: --fail-on decides 1, a usage error is 2") {
  CHECK(analyze({src("samples/demo-ng")}, {"--fail-on", "critical"}).exit_code == 1);
  CHECK(analyze({src("samples/demo-ng/get-nodes.txt")}, {"--fail-on", "high"}).exit_code == 0);
  CHECK(analyze({src("samples/demo-ng")}, {"--fail-on", "bogus"}).exit_code == 2);
}

TEST_CASE("garbage of every kind does not crash") {
  fs::path dir = scratch("fuzz");
  std::string junk[] = {
      std::string(1 << 16, '{'),
      "Name: x\nNamespace: y\nContainers:\n  c:\n    State: Waiting\n      Reason:",
      "NAME   READY   STATUS\n",
      "apiVersion: v1\nkind: List\nitems: 7\n",
      "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"status\":{\"containerStatuses\":7}}",
      "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":1}]}}",
      "--- \n--- \n---\n",
      std::string("\xff\xfe\xfd\n", 4),
  };
  int i = 0;
  for (const auto& j : junk) write(dir / ("junk" + std::to_string(i++)), j);
  Result r = analyze({dir.string()});
  CHECK((r.exit_code == 0 || r.exit_code == 2));
  CHECK(r.inputs == static_cast<uint64_t>(i));
  fs::remove_all(dir);
}

TEST_CASE("an empty file named as a log is an empty log, not an unreadable input") {
  fs::path dir = scratch("emptylog");
  write(dir / "logs-web-1-web.txt", "");
  write(dir / "notes.txt", "");
  Result r = analyze({dir.string()});
  CHECK(r.exit_code == 2);
  REQUIRE(r.input_errors.size() == 1);
  CHECK(fs::path(r.input_errors[0].first).filename() == "notes.txt");
  fs::remove_all(dir);
}
