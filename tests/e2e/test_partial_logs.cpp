// Node-side log files whose long line the runtime cut into pieces
// (tests/data/logs/partial/, written by make-partial.py there): the
// signature that straddles the first cut is found once per file, and the
// evidence cites the physical line the logical line starts on.
#include <unistd.h>

#include <cstdlib>

#include "harness.h"

using namespace e2e;

namespace {

const char* kCri =
    "tests/data/logs/partial/must-gather/namespaces/shop/pods/ledger-7c9f6d5b8-k2m4p/ledger/ledger/"
    "logs/rotated/0.log.20240101-000002";
const char* kDocker =
    "tests/data/logs/partial/node/var/lib/docker/containers/"
    "3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f/"
    "3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f-json.log";

std::string report(const std::string& dir, const char* stream_after) {
  return relative_json_report(dir, stream_after);
}

}  // namespace

TEST_CASE("a signature across the pieces of a CRI and a docker json-file line is found once") {
  // The fixture's own premise: the signature is on no physical line.
  for (const char* f : {kCri, kDocker}) {
    std::ifstream in(src(f));
    std::string line;
    size_t lines = 0;
    while (std::getline(in, line)) {
      ++lines;
      CHECK(line.find("java.lang.OutOfMemoryError: Java heap space") == std::string::npos);
    }
    CHECK(lines == 7);
  }
  Result r =
      analyze({src("tests/data/logs/partial/must-gather"), src("tests/data/logs/partial/node")});
  INFO(r.err << r.summary());
  // The must-gather's log is the container's (named by its path); the
  // docker log is one no pod claims, aggregated per signature.
  std::set<std::string> cited;
  for (const auto& f : r.findings) {
    if (f.rule != "java-out-of-memory") continue;
    CHECK_THAT(f.message, Catch::Matchers::Contains("Java heap space") ||
                              Catch::Matchers::Contains("1 line in 1 file"));
    REQUIRE(f.evidence.size() == 1);  // one logical line: one hit, not one per piece
    const auto& ev = f.evidence.front();
    INFO(ev.path << ":" << ev.line);
    bool cri = ev.path.ends_with("0.log.20240101-000002");
    CHECK((cri || ev.path.ends_with("-json.log")));
    CHECK(cited.insert(cri ? "cri" : "docker").second);
    if (cri) CHECK(f.subject_container == "ledger");
    // The first piece: where the logical line starts, a real line.
    CHECK(ev.line == 2);
    std::string physical = read_line(ev.path, ev.line);
    CHECK(physical.starts_with(cri ? "2024-01-01T00:00:01.000005000Z stdout P {\"@timestamp\""
                                   : R"({"log":"{\"@timestamp\")"));
    CHECK(physical.substr(0, 60) == ev.text.substr(0, 60));
  }
  CHECK(cited == std::set<std::string>{"cri", "docker"});
}

TEST_CASE("pieces of a long line streamed from a compressed log report as the log read whole") {
  fs::path plain = scratch("partial-plain"), packed = scratch("partial-packed");
  fs::copy_file(src(kCri), plain / "ledger.log");
  fs::copy_file(src(kDocker), plain / "docker-json.log");
  for (const char* name : {"ledger.log", "docker-json.log"}) {
    fs::copy_file(plain / name, packed / name);
    std::string cmd = "gzip -f " + (packed / name).string() + " && mv " + (packed / name).string() +
                      ".gz " + (packed / name).string();
    INFO(cmd);
    REQUIRE(std::system(cmd.c_str()) == 0);
  }
  std::string whole = report(plain.string(), nullptr);
  REQUIRE(whole.find("java-out-of-memory") != std::string::npos);
  // Streamed after 16 KiB: both logs are scanned piece by piece.
  CHECK(report(packed.string(), "16384") == whole);
}
