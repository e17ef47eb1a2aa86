// libFuzzer target: every log line shape (kubectl --prefix, kubelet
// timestamps, CRI, docker json-file, JSON, klog, logfmt, plain), line by
// line. Every field must point into the line it came from (the contract of
// parse/log_line.h), times must come out as RFC 3339 or not at all, and
// JSON unescaping must give valid UTF-8.
#include "fuzz_common.h"
#include "kubesift/core/text.h"
#include "kubesift/parse/log_line.h"

namespace {

using kubesift::fuzz::broken;

void inside(std::string_view field, std::string_view line, const char* name) {
  if (field.empty()) return;
  if (field.data() < line.data() || field.data() + field.size() > line.data() + line.size())
    broken(std::string(name) + " does not point into its line");
}

void one_line(std::string_view line) {
  using namespace kubesift;
  model::LogLineFields f = parse::split_log_line(line);
  inside(f.prefix_pod, line, "prefix_pod");
  inside(f.prefix_container, line, "prefix_container");
  inside(f.timestamp, line, "timestamp");
  inside(f.stream, line, "stream");
  inside(f.payload, line, "payload");
  inside(f.message, line, "message");
  parse::log_level(line);
  std::string_view pod, container;
  if (parse::split_log_prefix(line, pod, container) > line.size()) broken("prefix past the line");
  if (parse::rfc3339_prefix(line) > line.size()) broken("timestamp past the line");
  if (!f.timestamp.empty()) {
    std::string t = parse::utc_time(f.timestamp);
    if (!t.empty() && (t.size() != 24 || t.back() != 'Z'))
      broken("a time that is not RFC 3339 UTC");
  }
  if (f.message_escaped) {
    std::string m = parse::unescape_json(f.message);
    if (!kubesift::text::valid_utf8(m) && kubesift::text::valid_utf8(f.message))
      broken("unescaping made invalid UTF-8");
  }
  bool found = false;
  inside(parse::json_top_level(f.payload, "msg", found), line, "json_top_level");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Each line in memory of its own size, so a read past its end is seen.
  std::string_view all = kubesift::fuzz::view(data, size);
  while (!all.empty()) {
    size_t nl = all.find('\n');
    std::string_view l = all.substr(0, nl);
    std::unique_ptr<char[]> copy(new char[l.size() ? l.size() : 1]);
    std::memcpy(copy.get(), l.data(), l.size());
    one_line(std::string_view(copy.get(), l.size()));
    if (nl == std::string_view::npos) break;
    all.remove_prefix(nl + 1);
  }
  return 0;
}
