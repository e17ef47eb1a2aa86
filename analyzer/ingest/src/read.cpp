#include "read.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "kubesift/model/document.h"

namespace kubesift::ingest::detail {

std::atomic<uint64_t> g_truncated{0};

namespace {

// A mapped file cut short by someone else while it is read faults past its
// new end (SIGBUS, BUS_ADRERR): the page is replaced by zeros and the read
// goes on; the count is said (ingest::mapped_files_truncated). Any other
// SIGBUS is what it would have been.
void on_sigbus(int sig, siginfo_t* info, void*) {
  if (info && info->si_code == BUS_ADRERR && info->si_addr) {
    long page = ::sysconf(_SC_PAGESIZE);
    auto at = reinterpret_cast<uintptr_t>(info->si_addr) & ~static_cast<uintptr_t>(page - 1);
    void* p = ::mmap(reinterpret_cast<void*>(at), static_cast<size_t>(page), PROT_READ,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p != MAP_FAILED) {
      g_truncated.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Files of 1 MiB and more are mapped unless KUBESIFT_READ=read; the
// guard is installed once, before the first mapping.
bool map_files() {
  static const bool on = [] {
    const char* v = std::getenv("KUBESIFT_READ");
    if (v && std::string_view(v) == "read") return false;
    struct sigaction sa {};
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    return ::sigaction(SIGBUS, &sa, nullptr) == 0;
  }();
  return on;
}
constexpr size_t kMapFrom = 1 << 20;

}  // namespace

File::File(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}

File::~File() {
  close();
}

void File::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string File::head(size_t n) {
  std::string out(n, '\0');
  ssize_t got = ::pread(fd_, out.data(), n, 0);
  out.resize(got > 0 ? static_cast<size_t>(got) : 0);
  return out;
}

std::string File::whole(size_t size, std::shared_ptr<const char[]>& bytes, size_t& got,
                        bool& mapped) {
  got = 0;
  mapped = false;
  if (size == 0) return {};
  if (size >= kMapFrom && map_files()) {
    // The file over the start of a span of zero pages, so that the padding
    // past its end is readable whatever the file's size (a file's last
    // page reads as zeros past its end; the pages after are anonymous).
    // Not populated: pages come as they are read, and a parser that is done
    // with a part may drop it (Document::release), so a large file is never
    // resident whole.
    size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    size_t span = (size + model::kReadPadding + page - 1) / page * page;
    void* p = ::mmap(nullptr, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED && ::mmap(p, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd_, 0) == p) {
      ::madvise(p, size, MADV_SEQUENTIAL);
      bytes = std::shared_ptr<const char[]>(static_cast<const char*>(p), [span](const char* q) {
        ::munmap(const_cast<char*>(q), span);
      });
      got = size;
      mapped = true;
      return {};
    }
    if (p != MAP_FAILED) ::munmap(p, span);
  }
  // Not zero-filled but for the padding: every byte is about to be written.
  std::shared_ptr<char[]> buf(new char[size + model::kReadPadding]);
  std::memset(buf.get() + size, 0, model::kReadPadding);
  while (got < size) {
    ssize_t n = ::pread(fd_, buf.get() + got, size - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::string("read error: ") + std::strerror(errno);
    if (n == 0) break;  // shorter than when it was measured
    got += static_cast<size_t>(n);
  }
  bytes = std::move(buf);
  return {};
}

std::string read_stream(int fd, uint64_t limit, std::shared_ptr<const char[]>& bytes, size_t& got) {
  got = 0;
  size_t cap = 1 << 20;
  void* p = ::mmap(nullptr, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return std::string("cannot allocate: ") + std::strerror(errno);
  auto release = [&] { ::munmap(p, cap); };
  for (;;) {
    if (cap - got < model::kReadPadding) {  // room for the padding, always
      size_t want = cap * 2;
      void* q = ::mremap(p, cap, want, MREMAP_MAYMOVE);
      if (q == MAP_FAILED) {
        release();
        return std::string("cannot allocate: ") + std::strerror(errno);
      }
      p = q;
      cap = want;
    }
    ssize_t n = ::read(fd, static_cast<char*>(p) + got, cap - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      release();
      got = 0;
      return std::string("read error: ") + std::strerror(errno);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
    if (got > limit) {
      release();
      got = 0;
      return "exceeds the limit of " + std::to_string(limit) +
             " bytes (the same limit as a file's; save it to a file and give that, or an archive)";
    }
  }
  bytes = std::shared_ptr<const char[]>(
      static_cast<const char*>(p), [cap](const char* q) { ::munmap(const_cast<char*>(q), cap); });
  return {};
}

}  // namespace kubesift::ingest::detail

namespace kubesift::ingest {
uint64_t mapped_pages_lost() {
  return detail::g_truncated.load(std::memory_order_relaxed);
}
}  // namespace kubesift::ingest
