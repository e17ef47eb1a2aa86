#include "kubesift/parse/parse.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "cluster_dump.h"
#include "kind_infer.h"
#include "kube_decode.h"
#include "kubesift/core/parallel.h"
#include "kubesift/core/text.h"
#include "layout.h"
#include "log_identity.h"
#include "log_shape.h"
#include "object_stream.h"
#include "tree.h"

namespace kubesift::parse {
namespace {

using model::Format;

constexpr size_t kSniffBytes = 64 * 1024;

// Binary: more than 5% control bytes, NUL bytes included, except runs of
// 16 NULs and more: a text file preallocated or cut by a crash mid-write
// holds such runs between its lines and is still text. Scattered NULs
// (UTF-16 without a byte-order mark, executables) count.
bool looks_binary(std::string_view head) {
  size_t ctrl = 0, filler = 0;
  bool scattered = false;
  for (size_t i = 0; i < head.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(head[i]);
    if (c == 0) {
      size_t j = i;
      while (j < head.size() && head[j] == '\0') ++j;
      if (j - i >= 16) {
        filler += j - i;
      } else {
        ctrl += j - i;
        scattered = true;
      }
      i = j - 1;
    } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b) {
      ++ctrl;
    }
  }
  size_t text = head.size() - filler;
  if (text < 32) return filler > 0 || scattered || (head.size() >= 32 && ctrl * 20 > head.size());
  return ctrl * 20 > text;
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
    if (l.starts_with("apiVersion:") || l.starts_with("kind:") || l.starts_with("- apiVersion:") ||
        l.starts_with("- kind:")) {
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

// YAML data that is no manifest (a chart's values.yaml or Chart.yaml, a
// config file): the first line that is not a comment is a top-level
// `key:`, nearly every line is a key, a list item or an indented
// continuation, and no top-level key repeats (log lines such as
// "WARNING: …" repeat theirs).
bool looks_like_yaml_data(std::string_view head) {
  size_t lines = 0, yamlish = 0;
  bool first = true, ok = true;
  std::vector<std::string_view> top;
  auto is_key = [](std::string_view l) {
    size_t i = 0;
    while (i < l.size() &&
           (std::isalnum(static_cast<unsigned char>(l[i])) || l[i] == '_' || l[i] == '-' ||
            l[i] == '.' || l[i] == '/' || l[i] == '"' || l[i] == '\''))
      ++i;
    return i > 0 && i < l.size() && l[i] == ':' && (i + 1 == l.size() || l[i + 1] == ' ');
  };
  for_first_lines(head, 200, [&](std::string_view l) {
    std::string_view t = text::trim(l);
    if (t.empty() || t.front() == '#' || t == "---") return true;
    ++lines;
    bool indented = l.front() == ' ' || l.front() == '\t';
    if (first) {
      first = false;
      if (indented || !is_key(l)) {
        ok = false;
        return false;
      }
    }
    if (!indented && is_key(l)) {
      std::string_view key = l.substr(0, l.find(':'));
      if (std::find(top.begin(), top.end(), key) != top.end()) {
        ok = false;
        return false;
      }
      top.push_back(key);
      ++yamlish;
    } else if (indented || t.starts_with("- ")) {
      ++yamlish;
    }
    return true;
  });
  return ok && lines >= 2 && yamlish * 10 >= lines * 9;
}

// A YAML stream of comments and document separators only (a template that
// rendered to nothing): YAML without documents, not a log.
bool only_yaml_comments(std::string_view head) {
  bool separator = false, other = false;
  for_first_lines(head, 200, [&](std::string_view l) {
    std::string_view t = text::trim(l);
    if (t.starts_with("---"))
      separator = true;
    else if (!t.empty() && t.front() != '#')
      other = true;
    return !other;
  });
  return separator && !other;
}

bool looks_like_log_name(std::string_view path) {
  std::string_view base = path.substr(path.find_last_of("/:") + 1);
  std::string name = text::lower(base);
  return name.ends_with(".log") || name.starts_with("logs-") || name.starts_with("log-") ||
         name.find("-previous") != std::string::npos || name == "logs.txt";
}

}  // namespace

model::Format sniff(std::string_view content) {
  std::string_view head = content.substr(0, std::min(content.size(), kSniffBytes));
  if (text::trim(content).empty()) return Format::Empty;
  if (looks_binary(head)) {
    // YAML whose later document is UTF-16/32 (a byte-order mark after a
    // separator): a YAML stream, that document an error of its own.
    for (size_t at = head.find("\n---"); at != std::string_view::npos;
         at = head.find("\n---", at + 1)) {
      size_t eol = head.find('\n', at + 1);
      if (eol == std::string_view::npos) break;
      std::string_view next = head.substr(eol + 1, 4);
      bool mark = next.starts_with("\xff\xfe") || next.starts_with("\xfe\xff") ||
                  next.starts_with(std::string_view("\0\0\xfe\xff", 4));
      if (mark && !looks_binary(head.substr(0, eol + 1)) &&
          sniff(content.substr(0, eol + 1)) == Format::KubeYaml)
        return Format::KubeYaml;
    }
    return Format::Binary;
  }
  std::string_view body = text::trim(head);
  // A script (`#!/usr/bin/env bash`) is text, never a manifest, even when it
  // holds YAML in a here-document (a kubeconfig, a manifest it applies).
  if (head.starts_with("#!")) return Format::LogText;
  // `[pod/web-1/app] msg` (kubectl logs --prefix) or `[INFO] msg`: a log.
  if (body.front() == '[' && looks_like_bracketed_log(body.substr(0, body.find('\n'))))
    return Format::LogText;
  // `[2024-03-01 12:00:00.123][1][critical] …` (Envoy) and other bracketed
  // log heads are not JSON arrays: an array opens with `[`, `[{`, `[[`,
  // `["` or is a whole array of scalars on its first line.
  if (body.front() == '[') {
    std::string_view first = text::trim(body.substr(0, body.find('\n')));
    bool array =
        first == "[" || first.starts_with("[{") || first.starts_with("[[") ||
        first.starts_with("[\"") ||
        (first.back() == ']' && first.find("][") == first.npos && first.find(' ') == first.npos);
    if (!array) return Format::LogText;
  }
  if (body.front() == '{' || body.front() == '[') {
    // One JSON object per line is a log unless the objects are Kubernetes
    // objects; a pretty-printed value spans lines and is never a log.
    size_t object_lines = 0, kube_lines = 0, lines = 0;
    for_first_lines(body, 20, [&](std::string_view l) {
      if (text::trim(l).empty()) return true;
      ++lines;
      if (is_json_object_line(l)) {
        ++object_lines;
        if ((has_kube_keys(l) && !is_log_record_line(l)) || looks_like_kindless_object_line(l))
          ++kube_lines;
      }
      return true;
    });
    if (kube_lines > 0) return Format::KubeJson;
    // A single one-line object is a log record only if it looks like one
    // (msg, level, …); otherwise it is data (a collector's result).
    if (lines == 1 && object_lines == 1 && !is_log_record_line(body.substr(0, body.find('\n'))))
      return Format::KubeJson;
    if (object_lines > 0 && object_lines * 2 >= lines) return Format::LogJsonLines;
    // A first line that is a whole JSON object, followed by text (a panic
    // after a structured log line), is a log too.
    std::string_view first = body.substr(0, body.find('\n'));
    if (is_json_object_line(first)) return Format::LogText;
    return Format::KubeJson;
  }
  if (looks_like_describe(head)) return Format::DescribeText;
  if (looks_like_get_table(head)) return Format::GetTable;
  if (looks_like_yaml_manifest(head) || looks_like_yaml_data(head) || only_yaml_comments(head))
    return Format::KubeYaml;
  return Format::LogText;
}

namespace {

// JSON or YAML (`json` says which) → facts; what parsed before and after an
// error is kept. A valid document that holds no Kubernetes object (a
// bundle's analysis.json, an RBAC list) is recognised data, not an error:
// `*other` tells the caller.
ParseError parse_tree(bool json, const model::Document& doc, std::string_view kind_hint,
                      const ParseOptions& po, model::Facts& out, bool* other) {
  std::vector<TreeError> errors;
  DecodeOptions opt;
  opt.kind_hint = kind_hint;
  opt.path = doc.path;
  opt.observed_trees = po.observed_trees;
  opt.release = [&doc](size_t begin, size_t end) { doc.release(begin, end); };
  Decoded d;
  if (json) {
    d = decode_json(doc.text(), doc.readable_after(doc.text()), 0, doc.id, opt, out, errors);
  } else {
    // A large YAML stream is read in pieces, one tree each (yaml_to_trees).
    d = decode_yaml(doc.text(), doc.id, opt, out, errors);
  }
  for (auto& e : d.problems) errors.push_back(std::move(e));
  if (other) *other = d.objects == 0 && !d.kube && errors.empty();
  ParseError err;
  for (auto& e : errors) {
    err.refused |= e.limit;
    err.all.push_back({std::move(e.message), e.line, e.col});
  }
  if (!err.all.empty()) {
    err.message = err.all.front().message;
    err.line = err.all.front().line;
    err.col = err.all.front().col;
  }
  return err;
}

ParseError parse_json(const model::Document& doc, std::string_view kind_hint,
                      const ParseOptions& po, model::Facts& out, bool* other) {
  return parse_tree(true, doc, kind_hint, po, out, other);
}

ParseError parse_yaml(const model::Document& doc, std::string_view kind_hint,
                      const ParseOptions& po, model::Facts& out, bool* other) {
  return parse_tree(false, doc, kind_hint, po, out, other);
}

// A support bundle's <resource>-errors.json: a JSON array of the errors met
// while collecting. They say what evidence is missing, so they become notes.
void collection_errors(const model::Document& doc, const PathInfo& info, model::Facts& out) {
  model::Tree tree;
  std::vector<Root> roots;
  std::vector<TreeError> terrs;
  json_to_tree(doc.text(), tree, roots, terrs);
  std::vector<std::string> errors;
  for (const auto& r : roots) {
    model::Value v = tree.value(r.node);
    if (v.is_scalar()) errors.emplace_back(v.scalar());
    if (v.is_seq())
      for (model::Value e : v)
        if (e.is_scalar()) errors.emplace_back(e.scalar());
  }
  if (errors.empty() && !terrs.empty())
    errors.push_back(std::string(text::trim(doc.text().substr(0, 300))));
  for (const auto& e : errors)
    out.notes.push_back("Not collected in the support bundle (" + info.resource + "): " + e + " [" +
                        doc.path + "]");
}

}  // namespace

ParseError parse_kube_json(const model::Document& doc, model::Facts& out) {
  return parse_json(doc, classify_path(doc.path).kind_hint, {}, out, nullptr);
}

ParseError parse_kube_yaml(const model::Document& doc, model::Facts& out) {
  return parse_yaml(doc, classify_path(doc.path).kind_hint, {}, out, nullptr);
}

ParseError parse_log(const model::Document& doc, model::Facts& out) {
  read_log_document(doc, out);
  return {};
}

void parse_document(model::Document& doc, model::Facts& out, const ParseOptions& po) {
  // Where the file sits in a known layout decides first; its content next.
  PathInfo info = classify_path(doc.path);
  doc.format = sniff(doc.text());
  switch (info.role) {
    case PathInfo::Role::Metadata: doc.format = Format::Metadata; return;
    case PathInfo::Role::CollectionErrors:
      doc.format = Format::CollectionErrors;
      collection_errors(doc, info, out);
      return;
    case PathInfo::Role::LogErrors:
      doc.format = Format::CollectionErrors;
      out.notes.push_back(
          "The logs of container " + info.container + " in pod " + info.ns + "/" + info.pod +
          " were not collected: " + std::string(text::trim(doc.text().substr(0, 300))) + " [" +
          doc.path + "]");
      return;
    case PathInfo::Role::ContainerLog:
      // An empty log is a fact (the container printed nothing), not an error.
      if (doc.format != Format::LogJsonLines) doc.format = Format::LogText;
      break;
    case PathInfo::Role::Unknown:
      // `kubectl logs` of a container that printed nothing saves an empty
      // file: named as a log, it is an empty log, not an unreadable input.
      if (doc.format == Format::Empty && looks_like_log_name(doc.path))
        doc.format = Format::LogText;
      // A bundle's resource files are JSON values, however short.
      if (info.layout == "support-bundle" && doc.path.ends_with(".json") &&
          (doc.format == Format::LogJsonLines || doc.format == Format::LogText))
        doc.format = Format::KubeJson;
      break;
  }
  ParseError err;
  bool other = false;
  if (info.role == PathInfo::Role::Unknown && is_cluster_dump(doc, doc.format))
    doc.format = Format::ClusterInfoDump;
  switch (doc.format) {
    case Format::ClusterInfoDump: err = parse_cluster_dump(doc, out, po.observed_trees); break;
    case Format::Empty: err = {"empty input", 0}; break;
    case Format::Binary:
      err = {"binary data, not a Kubernetes object, kubectl output or log", 0};
      break;
    case Format::KubeJson: err = parse_json(doc, info.kind_hint, po, out, &other); break;
    case Format::KubeYaml: {
      // YAML that names no object and does not parse was text after all (a
      // log whose lines look like keys): read as a log.
      bool data_only = !looks_like_yaml_manifest(doc.text().substr(0, kSniffBytes));
      model::Facts yaml_facts;
      err = parse_yaml(doc, info.kind_hint, po, yaml_facts, &other);
      if (err && !err.refused && data_only && yaml_facts.objects.empty()) {
        err = {};
        other = false;
        doc.format = Format::LogText;
        err = parse_log(doc, out);
      } else {
        out.append(std::move(yaml_facts));
      }
      break;
    }
    case Format::DescribeText: err = parse_describe(doc, out); break;
    case Format::GetTable: err = parse_get_table(doc, out); break;
    case Format::LogText:
    case Format::LogJsonLines: err = parse_log(doc, out); break;
    case Format::Unknown: err = {"unrecognised format", 0}; break;
    case Format::Metadata:
    case Format::CollectionErrors:
    case Format::OtherData: break;
  }
  if (other) doc.format = Format::OtherData;
  if (err) {
    // Parsers report the end of input as the line after the last one.
    auto clamp = [&](uint32_t line) { return std::min(line, doc.line_count()); };
    doc.error = err.message;
    doc.error_line = clamp(err.line);
    doc.error_col = err.col;
    if (err.all.empty()) err.all.push_back({err.message, err.line, err.col});
    for (auto& e : err.all) doc.errors.push_back({std::move(e.message), clamp(e.line), e.col});
  }
}

}  // namespace kubesift::parse
