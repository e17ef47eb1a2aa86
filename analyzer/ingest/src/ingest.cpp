#include "kubesift/ingest/ingest.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>

namespace kubesift::ingest {
namespace {

namespace fs = std::filesystem;

void add_error(model::Store& store, const std::string& path, std::string message) {
  model::DocId id = store.add_document(path, {});
  store.doc(id).error = std::move(message);
}

bool read_file(const fs::path& p, const std::string& display, model::Store& store,
               const Options& opts) {
  std::error_code ec;
  uint64_t size = fs::file_size(p, ec);
  if (ec) {
    add_error(store, display, "cannot read: " + ec.message());
    return false;
  }
  if (size > opts.max_file_bytes) {
    add_error(store, display,
              "file is larger than the limit of " + std::to_string(opts.max_file_bytes) +
                  " bytes; not read");
    return false;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    add_error(store, display, std::string("cannot open: ") + std::strerror(errno));
    return false;
  }
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

bool walk(const fs::path& dir, const std::string& display, model::Store& store,
          const Options& opts) {
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
    if (e.is_directory(sec)) {
      ok &= walk(e.path(), child, store, opts);
    } else if (e.is_regular_file(sec)) {
      ok &= read_file(e.path(), child, store, opts);
    }
  }
  return ok;
}

}  // namespace

bool ingest_paths(const std::vector<std::string>& paths, model::Store& store, const Options& opts) {
  bool ok = true;
  for (const auto& p : paths) {
    if (p == "-") {
      std::string content((std::istreambuf_iterator<char>(std::cin)),
                          std::istreambuf_iterator<char>());
      store.add_document("<stdin>", std::move(content));
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      add_error(store, p, "no such file or directory");
      ok = false;
    } else if (fs::is_directory(st)) {
      ok &= walk(p, p, store, opts);
    } else {
      ok &= read_file(p, p, store, opts);
    }
  }
  return ok;
}

}  // namespace kubesift::ingest
