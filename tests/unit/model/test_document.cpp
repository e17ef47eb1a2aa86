#include <catch2/catch.hpp>

#include "kubesift/model/document.h"
#include "kubesift/model/store.h"

using namespace kubesift::model;

TEST_CASE("lines are 1-based, without terminators, CRLF tolerated") {
  Document d;
  d.content = "first\r\nsecond\n\nfourth";
  CHECK(d.line_count() == 4);
  CHECK(d.line(1) == "first");
  CHECK(d.line(2) == "second");
  CHECK(d.line(3) == "");
  CHECK(d.line(4) == "fourth");
  CHECK(d.line(0) == "");
  CHECK(d.line(5) == "");
  CHECK(d.line_of_offset(0) == 1);
  CHECK(d.line_of_offset(7) == 2);
  CHECK(d.line_of_offset(d.content.size() - 1) == 4);
}

TEST_CASE("a trailing newline does not make an extra line - empty has none") {
  Document d;
  d.content = "a\nb\n";
  CHECK(d.line_count() == 2);
  Document e;
  CHECK(e.line_count() == 0);
}

TEST_CASE("the store hands out stable ids and appends facts in order") {
  Store s;
  DocId a = s.add_document("a", "x");
  DocId b = s.add_document("b", "y");
  CHECK(a == 0);
  CHECK(b == 1);
  const Document* pa = &s.doc(a);
  for (int i = 0; i < 1000; ++i) s.add_document("n", "");
  CHECK(&s.doc(a) == pa);  // references stay valid
  Facts f1, f2;
  f1.pods.push_back({});
  f1.pods.back().meta.name = "one";
  f2.pods.push_back({});
  f2.pods.back().meta.name = "two";
  s.facts.append(std::move(f1));
  s.facts.append(std::move(f2));
  REQUIRE(s.facts.pods.size() == 2);
  CHECK(s.facts.pods[0].meta.name == "one");
  CHECK(s.facts.pods[1].meta.name == "two");
}
