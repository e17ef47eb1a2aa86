#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "kubesift/ingest/ingest.h"

using namespace kubesift;
namespace fs = std::filesystem;

namespace {

fs::path scratch() {
  fs::path p = fs::temp_directory_path() / ("kubesift-ingest-" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

}  // namespace

TEST_CASE("directories are walked recursively in byte order of names") {
  fs::path d = scratch();
  fs::create_directories(d / "b");
  std::ofstream(d / "b" / "z.txt") << "z";
  std::ofstream(d / "B.txt") << "B";
  std::ofstream(d / "a.txt") << "a";
  std::ofstream(d / "c.txt") << "c";
  model::Store s;
  CHECK(ingest::ingest_paths({d.string()}, s));
  std::vector<std::string> names;
  for (const auto& doc : s.documents()) names.push_back(doc.path.substr(d.string().size()));
  CHECK(names == std::vector<std::string>{"/B.txt", "/a.txt", "/b/z.txt", "/c.txt"});
  CHECK(s.doc(1).text() == "a");
  fs::remove_all(d);
}

TEST_CASE("symlinked directories are not followed") {
  fs::path d = scratch();
  fs::create_directories(d / "real");
  std::ofstream(d / "real" / "f") << "x";
  fs::create_directory_symlink(d, d / "real" / "loop");
  model::Store s;
  CHECK(ingest::ingest_paths({d.string()}, s));
  CHECK(s.doc_count() == 1);
  fs::remove_all(d);
}

TEST_CASE("a missing path and a file over the limit become documents with errors") {
  fs::path d = scratch();
  std::ofstream(d / "big") << std::string(100, 'x');
  std::ofstream(d / "small") << "ok";
  model::Store s;
  ingest::Options o;
  o.max_file_bytes = 10;
  CHECK_FALSE(ingest::ingest_paths({(d / "nope").string(), d.string()}, s, o));
  REQUIRE(s.doc_count() == 3);
  CHECK(s.doc(0).error == "no such file or directory");
  CHECK(s.doc(1).error.find("larger than the limit") != std::string::npos);
  CHECK(s.doc(1).text().empty());
  CHECK(s.doc(2).error.empty());
  CHECK(s.doc(2).text() == "ok");
  fs::remove_all(d);
}

TEST_CASE("links inside the tree are read once, links out of it and specials are noted, not read") {
  fs::path d = scratch();
  fs::path outside = fs::temp_directory_path() / ("kubesift-outside-" + std::to_string(::getpid()));
  std::ofstream(outside) << "out";
  fs::create_directories(d / "logs");
  std::ofstream(d / "logs" / "a.log") << "a";
  fs::create_symlink(d / "logs" / "a.log", d / "all-logs-a.log");
  fs::create_symlink(outside, d / "z-outside.log");
  fs::create_symlink(d / "gone.log", d / "dangling.log");
  fs::create_directory_symlink(d / "logs", d / "logs-link");
  REQUIRE(::mkfifo((d / "pipe.log").c_str(), 0600) == 0);
  model::Store s;
  CHECK(ingest::ingest_paths({d.string()}, s));
  REQUIRE(s.doc_count() == 1);
  CHECK(s.doc(0).text() == "a");
  auto noted = [&](const std::vector<std::string>& notes, std::string_view name,
                   std::string_view why) {
    for (const auto& n : notes)
      if (n.find(name) != std::string::npos && n.find(why) != std::string::npos) return true;
    return false;
  };
  for (const auto* notes : {&s.facts.notes}) {
    CHECK(notes->size() == 4);
    CHECK(noted(*notes, "z-outside.log", "outside the input directory"));
    CHECK(noted(*notes, "dangling.log", "dangling"));
    CHECK(noted(*notes, "logs-link", "link to a directory"));
    CHECK(noted(*notes, "pipe.log", "FIFO"));
  }
  // The units of the same directory: the same file, the same notes.
  std::vector<std::string> notes;
  auto u = ingest::units({d.string()}, &notes);
  CHECK(u == std::vector<std::string>{(d / "logs" / "a.log").string()});
  CHECK(notes.size() == 4);
  CHECK(noted(notes, "z-outside.log", "outside the input directory"));
  fs::remove_all(d);
  fs::remove(outside);
}

TEST_CASE("shards: collections stay whole, logs are dealt out, shards cover every unit once") {
  fs::path d = scratch();
  // A namespace dump (kubectl output saved together), a cluster dump with
  // its logs beside it, and an archive of plain logs.
  fs::create_directories(d / "ns-a");
  std::ofstream(d / "ns-a" / "get-pods.txt") << "x";
  std::ofstream(d / "ns-a" / "logs-web.txt") << "x";
  fs::create_directories(d / "scenario" / "cluster");
  fs::create_directories(d / "scenario" / "logs");
  std::ofstream(d / "scenario" / "cluster" / "pods.json") << "{}";
  std::ofstream(d / "scenario" / "logs" / "web.log") << "x";
  fs::create_directories(d / "archive" / "2024-05");
  for (const char* f : {"a.log", "b.log", "c.log.gz"}) std::ofstream(d / "archive" / f) << "x";
  std::ofstream(d / "archive" / "2024-05" / "d.log") << "x";
  std::string root = d.string();
  auto all = ingest::units({root});
  CHECK(all == std::vector<std::string>{root + "/archive/2024-05/d.log", root + "/archive/a.log",
                                        root + "/archive/b.log", root + "/archive/c.log.gz",
                                        root + "/ns-a", root + "/scenario"});
  std::vector<std::string> seen;
  for (size_t k = 1; k <= 4; ++k)
    for (const auto& [i, u] : ingest::shard({root}, k, 4)) {
      CHECK(all[i] == u);
      CHECK(i % 4 == k - 1);
      seen.push_back(u);
    }
  std::sort(seen.begin(), seen.end());
  auto sorted = all;
  std::sort(sorted.begin(), sorted.end());
  CHECK(seen == sorted);
  // A file argument is a unit of its own; a dump given alone is one unit.
  CHECK(ingest::units({root + "/archive/a.log", root + "/ns-a"}).size() == 2);
  fs::remove_all(d);
}

TEST_CASE("a file whose path is longer than PATH_MAX is read, under its whole name") {
  fs::path d = scratch();
  // 22 directories of 200 bytes: ~4,450 bytes of path, more than open()
  // takes; built with openat, as the walk must read them.
  int cur = ::open(d.c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(cur >= 0);
  std::string rel;
  for (int i = 0; i < 22; ++i) {
    std::string name = std::to_string(10 + i) + std::string(198, 'p');
    REQUIRE(::mkdirat(cur, name.c_str(), 0755) == 0);
    int next = ::openat(cur, name.c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(next >= 0);
    ::close(cur);
    cur = next;
    rel += name + "/";
  }
  int f = ::openat(cur, "leaf.log", O_WRONLY | O_CREAT, 0644);
  REQUIRE(f >= 0);
  REQUIRE(::write(f, "deep line\n", 10) == 10);
  ::close(f);
  ::close(cur);
  model::Store store;
  CHECK(ingest::ingest_paths({d.string()}, store));
  REQUIRE(store.doc_count() == 1);
  CHECK(store.doc(0).error.empty());
  CHECK(store.doc(0).path == d.string() + "/" + rel + "leaf.log");
  CHECK(store.doc(0).text() == "deep line\n");
  // Removed the same way (remove_all would pass PATH_MAX too).
  CHECK(std::system(("rm -rf '" + d.string() + "'").c_str()) == 0);
}
