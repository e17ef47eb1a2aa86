#include <catch2/catch.hpp>
#include <cstring>
#include <memory>

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

TEST_CASE("readable_after counts the bytes past a piece of the text, padding included") {
  Document d;
  std::shared_ptr<char[]> bytes(new char[10 + kReadPadding]());
  std::memcpy(bytes.get(), "0123456789", 10);
  d.set_buffer(std::shared_ptr<const char[]>(std::move(bytes)), 10, kReadPadding);
  std::string_view t = d.text();
  CHECK(d.readable_after(t) == kReadPadding);
  CHECK(d.readable_after(t.substr(2, 3)) == 5 + kReadPadding);
  std::string other = "0123456789";
  CHECK(d.readable_after(other) == 0);  // not this document's text
  Document e;
  e.content = "abc";
  CHECK(e.readable_after(e.text()) == e.content.capacity() - 3);
}

TEST_CASE("drop_observed_objects keeps manifests and every typed fact") {
  Facts f;
  f.pods.resize(2);
  f.objects.resize(3);
  f.objects[0].meta.name = "manifest";
  f.objects[1].meta.name = "from-cluster";
  f.objects[1].observed = true;
  f.objects[2].meta.name = "manifest-too";
  f.drop_observed_objects();
  REQUIRE(f.objects.size() == 2);
  CHECK(f.objects[0].meta.name == "manifest");
  CHECK(f.objects[1].meta.name == "manifest-too");
  CHECK(f.pods.size() == 2);
}
