// libFuzzer target: archives and compressed streams (tar, gzip, bzip2, xz,
// zstd, zip, nested), read from memory under small limits. No member may be
// named outside the archive, and the limits must hold.
#include <algorithm>

#include "fuzz_common.h"
#include "kubesift/ingest/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kubesift;
  ingest::Options opts;
  opts.max_member_bytes = 1 << 20;
  opts.max_input_bytes = 4 << 20;
  opts.ratio_check_after_bytes = 64 << 10;
  opts.max_archive_entries = 1000;
  model::Store store;
  ingest::ingest_bytes("in", fuzz::view(data, size), store, opts);
  uint64_t kept = 0;
  for (const auto& d : store.documents()) {
    if (d.path != "in" && d.path.rfind("in:", 0) != 0) fuzz::broken("a document named outside");
    // A member path with a ".." component is named by an error, never read.
    // (A member's own name may hold ':', the separator of nested archives:
    // components are split at '/' only.)
    bool dotdot = false;
    for (size_t i = 0; i <= d.path.size();) {
      size_t j = std::min(d.path.find('/', i), d.path.size());
      dotdot |= d.path.compare(i, j - i, "..") == 0;
      i = j + 1;
    }
    if (dotdot && (d.error.empty() || !d.text().empty()))
      fuzz::broken("a member path with '..' read");
    if (d.text().size() > opts.max_member_bytes) fuzz::broken("a member over its limit");
    kept += d.text().size();
  }
  if (kept > opts.max_input_bytes) fuzz::broken("more kept than the input limit");
  return 0;
}
