#include "cluster_dump.h"

#include "kubesift/core/text.h"
#include "object_stream.h"

namespace kubesift::parse {
namespace {

constexpr std::string_view kStart = "==== START logs for container ";
constexpr std::string_view kEnd = "==== END logs for container ";

// "C of pod NS/P ====" → container, namespace, pod.
bool banner_names(std::string_view rest, std::string& c, std::string& ns, std::string& pod) {
  size_t of = rest.find(" of pod ");
  size_t tail = rest.rfind(" ====");
  if (of == std::string_view::npos || tail == std::string_view::npos || tail < of) return false;
  c = std::string(rest.substr(0, of));
  std::string_view full = rest.substr(of + 8, tail - of - 8);
  size_t slash = full.find('/');
  if (slash == std::string_view::npos) return false;
  ns = std::string(full.substr(0, slash));
  pod = std::string(full.substr(slash + 1));
  return true;
}

}  // namespace

bool is_cluster_dump(const model::Document& doc, model::Format sniffed) {
  std::string_view content = doc.text();
  std::string_view first = text::trim(content.substr(0, content.find('\n')));
  if (first.starts_with(kStart)) return true;
  if (sniffed != model::Format::KubeJson) return false;
  // A banner anywhere: searched a window at a time, each let go once
  // searched, so that a large file is not made resident whole by the search.
  constexpr size_t kWindow = size_t{16} << 20;
  for (size_t at = 0; at < content.size(); at += kWindow) {
    if (content.substr(at, kWindow + kStart.size() - 1).find(kStart) != std::string_view::npos)
      return true;
    doc.release(at, at + kWindow);
  }
  return false;
}

ParseError parse_cluster_dump(const model::Document& doc, model::Facts& out, bool observed_trees) {
  ParseError first_error;
  std::string_view text = doc.text();
  size_t pos = 0, region_start = 0, body_start = 0;
  uint32_t line = 1, region_line = 1;
  bool in_log = false;
  model::LogFile log;

  auto flush_json = [&](size_t end) {
    std::string_view region = text.substr(region_start, end - region_start);
    if (text::trim(region).empty()) return;
    std::vector<TreeError> errs;
    DecodeOptions opt;
    opt.head_problems = false;
    opt.observed_trees = observed_trees;
    opt.path = doc.path;
    size_t at = static_cast<size_t>(region.data() - text.data());
    opt.release = [&doc, at](size_t begin, size_t end) { doc.release(at + begin, at + end); };
    decode_json(region, doc.readable_after(region), region_line - 1, doc.id, opt, out, errs);
    if (!errs.empty() && !first_error)
      first_error = {errs.front().message, errs.front().line, errs.front().col};
  };

  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view l = text::trim_right(text.substr(pos, end - pos));
    if (!in_log && l.starts_with(kStart)) {
      flush_json(pos);
      log = model::LogFile{};
      log.doc = doc.id;
      in_log = banner_names(l.substr(kStart.size()), log.container, log.ns, log.pod);
      log.first_line = line + 1;
      log.last_line = line;  // empty until a line arrives
      body_start = end;
    } else if (in_log && l.starts_with(kEnd)) {
      in_log = false;
      std::string_view body = text::trim(text.substr(body_start, pos - body_start));
      if (body.starts_with("Create log request error:") || body.starts_with("Request log error:"))
        out.notes.push_back("The logs of container " + log.container + " in pod " + log.ns + "/" +
                            log.pod +
                            " were not collected by the dump: " + std::string(body.substr(0, 300)) +
                            " [" + doc.path + ":" + std::to_string(log.first_line) + "]");
      else
        out.logs.push_back(log);
      region_start = end;
      region_line = line + 1;
    } else if (in_log) {
      log.last_line = line;
    }
    pos = end;
    ++line;
  }
  if (in_log) {
    out.logs.push_back(log);  // cut before its END banner: keep what is there
  } else {
    flush_json(text.size());
  }
  return first_error;
}

}  // namespace kubesift::parse
