// Ingest: paths on the command line → documents in the store.
//
// Directories are walked recursively in byte order of their entry names, so
// the same input always yields the same document order. Symbolic links to
// directories are not followed. "-" reads stdin. Nothing here parses, prints
// or exits; whatever cannot be read becomes a document that carries an error,
// so the report can list it with everything else.
//
// Archives and compressed files (support bundles, must-gathers, rotated
// logs) are read in memory with libarchive; nothing is ever extracted to
// disk. A compressed stream is decompressed once, before libarchive reads
// the result as a tar, a zip or one document: gzip inflated with zlib, each
// member's CRC32 and length checked (concatenated members are one stream;
// bytes after the last member that are no gzip member are ignored, as
// gzip -d does), bzip2, xz and zstd with libarchive's filters.
//
// What is an archive: decided from the content's first bytes, never from the
// name, for files given or found in a directory, for stdin and for archive
// members alike:
//   - compressed: gzip (1f 8b), bzip2 ("BZh" + block magic), xz, zstd;
//   - tar: "ustar" at offset 257, a v7 tar header with a valid checksum, or
//     1024 zero bytes (the end blocks of an empty tar);
//   - zip: "PK\3\4" (or "PK\5\6", an empty zip).
// A compressed stream that holds a tar (or zip) is an archive. A compressed
// stream that holds anything else is ONE document: its decompressed content,
// under the path of the compressed file itself (rotated/1.log.2023….gz).
// One that holds another compressed stream (gzip in gzip) reads it as an
// archive nested one level deeper.
//
// Path scheme: each regular-file member of an archive is a document named
//   ARCHIVE_PATH ":" MEMBER_PATH
// e.g. bundle.tar.gz:support-bundle/cluster-resources/pods/default.json.
// Archives inside archives are read recursively, up to max_archive_depth
// levels, and their members are named by the whole chain:
//   outer.zip:inner.tar.gz:logs/app.log
// Member paths are shown normalised: leading "/", "." and empty components
// are dropped. A member path with a ".." component is not read (an error
// document "unsafe path in archive, skipped" names it).
//
// Order: the members of one archive are added sorted by member path, compared
// component by component in byte order (the order the directory walk gives
// the same files once extracted), ties in archive order. A nested archive's
// documents take the place of the member that held it. An error about a
// member takes that member's place; one about the archive as a whole (a
// damaged header, the entry limit) comes after its members.
//
// Not read: directory entries (in silence), symbolic links (never
// followed), hard links without data of their own, devices, FIFOs and
// sockets. One note per archive in the store's notes names them ("Not
// read: bundle.tar.gz holds 2 symbolic links (a, b), 1 FIFO (f); …", five
// names of each kind at most); a hard link to a member of the archive is
// not said (that file is read under its own name).
//
// An archive that yields nothing, read as an input of its own, is an error
// document: "empty archive: no file in it", or "no regular file in this
// archive (…)" when it holds only directories, links or special files. An
// empty archive inside an archive (a collector that found nothing to copy
// writes an empty tar) is a note instead. A compressed stream with no file
// in it that decompresses past 1 MiB is an error: "holds no file: N bytes
// of zeros decompressed (decompression bomb?)" (zeros read as a tar are its
// end), or the limit it hit first.
//
// Limits (Options below) protect against decompression bombs. Each hit is an
// error document naming the member (the archive, for the entry limit): "…
// exceeds the limit of N bytes (decompression bomb?)"; what was read before
// it is kept:
//   - a member over max_member_bytes, or whose size / compressed size ratio
//     passes max_compression_ratio once it is past ratio_check_after_bytes,
//     is dropped and reading continues with the next member;
//   - past max_input_bytes uncompressed bytes or max_archive_entries entries
//     for one input (the whole chain of nested archives in it), reading of
//     that input stops.
// Once a compressed archive has ended (a tar's end blocks, a zip's central
// directory), the rest of its stream is decompressed too, counted towards
// max_input_bytes and the ratio (over the whole stream: "after the end of
// the archive, …"), so that a bomb cannot hide after the end and the
// stream's own check (gzip's CRC) is verified.
// Corrupt or truncated data: an error document with the archive path (and
// member, when known) and the decoder's or libarchive's message ("gzip CRC
// mismatch …"); members read completely before the damage are kept. A
// member that was partly read is dropped, not kept truncated. A CRC is
// checked at the end of its gzip member: the members of a tar read before
// that are kept. A tar header whose checksum fails ends the archive with
// "corrupt archive: a damaged header (bad checksum) after member M …": what
// follows it cannot be trusted to be where the archive says.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/model/store.h"

namespace kubesift::ingest {

// A member or compressed file taken piece by piece instead of kept whole
// (a large log): see Options::stream.
class MemberStream {
 public:
  virtual ~MemberStream() = default;
  // The next bytes, in order.
  virtual void data(std::string_view bytes) = 0;
  // The document for it, once in the store (path set; `error` set when the
  // reading failed midway): the consumer gives it its content.
  virtual void done(model::Document& doc) = 0;
};

struct Options {
  // Plain (not compressed, not archive) files larger than this are refused
  // with an error (not read). Archives are streamed from disk and bounded
  // by the limits below instead.
  uint64_t max_file_bytes = 2ull << 30;  // 2 GiB

  // One archive member (or one decompressed stream) larger than this is
  // dropped with an error. Documents index lines with 32-bit offsets, so
  // this must stay below 4 GiB.
  uint64_t max_member_bytes = 1ull << 30;  // 1 GiB

  // Uncompressed bytes read from one input (a file, stdin, and every
  // archive nested in it), counting both the members kept and the data
  // decompressed only to be skipped. Everything kept stays in memory for
  // the whole analysis, so this is a memory bound: 4 GiB is well above real
  // support bundles and must-gathers (tens of MB to a few GB) and still
  // leaves room for the parsed model on an 8–16 GB machine. It is a fixed
  // number, not derived from the machine's memory, so the same input gives
  // the same report everywhere.
  uint64_t max_input_bytes = 4ull << 30;  // 4 GiB

  // A member whose uncompressed size passes max_compression_ratio times the
  // compressed bytes it was read from, once it is past
  // ratio_check_after_bytes, is dropped. Logs and JSON compress 5–50:1;
  // deflate bombs reach ~1000:1, xz/zstd far more.
  uint64_t max_compression_ratio = 200;
  uint64_t ratio_check_after_bytes = 1ull << 20;  // 1 MiB

  // Entries (files, directories, links) in one input, nested archives
  // included. Must-gathers hold tens of thousands of files.
  uint64_t max_archive_entries = 200000;

  // A decompressed member (or compressed file) that grows past
  // `stream_after_bytes` is offered to `stream` (when set) with its path and
  // the bytes read so far: a consumer it returns takes those and the rest
  // as they are decompressed, nullptr keeps the member whole. A streamed
  // member is not held in memory, so max_member_bytes and max_input_bytes
  // do not bound it; the compression ratio still does. Called from the
  // threads that read files.
  uint64_t stream_after_bytes = 16ull << 20;
  std::function<std::shared_ptr<MemberStream>(const std::string& path, std::string_view head)>
      stream;

  // Archives inside archives are opened up to this many levels (the
  // outermost archive is level 1). A deeper one is an error document.
  int max_archive_depth = 3;
};

// Adds the documents found under `paths` (files, files in directories,
// archive members) to the store. Returns false if anything could not be
// read (the store then holds a document with the error for it).
bool ingest_paths(const std::vector<std::string>& paths, model::Store& store,
                  const Options& opts = {});

// Adds the documents of `bytes` (an archive's members, or one document) as
// ingest_paths would for a file of that content, named `display`. Standard
// input ("-") is read this way, under the file limit (max_file_bytes).
bool ingest_bytes(const std::string& display, std::string_view bytes, model::Store& store,
                  const Options& opts = {});

// Files of 1 MiB and more are mapped into memory rather than read (set
// KUBESIFT_READ=read to read every file). A mapped file that another process
// cuts short while it is read gives zero bytes past its new end instead of
// a crash: the number of such pages, for a note.
uint64_t mapped_pages_lost();

// The units a run over `paths` is split into for --shard, in the order one
// run reads them. A file argument (or stdin) is one unit. A directory is
// one unit when it is a collection whose files explain each other (a
// support bundle, a must-gather, a cluster-info or namespace dump, kubectl
// output saved together: any file named like get-*/describe-*, pods.json,
// events.json, version.yaml, a marker directory such as cluster-resources,
// namespaces or cluster-scoped-resources), or when exactly one of its
// subdirectories holds such a collection (state with its logs saved beside
// it: cluster/ and logs/). Otherwise (logs alone, or several collections)
// each of its entries is a unit, and a subdirectory is judged the same way.
// Archives are files: never split. Two units holding the same cluster's
// objects (a describe and a JSON dump of the same pods) are not joined by a
// merge: give each cluster's state once.
// What a directory walk passes over (links to directories or out of the
// tree, dangling links, FIFOs, sockets, devices) is no unit; `notes` gets a
// sentence for each (ingest_paths puts the same in the store's notes).
std::vector<std::string> units(const std::vector<std::string>& paths,
                               std::vector<std::string>* notes = nullptr);

// The units of shard `k` of `n` (1 <= k <= n): every n-th unit in order,
// starting with the k-th, with their indices in units(). Shards are
// disjoint and together hold every unit.
std::vector<std::pair<size_t, std::string>> shard(const std::vector<std::string>& paths, size_t k,
                                                  size_t n,
                                                  std::vector<std::string>* notes = nullptr);

}  // namespace kubesift::ingest
