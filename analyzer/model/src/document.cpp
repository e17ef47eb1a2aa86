#include "kubesift/model/document.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "kubesift/model/objects.h"

namespace kubesift::model {

std::string_view to_string(Format f) {
  switch (f) {
    case Format::Unknown: return "unknown";
    case Format::Empty: return "empty";
    case Format::Binary: return "binary";
    case Format::KubeJson: return "kube-json";
    case Format::KubeYaml: return "kube-yaml";
    case Format::DescribeText: return "kubectl-describe";
    case Format::GetTable: return "kubectl-get-table";
    case Format::LogText: return "log-text";
    case Format::LogJsonLines: return "log-json-lines";
    case Format::Metadata: return "layout-metadata";
    case Format::CollectionErrors: return "collection-errors";
    case Format::OtherData: return "other-data";
    case Format::ClusterInfoDump: return "cluster-info-dump";
  }
  return "unknown";
}

void Document::index_lines() const {
  if (!line_starts_.empty()) return;
  line_starts_.push_back(0);
  const std::string_view t = text();
  const char* base = t.data();
  const char* end = base + t.size();
  const char* p = base;
  // A mapped file's pages go again once indexed (a finding's lines come
  // back on their own when quoted).
  constexpr size_t kWindow = size_t{16} << 20;
  size_t released = 0;
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    if (p < end) line_starts_.push_back(static_cast<uint32_t>(p - base));
    if (static_cast<size_t>(p - base) - released >= kWindow) {
      release(released, static_cast<size_t>(p - base));
      released = static_cast<size_t>(p - base);
    }
  }
}

void Document::compact(std::vector<uint32_t> keep) {
  if (compacted_) return;
  uint32_t n = line_count();
  std::sort(keep.begin(), keep.end());
  keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
  for (uint32_t l : keep)
    if (l >= 1 && l <= n) kept_.emplace_back(l, std::string(line(l)));
  compacted_lines_ = n;
  compacted_ = true;
  std::string().swap(content);
  buffer_.reset();
  buffer_size_ = 0;
  std::vector<uint32_t>().swap(line_starts_);
}

void Document::set_streamed(std::string head, uint32_t lines,
                            std::vector<std::pair<uint32_t, std::string>> kept) {
  content = std::move(head);
  buffer_.reset();
  buffer_size_ = 0;
  std::vector<uint32_t>().swap(line_starts_);
  std::sort(kept.begin(), kept.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  kept_ = std::move(kept);
  compacted_lines_ = lines;
  compacted_ = true;
}

uint32_t Document::line_count() const {
  if (compacted_) return compacted_lines_;
  if (text().empty()) return 0;
  index_lines();
  return static_cast<uint32_t>(line_starts_.size());
}

std::string_view Document::line(uint32_t n) const {
  if (compacted_) {
    auto it = std::lower_bound(kept_.begin(), kept_.end(), n,
                               [](const auto& k, uint32_t v) { return k.first < v; });
    return it != kept_.end() && it->first == n ? std::string_view(it->second) : std::string_view();
  }
  if (n == 0 || n > line_count()) return {};
  size_t start = line_starts_[n - 1];
  const std::string_view t = text();
  size_t end = n < line_starts_.size() ? line_starts_[n] : t.size();
  std::string_view s(t.data() + start, end - start);
  if (!s.empty() && s.back() == '\n') s.remove_suffix(1);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

bool Document::has_line(uint32_t n) const {
  if (!compacted_) return n >= 1 && n <= line_count();
  auto it = std::lower_bound(kept_.begin(), kept_.end(), n,
                             [](const auto& k, uint32_t v) { return k.first < v; });
  return it != kept_.end() && it->first == n;
}

void Document::release(size_t begin, size_t end) const {
  if (!buffer_ || !buffer_mapped_) return;
  std::string_view t = text();
  end = std::min(end, t.size());
  static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  // Whole pages only (the buffer starts on a page: it is a mapping).
  auto from = reinterpret_cast<uintptr_t>(t.data() + std::min(begin, end));
  auto to = reinterpret_cast<uintptr_t>(t.data() + end);
  from = (from + page - 1) / page * page;
  to = to / page * page;
  if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

size_t Document::readable_after(std::string_view part) const {
  const char* base = buffer_ ? buffer_.get() : content.data();
  size_t size = buffer_ ? buffer_size_ : content.size();
  size_t cap = buffer_ ? buffer_size_ + buffer_pad_ : content.capacity();
  if (part.data() < base || part.data() + part.size() > base + size) return 0;
  return static_cast<size_t>(base + cap - (part.data() + part.size()));
}

uint32_t Document::line_of_offset(size_t offset) const {
  if (compacted_) return 0;
  index_lines();
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(),
                             static_cast<uint32_t>(std::min(offset, text().size())));
  return static_cast<uint32_t>(it - line_starts_.begin());
}

bool LogFile::holds(uint32_t line) const {
  if (!lines.empty()) return std::binary_search(lines.begin(), lines.end(), line);
  return line >= first_line && line <= last_line;
}

}  // namespace kubesift::model
