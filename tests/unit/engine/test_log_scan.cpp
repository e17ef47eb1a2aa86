#include <catch2/catch.hpp>

#include "kubesift/engine/catalog.h"
#include "kubesift/engine/log_scan.h"
#include "kubesift/parse/log_line.h"
#include "small_catalog.h"

using namespace kubesift::engine;

namespace {

Catalog small() {
  return engine_test::small_catalog();
}

}  // namespace

TEST_CASE("hits carry 1-based line numbers and named captures") {
  Catalog c = small();
  auto s = LogScanner::build(c, kubesift::parse::log_line_reader(), nullptr);
  REQUIRE(s);
  std::string log = "start\nok\ndial tcp 10.0.0.1:6379: connect: connection refused\nBOOM\n";
  std::vector<LogHit> hits;
  s->scan(log, 1, hits);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].rule == 0);
  CHECK(hits[0].line == 3);
  REQUIRE(hits[0].captures.size() == 1);
  CHECK(hits[0].captures[0].first == "target");
  CHECK(hits[0].captures[0].second == "10.0.0.1:6379");
  CHECK(hits[1].rule == 1);
  CHECK(hits[1].line == 4);  // ^ and $ are line anchors
}

TEST_CASE("a match never spans two lines") {
  Catalog c = small();
  auto s = LogScanner::build(c, kubesift::parse::log_line_reader(), nullptr);
  std::vector<LogHit> hits;
  s->scan("dial tcp 10.0.0.1:1:\nconnect: connection refused\n", 1, hits);
  CHECK(hits.empty());
}

TEST_CASE("repeated errors keep the first and last hits and count all") {
  Catalog c = small();
  auto s = LogScanner::build(c, kubesift::parse::log_line_reader(), nullptr);
  std::string log;
  for (int i = 0; i < 1000; ++i) log += "dial tcp a:1: connect: connection refused\n";
  std::vector<LogHit> hits;
  std::vector<uint64_t> counts;
  s->scan(log, 1, hits, &counts, nullptr, 4);
  CHECK(hits.size() == 8);
  CHECK(hits.front().line == 1);
  CHECK(hits.back().line == 1000);
  REQUIRE(counts.size() >= 1);
  CHECK(counts[0] == 1000);
}

TEST_CASE("lines are counted across block boundaries") {
  Catalog c = small();
  auto s = LogScanner::build(c, kubesift::parse::log_line_reader(), nullptr);
  std::string filler(100, 'x');
  std::string log;
  size_t lines = 0;
  while (log.size() < (3u << 20)) {
    log += filler + "\n";
    ++lines;
  }
  log += "BOOM\n";
  std::vector<LogHit> hits;
  ScanStats stats;
  s->scan(log, 1, hits, nullptr, &stats);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].line == lines + 1);
  CHECK(stats.blocks >= 3);
  CHECK(stats.candidate_blocks == 1);
}

TEST_CASE("a text fed a piece at a time scans as the whole text does") {
  std::vector<CatalogError> errors;
  Catalog c = Catalog::builtin(errors);
  REQUIRE(errors.empty());
  std::string err;
  auto s = LogScanner::build(c, kubesift::parse::log_line_reader(), &err);
  REQUIRE(s);
  std::string text;
  for (int i = 0; i < 30000; ++i) {
    text += "2024-05-01T10:00:00Z level=info msg=\"tick " + std::to_string(i) + "\"\n";
    if (i % 997 == 0) text += "dial tcp 10.0.0.9:5432: connect: connection refused\n";
    if (i % 1999 == 0)
      text += "E0501 10:00:00.000000       1 x.go:9] lease " + std::to_string(i) + " lost\n";
    if (i % 4099 == 0)
      text += "panic: runtime error: invalid memory address or nil pointer dereference\n";
  }
  text += "no newline at the end: connection refused";
  auto run_whole = [&](std::vector<LogHit>& hits, std::vector<uint64_t>& counts, ScanStats& st,
                       UnknownErrors& u) {
    LogScanner::Options o;
    o.unknown = &u;
    o.path = "x.log";
    s->scan(text, 1, hits, &counts, &st, o);
  };
  std::vector<LogHit> whole;
  std::vector<uint64_t> whole_counts;
  ScanStats whole_stats;
  UnknownErrors whole_unknown;
  run_whole(whole, whole_counts, whole_stats, whole_unknown);
  REQUIRE(whole.size() > 10);
  for (size_t piece : {size_t{100}, size_t{4096}, size_t{70000}, size_t{1} << 20}) {
    INFO("pieces of about " << piece << " bytes");
    std::vector<LogHit> hits;
    std::vector<uint64_t> counts;
    ScanStats st;
    UnknownErrors u;
    LogScanner::Options o;
    o.unknown = &u;
    o.path = "x.log";
    LogScanner::Stream stream(*s, 1, &counts, &st, o);
    for (size_t at = 0; at < text.size();) {
      size_t end = std::min(text.size(), at + piece);
      size_t nl = text.find('\n', end);
      end = nl == std::string::npos ? text.size() : nl + 1;
      stream.feed(std::string_view(text).substr(at, end - at));
      std::vector<uint32_t> kept;
      stream.kept_lines(kept);
      CHECK(kept.size() <= 2 * 8 * s->signature_count());
      at = end;
    }
    stream.finish(hits);
    REQUIRE(hits.size() == whole.size());
    for (size_t i = 0; i < hits.size(); ++i) {
      CHECK(hits[i].rule == whole[i].rule);
      CHECK(hits[i].line == whole[i].line);
      CHECK(hits[i].captures == whole[i].captures);
    }
    CHECK(counts == whole_counts);
    CHECK(st.lines == whole_stats.lines);
    CHECK(st.matched_lines == whole_stats.matched_lines);
    CHECK(u.lines() == whole_unknown.lines());
  }
}
