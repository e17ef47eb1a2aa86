// A regular file's bytes in memory: mapped (files of 1 MiB and more), or
// read into a buffer of their own (KUBESIFT_READ=read: every file), so that
// a bulk scan pays neither a zero fill nor, mapped, the kernel's copy
// (bench/RESULTS.md compares the two).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace kubesift::ingest::detail {

class File {
 public:
  explicit File(const std::string& path);
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  bool ok() const { return fd_ >= 0; }
  // Up to `n` first bytes ("" on error).
  std::string head(size_t n);
  // The whole file, `size` bytes as stat saw them (a file that shrank
  // since gives what is left): "" or what went wrong. model::kReadPadding
  // bytes past the end are readable (zeros). `mapped`: the bytes are the
  // file mapped (its pages may be dropped and are read again on use).
  std::string whole(size_t size, std::shared_ptr<const char[]>& bytes, size_t& got, bool& mapped);
  void close();

 private:
  int fd_ = -1;
};

// All of a stream (stdin) into memory of its own, at most `limit` bytes:
// "" or what went wrong (a stream longer than `limit` is an error, and is
// not read further). The buffer grows in place (mremap), so the peak is the
// size read, not twice it; model::kReadPadding bytes past the end are
// readable (zeros).
std::string read_stream(int fd, uint64_t limit, std::shared_ptr<const char[]>& bytes, size_t& got);

// Pages of mapped files found cut short while read (read as zeros).
extern std::atomic<uint64_t> g_truncated;

}  // namespace kubesift::ingest::detail
