#include "kubesift/ingest/ingest.h"

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
    model::DocId id = store.add_document(std::move(it.path), std::move(it.content));
    if (!it.error.empty()) {
      store.doc(id).error = std::move(it.error);
      ok = false;
    }
  }
  return ok;
}

bool read_file(const fs::path& p, const std::string& display, model::Store& store,
               const Options& opts) {
  std::error_code ec;
  uint64_t size = fs::file_size(p, ec);
  if (ec) {
    add_error(store, display, "cannot read: " + ec.message());
    return false;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    add_error(store, display, std::string("cannot open: ") + std::strerror(errno));
    return false;
  }
  // Archives and compressed files are told by their first bytes, and read
  // by libarchive straight from the file.
  std::string head(detail::kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (detail::Container kind = detail::sniff(head); kind != detail::Container::None) {
    in.close();
    std::vector<detail::Item> items;
    detail::read_archive_file(p.string(), display, kind, opts, items);
    return add_items(items, store);
  }
  if (size > opts.max_file_bytes) {
    add_error(store, display,
              "file is larger than the limit of " + std::to_string(opts.max_file_bytes) +
                  " bytes; not read");
    return false;
  }
  in.clear();
  in.seekg(0);
  std::string content;
  content.resize(size);
  in.read(content.data(), static_cast<std::streamsize>(size));
  content.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) {
    add_error(store, display, "read error");
    return false;
  }
  store.add_document(display, std::move(content));
  return true;
}

bool read_stdin(model::Store& store, const Options& opts) {
  const std::string display = "<stdin>";
  std::string content((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (detail::Container kind = detail::sniff(content); kind != detail::Container::None) {
    std::vector<detail::Item> items;
    detail::read_archive_memory(content, display, kind, opts, items);
    return add_items(items, store);
  }
  store.add_document(display, std::move(content));
  return true;
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

bool walk(const fs::path& dir, const std::string& display, model::Store& store, const Options& opts,
          const fs::path& root) {
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
    std::error_code sec;
    // Symbolic links to directories are not followed (loops, escapes).
    if (e.is_symlink(sec) && e.is_directory(sec)) continue;
    if (e.is_symlink(sec) && links_inside(e.path(), root)) continue;
    if (e.is_directory(sec)) {
      ok &= walk(e.path(), child, store, opts, root);
    } else if (e.is_regular_file(sec)) {
      ok &= read_file(e.path(), child, store, opts);
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
  if (fs::is_directory(st)) return walk(p, p, store, opts, p);
  return read_file(p, p, store, opts);
}

}  // namespace

bool ingest_paths(const std::vector<std::string>& paths, model::Store& store, const Options& opts) {
  bool ok = true;
  for (const auto& p : paths) {
    // Nothing escapes: running out of memory on one input is an error
    // document for it (documents added before stay).
    try {
      ok &= ingest_one(p, store, opts);
    } catch (const std::exception& ex) {
      add_error(store, p == "-" ? "<stdin>" : p, std::string("cannot read: ") + ex.what());
      ok = false;
    }
  }
  return ok;
}

}  // namespace kubesift::ingest
