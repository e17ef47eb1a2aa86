// Compressed streams decoded once, piece by piece, for the archive reader
// to read the result as a tar, a zip or one document. Gzip is inflated with
// zlib, which verifies each member's CRC32 and length (libarchive's gzip
// filter checks neither); bzip2, xz and zstd go through libarchive's filters,
// which verify their own checks.
// Internal to the ingest layer; the contract is in kubesift/ingest/ingest.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace kubesift::ingest::detail {

class Decoder {
 public:
  virtual ~Decoder() = default;
  // The next decompressed bytes, valid until the next call: their number,
  // 0 at the end of the stream, -1 when it is corrupt or cannot be read
  // (error() says why; later calls give -1 again).
  virtual int64_t next(const char** bytes) = 0;
  // Compressed bytes consumed so far, for the compression ratio.
  virtual uint64_t consumed() const = 0;
  // Decompressed bytes given so far.
  uint64_t produced() const { return produced_; }
  const std::string& error() const { return error_; }

 protected:
  uint64_t produced_ = 0;
  std::string error_;
};

// gzip's CRC-32 of `n` bytes continuing `crc` (0 to start), as zlib's
// crc32() gives it; with carry-less multiplication where the CPU has it,
// about four times zlib's table code (1.2.13), whose cost shows on a large
// log otherwise.
uint32_t crc32(uint32_t crc, const unsigned char* p, size_t n);

// A decoder for the compressed file `path` (or the bytes `data`, which must
// outlive it), chosen from its magic bytes; nullptr with `error` set when
// it cannot be opened or its compression is not one we read.
std::unique_ptr<Decoder> open_decoder(const std::string& path, std::string& error);
std::unique_ptr<Decoder> open_decoder(std::string_view data, std::string& error);

}  // namespace kubesift::ingest::detail
