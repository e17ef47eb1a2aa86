// A file's bytes as ingest reads them: mapped or read, the same bytes; a
// mapped file cut short while read gives zeros, not a crash.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "ingest/src/read.h"
#include "kubesift/ingest/ingest.h"
#include "kubesift/model/document.h"

namespace fs = std::filesystem;
using kubesift::ingest::detail::File;

namespace {
std::string pattern_bytes(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  return s;
}
fs::path write_temp(const std::string& name, const std::string& bytes) {
  fs::path p = fs::temp_directory_path() / ("kubesift-read-" + std::to_string(::getpid()) + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}
}  // namespace

TEST_CASE("small and large files are read whole, byte for byte") {
  for (size_t n : {size_t{1}, size_t{4095}, size_t{100000}, size_t{3} << 20}) {
    INFO(n << " bytes");
    std::string bytes = pattern_bytes(n);
    fs::path p = write_temp("-whole", bytes);
    File f(p.string());
    REQUIRE(f.ok());
    CHECK(f.head(16) == bytes.substr(0, 16));
    std::shared_ptr<const char[]> buf;
    size_t got = 0;
    bool mapped = false;
    CHECK(f.whole(n, buf, got, mapped).empty());
    REQUIRE(got == n);
    CHECK(std::string(buf.get(), got) == bytes);
    CHECK(mapped == (n >= (size_t{1} << 20)));
    // Pages a parser let go come back from the file, the same bytes.
    kubesift::model::Document doc;
    doc.set_buffer(buf, got, kubesift::model::kReadPadding, mapped);
    doc.release(0, n / 2);
    doc.release(n / 3, n);
    CHECK(doc.text() == bytes);
    fs::remove(p);
  }
}

TEST_CASE("the padding past a file's end is readable, mapped or read, whatever its size") {
  // Sizes on both sides of page ends: a mapped file whose size is a page
  // multiple has no bytes of its own past the end; the padding comes from
  // the zero pages mapped after it.
  for (size_t n : {size_t{10}, size_t{1} << 20, (size_t{1} << 20) + 4096 - 10,
                   (size_t{3} << 20) + 4096 - 64}) {
    INFO(n << " bytes");
    fs::path p = write_temp("-pad", pattern_bytes(n));
    File f(p.string());
    REQUIRE(f.ok());
    std::shared_ptr<const char[]> buf;
    size_t got = 0;
    bool mapped = false;
    REQUIRE(f.whole(n, buf, got, mapped).empty());
    REQUIRE(got == n);
    for (size_t i = 0; i < kubesift::model::kReadPadding; ++i) CHECK(buf[n + i] == '\0');
    fs::remove(p);
  }
}

TEST_CASE("a file that shrank since it was measured gives what is left") {
  std::string bytes = pattern_bytes(1000);
  fs::path p = write_temp("-shrank", bytes);
  File f(p.string());
  std::shared_ptr<const char[]> buf;
  size_t got = 0;
  bool mapped = true;
  CHECK(f.whole(5000, buf, got, mapped).empty());  // small: read, not mapped
  CHECK_FALSE(mapped);
  CHECK(got == 1000);
  fs::remove(p);
}

TEST_CASE("a mapped file cut short while read reads as zeros past its new end") {
  const size_t n = size_t{4} << 20;
  fs::path p = write_temp("-cut", pattern_bytes(n));
  File f(p.string());
  std::shared_ptr<const char[]> buf;
  size_t got = 0;
  bool mapped = false;
  REQUIRE(f.whole(n, buf, got, mapped).empty());
  REQUIRE(got == n);
  uint64_t before = kubesift::ingest::mapped_pages_lost();
  fs::resize_file(p, 1 << 20);
  const volatile char* bytes = buf.get();
  CHECK(bytes[10] == pattern_bytes(11)[10]);
  if (const char* v = std::getenv("KUBESIFT_READ"); v && std::string(v) == "read") {
    CHECK(bytes[(3 << 20) + 5] != 0);  // a copy: nothing was lost
  } else {
    CHECK(bytes[(3 << 20) + 5] == 0);
    CHECK(kubesift::ingest::mapped_pages_lost() > before);
  }
  fs::remove(p);
}

TEST_CASE("a stream is read whole up to its limit, and refused past it") {
  std::string bytes = pattern_bytes((5 << 20) + 123);  // grows the buffer three times
  fs::path p = write_temp("stream", bytes);
  for (uint64_t limit : {uint64_t{8} << 20, uint64_t{1} << 20}) {
    int fd = ::open(p.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    std::shared_ptr<const char[]> got_bytes;
    size_t got = 0;
    std::string err = kubesift::ingest::detail::read_stream(fd, limit, got_bytes, got);
    ::close(fd);
    if (limit > bytes.size()) {
      CHECK(err.empty());
      REQUIRE(got == bytes.size());
      CHECK(std::string_view(got_bytes.get(), got) == bytes);
    } else {
      CHECK(err.find("exceeds the limit of 1048576 bytes") != std::string::npos);
      CHECK(got == 0);
      CHECK(got_bytes == nullptr);
    }
  }
  fs::remove(p);
}

TEST_CASE("bytes in memory are read as a file of that content would be") {
  kubesift::model::Store store;
  CHECK(kubesift::ingest::ingest_bytes("mem.log", "line one\nline two\n", store));
  REQUIRE(store.doc_count() == 1);
  CHECK(store.doc(0).path == "mem.log");
  CHECK(store.doc(0).text() == "line one\nline two\n");
  kubesift::ingest::Options small;
  small.max_file_bytes = 4;
  CHECK_FALSE(kubesift::ingest::ingest_bytes("big.log", "too long", store, small));
  CHECK(store.doc(1).error.find("exceeds the limit of 4 bytes") != std::string::npos);
}
