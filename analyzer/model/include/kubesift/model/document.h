// Documents: the bytes of one input, where they came from, and what they are.
//
// Every fact in the model points back into a Document by (doc id, line), so
// a finding can quote the exact line that proves it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubesift::model {

using DocId = uint32_t;
inline constexpr DocId kNoDoc = UINT32_MAX;

// A place in the input: document, 1-based line and (where known) 1-based
// column in Unicode code points. line 0 = unknown; col 0 = unknown.
struct SourceRef {
  DocId doc = kNoDoc;
  uint32_t line = 0;
  uint32_t col = 0;
  bool valid() const { return doc != kNoDoc && line != 0; }
};

// A problem met reading a document: what, and where (0 = unknown).
struct InputError {
  std::string message;
  uint32_t line = 0;
  uint32_t col = 0;
};

// What a document was recognised as, from its content (never its name).
enum class Format {
  Unknown,
  Empty,
  Binary,
  KubeJson,          // kubectl get -o json: one object or a List
  KubeYaml,          // -o yaml or manifests, possibly multi-document
  DescribeText,      // kubectl describe (pod, replicaset, deployment, ...)
  GetTable,          // kubectl get table (pods, events, ...)
  LogText,           // container log, plain text
  LogJsonLines,      // container log, one JSON object per line
  Metadata,          // a file of a known layout with nothing to analyse
  CollectionErrors,  // a bundle's record of what could not be collected
  OtherData,         // valid JSON/YAML holding no Kubernetes object
  ClusterInfoDump,   // kubectl cluster-info dump: logs.txt banners or the stdout stream
};

std::string_view to_string(Format f);

// Bytes that can be read past the end of a document's buffer: a parser may
// scan whole blocks (simdjson reads 64 bytes at a time) without a copy. Only
// readable; what they hold is no part of the document.
inline constexpr size_t kReadPadding = 64;

struct Document {
  DocId id = kNoDoc;
  std::string path;  // as the user gave it, joined with the place inside a directory
  // The bytes: `content`, unless they were given as a buffer (set_buffer:
  // a file mapped or read into memory of its own, shared by `text()`).
  std::string content;
  std::string_view text() const {
    std::string_view t = buffer_ ? std::string_view(buffer_.get(), buffer_size_) : content;
    // A UTF-8 byte-order mark is not text (UTF-16/32 are converted on reading).
    if (t.size() >= 3 && t.substr(0, 3) == "\xef\xbb\xbf") t.remove_prefix(3);
    return t;
  }
  // `readable_after`: the bytes past `size` that may be read (kReadPadding,
  // or 0 when the buffer has none). `mapped`: the buffer is a file mapped
  // private and read-only (its pages can be dropped, see release).
  void set_buffer(std::shared_ptr<const char[]> bytes, size_t size, size_t readable_after = 0,
                  bool mapped = false) {
    buffer_ = std::move(bytes);
    buffer_size_ = size;
    buffer_pad_ = readable_after;
    buffer_mapped_ = mapped;
  }
  // Drops from memory the pages wholly inside text()[begin, end) of a mapped
  // file: the text stays the same (a page is read again from the file when
  // used), only what is resident shrinks. A parser done with a part of a
  // large file calls it. Does nothing for text held in memory of its own.
  void release(size_t begin, size_t end) const;
  // How many bytes may be read past the end of `part`, a piece of text():
  // to the end of the buffer and its padding. 0 for text that is not this
  // document's.
  size_t readable_after(std::string_view part) const;
  Format format = Format::Unknown;
  std::string error;  // empty unless the document could not be read or parsed
  uint32_t error_line = 0;
  uint32_t error_col = 0;
  // Every problem met, the first one (`error`) included: a stream of YAML
  // documents may hold several broken ones, each said with its place.
  std::vector<InputError> errors;

  // The 1-based line `n` without its terminator ("" when out of range).
  // The line index is built on first use: the first call on a document must
  // not race with another call on the same document.
  std::string_view line(uint32_t n) const;
  uint32_t line_count() const;
  // Whether line() can answer `n` with its text: a line of the document,
  // and kept when the document is compacted.
  bool has_line(uint32_t n) const;
  // 1-based line that holds byte `offset`.
  uint32_t line_of_offset(size_t offset) const;
  // The byte offset of each line's start (the index line() uses).
  const std::vector<uint32_t>& line_starts() const {
    index_lines();
    return line_starts_;
  }

  // A log whose scan is done keeps only the lines a finding may quote (a
  // bulk scan's memory stays flat in the size of its input): `keep` (any
  // order, repeats allowed); the rest of `content` is freed. line() then
  // answers from the kept lines ("" for the others), line_count() stays.
  void compact(std::vector<uint32_t> keep);
  bool compacted() const { return compacted_; }
  // A log read as a stream, never whole in memory: compacted from the
  // start. `head` (its first lines) stays as text() for the parsers to tell
  // its format and shape; `lines` counts all its lines; `kept` holds the
  // lines a finding may quote, by line.
  void set_streamed(std::string head, uint32_t lines,
                    std::vector<std::pair<uint32_t, std::string>> kept);

 private:
  void index_lines() const;
  mutable std::vector<uint32_t> line_starts_;  // built on first use
  std::shared_ptr<const char[]> buffer_;
  size_t buffer_size_ = 0;
  size_t buffer_pad_ = 0;
  bool buffer_mapped_ = false;
  bool compacted_ = false;
  uint32_t compacted_lines_ = 0;
  std::vector<std::pair<uint32_t, std::string>> kept_;  // by line
};

}  // namespace kubesift::model
