#include "kubesift/ingest/ingest.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>

#include "archive_reader.h"
#include "encoding.h"
#include "kubesift/core/parallel.h"
#include "read.h"

namespace kubesift::ingest {
namespace {

namespace fs = std::filesystem;

void add_error(model::Store& store, const std::string& path, std::string message) {
  model::DocId id = store.add_document(path, {});
  store.doc(id).error = std::move(message);
}

// Adds what an archive yielded; false if any of it is an error.
bool add_items(std::vector<detail::Item>& items, model::Store& store) {
  bool ok = true;
  for (auto& it : items) {
    if (!it.note.empty()) {
      store.facts.notes.push_back(std::move(it.note));
      continue;
    }
    // UTF-16 and UTF-32 text (told by its byte-order mark) becomes UTF-8.
    std::string_view bytes = it.buffer ? std::string_view(it.buffer.get(), it.size) : it.content;
    if (auto utf8 = detail::from_utf16_or_32(bytes)) {
      it.content = std::move(*utf8);
      it.buffer.reset();
    }
    model::DocId id = store.add_document(std::move(it.path), std::move(it.content));
    if (it.buffer) store.doc(id).set_buffer(std::move(it.buffer), it.size, it.padding, it.mapped);
    if (it.stream) it.stream->done(store.doc(id));
    if (!it.error.empty()) {
      store.doc(id).error = std::move(it.error);
      ok = false;
    }
  }
  return ok;
}

// Reads one file: its document, an archive's documents, or an error. Safe
// to run for several files at once (it touches no shared state).
std::vector<detail::Item> read_file(const fs::path& p, const std::string& display,
                                    const Options& opts) {
  std::vector<detail::Item> items;
  auto fail = [&](std::string message) {
    items.push_back({display, {}, std::move(message)});
    return items;
  };
  try {
    std::error_code ec;
    uint64_t size = fs::file_size(p, ec);
    if (ec) return fail("cannot read: " + ec.message());
    detail::File f(p.string());
    if (!f.ok()) return fail(std::string("cannot open: ") + std::strerror(errno));
    // Archives and compressed files are told by their first bytes, and read
    // by libarchive straight from the file.
    std::string head = f.head(detail::kSniffBytes);
    if (detail::Container kind = detail::sniff(head); kind != detail::Container::None) {
      f.close();
      detail::read_archive_file(p.string(), display, kind, opts, items);
      return items;
    }
    if (size > opts.max_file_bytes)
      return fail("file is larger than the limit of " + std::to_string(opts.max_file_bytes) +
                  " bytes; not read");
    detail::Item it{display, {}, {}};
    std::string err = f.whole(size, it.buffer, it.size, it.mapped);
    it.padding = model::kReadPadding;
    if (!err.empty()) return fail(std::move(err));
    items.push_back(std::move(it));
  } catch (const std::exception& ex) {
    // Running out of memory on one file is an error document for it.
    items.clear();
    return fail(std::string("cannot read: ") + ex.what());
  }
  return items;
}

// Reads `files` in parallel and adds their documents in the given order.
bool read_files(const std::vector<std::pair<fs::path, std::string>>& files, model::Store& store,
                const Options& opts) {
  std::vector<std::vector<detail::Item>> read(files.size());
  parallel_for(files.size(),
               [&](size_t i) { read[i] = read_file(files[i].first, files[i].second, opts); });
  bool ok = true;
  for (auto& items : read) ok &= add_items(items, store);
  return ok;
}

// Bytes in memory (stdin, ingest_bytes), with model::kReadPadding readable
// bytes past `size`: an archive's documents, or one.
bool add_bytes(const std::string& display, std::shared_ptr<const char[]> bytes, size_t size,
               model::Store& store, const Options& opts) {
  std::string_view content(bytes ? bytes.get() : "", bytes ? size : 0);
  std::vector<detail::Item> items;
  if (detail::Container kind = detail::sniff(content); kind != detail::Container::None) {
    detail::read_archive_memory(content, display, kind, opts, items);
  } else {
    detail::Item it;
    it.path = display;
    it.buffer = std::move(bytes);
    it.size = size;
    it.padding = model::kReadPadding;
    items.push_back(std::move(it));
  }
  return add_items(items, store);
}

bool read_stdin(model::Store& store, const Options& opts) {
  std::shared_ptr<const char[]> bytes;
  size_t got = 0;
  if (std::string err = detail::read_stream(STDIN_FILENO, opts.max_file_bytes, bytes, got);
      !err.empty()) {
    add_error(store, "<stdin>", std::move(err));
    return false;
  }
  return add_bytes("<stdin>", std::move(bytes), got, store, opts);
}

// True if `link` resolves to a file inside `root`: the walk reads that file
// under its own name, so the link would only read it twice (support bundles
// link every spec'd log collector's files into cluster-resources/).
bool links_inside(const fs::path& link, const fs::path& root) {
  std::error_code ec;
  fs::path target = fs::canonical(link, ec);
  if (ec) return false;
  fs::path base = fs::canonical(root, ec);
  if (ec) return false;
  auto [b, t] = std::mismatch(base.begin(), base.end(), target.begin(), target.end());
  return b == base.end();
}

// What a directory walk does with an entry: descend, read it, pass over it
// in silence (a link to a file the walk reads anyway), or pass over it with
// a note that says why (a link to a directory or out of the input tree, a
// dangling link, a FIFO, socket or device).
enum class Entry { Descend, Read, Silent, Noted };

Entry classify(const fs::directory_entry& e, const fs::path& root, const std::string& shown,
               std::string& note) {
  std::error_code ec;
  if (e.is_symlink(ec)) {
    std::error_code tec;
    fs::path target = fs::read_symlink(e.path(), tec);
    std::string to = tec ? std::string("?") : target.string();
    if (!fs::exists(e.path(), tec)) {
      note = "Not read: " + shown + " is a dangling symbolic link (to " + to + ").";
      return Entry::Noted;
    }
    if (e.is_directory(ec)) {
      note = "Not read: " + shown + " is a symbolic link to a directory (" + to +
             "); links to directories are not followed.";
      return Entry::Noted;
    }
    if (links_inside(e.path(), root)) return Entry::Silent;
    note = "Not read: " + shown + " is a symbolic link to a file outside the input directory (" +
           to + "); such links are not followed.";
    return Entry::Noted;
  }
  if (e.is_directory(ec)) return Entry::Descend;
  if (e.is_regular_file(ec)) return Entry::Read;
  std::string what = e.is_fifo(ec)                                    ? "a FIFO (named pipe)"
                     : e.is_socket(ec)                                ? "a socket"
                     : e.is_block_file(ec) || e.is_character_file(ec) ? "a device"
                                                                      : "not a regular file";
  note = "Not read: " + shown + " is " + what + ", not a regular file.";
  return Entry::Noted;
}

// Directories whose paths grow past what the system takes in one path
// (PATH_MAX, 4096 bytes: a tree nested deep enough) are opened once, from a
// path still short enough, and named through their descriptor from then on
// (/proc/self/fd/N): the walk and the reads below them work with short
// paths, while reports show the real one. The descriptors live as long as
// the walk's files are read.
class ShortPaths {
 public:
  ShortPaths() = default;
  ShortPaths(const ShortPaths&) = delete;
  ShortPaths& operator=(const ShortPaths&) = delete;
  ~ShortPaths() {
    for (int fd : fds_) ::close(fd);
  }
  // `dir` itself while it is short; else a name of it through a descriptor
  // (`dir` as it is, if it cannot be opened: listing it then says why).
  fs::path shorten(const fs::path& dir) {
    if (dir.native().size() < kLong) return dir;
    int fd = ::open(dir.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return dir;
    fds_.push_back(fd);
    return fs::path("/proc/self/fd") / std::to_string(fd);
  }

 private:
  // Short enough that a name (at most 255 bytes) still fits under PATH_MAX.
  static constexpr size_t kLong = 2048;
  std::vector<int> fds_;
};

// Lists the files under `dir` in byte order of entry names (recursively),
// adding an error document for a directory that cannot be listed.
bool walk(const fs::path& dir, const std::string& display, model::Store& store,
          std::vector<std::pair<fs::path, std::string>>& files, const fs::path& root,
          ShortPaths& paths) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    entries.push_back(*it);
  if (ec) {
    add_error(store, display, "cannot list directory: " + ec.message());
    return false;
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.path().filename().string() < b.path().filename().string();
  });
  bool ok = true;
  for (const auto& e : entries) {
    std::string name = e.path().filename().string();
    std::string child =
        display.empty() || display.back() == '/' ? display + name : display + "/" + name;
    std::string note;
    switch (classify(e, root, child, note)) {
      case Entry::Descend:
        ok &= walk(paths.shorten(e.path()), child, store, files, root, paths);
        break;
      case Entry::Read: files.emplace_back(e.path(), child); break;
      case Entry::Silent: break;
      case Entry::Noted: store.facts.notes.push_back(std::move(note)); break;
    }
  }
  return ok;
}

bool ingest_one(const std::string& p, model::Store& store, const Options& opts) {
  if (p == "-") return read_stdin(store, opts);
  std::error_code ec;
  fs::file_status st = fs::status(p, ec);
  if (ec || !fs::exists(st)) {
    add_error(store, p, "no such file or directory");
    return false;
  }
  std::vector<std::pair<fs::path, std::string>> files;
  ShortPaths paths;  // before `files`' reads, after them gone
  bool ok = true;
  if (fs::is_directory(st)) {
    size_t notes_before = store.facts.notes.size();
    ok = walk(p, p, store, files, p, paths);
    // Given and empty: said, not nothing (what the walk passed over, if
    // anything, is in the notes).
    if (ok && files.empty()) {
      add_error(store, p,
                store.facts.notes.size() > notes_before
                    ? "no regular file in this directory (see the notes for what is there)"
                    : "empty directory: no file in it");
      return false;
    }
  } else {
    files.emplace_back(p, p);
  }
  // A directory that cannot be listed is reported where it was met; the
  // files' documents follow in walk order.
  return read_files(files, store, opts) && ok;
}

// A directory whose files read together (see units()).
bool is_collection(const fs::path& dir) {
  static constexpr std::string_view kMarkers[] = {"cluster-resources", "cluster-scoped-resources",
                                                  "namespaces",        "version.yaml",
                                                  "pods.json",         "pods.yaml",
                                                  "events.json",       "nodes.json",
                                                  "timestamp",         "must-gather.logs",
                                                  "execution-data",    "host-collectors",
                                                  "replicasets.json",  "deployments.json"};
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    for (auto m : kMarkers)
      if (name == m) return true;
    if (name.starts_with("get-") || name.starts_with("describe-") || name.starts_with("kubectl-"))
      return true;
  }
  return false;
}

std::vector<fs::directory_entry> sorted_entries(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    entries.push_back(*it);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.path().filename().string() < b.path().filename().string();
  });
  return entries;
}

bool real_dir(const fs::directory_entry& e) {
  std::error_code ec;
  return e.is_directory(ec) && !e.is_symlink(ec);  // links are not followed, as in the walk
}

// Whether a collection is at or below `dir` (depth-bounded: dumps nest a few
// levels, archives of logs deeper).
bool holds_collection(const fs::path& dir, int depth = 4) {
  if (is_collection(dir)) return true;
  if (depth == 0) return false;
  for (const auto& e : sorted_entries(dir))
    if (real_dir(e) && holds_collection(e.path(), depth - 1)) return true;
  return false;
}

void units_of(const fs::path& dir, const std::string& display, const fs::path& root,
              std::vector<std::string>& out, std::vector<std::string>* notes) {
  auto entries = sorted_entries(dir);
  auto child_of = [&](const fs::directory_entry& e) {
    std::string name = e.path().filename().string();
    return display.empty() || display.back() == '/' ? display + name : display + "/" + name;
  };
  // A collection, or one collection with the logs saved beside it (a
  // cluster/ and a logs/ directory): the files explain each other.
  size_t with_state = 0;
  for (const auto& e : entries)
    if (real_dir(e) && holds_collection(e.path())) ++with_state;
  if (is_collection(dir) || with_state == 1) {
    out.push_back(display);
    return;
  }
  // Logs alone, or several collections: each entry on its own.
  // What a walk passes over is no unit (and its note is said once).
  for (const auto& e : entries) {
    std::string note;
    switch (classify(e, root, child_of(e), note)) {
      case Entry::Descend: units_of(e.path(), child_of(e), root, out, notes); break;
      case Entry::Read: out.push_back(child_of(e)); break;
      case Entry::Silent: break;
      case Entry::Noted:
        if (notes) notes->push_back(std::move(note));
        break;
    }
  }
}

}  // namespace

std::vector<std::string> units(const std::vector<std::string>& paths,
                               std::vector<std::string>* notes) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) {
      size_t before = out.size();
      units_of(p, p, p, out, notes);
      if (out.size() == before) out.push_back(p);  // read, to say that it holds nothing
    } else
      out.push_back(p);
  }
  return out;
}

std::vector<std::pair<size_t, std::string>> shard(const std::vector<std::string>& paths, size_t k,
                                                  size_t n, std::vector<std::string>* notes) {
  std::vector<std::pair<size_t, std::string>> out;
  std::vector<std::string> all = units(paths, notes);
  for (size_t i = 0; i < all.size(); ++i)
    if (n > 0 && i % n == k - 1) out.emplace_back(i, all[i]);
  return out;
}

bool ingest_paths(const std::vector<std::string>& paths, model::Store& store, const Options& opts) {
  // Consecutive file arguments are read together, in parallel (documents
  // still come in argument order).
  bool ok = true;
  std::vector<std::pair<fs::path, std::string>> files;
  auto flush = [&] {
    if (files.empty()) return;
    try {
      ok &= read_files(files, store, opts);
    } catch (const std::exception& ex) {
      for (const auto& f : files)
        add_error(store, f.second, std::string("cannot read: ") + ex.what());
      ok = false;
    }
    files.clear();
  };
  for (const auto& p : paths) {
    std::error_code ec;
    if (p != "-" && fs::is_regular_file(p, ec)) {
      files.emplace_back(p, p);
      continue;
    }
    flush();
    // Nothing escapes: running out of memory on one input is an error
    // document for it (documents added before stay).
    try {
      ok &= ingest_one(p, store, opts);
    } catch (const std::exception& ex) {
      add_error(store, p == "-" ? "<stdin>" : p, std::string("cannot read: ") + ex.what());
      ok = false;
    }
  }
  flush();
  return ok;
}

bool ingest_bytes(const std::string& display, std::string_view bytes, model::Store& store,
                  const Options& opts) {
  if (bytes.size() > opts.max_file_bytes) {
    add_error(store, display,
              "exceeds the limit of " + std::to_string(opts.max_file_bytes) + " bytes");
    return false;
  }
  std::shared_ptr<char[]> copy(new char[bytes.size() + model::kReadPadding]());
  if (!bytes.empty()) std::memcpy(copy.get(), bytes.data(), bytes.size());
  return add_bytes(display, std::shared_ptr<const char[]>(std::move(copy)), bytes.size(), store,
                   opts);
}

}  // namespace kubesift::ingest
