// Pieces of long lines (CRI `P` … `F`, docker json-file records without the
// final "\n") joined before the log scan matches: one match per logical
// line, cited at the physical line it starts on, the same whole or streamed.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/src/log_join.h"
#include "kubesift/engine/catalog.h"
#include "kubesift/engine/log_scan.h"
#include "kubesift/parse/log_line.h"
#include "small_catalog.h"

using namespace kubesift::engine;

namespace {

Catalog small() {
  return engine_test::small_catalog();
}

// The same scanner with either block filter.
std::unique_ptr<LogScanner> scanner(const Catalog& c, bool set) {
  const char* before = std::getenv("KUBESIFT_PREFILTER");
  std::string saved = before ? before : "";
  if (set) ::setenv("KUBESIFT_PREFILTER", "re2-set", 1);
  auto s = LogScanner::build(c, kubesift::parse::log_line_reader(), nullptr);
  if (before)
    ::setenv("KUBESIFT_PREFILTER", saved.c_str(), 1);
  else
    ::unsetenv("KUBESIFT_PREFILTER");
  REQUIRE(s);
  if (set) CHECK(s->prefilter() == "re2-set");
  return s;
}

struct Scan {
  std::vector<LogHit> hits;
  std::vector<uint64_t> counts;
  ScanStats stats;
  uint64_t unknown = 0;
};

// Whole, with the text's line index as the engine gives it.
Scan whole(const LogScanner& s, const std::string& text, size_t keep = 8) {
  Scan r;
  std::vector<uint32_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' && i + 1 < text.size()) starts.push_back(static_cast<uint32_t>(i + 1));
  UnknownErrors u;
  LogScanner::Options o;
  o.keep = keep;
  o.unknown = &u;
  o.path = "x.log";
  o.line_starts = &starts;
  s.scan(text, 1, r.hits, &r.counts, &r.stats, o);
  r.unknown = u.lines();
  return r;
}

// Streamed, in pieces of whole lines of about `piece` bytes.
Scan streamed(const LogScanner& s, const std::string& text, size_t piece, size_t keep = 8) {
  Scan r;
  UnknownErrors u;
  LogScanner::Options o;
  o.keep = keep;
  o.unknown = &u;
  o.path = "x.log";
  LogScanner::Stream st(s, 1, &r.counts, &r.stats, o);
  for (size_t at = 0; at < text.size();) {
    size_t end = std::min(text.size(), at + piece);
    size_t nl = text.find('\n', end == 0 ? 0 : end - 1);
    end = nl == std::string::npos ? text.size() : nl + 1;
    st.feed(std::string_view(text).substr(at, end - at));
    at = end;
  }
  st.finish(r.hits);
  r.unknown = u.lines();
  return r;
}

void same(const Scan& a, const Scan& b) {
  REQUIRE(a.hits.size() == b.hits.size());
  for (size_t i = 0; i < a.hits.size(); ++i) {
    CHECK(a.hits[i].rule == b.hits[i].rule);
    CHECK(a.hits[i].line == b.hits[i].line);
    CHECK(a.hits[i].captures == b.hits[i].captures);
  }
  CHECK(a.counts == b.counts);
  CHECK(a.stats.matched_lines == b.stats.matched_lines);
  CHECK(a.stats.joined_lines == b.stats.joined_lines);
  CHECK(a.unknown == b.unknown);
}

std::string cri(const std::string& stream, char tag, const std::string& payload) {
  return "2024-01-01T00:00:00.000000000Z " + stream + " " + tag + " " + payload + "\n";
}
std::string docker(const std::string& stream, const std::string& log) {
  return R"({"log":")" + log + R"(","stream":")" + stream +
         R"(","time":"2024-01-01T00:00:00.000000000Z"})" + "\n";
}

const std::string kRefused = "dial tcp 10.0.0.1:6379: connect: connection refused";

uint64_t count(const Scan& s, size_t rule) {
  return rule < s.counts.size() ? s.counts[rule] : 0;
}

}  // namespace

TEST_CASE("read_log_piece reads CRI tags and docker json-file records") {
  LogPiece p = read_log_piece("2024-01-01T00:00:00.5+02:00 stderr P:x,y part one");
  CHECK(p.kind == LogPiece::Kind::Cri);
  CHECK(p.partial);
  CHECK(p.stream == 1);
  CHECK(std::string_view("2024-01-01T00:00:00.5+02:00 stderr P:x,y part one").substr(p.body) ==
        "part one");
  p = read_log_piece("2016-10-06T00:17:09.669794202Z stdout F");  // an empty record
  CHECK(p.kind == LogPiece::Kind::Cri);
  CHECK_FALSE(p.partial);
  CHECK(read_log_piece("2016-10-06T00:17:09Z stdout X y").kind == LogPiece::Kind::None);
  CHECK(read_log_piece("stdout P not a record").kind == LogPiece::Kind::None);
  CHECK(read_log_piece("2016-10-06T00:17:09Z stdoutP y").kind == LogPiece::Kind::None);

  // Docker cuts at 16 KiB: a piece's value holds that much.
  const std::string pad(kDockerPiece, 'a');
  p = read_log_piece(R"({"log":")" + pad + R"( \"quoted\" piece","stream":"stdout","time":"t"})");
  CHECK(p.kind == LogPiece::Kind::Docker);
  CHECK(p.partial);
  CHECK(p.stream == 0);
  // Shorter, without "\n": the stream's last output, or a shipper's record.
  p = read_log_piece(R"({"log":"a \"quoted\" line","stream":"stdout","time":"t"})");
  CHECK(p.kind == LogPiece::Kind::Docker);
  CHECK_FALSE(p.partial);
  p = read_log_piece(R"({"log":"done\n","stream":"stderr","time":"t"})");
  CHECK_FALSE(p.partial);
  CHECK(p.stream == 1);
  // An escaped backslash then `n` is no newline: still a piece.
  CHECK(read_log_piece(R"({"log":")" + pad + R"(C:\\n","stream":"stdout","time":"t"})").partial);
  CHECK_FALSE(
      read_log_piece(R"({"log":")" + pad + R"(C:\\\n","stream":"stdout","time":"t"})").partial);
  CHECK(read_log_piece(R"({"log":"x","time":"t"})").kind == LogPiece::Kind::None);
  CHECK(read_log_piece(R"({"level":"error","msg":"x"})").kind == LogPiece::Kind::None);
}

TEST_CASE("a signature across CRI P and F records matches once, at the P line") {
  Catalog c = small();
  for (bool set : {false, true}) {
    INFO((set ? "re2-set" : "hyperscan"));
    auto s = scanner(c, set);
    std::string text = cri("stdout", 'F', "starting") +
                       cri("stdout", 'P', "request failed: " + kRefused.substr(0, 20)) +
                       cri("stdout", 'P', kRefused.substr(20, 10)) +
                       cri("stdout", 'F', kRefused.substr(30) + " after 3 tries") +
                       cri("stdout", 'F', "BOOM");
    for (const Scan& r : {whole(*s, text), streamed(*s, text, 1)}) {
      REQUIRE(r.hits.size() == 2);
      CHECK(r.hits[0].rule == 0);
      CHECK(r.hits[0].line == 2);  // where the logical line starts
      REQUIRE(r.hits[0].captures.size() == 1);
      CHECK(r.hits[0].captures[0].second == "10.0.0.1:6379");
      CHECK(r.hits[1].line == 5);
      CHECK(count(r, 0) == 1);
      CHECK(r.stats.joined_lines == 1);
      CHECK(r.stats.matched_lines == 2);
    }
    CHECK(streamed(*s, text, 1).stats.lines == 5);  // physical lines
  }
}

TEST_CASE("docker json-file pieces join until the record whose log ends in \\n") {
  Catalog c = small();
  for (bool set : {false, true}) {
    INFO((set ? "re2-set" : "hyperscan"));
    auto s = scanner(c, set);
    std::string text =
        docker("stdout", R"(ok\n)") +
        docker("stdout", R"({\"level\":\"error\",\"msg\":\")" + std::string(kDockerPiece, 'q') +
                             kRefused.substr(0, 25)) +
        docker("stdout", kRefused.substr(25) + R"(\"}\n)") + docker("stdout", kRefused + R"(\n)");
    for (const Scan& r : {whole(*s, text), streamed(*s, text, 10)}) {
      REQUIRE(r.hits.size() == 2);
      CHECK(r.hits[0].line == 2);
      CHECK(r.hits[1].line == 4);
      CHECK(count(r, 0) == 2);  // two logical lines
      CHECK(r.stats.joined_lines == 1);
    }
  }
}

TEST_CASE("pieces join within their stream only: stdout and stderr interleaved") {
  Catalog c = small();
  auto s = scanner(c, false);
  // stdout's line is cut around a stderr line; stderr's own pieces too.
  std::string text = cri("stdout", 'P', "x " + kRefused.substr(0, 30)) + cri("stderr", 'P', "BO") +
                     cri("stderr", 'F', "OM") + cri("stdout", 'F', kRefused.substr(30)) +
                     cri("stderr", 'P', kRefused.substr(0, 30)) +
                     cri("stdout", 'F', kRefused.substr(30)) +  // not stderr's rest
                     cri("stderr", 'F', "nothing here");
  for (const Scan& r : {whole(*s, text), streamed(*s, text, 1)}) {
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].rule == 0);
    CHECK(r.hits[0].line == 1);
    CHECK(r.hits[1].rule == 1);  // BO + OM, on stderr
    CHECK(r.hits[1].line == 2);
    CHECK(r.stats.joined_lines == 3);
  }
  // Docker the same: stderr's whole record between stdout's pieces.
  std::string d = docker("stdout", std::string(kDockerPiece, 'z') + kRefused.substr(0, 12)) +
                  docker("stderr", "x " + kRefused + R"(\n)") +
                  docker("stdout", kRefused.substr(12) + R"(\n)");
  for (const Scan& r : {whole(*s, d), streamed(*s, d, 1)}) {
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].line == 1);
    CHECK(r.hits[1].line == 2);
    CHECK(count(r, 0) == 2);
    CHECK(r.stats.joined_lines == 1);
  }
}

TEST_CASE("a P record with no F at the end of the file is scanned as far as it goes") {
  Catalog c = small();
  auto s = scanner(c, false);
  std::string text = cri("stdout", 'F', "a") + cri("stdout", 'P', kRefused.substr(0, 15)) +
                     cri("stdout", 'P', kRefused.substr(15));
  text.pop_back();  // and no newline at the end
  for (const Scan& r : {whole(*s, text), streamed(*s, text, 1)}) {
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].line == 2);
    CHECK(r.stats.joined_lines == 1);
  }
  CHECK(streamed(*s, text, 1).stats.lines == 3);
}

TEST_CASE("16 KiB pieces across the scan's blocks and the stream's pieces agree") {
  Catalog c = small();
  for (bool set : {false, true}) {
    INFO((set ? "re2-set" : "hyperscan"));
    auto s = scanner(c, set);
    // Long lines cut as containerd cuts them (16 KiB pieces), the signature
    // straddling a cut; ordinary lines between; the same in docker's form.
    std::string text, d;
    uint32_t expect_line = 0, line = 0;
    for (int n = 0; n < 40; ++n) {
      for (int k = 0; k < 3; ++k) {
        text += cri(k % 2 ? "stderr" : "stdout", 'F', "tick " + std::to_string(n));
        d += docker("stdout", "tick " + std::to_string(n) + R"(\n)");
        ++line;
      }
      std::string big(40000 + 97 * n, 'a');
      size_t cut = 16384 + static_cast<size_t>(n) * 7 % 40;
      big.replace(cut - 20, kRefused.size(), kRefused);
      if (n == 3) expect_line = line + 1;  // the 4th hit: the last of the first 4 kept
      for (size_t at = 0; at < big.size(); at += 16384) {
        bool last = at + 16384 >= big.size();
        text += cri("stdout", last ? 'F' : 'P', big.substr(at, 16384));
        d += docker("stdout", big.substr(at, 16384) + (last ? R"(\n)" : ""));
        ++line;
      }
    }
    for (const std::string* t : {&text, &d}) {
      Scan w = whole(*s, *t, 4);
      CHECK(count(w, 0) == 40);
      CHECK(w.stats.joined_lines == 40);
      REQUIRE(w.hits.size() == 8);
      CHECK(w.hits[3].line == expect_line);
      for (size_t piece : {size_t{1}, size_t{5000}, size_t{16384}, size_t{16385}, size_t{70000},
                           size_t{1} << 20}) {
        INFO("pieces of " << piece << " bytes");
        same(streamed(*s, *t, piece, 4), w);
      }
    }
  }
}

TEST_CASE("a logical line is joined up to 1 MiB, then starts again") {
  Catalog c = small();
  auto s = scanner(c, false);
  // 100 pieces of 16 KiB (1.6 MB): the first join ends before the 1 MiB
  // mark; the match in piece 80 is found in the second, cited at its start.
  std::string text;
  for (int k = 0; k < 100; ++k) {
    std::string p(16384, 'b');
    if (k == 80) p.replace(100, kRefused.size(), kRefused);
    text += cri("stdout", k == 99 ? 'F' : 'P', p);
  }
  // The first record is taken whole, then pieces while the join fits.
  size_t size = text.find('\n');
  uint32_t first = 2;  // the line the second join starts on
  while (size + 16384 <= kMaxJoined) {
    size += 16384;
    ++first;
  }
  REQUIRE(first < 81);
  for (const Scan& r : {whole(*s, text), streamed(*s, text, 100000)}) {
    REQUIRE(r.hits.size() == 1);
    CHECK(r.stats.joined_lines == 2);
    // The first join takes the first record whole and pieces while they fit.
    CHECK(r.hits[0].line == first);
  }
  // A single record past the bound is scanned as a line of its own.
  std::string huge =
      cri("stdout", 'P', std::string(kMaxJoined, 'c') + " BOOM") + cri("stdout", 'F', kRefused);
  Scan r = whole(*s, huge);
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].line == 2);  // the F record, unjoined
  CHECK(r.stats.joined_lines == 0);
}

TEST_CASE("logs without pieces scan as before: whole records, marks in plain text") {
  Catalog c = small();
  auto s = scanner(c, false);
  std::string text = cri("stdout", 'F', kRefused) + "the stdout P flag is set\n" +
                     R"({"log":"x","stream":"stdout"} is no docker record here)" + "\n" +
                     cri("stdout", 'F', kRefused) + "BOOM\n";
  Scan r = whole(*s, text);
  REQUIRE(r.hits.size() == 3);
  CHECK(r.hits[0].line == 1);
  CHECK(r.hits[1].line == 4);
  CHECK(r.hits[2].line == 5);
  CHECK(r.stats.joined_lines == 0);
  same(streamed(*s, text, 1), r);
}

TEST_CASE("a stream holds the first piece a kept hit cites, fed pieces ago") {
  Catalog c = small();
  auto s = scanner(c, false);
  std::string first = "2024-01-01T00:00:00.000000000Z stdout P " + kRefused.substr(0, 20);
  std::string text =
      first + "\n" + cri("stderr", 'F', "plain") + cri("stdout", 'F', kRefused.substr(20));
  std::vector<uint64_t> counts;
  LogScanner::Options o;
  LogScanner::Stream st(*s, 1, &counts, nullptr, o);
  size_t at = 0;
  for (int k = 0; k < 3; ++k) {  // a line a piece
    size_t nl = text.find('\n', at);
    st.feed(std::string_view(text).substr(at, nl + 1 - at));
    at = nl + 1;
  }
  std::vector<uint32_t> kept;
  st.kept_lines(kept);
  CHECK(kept == std::vector<uint32_t>{1});
  REQUIRE(st.held_lines().size() == 1);
  CHECK(st.held_lines().at(1) == first);
  std::vector<LogHit> hits;
  st.finish(hits);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].line == 1);
  CHECK(st.held_lines().at(1) == first);
}

TEST_CASE("docker records shorter than docker's 16 KiB piece are whole, with or without \\n") {
  Catalog c = small();
  auto s = scanner(c, false);
  // A shipper that dropped every "\n": nothing is joined, lines stay lines.
  std::string text = docker("stdout", kRefused.substr(0, 20)) +
                     docker("stdout", kRefused.substr(20)) + docker("stdout", kRefused);
  for (const Scan& r : {whole(*s, text), streamed(*s, text, 1)}) {
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].line == 3);
    CHECK(r.stats.joined_lines == 0);
  }
}
