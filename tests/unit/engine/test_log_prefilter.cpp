// The block filter's own parts: the envelope reader against the regex it
// stands for, line heads against RE2, and every signature example found
// behind every envelope and amid other lines, with and without a line index.
#include <re2/re2.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/src/log_prefilter.h"
#include "kubesift/engine/catalog.h"
#include "kubesift/engine/log_scan.h"
#include "kubesift/parse/log_line.h"

using namespace kubesift::engine;

namespace {

std::set<size_t> starts_by_regex(const std::string& line) {
  RE2 env{std::string(kEnvelope)};
  std::set<size_t> out;
  for (size_t q = 0; q <= line.size(); ++q)
    if (RE2::FullMatch(re2::StringPiece(line.data(), q), env)) out.insert(q);
  return out;
}

std::set<size_t> starts_by_hand(const std::string& line) {
  size_t out[16];
  size_t n = envelope_starts(line, out);
  return std::set<size_t>(out, out + n);
}

Catalog builtin() {
  std::vector<CatalogError> errors;
  Catalog c = Catalog::builtin(errors);
  REQUIRE(errors.empty());
  return c;
}

}  // namespace

TEST_CASE("envelope_starts finds exactly where the envelope regex can end") {
  const std::vector<std::string> lines = {
      "",
      "plain text",
      "[pod/web-1/app] hello",
      "[pod/web-1/app/extra] x",  // the container part may hold a slash
      "[pod//app] x",
      "[pod/web-1/app]x",
      "[pod/web 1/app] x",
      "2023-02-06T12:11:49.985473135Z F0206 x",
      "2023-02-06T12:11:49Z msg",
      "2023-02-06T12:11:49.1234567890Z too many digits",
      "2023-11-02T06:12:07.604163885+00:00 stderr F msg",
      "2023-11-02T06:12:07.604163885-07:30 stdout P:tag msg",
      "2023-11-02T06:12:07+0000 stderr F no colon in the offset",
      "stdout F x",
      "stdout X x",
      "stderr F:x",
      R"({"log":"F0206 12:11:49.985473       1 a.go:1] x\n","stream":"stderr"})",
      R"([pod/a/b] 2023-02-06T12:11:49.985Z stdout F {"log":"x"})",
      "[pod/a/b] 2023-02-06T12:11:49.985Z",
      "2023-02-06T12:11:49.985Z 2023-02-06T12:11:50.985Z twice",
      "20230206T121149Z",
      "[pod/a/b] [pod/c/d] nested",
      "\t[pod/a/b] indented",
  };
  for (const auto& l : lines) {
    INFO(l);
    CHECK(starts_by_hand(l) == starts_by_regex(l));
  }
}

TEST_CASE("a line head is what RE2 says every anchored match starts with") {
  const std::string env = "^" + std::string(kEnvelope);
  auto klog = line_head("(?m)" + env + R"(F\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ [\w.-]+:\d+\] )", 7);
  REQUIRE(klog);
  CHECK(klog->id == 7);
  CHECK(klog->prefix == "F");
  CHECK(klog->range);
  CHECK(klog->lo == '0');
  CHECK(klog->hi == '9');
  CHECK(klog->at("F0206 12:11", 0));
  CHECK(klog->at("xx F0206", 3));
  CHECK_FALSE(klog->at("E0206 12:11", 0));
  CHECK_FALSE(klog->at("F", 0));
  CHECK_FALSE(klog->at("Fx206", 0));
  auto head = line_head("(?m)" + env + R"([EF]\d{4} )", 1);
  REQUIRE(head);
  CHECK(head->prefix.empty());
  CHECK(head->at("E0206 x", 0));
  CHECK(head->at("F0206 x", 0));
  CHECK_FALSE(head->at("I0206 x", 0));
  // Not heads: unanchored, an alternative the anchor does not bind, a wide
  // first byte, an empty match, an unknown flag prefix.
  CHECK_FALSE(line_head(R"((?m)F\d{4} )", 0));
  CHECK_FALSE(line_head("(?m)" + env + "a|b", 0));
  CHECK_FALSE(line_head("(?m)" + env + R"(\w+ failed)", 0));
  CHECK_FALSE(line_head("(?m)" + env + "$", 0));
  CHECK_FALSE(line_head("(?s)" + env + "F1", 0));
  // A class or group holding `|` is not an alternative.
  CHECK(line_head("(?m)" + env + "F(?:a|b)[|]x", 0));
}

TEST_CASE("every signature example is found behind every envelope and amid other lines") {
  Catalog c = builtin();
  std::string err;
  auto scanner = LogScanner::build(c, kubesift::parse::log_line_reader(), &err);
  REQUIRE(scanner);
  const std::vector<std::string> envelopes = {
      "",
      "[pod/web-1/app] ",
      "2023-02-06T12:11:49.985473135Z ",
      "2023-11-02T06:12:07.604163885+00:00 stderr F ",
      "[pod/web-1/app] 2023-02-06T12:11:49.985473135Z ",
  };
  std::string filler;
  for (int i = 0; i < 300; ++i)
    filler += "2023-02-06T12:11:49.000Z stdout F I0206 12:11:49.000000 1 ok.go:1] all good " +
              std::to_string(i) + "\n";
  for (size_t i = 0; i < c.rules().size(); ++i) {
    const Rule& r = c.rules()[i];
    for (const auto& example : r.fire_examples) {
      size_t own[16];
      const bool enveloped = envelope_starts(example, own) > 1;  // has one already
      for (const auto& e : envelopes) {
        if (enveloped && !e.empty()) continue;
        // The example in the middle of a block, on line 301.
        std::string text = filler + e + example + "\n" + filler;
        std::vector<uint32_t> starts{0};
        for (size_t k = 0; k + 1 < text.size(); ++k)
          if (text[k] == '\n') starts.push_back(static_cast<uint32_t>(k + 1));
        for (bool indexed : {false, true}) {
          INFO(r.id << " must fire on line 301 of: " << e << example
                    << (indexed ? " (line index)" : ""));
          LogScanner::Options o;
          if (indexed) o.line_starts = &starts;
          std::vector<LogHit> hits;
          scanner->scan(text, 1, hits, nullptr, nullptr, o);
          bool found = false;
          for (const auto& h : hits) found |= h.rule == i && h.line == 301;
          CHECK(found);
        }
      }
    }
  }
}
