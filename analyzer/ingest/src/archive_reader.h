// Archives and compressed streams, read in memory with libarchive.
// Internal to the ingest layer; the contract is in kubesift/ingest/ingest.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/ingest/ingest.h"

namespace kubesift::ingest::detail {

// What the first bytes of a content say it is.
enum class Container { None, Compressed, Tar, Zip };

// How many leading bytes sniff() wants (a tar header; two zero blocks for
// an empty tar).
inline constexpr size_t kSniffBytes = 1024;

// Decides from the magic bytes alone; `head` may be shorter than
// kSniffBytes (short files).
Container sniff(std::string_view head);

// A document to add: content, or an error.
struct Item {
  std::string path;
  std::string content;
  std::string error;
  // Instead of `content`: a file's bytes in memory of their own (read.h).
  std::shared_ptr<const char[]> buffer = nullptr;
  size_t size = 0;
  size_t padding = 0;   // readable bytes past `size` (model::kReadPadding or 0)
  bool mapped = false;  // `buffer` is a file mapped (File::whole)
  // Instead of both: the consumer that took the bytes (Options::stream).
  std::shared_ptr<MemberStream> stream = nullptr;
  // Instead of a document: a sentence for the store's notes (what an
  // archive holds that was not read).
  std::string note = {};
};

// Reads the archive or compressed file at `file` (streamed from disk) and
// appends its documents, named `display` + ":" + member path (or `display`
// for a single compressed stream), to `out`.
// `kind` is what sniff() said of the first bytes.
void read_archive_file(const std::string& file, const std::string& display, Container kind,
                       const Options& opts, std::vector<Item>& out);

// The same for bytes already in memory (stdin).
void read_archive_memory(std::string_view data, const std::string& display, Container kind,
                         const Options& opts, std::vector<Item>& out);

}  // namespace kubesift::ingest::detail
