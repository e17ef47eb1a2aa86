#include "kubesift/parse/parse.h"

#include <algorithm>
#include <cstring>

#include "kube_decode.h"
#include "log_identity.h"
#include "kubesift/core/text.h"
#include "tree.h"

namespace kubesift::parse {
namespace {

using model::Format;

constexpr size_t kSniffBytes = 64 * 1024;

bool looks_binary(std::string_view head) {
  if (head.find('\0') != std::string_view::npos) return true;
  size_t ctrl = 0;
  for (unsigned char c : head)
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b) ++ctrl;
  return head.size() >= 32 && ctrl * 20 > head.size();  // > 5% control bytes
}

// Iterates the first lines of `s` (at most `max`), trimmed on the right.
template <typename F>
void for_first_lines(std::string_view s, size_t max, F&& f) {
  size_t pos = 0, n = 0;
  while (pos < s.size() && n < max) {
    size_t nl = s.find('\n', pos);
    std::string_view line = s.substr(pos, nl == std::string_view::npos ? s.npos : nl - pos);
    if (!f(text::trim_right(line))) return;
    ++n;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

bool is_json_object_line(std::string_view l) {
  l = text::trim(l);
  return l.size() >= 2 && l.front() == '{' && l.back() == '}';
}

bool has_kube_keys(std::string_view l) {
  return l.find("\"apiVersion\"") != l.npos && l.find("\"kind\"") != l.npos;
}

bool looks_like_yaml_manifest(std::string_view head) {
  bool found = false;
  for_first_lines(head, 200, [&](std::string_view l) {
    if (l.starts_with("apiVersion:") || l.starts_with("kind:")) {
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

}  // namespace

model::Format sniff(std::string_view content) {
  std::string_view head = content.substr(0, std::min(content.size(), kSniffBytes));
  if (text::trim(content).empty()) return Format::Empty;
  if (looks_binary(head)) return Format::Binary;
  std::string_view body = text::trim(head);
  if (body.front() == '{' || body.front() == '[') {
    // One JSON object per line is a log unless the objects are Kubernetes
    // objects; a pretty-printed value spans lines and is never a log.
    size_t object_lines = 0, kube_lines = 0, lines = 0;
    for_first_lines(body, 20, [&](std::string_view l) {
      if (text::trim(l).empty()) return true;
      ++lines;
      if (is_json_object_line(l)) {
        ++object_lines;
        if (has_kube_keys(l)) ++kube_lines;
      }
      return true;
    });
    if (kube_lines > 0) return Format::KubeJson;
    if (object_lines > 0 && object_lines * 2 >= lines) return Format::LogJsonLines;
    // A first line that is a whole JSON object, followed by text (a panic
    // after a structured log line), is a log too.
    std::string_view first = body.substr(0, body.find('\n'));
    if (is_json_object_line(first)) return Format::LogText;
    return Format::KubeJson;
  }
  if (looks_like_describe(head)) return Format::DescribeText;
  if (looks_like_get_table(head)) return Format::GetTable;
  if (looks_like_yaml_manifest(head)) return Format::KubeYaml;
  return Format::LogText;
}

ParseError parse_kube_json(const model::Document& doc, model::Facts& out) {
  std::vector<Node> roots;
  TreeError terr;
  bool ok = json_to_trees(doc.content, roots, terr);
  size_t decoded = 0;
  for (const auto& r : roots) decoded += decode_objects(r, doc.id, out);
  if (!ok) return {terr.message, terr.line};
  if (decoded == 0 && !roots.empty() && !is_kube_value(roots.front()))
    return {"JSON, but not Kubernetes objects (no apiVersion/kind)", 1};
  return {};
}

ParseError parse_kube_yaml(const model::Document& doc, model::Facts& out) {
  std::vector<Node> roots;
  TreeError terr;
  bool ok = yaml_to_trees(doc.content, roots, terr);
  for (const auto& r : roots) decode_objects(r, doc.id, out);
  if (!ok) return {terr.message, terr.line};
  return {};
}

ParseError parse_log(const model::Document& doc, model::Facts& out) {
  model::LogFile log;
  log.doc = doc.id;
  log.json_lines = doc.format == Format::LogJsonLines;
  log.first_line = 1;
  log.last_line = doc.line_count();
  identify_log_path(doc.path, log);
  out.logs.push_back(std::move(log));
  return {};
}

void parse_document(model::Document& doc, model::Facts& out) {
  doc.format = sniff(doc.content);
  ParseError err;
  switch (doc.format) {
    case Format::Empty: err = {"empty input", 0}; break;
    case Format::Binary:
      err = {"binary data, not a Kubernetes object, kubectl output or log", 0};
      break;
    case Format::KubeJson: err = parse_kube_json(doc, out); break;
    case Format::KubeYaml: err = parse_kube_yaml(doc, out); break;
    case Format::DescribeText: err = parse_describe(doc, out); break;
    case Format::GetTable: err = parse_get_table(doc, out); break;
    case Format::LogText:
    case Format::LogJsonLines: err = parse_log(doc, out); break;
    case Format::Unknown: err = {"unrecognised format", 0}; break;
  }
  if (err) {
    doc.error = err.message;
    doc.error_line = err.line;
  }
}

}  // namespace kubesift::parse
