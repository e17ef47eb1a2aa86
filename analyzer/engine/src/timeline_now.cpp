// When the inputs were collected: the time a must-gather or support bundle
// records of itself.
#include <algorithm>
#include <cstdio>

#include "kubesift/core/time.h"
#include "kubesift/engine/timeline.h"

namespace kubesift::engine {
namespace {

// A must-gather's `timestamp`: the start and end of the gather, each as Go
// prints a time ("2026-11-30 08:14:05.123456789 +0000 UTC m=+0.06"): the
// latest of its lines.
int64_t gather_end(const model::Document& d) {
  int64_t at = 0;
  for (uint32_t n = 1; n <= std::min<uint32_t>(d.line_count(), 4); ++n) {
    std::string line(d.line(n));
    if (size_t m = line.find(" m="); m != std::string::npos) line.resize(m);
    // The fraction of a second says nothing here.
    if (size_t dot = line.find('.'); dot != std::string::npos && dot > 10) {
      size_t end = dot + 1;
      while (end < line.size() && line[end] >= '0' && line[end] <= '9') ++end;
      line.erase(dot, end - dot);
    }
    if (auto t = epoch_seconds(line)) at = std::max(at, *t);
  }
  return at;
}

// troubleshoot names a bundle `support-bundle-2006-01-02T15_04_05`.
int64_t bundle_time(std::string_view path) {
  constexpr std::string_view kStem = "support-bundle-";
  for (size_t p = path.find(kStem); p != std::string_view::npos; p = path.find(kStem, p + 1)) {
    std::string_view t = path.substr(p + kStem.size());
    if (t.size() < 19 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != '_' || t[16] != '_')
      continue;
    std::string rfc(t.substr(0, 19));
    rfc[13] = rfc[16] = ':';
    if (auto at = epoch_seconds(rfc + "Z")) return *at;
  }
  return 0;
}

std::string_view basename(std::string_view path) {
  size_t slash = path.find_last_of("/:");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

CollectionTime collection_time(const model::Store& store) {
  CollectionTime gather, bundle;
  for (const model::Document& d : store.documents()) {
    if (basename(d.path) == "timestamp" && d.error.empty())
      if (int64_t at = gather_end(d); at > gather.at)
        gather = {at, "the must-gather's timestamp file (" + d.path + ")"};
    if (!bundle.at)
      if (int64_t at = bundle_time(d.path)) bundle = {at, "the support bundle's name"};
  }
  return gather.at ? gather : bundle;
}

}  // namespace kubesift::engine
