#include "decompress.h"

#include <archive.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace kubesift::ingest::detail {
namespace {

#if defined(__x86_64__)
#define KS_CLMUL __attribute__((target("pclmul,sse4.1")))

KS_CLMUL inline __m128i load(const unsigned char* q) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
}

// `x` carried 128 bits on by the constants `k`, into `next`.
KS_CLMUL inline __m128i fold(__m128i x, __m128i next, __m128i k) {
  __m128i lo = _mm_clmulepi64_si128(x, k, 0x00);
  return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x11), next), lo);
}

// Folds 64 bytes at a time with carry-less multiplication, then reduces to
// 32 bits (Intel, "Fast CRC Computation for Generic Polynomials Using
// PCLMULQDQ", constants for the bit-reflected gzip polynomial). `crc` is
// the running value, not inverted; `n` is at least 64, a multiple of 16.
KS_CLMUL uint32_t crc32_clmul(uint32_t crc, const unsigned char* p, size_t n) {
  alignas(16) static const uint64_t k1k2[] = {0x0154442bd4, 0x01c6e41596};
  alignas(16) static const uint64_t k3k4[] = {0x01751997d0, 0x00ccaa009e};
  alignas(16) static const uint64_t k5k0[] = {0x0163cd6124, 0x0000000000};
  alignas(16) static const uint64_t poly[] = {0x01db710641, 0x01f7011641};
  __m128i x1 = load(p), x2 = load(p + 16), x3 = load(p + 32), x4 = load(p + 48);
  x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x0 = _mm_load_si128(reinterpret_cast<const __m128i*>(k1k2));
  p += 64;
  n -= 64;
  while (n >= 64) {
    __m128i x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
    __m128i x6 = _mm_clmulepi64_si128(x2, x0, 0x00);
    __m128i x7 = _mm_clmulepi64_si128(x3, x0, 0x00);
    __m128i x8 = _mm_clmulepi64_si128(x4, x0, 0x00);
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, x0, 0x11), x5), load(p));
    x2 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x2, x0, 0x11), x6), load(p + 16));
    x3 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x3, x0, 0x11), x7), load(p + 32));
    x4 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x4, x0, 0x11), x8), load(p + 48));
    p += 64;
    n -= 64;
  }
  // Four lanes into one, then 16 bytes at a time.
  x0 = _mm_load_si128(reinterpret_cast<const __m128i*>(k3k4));
  x1 = fold(fold(fold(x1, x2, x0), x3, x0), x4, x0);
  for (; n >= 16; p += 16, n -= 16) x1 = fold(x1, load(p), x0);
  // 128 bits to 64, then Barrett reduction to 32.
  __m128i t = _mm_clmulepi64_si128(x1, x0, 0x10);
  const __m128i mask = _mm_setr_epi32(~0, 0, ~0, 0);
  x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), t);
  x0 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(k5k0));
  t = _mm_srli_si128(x1, 4);
  x1 = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x1, mask), x0, 0x00), t);
  x0 = _mm_load_si128(reinterpret_cast<const __m128i*>(poly));
  t = _mm_clmulepi64_si128(_mm_and_si128(x1, mask), x0, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, mask), x0, 0x00);
  return static_cast<uint32_t>(_mm_extract_epi32(_mm_xor_si128(x1, t), 1));
}

#undef KS_CLMUL

const bool kClmul = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
#endif

constexpr size_t kIn = 256 * 1024;
constexpr size_t kOut = 64 * 1024;

// Gzip, inflated with zlib: each member's trailer (CRC32 and length) is
// verified; members follow one another (concatenated gzip, as `cat a.gz
// b.gz` makes) until the input ends or holds something that is no member.
class GzipDecoder final : public Decoder {
 public:
  GzipDecoder(int fd, std::string_view data) : fd_(fd), out_(kOut) {
    if (fd_ >= 0) {
      in_.resize(kIn);
      z_.next_in = in_.data();
    } else {
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      mem_end_ = z_.next_in + data.size();
    }
  }
  ~GzipDecoder() override {
    if (ready_) inflateEnd(&z_);
    if (fd_ >= 0) ::close(fd_);
  }
  GzipDecoder(const GzipDecoder&) = delete;
  GzipDecoder& operator=(const GzipDecoder&) = delete;

  bool init(std::string& error) {
    // 15 + 16: a gzip wrapper only, with the largest window.
    if (inflateInit2(&z_, 15 + 16) != Z_OK) {
      error = "cannot decompress: out of memory";
      return false;
    }
    ready_ = true;
    // The trailer is checked here, with the faster CRC (zlib's check off
    // skips the rarely set header CRC16 too).
    inflateValidate(&z_, 0);
    return true;
  }

  int64_t next(const char** bytes) override {
    if (!error_.empty()) return -1;
    if (ended_) return 0;
    z_.next_out = out_.data();
    z_.avail_out = static_cast<uInt>(out_.size());
    while (z_.avail_out > 0 && error_.empty()) {
      if (between_) {
        // After a member: another one, or the end (bytes that are no
        // member are ignored, as gzip -d does).
        if (!fill(2)) break;
        if (z_.avail_in < 2 || z_.next_in[0] != 0x1f || z_.next_in[1] != 0x8b) {
          ended_ = true;
          break;
        }
        inflateReset(&z_);
        inflateValidate(&z_, 0);
        between_ = false;
        crc_ = 0;
        length_ = 0;
      }
      if (z_.avail_in == 0) {
        if (!fill(1)) break;
        if (z_.avail_in == 0) {
          error_ = "unexpected end of gzip data (truncated?)";
          break;
        }
      }
      uInt before = z_.avail_in;
      Bytef* from = z_.next_out;
      int r = inflate(&z_, Z_NO_FLUSH);
      consumed_ += before - z_.avail_in;
      size_t made = static_cast<size_t>(z_.next_out - from);
      crc_ = detail::crc32(crc_, from, made);
      length_ += made;
      if (r == Z_STREAM_END) {
        between_ = true;
        check_trailer();
      } else if (r != Z_OK && r != Z_BUF_ERROR) {
        error_ = message(r);
      }
    }
    size_t n = out_.size() - z_.avail_out;
    produced_ += n;
    // Bytes decoded before an error are given first; the error comes with
    // the next call.
    if (n > 0) {
      *bytes = reinterpret_cast<const char*>(out_.data());
      return static_cast<int64_t>(n);
    }
    return error_.empty() ? 0 : -1;
  }

  uint64_t consumed() const override { return consumed_; }

 private:
  std::string message(int r) const {
    if (r == Z_MEM_ERROR) return "cannot decompress: out of memory";
    return std::string("invalid gzip data (") + (z_.msg != nullptr ? z_.msg : "no detail") + ")";
  }

  // A member's trailer: the 8 bytes inflate consumed last (fill() keeps
  // them in the buffer), its CRC32 and length (mod 2^32), little-endian.
  void check_trailer() {
    const Bytef* t = z_.next_in - 8;
    auto le32 = [](const Bytef* q) {
      return uint32_t{q[0]} | uint32_t{q[1]} << 8 | uint32_t{q[2]} << 16 | uint32_t{q[3]} << 24;
    };
    if (le32(t) != crc_)
      error_ = "gzip CRC mismatch (the data does not match its checksum)";
    else if (le32(t + 4) != static_cast<uint32_t>(length_))
      error_ = "gzip length mismatch (the data is not the size its trailer says)";
  }

  // At least `want` input bytes ready unless the input ends first; false
  // (error_ set) when the file cannot be read.
  bool fill(size_t want) {
    if (z_.avail_in >= want || input_end_) return true;
    if (fd_ < 0) {
      // In memory: the rest is contiguous, given in pieces zlib can count.
      size_t rest = static_cast<size_t>(mem_end_ - z_.next_in);
      z_.avail_in = static_cast<uInt>(std::min<size_t>(rest, kMemPiece));
      input_end_ = rest <= kMemPiece;
      return true;
    }
    // The last bytes consumed stay before the new ones: a trailer that
    // ends a read is checked from there.
    size_t keep = std::min<size_t>(kKeep, static_cast<size_t>(z_.next_in - in_.data()));
    std::memmove(in_.data(), z_.next_in - keep, keep + z_.avail_in);
    size_t have = keep + z_.avail_in;
    want += keep;
    while (have < want) {
      ssize_t n = ::read(fd_, in_.data() + have, in_.size() - have);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error_ = std::string("cannot read: ") + std::strerror(errno);
        return false;
      }
      if (n == 0) {
        input_end_ = true;
        break;
      }
      have += static_cast<size_t>(n);
    }
    z_.next_in = in_.data() + keep;
    z_.avail_in = static_cast<uInt>(have - keep);
    return true;
  }

  static constexpr size_t kMemPiece = 1u << 30;
  static constexpr size_t kKeep = 8;

  int fd_;
  Bytef* mem_end_ = nullptr;
  std::vector<Bytef> in_;
  std::vector<Bytef> out_;
  z_stream z_{};
  bool ready_ = false;
  bool input_end_ = false;
  bool between_ = false;  // a member ended; another may follow
  bool ended_ = false;
  uint64_t consumed_ = 0;
  uint32_t crc_ = 0;     // of the current member so far
  uint64_t length_ = 0;  // its bytes so far
};

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};

// bzip2, xz and zstd: libarchive's filters under its raw format, which
// gives the decompressed stream as it comes. Filters are registered only
// when libarchive has the library built in: otherwise it would run an
// external program (bzip2 -d, zstd -d), which we never want.
class FilterDecoder final : public Decoder {
 public:
  bool open(const std::string* path, std::string_view data, std::string& error) {
    a_.reset(archive_read_new());
    archive* a = a_.get();
    if (a == nullptr) {
      error = "cannot decompress: out of memory";
      return false;
    }
    if (archive_bzlib_version() != nullptr) archive_read_support_filter_bzip2(a);
    if (archive_liblzma_version() != nullptr) archive_read_support_filter_xz(a);
    if (archive_libzstd_version() != nullptr) archive_read_support_filter_zstd(a);
    archive_read_support_format_raw(a);
    archive_read_support_format_empty(a);
    int r = path != nullptr ? archive_read_open_filename(a, path->c_str(), 128 * 1024)
                            : archive_read_open_memory(a, data.data(), data.size());
    if (r != ARCHIVE_OK) {
      error = la_error();
      return false;
    }
    if (archive_filter_count(a) <= 1) {
      error = "its first bytes say it is compressed, but libarchive cannot decode it";
      return false;
    }
    archive_entry* e = nullptr;
    r = archive_read_next_header(a, &e);
    if (r == ARCHIVE_EOF) {
      ended_ = true;  // an empty stream
    } else if (r < ARCHIVE_WARN) {
      error = la_error();
      return false;
    }
    return true;
  }

  int64_t next(const char** bytes) override {
    if (!error_.empty()) return -1;
    while (!ended_) {
      const void* p = nullptr;
      size_t n = 0;
      la_int64_t offset = 0;
      int r = archive_read_data_block(a_.get(), &p, &n, &offset);
      if (r == ARCHIVE_EOF) break;
      if (r < ARCHIVE_WARN) {
        error_ = la_error();
        return -1;
      }
      if (n == 0) continue;
      produced_ += n;
      *bytes = static_cast<const char*>(p);
      return static_cast<int64_t>(n);
    }
    ended_ = true;
    return 0;
  }

  // What the decompressor took from the source, not what it buffered.
  uint64_t consumed() const override {
    return static_cast<uint64_t>(std::max<la_int64_t>(0, archive_filter_bytes(a_.get(), -1)));
  }

 private:
  std::string la_error() const {
    const char* s = archive_error_string(a_.get());
    return s != nullptr && *s != '\0' ? std::string(s) : std::string("no detail from libarchive");
  }

  std::unique_ptr<archive, ArchiveFree> a_;
  bool ended_ = false;
};

bool gzip_magic(std::string_view h) {
  return h.size() >= 2 && static_cast<unsigned char>(h[0]) == 0x1f &&
         static_cast<unsigned char>(h[1]) == 0x8b;
}

}  // namespace

uint32_t crc32(uint32_t crc, const unsigned char* p, size_t n) {
#if defined(__x86_64__)
  if (kClmul && n >= 64) {
    size_t bulk = n & ~size_t{15};
    crc = ~crc32_clmul(~crc, p, bulk);
    p += bulk;
    n -= bulk;
  }
#endif
  while (n > 0) {  // zlib counts lengths in uInt
    uInt piece = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    crc = static_cast<uint32_t>(::crc32(crc, p, piece));
    p += piece;
    n -= piece;
  }
  return crc;
}

std::unique_ptr<Decoder> open_decoder(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return nullptr;
  }
  char head[2] = {};
  ssize_t n = ::pread(fd, head, sizeof head, 0);
  if (gzip_magic(std::string_view(head, n > 0 ? static_cast<size_t>(n) : 0))) {
    auto d = std::make_unique<GzipDecoder>(fd, std::string_view());
    if (!d->init(error)) return nullptr;
    return d;
  }
  ::close(fd);
  auto d = std::make_unique<FilterDecoder>();
  if (!d->open(&path, {}, error)) return nullptr;
  return d;
}

std::unique_ptr<Decoder> open_decoder(std::string_view data, std::string& error) {
  if (gzip_magic(data)) {
    auto d = std::make_unique<GzipDecoder>(-1, data);
    if (!d->init(error)) return nullptr;
    return d;
  }
  auto d = std::make_unique<FilterDecoder>();
  if (!d->open(nullptr, data, error)) return nullptr;
  return d;
}

}  // namespace kubesift::ingest::detail
