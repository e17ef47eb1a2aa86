// Sharded runs: NDJSON parts, `kubesift merge`, and what merge refuses.
#include <unistd.h>

#include "harness.h"

using namespace e2e;

namespace {

std::string run_text(std::vector<std::string> args, int& rc, std::string* err = nullptr) {
  std::ostringstream out, e;
  rc = kubesift::cli::run(args, out, e, false);
  if (err) *err = e.str();
  return out.str();
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("shards merged give the single run's report, in every order of the parts") {
  fs::path d = scratch("merge"), out = scratch("merge-parts");
  for (int i = 0; i < 7; ++i) {
    std::ofstream f(d / ("app-" + std::to_string(i) + ".log"));
    f << "2024-05-01T10:0" << i << ":00Z level=info msg=\"start\"\n";
    f << "2024-05-01T10:0" << i
      << ":01Z panic: runtime error: index out of range [3] with length 3\n";
    if (i % 2)
      f << "2024-05-01T10:0" << i << ":02Z level=error msg=\"ledger write failed for batch " << i
        << "\"\n";
  }
  int rc = 0;
  std::string single = run_text({"analyze", d.string(), "--format", "json"}, rc);
  REQUIRE(rc == 0);
  std::vector<std::string> parts;
  for (int k = 1; k <= 3; ++k) {
    // Parts go elsewhere: in the input directory, the next shard would read them.
    std::string part = (out / ("part-" + std::to_string(k) + ".ndjson")).string();
    run_text({"analyze", "--shard", std::to_string(k) + "/3", d.string(), "--format", "ndjson",
              "-o", part},
             rc);
    REQUIRE(rc == 0);
    std::string text = slurp(part);
    REQUIRE(!text.empty());
    // The summary is the last record.
    std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
    CHECK(last.rfind("{\"type\": \"summary\"", 0) == 0);
    parts.push_back(part);
  }
  for (auto order : {std::vector<int>{0, 1, 2}, {2, 0, 1}, {1, 2, 0}}) {
    std::vector<std::string> args = {"merge"};
    for (int i : order) args.push_back(parts[static_cast<size_t>(i)]);
    args.insert(args.end(), {"--format", "json"});
    std::string merged = run_text(args, rc);
    CHECK(rc == 0);
    CHECK(merged == single);
  }
  // One finding for the panic across the seven files, with its counts.
  Result r = run_json({"analyze", d.string(), "--format", "json"});
  REQUIRE(r.findings.size() == 1);
  CHECK(single.find("\"count\": 7") != std::string::npos);
  CHECK(single.find("\"files\": 7") != std::string::npos);
  CHECK(single.find("\"first_seen\": \"2024-05-01T10:00:01.000Z\"") != std::string::npos);
  CHECK(single.find("\"last_seen\": \"2024-05-01T10:06:01.000Z\"") != std::string::npos);
  CHECK(single.find("ledger write failed for batch <n>") != std::string::npos);
  fs::remove_all(d);
  fs::remove_all(out);
}

TEST_CASE("merge refuses cut, broken or foreign parts with the part's path and line") {
  fs::path d = scratch("bad");
  std::ofstream(d / "x.log") << "panic: boom\n";
  std::string part = (d / "p.ndjson").string();
  int rc = 0;
  run_text({"analyze", "--shard", "1/1", (d / "x.log").string(), "--format", "ndjson", "-o", part},
           rc);
  std::string text = slurp(part);
  REQUIRE(!text.empty());
  auto write = [&](const std::string& name, const std::string& body) {
    std::ofstream(d / name, std::ios::binary) << body;
    return (d / name).string();
  };
  // Cut before the summary.
  std::string cut = write("cut.ndjson", text.substr(0, text.rfind("{\"type\": \"summary\"")));
  std::string err;
  run_text({"merge", cut}, rc, &err);
  CHECK(rc == 2);
  CHECK(err.find(cut + ": no summary record") != std::string::npos);
  // A broken line.
  std::string broken = write("broken.ndjson", text.substr(0, text.find('\n') + 1) + "{not json\n");
  run_text({"merge", broken}, rc, &err);
  CHECK(rc == 2);
  CHECK(err.find(broken + ":2: not a JSON record") != std::string::npos);
  // Not a part at all.
  std::string other = write("other.ndjson", "{\"type\": \"summary\"}\n");
  run_text({"merge", other}, rc, &err);
  CHECK(rc == 2);
  CHECK(err.find(other + ":1: the first record is not the header") != std::string::npos);
  // A bad --shard.
  run_text({"analyze", "--shard", "4/3", (d / "x.log").string()}, rc, &err);
  CHECK(rc == 2);
  CHECK(err.find("--shard must be K/N") != std::string::npos);
  fs::remove_all(d);
}

TEST_CASE(
    "NDJSON is written batch by batch: the same records as one batch, inputs as JSON has them") {
  fs::path d = scratch("batches");
  for (int i = 0; i < 9; ++i) {
    std::ofstream f(d / ("svc-" + std::to_string(i) + ".log"));
    for (int k = 0; k < 40; ++k)
      f << "2024-05-01T10:00:" << (10 + k) << "Z level=info msg=\"tick " << k << "\"\n";
    f << "2024-05-01T10:01:00Z dial tcp 10.0.0." << i << ":5432: connect: connection refused\n";
  }
  { std::ofstream(d / "empty.log"); }
  int rc = 0;
  std::string one = run_text({"analyze", d.string(), "--format", "ndjson"}, rc);
  REQUIRE(rc == 0);
  // Batches of ~2 KiB: a flush every file or two.
  ::setenv("KUBESIFT_BATCH_BYTES", "2000", 1);
  std::string many = run_text({"analyze", d.string(), "--format", "ndjson"}, rc);
  std::string json = run_text({"analyze", d.string(), "--format", "json"}, rc);
  ::unsetenv("KUBESIFT_BATCH_BYTES");
  CHECK(many == one);
  // Every line a record; header first, then the inputs in order, summary last.
  std::vector<std::string> records;
  std::istringstream in(many);
  for (std::string l; std::getline(in, l);) records.push_back(l);
  REQUIRE(records.size() > 12);
  CHECK(records.front().rfind("{\"type\": \"header\"", 0) == 0);
  CHECK(records.back().rfind("{\"type\": \"summary\"", 0) == 0);
  simdjson::dom::parser parser;
  simdjson::dom::element report = parser.parse(json);
  size_t n = 0;
  for (simdjson::dom::element input : report["inputs"].get_array()) {
    REQUIRE(n + 1 < records.size());
    simdjson::dom::parser p2;
    simdjson::dom::element rec = p2.parse(records[n + 1]);
    CHECK(std::string_view(rec["type"].get_string()) == "input");
    CHECK(simdjson::to_string(rec["input"]) == simdjson::to_string(input));
    ++n;
  }
  CHECK(n == 10);
  for (const auto& r : records) {
    simdjson::dom::parser p3;
    CHECK(p3.parse(r).error() == simdjson::SUCCESS);
  }
}
