#include "streamed_log.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "kubesift/parse/parse.h"

namespace kubesift::cli {
namespace {

// The first lines kept as the document's text, for the parsers (format,
// shape): what they sample is well within it.
constexpr size_t kHeadBytes = 1 << 20;
// A line longer than this (no newline in sight) is scanned in pieces of
// this size rather than held whole.
constexpr size_t kMaxLine = 16 << 20;

std::string_view whole_lines(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t nl = s.rfind('\n', max);
  return nl == std::string_view::npos ? s.substr(0, max) : s.substr(0, nl + 1);
}

class StreamedLog : public ingest::MemberStream {
 public:
  StreamedLog(const engine::Engine& eng, const std::string& path, std::string_view head,
              std::unordered_map<model::DocId, engine::LogScan>& scanned)
      : feed_(eng.scan_log_stream(path)), head_(whole_lines(head, kHeadBytes)), scanned_(scanned) {}

  void data(std::string_view b) override {
    if (!carry_.empty()) {
      const void* nl = std::memchr(b.data(), '\n', b.size());
      size_t cut = nl ? static_cast<size_t>(static_cast<const char*>(nl) - b.data()) + 1 : b.size();
      carry_.append(b.substr(0, cut));
      b.remove_prefix(cut);
      if (nl || carry_.size() >= kMaxLine) {
        scan(carry_);
        carry_.clear();
      }
      if (b.empty()) return;
    }
    size_t last = b.rfind('\n');
    if (last == std::string_view::npos) {
      carry_.assign(b);
      return;
    }
    scan(b.substr(0, last + 1));
    carry_.assign(b.substr(last + 1));
  }

  void done(model::Document& doc) override {
    if (!carry_.empty()) scan(carry_);
    carry_.clear();
    engine::LogScan r = feed_->finish();
    std::vector<std::pair<uint32_t, std::string>> kept(quoted_.begin(), quoted_.end());
    doc.set_streamed(std::string(head_), r.lines, std::move(kept));
    scanned_.emplace(doc.id, std::move(r));
  }

 private:
  // One piece of whole lines: scanned, then the text of the lines the kept
  // hits are on taken from it, and lines no hit is on any more let go.
  void scan(std::string_view piece) {
    const uint32_t first = lines_ + 1;
    feed_->feed(piece);
    uint32_t n = static_cast<uint32_t>(std::count(piece.begin(), piece.end(), '\n'));
    if (!piece.empty() && piece.back() != '\n') ++n;
    lines_ += n;
    std::vector<uint32_t> kept;
    feed_->kept_lines(kept);
    std::sort(kept.begin(), kept.end());
    kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
    std::erase_if(quoted_, [&](const auto& q) {
      return !std::binary_search(kept.begin(), kept.end(), q.first);
    });
    auto from = std::lower_bound(kept.begin(), kept.end(), first);
    if (from == kept.end() || *from > lines_) return;
    // This piece holds kept lines: walk its lines once to take them.
    uint32_t line = first;
    size_t at = 0;
    for (auto it = from; it != kept.end() && *it <= lines_; ++it) {
      while (line < *it) {
        at = piece.find('\n', at) + 1;
        ++line;
      }
      size_t end = piece.find('\n', at);
      std::string_view text = piece.substr(at, end == std::string_view::npos ? end : end - at);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      quoted_.emplace(*it, std::string(text));
    }
  }

  std::unique_ptr<engine::LogScanFeed> feed_;
  std::string head_;
  std::unordered_map<model::DocId, engine::LogScan>& scanned_;
  std::string carry_;  // the bytes of a line not ended yet
  uint32_t lines_ = 0;
  std::map<uint32_t, std::string> quoted_;  // by line
};

}  // namespace

std::shared_ptr<ingest::MemberStream> offer_log_stream(
    const engine::Engine& eng, const std::string& path, std::string_view head,
    std::unordered_map<model::DocId, engine::LogScan>& scanned) {
  // Read as the whole would be read, from its first lines.
  model::Document probe;
  probe.path = path;
  probe.content = std::string(whole_lines(head, kHeadBytes));
  model::Facts facts;
  parse::parse_document(probe, facts);
  bool log = probe.format == model::Format::LogText || probe.format == model::Format::LogJsonLines;
  if (!log || !probe.error.empty() || facts.logs.size() != 1 ||
      facts.logs.front().shape == model::LogShape::Prefixed)
    return nullptr;
  return std::make_shared<StreamedLog>(eng, path, head, scanned);
}

}  // namespace kubesift::cli
