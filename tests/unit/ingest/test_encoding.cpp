#include <catch2/catch.hpp>
#include <string>

#include "ingest/src/encoding.h"
#include "kubesift/model/document.h"

using kubesift::ingest::detail::from_utf16_or_32;

namespace {
std::string utf16(std::u16string_view s, bool little) {
  std::string out = little ? std::string("\xff\xfe") : std::string("\xfe\xff");
  for (char16_t c : s) {
    char hi = static_cast<char>(c >> 8), lo = static_cast<char>(c & 0xff);
    out += little ? lo : hi;
    out += little ? hi : lo;
  }
  return out;
}
}  // namespace

TEST_CASE("UTF-16 and UTF-32 text with a byte-order mark becomes UTF-8") {
  std::u16string text = u"kind: Pod\nname: caf\u00e9 \U0001F680\n";
  CHECK(from_utf16_or_32(utf16(text, true)) == "kind: Pod\nname: caf\xc3\xa9 \xf0\x9f\x9a\x80\n");
  CHECK(from_utf16_or_32(utf16(text, false)) == "kind: Pod\nname: caf\xc3\xa9 \xf0\x9f\x9a\x80\n");
  std::string le32(
      "\xff\xfe\0\0"
      "A\0\0\0"
      "\x80\xf6\x01\0",
      12);  // A, U+1F680
  CHECK(from_utf16_or_32(le32) == "A\xf0\x9f\x9a\x80");
  std::string be32(
      "\0\0\xfe\xff"
      "\0\0\0B",
      8);
  CHECK(from_utf16_or_32(be32) == "B");
  // An unpaired surrogate is U+FFFD; a cut final unit is dropped.
  CHECK(from_utf16_or_32(std::string("\xff\xfe\x00\xd8x\x00", 6)) == "\xef\xbf\xbdx");
  CHECK(from_utf16_or_32(std::string("\xff\xfe"
                                     "a\x00"
                                     "b",
                                     5)) == "a");
  // No mark: left alone (UTF-8, or bytes the parsers judge).
  CHECK_FALSE(from_utf16_or_32("kind: Pod\n"));
  CHECK_FALSE(from_utf16_or_32("\xef\xbb\xbfkind: Pod\n"));
}

TEST_CASE("a document's text skips a UTF-8 byte-order mark") {
  kubesift::model::Document d;
  d.content = "\xef\xbb\xbfName: web\nNamespace: shop\n";
  CHECK(d.text().substr(0, 4) == "Name");
  CHECK(d.line(1) == "Name: web");
  CHECK(d.line_count() == 2);
}
