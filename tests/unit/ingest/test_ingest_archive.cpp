// Archives and compressed files: built here with libarchive's write API in a
// scratch directory, read back through ingest_paths.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/src/decompress.h"
#include "kubesift/ingest/ingest.h"

using namespace kubesift;
namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path dir;
  Scratch() {
    dir = fs::temp_directory_path() / ("kubesift-ingest-archive-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  // Writes `bytes` to dir/name and returns the path.
  std::string put(const std::string& name, const std::string& bytes) const {
    fs::path p = dir / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
};

enum class Kind { TarGz, Tar, Zip, Gz, TarXz, TarBz2, TarZst, Zst };

struct Entry {
  enum Type { File, Dir, Symlink, Hardlink, Fifo, Device };
  Entry(std::string p, std::string d, Type ty = File, std::string l = {})
      : path(std::move(p)), data(std::move(d)), type(ty), link(std::move(l)) {}
  std::string path;
  std::string data;
  Type type;
  std::string link;
};

la_ssize_t append_cb(archive*, void* client, const void* buf, size_t n) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

// An archive of `entries`, in memory.
std::string make(Kind kind, const std::vector<Entry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  switch (kind) {
    case Kind::TarGz: archive_write_add_filter_gzip(a); break;
    case Kind::TarXz: archive_write_add_filter_xz(a); break;
    case Kind::TarBz2: archive_write_add_filter_bzip2(a); break;
    case Kind::TarZst: archive_write_add_filter_zstd(a); break;
    case Kind::Gz: archive_write_add_filter_gzip(a); break;
    case Kind::Zst: archive_write_add_filter_zstd(a); break;
    default: break;
  }
  if (kind == Kind::Zip)
    archive_write_set_format_zip(a);
  else if (kind == Kind::Gz || kind == Kind::Zst)
    archive_write_set_format_raw(a);
  else
    archive_write_set_format_pax_restricted(a);
  archive_write_set_bytes_in_last_block(a, 1);
  REQUIRE(archive_write_open(a, &out, nullptr, append_cb, nullptr) == ARCHIVE_OK);
  for (const auto& en : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, en.path.c_str());
    archive_entry_set_mtime(e, 1700000000, 0);
    switch (en.type) {
      case Entry::File:
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, static_cast<la_int64_t>(en.data.size()));
        break;
      case Entry::Dir:
        archive_entry_set_filetype(e, AE_IFDIR);
        archive_entry_set_perm(e, 0755);
        break;
      case Entry::Symlink:
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_perm(e, 0777);
        archive_entry_set_symlink(e, en.link.c_str());
        break;
      case Entry::Hardlink:
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_hardlink(e, en.link.c_str());
        archive_entry_set_size(e, 0);
        break;
      case Entry::Fifo:
        archive_entry_set_filetype(e, AE_IFIFO);
        archive_entry_set_perm(e, 0644);
        break;
      case Entry::Device:
        archive_entry_set_filetype(e, AE_IFCHR);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_rdevmajor(e, 1);
        archive_entry_set_rdevminor(e, 5);
        break;
    }
    REQUIRE(archive_write_header(a, e) >= ARCHIVE_WARN);
    if (en.type == Entry::File && !en.data.empty())
      REQUIRE(archive_write_data(a, en.data.data(), en.data.size()) ==
              static_cast<la_ssize_t>(en.data.size()));
    archive_entry_free(e);
  }
  REQUIRE(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  return out;
}

// One compressed stream (a .gz file) holding `data`.
std::string gz(const std::string& data) {
  return make(Kind::Gz, {{"data", data}});
}

// Bytes that do not compress.
std::string noise(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

struct Doc {
  std::string path, content, error;
};

std::vector<Doc> run(const std::vector<std::string>& paths, const ingest::Options& o = {},
                     bool* ok = nullptr, std::vector<std::string>* notes = nullptr) {
  model::Store s;
  bool r = ingest::ingest_paths(paths, s, o);
  if (ok != nullptr) *ok = r;
  if (notes != nullptr) *notes = s.facts.notes;
  std::vector<Doc> out;
  for (const auto& d : s.documents()) out.push_back({d.path, std::string(d.text()), d.error});
  return out;
}

std::vector<std::string> paths_of(const std::vector<Doc>& docs) {
  std::vector<std::string> out;
  for (const auto& d : docs) out.push_back(d.path);
  return out;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("archive: sniff decides from content, never from the name") {
  Scratch t;
  std::string plain = t.put("looks.tar.gz", "just text\n");
  std::string hidden = t.put("no-extension", make(Kind::TarGz, {{"a.txt", "A"}}));
  auto docs = run({plain, hidden});
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].path == plain);
  CHECK(docs[0].content == "just text\n");
  CHECK(docs[1].path == hidden + ":a.txt");
  CHECK(docs[1].content == "A");
}

TEST_CASE("archive: tar.gz members become documents sorted by member path") {
  Scratch t;
  std::vector<Entry> entries = {
      {"bundle/", "", Entry::Dir},
      {"bundle/b/z.txt", "z"},
      {"bundle/B.txt", "B"},
      {"bundle/a.txt", "a"},
      {"bundle/a-b/x", "x"},
      {"bundle/a/y", "y"},
      {"bundle/empty", ""},
      {"bundle/b/", "", Entry::Dir},
      {"bundle/c/d/e/f.json", "{\"kind\":\"Pod\"}\n"},
  };
  std::string file = t.put("bundle.tar.gz", make(Kind::TarGz, entries));
  bool ok = false;
  auto docs = run({file}, {}, &ok);
  CHECK(ok);
  std::vector<std::string> want = {"bundle/B.txt", "bundle/a/y",     "bundle/a-b/x",
                                   "bundle/a.txt", "bundle/b/z.txt", "bundle/c/d/e/f.json",
                                   "bundle/empty"};
  REQUIRE(docs.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    CHECK(docs[i].path == file + ":" + want[i]);
    CHECK(docs[i].error.empty());
  }
  CHECK(docs[0].content == "B");
  CHECK(docs[5].content == "{\"kind\":\"Pod\"}\n");
  CHECK(docs[6].content.empty());

  // The same files extracted to disk walk in the same order.
  for (const auto& e : entries)
    if (e.type == Entry::File) t.put("x/" + e.path, e.data);
  auto walked = run({(t.dir / "x").string()});
  REQUIRE(walked.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i)
    CHECK(walked[i].path == (t.dir / "x").string() + "/" + want[i]);
}

TEST_CASE("archive: plain tar, zip, and tar with xz, bzip2 and zstd") {
  Scratch t;
  std::vector<Entry> entries = {
      {"dir/", "", Entry::Dir}, {"dir/two.log", "2\n"}, {"one.json", "{}"}};
  for (Kind k : {Kind::Tar, Kind::Zip, Kind::TarXz, Kind::TarBz2, Kind::TarZst}) {
    std::string file = t.put("in-" + std::to_string(static_cast<int>(k)), make(k, entries));
    auto docs = run({file});
    INFO("kind " << static_cast<int>(k));
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].path == file + ":dir/two.log");
    CHECK(docs[0].content == "2\n");
    CHECK(docs[0].error.empty());
    CHECK(docs[1].path == file + ":one.json");
    CHECK(docs[1].content == "{}");
  }
  // A zip in a gzip stream is read as it comes (no central directory first).
  std::string file = t.put("in.zip.gz", gz(make(Kind::Zip, entries)));
  bool ok = false;
  auto docs = run({file}, {}, &ok);
  CHECK(ok);
  CHECK(paths_of(docs) == std::vector<std::string>{file + ":dir/two.log", file + ":one.json"});
}

TEST_CASE("archive: a gzip file that is not a tar is one document under its own path") {
  Scratch t;
  std::string log = "2023-11-02T06:12:07.604163885+00:00 stderr F hello\n";
  std::string file = t.put("rotated/1.log.20231102-061208.gz", gz(log));
  std::string empty = t.put("empty.json.gz", gz(""));
  auto docs = run({file, empty});
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].path == file);
  CHECK(docs[0].content == log);
  CHECK(docs[0].error.empty());
  CHECK(docs[1].path == empty);
  CHECK(docs[1].content.empty());
  CHECK(docs[1].error.empty());
}

TEST_CASE("archive: archives inside archives are read recursively") {
  Scratch t;
  std::string inner = make(Kind::TarGz, {{"logs/app.log.gz", gz("inner line\n")}, {"x.txt", "x"}});
  std::string outer = t.put(
      "outer.zip", make(Kind::Zip, {{"a.txt", "a"}, {"inner.tar.gz", inner}, {"z.txt", "z"}}));
  auto docs = run({outer});
  REQUIRE(docs.size() == 4);
  CHECK(docs[0].path == outer + ":a.txt");
  CHECK(docs[1].path == outer + ":inner.tar.gz:logs/app.log.gz");
  CHECK(docs[1].content == "inner line\n");
  CHECK(docs[2].path == outer + ":inner.tar.gz:x.txt");
  CHECK(docs[3].path == outer + ":z.txt");
  for (const auto& d : docs) CHECK(d.error.empty());

  // A zip inside a tar.gz (read from memory, seekable).
  std::string zin = make(Kind::Zip, {{"k/v.yaml", "kind: Pod\n"}});
  std::string tgz = t.put("outer.tgz", make(Kind::TarGz, {{"in.zip", zin}}));
  docs = run({tgz});
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].path == tgz + ":in.zip:k/v.yaml");
  CHECK(docs[0].content == "kind: Pod\n");
}

TEST_CASE("archive: nesting deeper than the limit is an error document") {
  Scratch t;
  std::string level = make(Kind::TarGz, {{"deep.txt", "deep"}});
  for (int i = 0; i < 3; ++i)
    level = make(Kind::TarGz, {{"l" + std::to_string(i) + ".tgz", level}});
  std::string file = t.put("nest.tgz", level);
  auto docs = run({file});
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].path == file + ":l2.tgz:l1.tgz:l0.tgz");
  CHECK(contains(docs[0].error, "nested more than 3 levels"));
  ingest::Options o;
  o.max_archive_depth = 4;
  docs = run({file}, o);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].path == file + ":l2.tgz:l1.tgz:l0.tgz:deep.txt");
  CHECK(docs[0].content == "deep");
}

TEST_CASE("archive: '..' members are refused, absolute paths shown relative") {
  Scratch t;
  std::string file = t.put("evil.tar.gz", make(Kind::TarGz, {{"../../etc/passwd", "root:x:0:0\n"},
                                                             {"/abs/file", "abs"},
                                                             {"./dot/./x", "dot"},
                                                             {"a/../b", "ab"}}));
  bool ok = true;
  auto docs = run({file}, {}, &ok);
  CHECK_FALSE(ok);
  REQUIRE(docs.size() == 4);
  auto find = [&](const std::string& p) -> const Doc* {
    for (const auto& d : docs)
      if (d.path == p) return &d;
    return nullptr;
  };
  const Doc* passwd = find(file + ":../../etc/passwd");
  REQUIRE(passwd != nullptr);
  CHECK(passwd->error == "unsafe path in archive, skipped");
  CHECK(passwd->content.empty());
  const Doc* ab = find(file + ":a/../b");
  REQUIRE(ab != nullptr);
  CHECK(ab->error == "unsafe path in archive, skipped");
  const Doc* abs = find(file + ":abs/file");
  REQUIRE(abs != nullptr);
  CHECK(abs->error.empty());
  CHECK(abs->content == "abs");
  const Doc* dot = find(file + ":dot/x");
  REQUIRE(dot != nullptr);
  CHECK(dot->content == "dot");
  CHECK_FALSE(fs::exists(t.dir / "abs"));
}

TEST_CASE("archive: symbolic and hard links are not followed, and said in one note") {
  Scratch t;
  std::string file =
      t.put("links.tar", make(Kind::Tar, {{"real.log", "real"},
                                          {"sym.log", "", Entry::Symlink, "real.log"},
                                          {"esc", "", Entry::Symlink, "/etc/passwd"},
                                          {"hard.log", "", Entry::Hardlink, "real.log"},
                                          {"out.log", "", Entry::Hardlink, "/etc/shadow"}}));
  bool ok = false;
  std::vector<std::string> notes;
  auto docs = run({file}, {}, &ok, &notes);
  CHECK(ok);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].path == file + ":real.log");
  CHECK(docs[0].content == "real");
  // A hard link to a member is that member, read under its own name: not said.
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "Not read: " + file +
                        " holds 2 symbolic links (sym.log, esc), 1 hard link to a file not in "
                        "the archive (out.log); links in an archive are never followed.");
}

TEST_CASE("archive: FIFOs, devices and zip symbolic links are said, never opened") {
  Scratch t;
  std::string tar = t.put("special.tar.gz", make(Kind::TarGz, {{"fifo", "", Entry::Fifo},
                                                               {"dev/zero", "", Entry::Device},
                                                               {"dir/", "", Entry::Dir},
                                                               {"real.log", "real"}}));
  std::string zip = t.put(
      "links.zip",
      make(Kind::Zip, {{"passwd.log", "", Entry::Symlink, "/etc/passwd"}, {"real.log", "real"}}));
  bool ok = false;
  std::vector<std::string> notes;
  auto docs = run({tar, zip}, {}, &ok, &notes);
  CHECK(ok);
  CHECK(paths_of(docs) == std::vector<std::string>{tar + ":real.log", zip + ":real.log"});
  REQUIRE(notes.size() == 2);
  CHECK(notes[0] == "Not read: " + tar +
                        " holds 1 FIFO (fifo), 1 device (dev/zero); they are not regular files.");
  CHECK(notes[1] == "Not read: " + zip +
                        " holds 1 symbolic link (passwd.log); links in an archive are never "
                        "followed.");

  // Many of a kind: the first five are named.
  std::vector<Entry> many = {{"keep.log", "k"}};
  for (int i = 0; i < 8; ++i)
    many.push_back({"l" + std::to_string(i), "", Entry::Symlink, "keep.log"});
  many.push_back({"p", "", Entry::Fifo});
  std::string lots = t.put("lots.tar", make(Kind::Tar, many));
  run({lots}, {}, &ok, &notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "Not read: " + lots +
                        " holds 8 symbolic links (l0, l1, l2, l3, l4 and 3 more), 1 FIFO (p); "
                        "links in an archive are never followed, and the rest are not regular "
                        "files.");

  // Nested: the note names the whole chain.
  std::string outer =
      t.put("outer.tar",
            make(Kind::Tar,
                 {{"in.tgz", make(Kind::TarGz, {{"a", "a"}, {"s", "", Entry::Symlink, "a"}})}}));
  run({outer}, {}, &ok, &notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "Not read: " + outer +
                        ":in.tgz holds 1 symbolic link (s); links in an archive are never "
                        "followed.");
}

TEST_CASE("archive: a member over the size limit is dropped, the others kept") {
  Scratch t;
  ingest::Options o;
  o.max_member_bytes = 1000;
  std::string file = t.put(
      "big.tar.gz",
      make(Kind::TarGz, {{"a.txt", "a"}, {"big.log", std::string(5000, 'x')}, {"c.txt", "c"}}));
  std::string zip =
      t.put("big.zip", make(Kind::Zip, {{"big.log", noise(5000, 1)}, {"c.txt", "c"}}));
  // A single compressed stream has no declared size: caught while reading.
  std::string one = t.put("big.log.gz", gz(std::string(5000, 'y')));
  bool ok = true;
  auto docs = run({file, zip, one}, o, &ok);
  CHECK_FALSE(ok);
  REQUIRE(docs.size() == 6);
  CHECK(docs[0].path == file + ":a.txt");
  CHECK(docs[1].path == file + ":big.log");
  CHECK(contains(docs[1].error, "exceeds the limit of 1000 bytes (decompression bomb?)"));
  CHECK(docs[1].content.empty());
  CHECK(docs[2].path == file + ":c.txt");
  CHECK(docs[2].content == "c");
  CHECK(docs[3].path == zip + ":big.log");
  CHECK(contains(docs[3].error, "exceeds the limit of 1000 bytes"));
  CHECK(docs[4].path == zip + ":c.txt");
  CHECK(docs[4].error.empty());
  CHECK(docs[5].path == one);
  CHECK(contains(docs[5].error, "exceeds the limit of 1000 bytes (decompression bomb?)"));
}

TEST_CASE("archive: a member past the compression ratio limit is dropped") {
  Scratch t;
  std::string zeros(50u << 20, '\0');  // compresses ~1000:1
  std::string file =
      t.put("bomb.tar.gz",
            make(Kind::TarGz,
                 {{"after.txt", "after"}, {"a/zeros", zeros}, {"b.txt", noise(3u << 20, 2)}}));
  std::string zip = t.put("bomb.zip", make(Kind::Zip, {{"bomb", zeros}, {"z.txt", "z"}}));
  // A compressed file of zeros would be read as an empty tar (libarchive
  // takes a zero block for the end of a tar): use a letter.
  std::string one = t.put("a.gz", gz(std::string(50u << 20, 'a')));
  // A bomb nested in an archive, read from memory.
  std::string nested =
      t.put("nested.tar", make(Kind::Tar, {{"x.log.gz", gz(std::string(50u << 20, 'b'))}}));
  auto docs = run({file, zip, one, nested});
  REQUIRE(docs.size() == 7);
  CHECK(docs[6].path == nested + ":x.log.gz");
  CHECK(contains(docs[6].error, "compression ratio exceeds"));
  CHECK(docs[0].path == file + ":a/zeros");
  CHECK(contains(docs[0].error, "compression ratio exceeds the limit of 200:1"));
  CHECK(docs[0].content.empty());
  CHECK(docs[1].path == file + ":after.txt");
  CHECK(docs[1].content == "after");
  // Incompressible data past 1 MiB is fine.
  CHECK(docs[2].path == file + ":b.txt");
  CHECK(docs[2].error.empty());
  CHECK(docs[2].content.size() == 3u << 20);
  CHECK(docs[3].path == zip + ":bomb");
  CHECK(contains(docs[3].error, "compression ratio exceeds"));
  CHECK(docs[4].path == zip + ":z.txt");
  CHECK(docs[4].content == "z");
  CHECK(docs[5].path == one);
  CHECK(contains(docs[5].error, "compression ratio exceeds"));
}

TEST_CASE("archive: the total and entry limits stop reading the input") {
  Scratch t;
  std::vector<Entry> entries;
  for (int i = 0; i < 10; ++i) entries.push_back({"f" + std::to_string(i), noise(1000, i)});
  std::string file = t.put("many.tar.gz", make(Kind::TarGz, entries));
  {
    ingest::Options o;
    o.max_input_bytes = 3500;  // f0..f2 fit, f3 does not
    auto docs = run({file}, o);
    REQUIRE(docs.size() == 4);
    CHECK(docs[0].path == file + ":f0");
    CHECK(docs[0].content == entries[0].data);
    CHECK(docs[2].path == file + ":f2");
    CHECK(docs[3].path == file + ":f3");
    CHECK(contains(docs[3].error, "exceeds the limit of 3500 bytes uncompressed in total"));
  }
  {
    ingest::Options o;
    o.max_archive_entries = 4;
    auto docs = run({file}, o);
    REQUIRE(docs.size() == 5);
    CHECK(docs[3].path == file + ":f3");
    CHECK(docs[3].error.empty());
    CHECK(docs[4].path == file);
    CHECK(contains(docs[4].error, "more than 4 entries"));
  }
  {
    // The budget covers nested archives too, and stops the outer one.
    std::string inner = make(Kind::TarGz, entries);
    std::string outer = t.put("outer.tar", make(Kind::Tar, {{"in.tgz", inner}, {"z", "z"}}));
    ingest::Options o;
    o.max_input_bytes = inner.size() + 2500;
    auto docs = run({outer}, o);
    REQUIRE(docs.size() == 3);
    CHECK(docs[0].path == outer + ":in.tgz:f0");
    CHECK(docs[1].path == outer + ":in.tgz:f1");
    CHECK(docs[2].path == outer + ":in.tgz:f2");
    CHECK(contains(docs[2].error, "in total"));
  }
}

TEST_CASE("archive: a truncated tar.gz keeps the members read before the damage") {
  Scratch t;
  std::vector<Entry> entries;
  for (int i = 0; i < 20; ++i) entries.push_back({"m" + std::to_string(10 + i), noise(10000, i)});
  std::string whole = make(Kind::TarGz, entries);
  std::string file = t.put("cut.tar.gz", whole.substr(0, whole.size() / 2));
  std::string log = t.put("cut.log.gz", gz(noise(100000, 7)).substr(0, 30000));
  std::string small = gz("a line\n");
  std::string notrailer = t.put("notrailer.gz", small.substr(0, small.size() - 4));
  bool ok = true;
  auto docs = run({file, log, notrailer}, {}, &ok);
  CHECK_FALSE(ok);
  REQUIRE(docs.size() >= 4);
  size_t kept = docs.size() - 3;
  CHECK(kept >= 5);
  CHECK(kept < 20);
  for (size_t i = 0; i < kept; ++i) {
    CHECK(docs[i].path == file + ":" + entries[i].path);
    CHECK(docs[i].content == entries[i].data);
    CHECK(docs[i].error.empty());
  }
  const Doc& err = docs[kept];
  CHECK(err.path.rfind(file, 0) == 0);
  CHECK(contains(err.error, "corrupt or truncated archive: "));
  CHECK(err.error.size() > std::string("corrupt or truncated archive: ").size());
  CHECK(docs[kept + 1].path == log);
  CHECK(contains(docs[kept + 1].error, "corrupt or truncated compressed file: "));
  CHECK(docs[kept + 1].content.empty());
  // A gzip cut inside its trailer is truncated too.
  CHECK(docs[kept + 2].path == notrailer);
  CHECK(docs[kept + 2].error ==
        "corrupt or truncated compressed file: unexpected end of gzip data (truncated?)");
}

TEST_CASE("archive: garbage behind a magic number and empty files") {
  Scratch t;
  std::string magic = t.put("fake.gz", "\x1f\x8b" + noise(1000, 3));
  std::string magic8 = t.put("fake8.gz", std::string("\x1f\x8b\x08\x00", 4) + noise(1000, 4));
  std::string zip = t.put("fake.zip", "PK\x03\x04" + noise(1000, 5));
  std::string tarish = t.put("fake.tar", std::string(257, 'a') + "ustar" + noise(1000, 6));
  std::string empty = t.put("empty", "");
  std::string tiny = t.put("tiny", "\x1f");
  bool ok = true;
  auto docs = run({magic, magic8, zip, tarish, empty, tiny}, {}, &ok);
  CHECK_FALSE(ok);
  REQUIRE(docs.size() == 6);
  for (size_t i = 0; i < 4; ++i) {
    INFO(docs[i].path << ": " << docs[i].error);
    CHECK(docs[i].path.rfind(t.dir.string(), 0) == 0);
    CHECK_FALSE(docs[i].error.empty());
    CHECK(docs[i].content.empty());
  }
  CHECK(docs[0].path == magic);
  CHECK(docs[1].path == magic8);
  CHECK(docs[4].path == empty);
  CHECK(docs[4].error.empty());
  CHECK(docs[4].content.empty());
  CHECK(docs[5].path == tiny);
  CHECK(docs[5].content == "\x1f");
}

TEST_CASE("archive: stdin may be a gzip stream or a tar") {
  Scratch t;
  // Standard input is read from its file descriptor: a file put there.
  auto with_stdin = [&t](const std::string& bytes) {
    t.put("stdin.bin", bytes);
    int fd = ::open((t.dir / "stdin.bin").c_str(), O_RDONLY);
    int saved = ::dup(STDIN_FILENO);
    ::dup2(fd, STDIN_FILENO);
    ::close(fd);
    auto docs = run({"-"});
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    return docs;
  };
  auto docs = with_stdin(gz("from stdin\n"));
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].path == "<stdin>");
  CHECK(docs[0].content == "from stdin\n");
  docs = with_stdin(make(Kind::TarGz, {{"p/q.json", "{}"}}));
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].path == "<stdin>:p/q.json");
  CHECK(docs[0].content == "{}");
  docs = with_stdin("plain\n");
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].content == "plain\n");
}

TEST_CASE("archive: compressed files inside a walked directory") {
  Scratch t;
  t.put("d/a.log", "a\n");
  t.put("d/b.log.1.gz", gz("b\n"));
  t.put("d/c.tgz", make(Kind::TarGz, {{"x", "x"}}));
  auto docs = run({(t.dir / "d").string()});
  REQUIRE(docs.size() == 3);
  std::string d = (t.dir / "d").string();
  CHECK(paths_of(docs) ==
        std::vector<std::string>{d + "/a.log", d + "/b.log.1.gz", d + "/c.tgz:x"});
  CHECK(docs[1].content == "b\n");
}

TEST_CASE("archive: the troubleshoot support bundle from the corpus") {
  std::string file = std::string(KUBESIFT_CORPUS_DIR) +
                     "/troubleshoot/testdata/supportbundle/support-bundle.tar.gz";
  if (!fs::exists(file)) {
    WARN("corpus not present: " << file);
    return;
  }
  bool ok = false;
  auto docs = run({file}, {}, &ok);
  CHECK(ok);
  REQUIRE(docs.size() > 50);
  bool pods = false, log = false;
  for (const auto& d : docs) {
    INFO(d.path);
    CHECK(d.path.rfind(file + ":support-bundle/", 0) == 0);
    CHECK(d.error.empty());
    if (d.path.ends_with("cluster-resources/pods/default.json")) {
      pods = true;
      CHECK(contains(d.content, "\"kind\""));
    }
    if (d.path.ends_with(
            "cluster-resources/pods/logs/kube-system/coredns-b96499967-tncf4/coredns.log"))
      log = !d.content.empty();
    // The all-logs/ symbolic links are not followed.
    CHECK_FALSE(contains(d.path, "support-bundle/all-logs/"));
  }
  CHECK(pods);
  CHECK(log);
  for (size_t i = 1; i < docs.size(); ++i) CHECK(docs[i - 1].path != docs[i].path);
}

TEST_CASE("archive: a rotated gzip log from the corpus") {
  std::string file = std::string(KUBESIFT_CORPUS_DIR) +
                     "/omc/testdata/namespaces/test-namespace/pods/test-pod/test-container/"
                     "test-container/logs/rotated/1.log.20231102-061208.gz";
  if (!fs::exists(file)) {
    WARN("corpus not present: " << file);
    return;
  }
  auto docs = run({file});
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].path == file);
  CHECK(docs[0].error.empty());
  // CRI log lines: "<RFC3339 time> stdout|stderr F|P <message>".
  CHECK(docs[0].content.rfind("2023-11-02T06:12:07.604163885+00:00 stderr F ", 0) == 0);
  CHECK(contains(docs[0].content, "My Rotated LogMsg"));
}

TEST_CASE("archive: a gzip whose trailer does not match its data is corrupt") {
  Scratch t;
  std::string log = "2024-05-01T10:00:00Z ERROR connection refused\n";
  std::string crc = gz(log);
  crc[crc.size() - 8] ^= 0x01;  // the trailer's CRC32
  std::string isize = gz(log);
  isize[isize.size() - 1] ^= 0x01;  // the trailer's length
  std::string tgz = make(Kind::TarGz, {{"a.log", "a"}, {"b.log", "b"}});
  tgz[tgz.size() - 8] ^= 0x01;
  std::string bad = t.put("bad.log.gz", crc);
  std::string len = t.put("len.log.gz", isize);
  std::string tar = t.put("bad.tar.gz", tgz);
  std::string outer = t.put("outer.tar", make(Kind::Tar, {{"in.log.gz", crc}, {"z.log", "z"}}));
  bool ok = true;
  auto docs = run({bad, len, tar, outer}, {}, &ok);
  CHECK_FALSE(ok);
  REQUIRE(docs.size() == 7);
  CHECK(docs[0].path == bad);
  CHECK(docs[0].error ==
        "corrupt or truncated compressed file: gzip CRC mismatch (the data does not match its "
        "checksum)");
  CHECK(docs[0].content.empty());
  CHECK(docs[1].path == len);
  CHECK(contains(docs[1].error, "gzip length mismatch"));
  // The check is at the stream's end: the members read before it are kept.
  CHECK(docs[2].path == tar + ":a.log");
  CHECK(docs[2].content == "a");
  CHECK(docs[3].path == tar + ":b.log");
  CHECK(docs[3].error.empty());
  CHECK(docs[4].path == tar);
  CHECK(contains(docs[4].error, "gzip CRC mismatch"));
  CHECK(docs[5].path == outer + ":in.log.gz");
  CHECK(contains(docs[5].error, "gzip CRC mismatch"));
  CHECK(docs[6].path == outer + ":z.log");
  CHECK(docs[6].content == "z");

  // Bytes in memory are checked alike.
  model::Store s;
  CHECK_FALSE(ingest::ingest_bytes("mem", crc, s));
  REQUIRE(s.documents().size() == 1);
  CHECK(contains(s.documents()[0].error, "gzip CRC mismatch"));
}

TEST_CASE("archive: concatenated gzip members are one stream") {
  Scratch t;
  std::string two = t.put("two.log.gz", gz("first\n") + gz("second\n"));
  // A tar cut in two, each half its own gzip member.
  std::string tar = make(Kind::Tar, {{"a.log", std::string(700, 'a')}, {"b.log", "b"}});
  std::string split = t.put("split.tar.gz", gz(tar.substr(0, 1000)) + gz(tar.substr(1000)));
  // Bytes after the last member that are no gzip member are ignored, as
  // gzip -d does (tape padding).
  std::string padded = t.put("padded.log.gz", gz("padded\n") + std::string(512, '\0'));
  bool ok = false;
  auto docs = run({two, split, padded}, {}, &ok);
  CHECK(ok);
  REQUIRE(docs.size() == 4);
  CHECK(docs[0].path == two);
  CHECK(docs[0].content == "first\nsecond\n");
  CHECK(docs[1].path == split + ":a.log");
  CHECK(docs[1].content == std::string(700, 'a'));
  CHECK(docs[2].path == split + ":b.log");
  CHECK(docs[2].content == "b");
  CHECK(docs[3].path == padded);
  CHECK(docs[3].content == "padded\n");

  // Enough members that trailers fall across the reader's refills.
  std::string joined, want;
  for (unsigned i = 0; i < 300; ++i) {
    std::string piece = noise(3001 + i, i);
    joined += gz(piece);
    want += piece;
  }
  std::string many = t.put("many.log.gz", joined);
  docs = run({many}, {}, &ok);
  CHECK(ok);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].error.empty());
  CHECK(docs[0].content == want);
}

TEST_CASE("archive: a tar header with a bad checksum stops the archive with an error") {
  Scratch t;
  std::string tar = make(Kind::Tar, {{"a.log", "A"}, {"b.log", "B"}, {"c.log", "C"}});
  // a.log's header and its one block of data; b.log's header after them.
  tar.replace(1024 + 148, 8, std::string("0000000\0", 8));
  std::string file = t.put("sum.tar", tar);
  bool ok = true;
  auto docs = run({file}, {}, &ok);
  CHECK_FALSE(ok);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].path == file + ":a.log");
  CHECK(docs[0].content == "A");
  CHECK(docs[1].path == file);
  CHECK(contains(docs[1].error,
                 "corrupt archive: a damaged header (bad checksum) after member a.log"));
  CHECK(contains(docs[1].error, "the rest was not read"));
}

TEST_CASE("archive: an archive with no file in it is said") {
  Scratch t;
  std::string tar = t.put("void.tar", make(Kind::Tar, {}));
  std::string tgz = t.put("void.tar.gz", make(Kind::TarGz, {}));
  std::string zip = t.put("void.zip", make(Kind::Zip, {}));
  std::string dirs = t.put(
      "dirs.tar", make(Kind::Tar, {{"d/", "", Entry::Dir}, {"d/s", "", Entry::Symlink, "x"}}));
  bool ok = true;
  std::vector<std::string> notes;
  auto docs = run({tar, tgz, zip, dirs}, {}, &ok, &notes);
  CHECK_FALSE(ok);
  REQUIRE(docs.size() == 4);
  CHECK(docs[0].path == tar);
  CHECK(docs[0].error == "empty archive: no file in it");
  CHECK(docs[1].path == tgz);
  CHECK(docs[1].error == "empty archive: no file in it");
  CHECK(docs[2].path == zip);
  CHECK(docs[2].error == "empty archive: no file in it");
  CHECK(docs[3].path == dirs);
  CHECK(docs[3].error ==
        "no regular file in this archive (only directories, links or special files)");
  REQUIRE(notes.size() == 1);
  CHECK(contains(notes[0], dirs + " holds 1 symbolic link (d/s)"));

  // Inside an archive, an empty tar (a collector that found nothing to
  // copy) is a note, not an error.
  std::string outer = t.put(
      "outer.tgz", make(Kind::TarGz, {{"copy/empty.tar", make(Kind::Tar, {})}, {"a.log", "a"}}));
  docs = run({outer}, {}, &ok, &notes);
  CHECK(ok);
  CHECK(paths_of(docs) == std::vector<std::string>{outer + ":a.log"});
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "Not read: " + outer + ":copy/empty.tar is an empty archive (no file in it).");
}

TEST_CASE("archive: zeros that decompress to an empty tar are a bomb, not nothing") {
  Scratch t;
  std::string zeros(50u << 20, '\0');
  std::string gzf = t.put("zeros.log.gz", gz(zeros));
  std::string zst = t.put("zeros.log.zst", make(Kind::Zst, {{"data", zeros}}));
  std::string nested = t.put("nested.tar", make(Kind::Tar, {{"in.gz", gz(zeros)}}));
  bool ok = true;
  auto docs = run({gzf, zst, nested}, {}, &ok);
  CHECK_FALSE(ok);
  REQUIRE(docs.size() == 3);
  CHECK(docs[0].path == gzf);
  CHECK(contains(docs[0].error,
                 "holds no file, and the compression ratio exceeds the limit of "
                 "200:1 ("));
  CHECK(contains(docs[0].error, "bytes of zeros from"));
  CHECK(docs[1].path == zst);
  CHECK(contains(docs[1].error, "holds no file, and the compression ratio exceeds"));
  CHECK(docs[2].path == nested + ":in.gz");
  CHECK(contains(docs[2].error, "holds no file, and the compression ratio exceeds"));

  // Without the ratio limit: the whole stream is decoded, and said.
  ingest::Options o;
  o.max_compression_ratio = 0;
  docs = run({gzf}, o, &ok);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].error ==
        "holds no file: 52428800 bytes of zeros decompressed (decompression bomb?)");
  // With a smaller input limit, that limit.
  o.max_input_bytes = 10u << 20;
  docs = run({gzf}, o, &ok);
  REQUIRE(docs.size() == 1);
  CHECK(
      contains(docs[0].error, "holds no file, and this input exceeds the limit of 10485760 bytes"));
}

TEST_CASE("archive: bytes hidden after a tar's end count towards the limits") {
  Scratch t;
  std::string tar = make(Kind::Tar, {{"a.log", "a"}});
  std::string file = t.put("tail.tar.gz", gz(tar + std::string(50u << 20, 'x')));
  bool ok = true;
  auto docs = run({file}, {}, &ok);
  CHECK_FALSE(ok);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].path == file + ":a.log");
  CHECK(docs[0].content == "a");
  CHECK(docs[1].path == file);
  CHECK(contains(docs[1].error,
                 "after the end of the archive, the compression ratio exceeds the limit of 200:1"));
  // A tar's ordinary padding is fine.
  std::string padded = t.put("padded.tar.gz", gz(tar + std::string(9216, '\0')));
  docs = run({padded}, {}, &ok);
  CHECK(ok);
  REQUIRE(docs.size() == 1);
}

TEST_CASE("archive: the gzip CRC-32 agrees with the bitwise definition") {
  // The reflected polynomial 0xEDB88320, one bit at a time.
  auto slow = [](uint32_t crc, const std::string& s) {
    crc = ~crc;
    for (unsigned char c : s) {
      crc ^= c;
      for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
  };
  auto fast = [](uint32_t crc, const std::string& s, size_t from = 0) {
    return ingest::detail::crc32(crc, reinterpret_cast<const unsigned char*>(s.data()) + from,
                                 s.size() - from);
  };
  CHECK(fast(0, "123456789") == 0xCBF43926u);
  std::string data = noise(5000, 9);
  for (size_t n : {0, 1, 15, 16, 63, 64, 65, 79, 80, 127, 128, 200, 1000, 4999}) {
    for (size_t off : {0, 1, 7}) {
      std::string piece = data.substr(off, n);
      INFO("n " << n << " offset " << off);
      CHECK(fast(0, piece) == slow(0, piece));
      // Continued across two calls, as inflation gives its output.
      size_t half = n / 3;
      uint32_t a = fast(0, piece.substr(0, half));
      CHECK(fast(a, piece.substr(half)) == slow(0, piece));
    }
  }
}
