// Large compressed logs are scanned as they are decompressed: the report is
// the one of the same log read whole, plain or compressed, in a tar or not.
#include <unistd.h>

#include <cstdlib>

#include "harness.h"

using namespace e2e;

namespace {

std::string report(const std::string& dir, const char* stream_after) {
  return relative_json_report(dir, stream_after);
}

void sh(const std::string& cmd) {
  INFO(cmd);
  REQUIRE(std::system(cmd.c_str()) == 0);
}

// ~3 MB of a service's log: many hits of a few signatures (more than are
// kept), error lines no signature knows, CRLF endings, and a last line
// without its newline.
std::string service_log() {
  std::string s;
  for (int i = 0; i < 30000; ++i) {
    std::string t = "2024-05-01T10:" + std::to_string(10 + i / 1000) + ":" +
                    std::to_string(10 + (i / 20) % 50) + "Z";
    s += t + " level=info msg=\"request served\" path=/api/v1/items/" + std::to_string(i) + "\n";
    if (i % 701 == 0)
      s += t + " level=error msg=\"dial tcp 10.0.0." + std::to_string(i % 7) +
           ":5432: connect: connection refused\"\r\n";
    if (i % 977 == 0)
      s += t + " level=error msg=\"ledger shard " + std::to_string(i) + " stuck\"\n";
    if (i % 5003 == 0) s += "panic: runtime error: index out of range [3] with length 3\n";
  }
  s += "2024-05-01T11:00:00Z level=error msg=\"dial tcp 10.0.0.1:5432: connect: connection "
       "refused\"";
  return s;
}

}  // namespace

TEST_CASE("a large gzip or zstd log scanned as a stream reports as the log read whole") {
  fs::path plain = scratch("plain"), packed = scratch("packed");
  {
    std::ofstream(plain / "orders.log", std::ios::binary) << service_log();
    std::ofstream(plain / "billing.log", std::ios::binary) << service_log().substr(0, 200000);
  }
  fs::copy(plain / "orders.log", packed / "orders.log");
  fs::copy(plain / "billing.log", packed / "billing.log");
  sh("gzip -f " + (packed / "orders.log").string() + " && mv " +
     (packed / "orders.log.gz").string() + " " + (packed / "orders.log").string());
  sh("zstd -q -f --rm " + (packed / "billing.log").string() + " -o " +
     (packed / "billing.zst").string() + " && mv " + (packed / "billing.zst").string() + " " +
     (packed / "billing.log").string());
  std::string whole = report(plain.string(), nullptr);
  REQUIRE(whole.find("connection") != std::string::npos);
  // Streamed after 64 KiB: both logs are scanned piece by piece.
  CHECK(report(packed.string(), "65536") == whole);
  // Not streamed (the default size is far above these): decompressed whole.
  CHECK(report(packed.string(), nullptr) == whole);
}

TEST_CASE("a log in a tar.gz bundle is streamed as a member, objects beside it are not") {
  fs::path tree = scratch("tree"), out = scratch("bundle");
  fs::create_directories(tree / "logs");
  std::ofstream(tree / "logs" / "api.log", std::ios::binary) << service_log();
  // A pod list bigger than the stream size: parsed whole as it must be.
  std::string pods = R"({"apiVersion":"v1","kind":"List","items":[)";
  for (int i = 0; i < 400; ++i)
    pods +=
        std::string(i ? "," : "") + R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-)" +
        std::to_string(i) +
        R"(","namespace":"shop"},"status":{"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}}}]}})";
  pods += "]}";
  std::ofstream(tree / "pods.json") << pods;
  sh("tar -C " + tree.string() + " -czf " + (out / "bundle.tar.gz").string() + " logs pods.json");
  std::string whole = report(out.string(), nullptr);
  std::string streamed = report(out.string(), "65536");
  CHECK(streamed == whole);
  CHECK(streamed.find("\"Pod\": 400") != std::string::npos);
}
