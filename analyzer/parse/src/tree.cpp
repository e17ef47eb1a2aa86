#include "tree.h"

#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace kubesift::parse {

// The line of a Helm "# Source: chart/templates/x.yaml" comment in the
// comments that open a document, or 0.
uint32_t helm_source_line(std::string_view chunk, uint32_t first_line) {
  uint32_t line = first_line;
  size_t pos = 0;
  while (pos < chunk.size()) {
    size_t nl = chunk.find('\n', pos);
    std::string_view l = chunk.substr(pos, nl == std::string_view::npos ? chunk.npos : nl - pos);
    size_t b = l.find_first_not_of(" \t\r");
    if (b != std::string_view::npos) {
      if (l[b] != '#') return 0;  // the document's content has started
      if (l.substr(b).starts_with("# Source: ")) return line;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++line;
  }
  return 0;
}

void shift_lines(Node& n, uint32_t by) {
  if (n.line) n.line += by;
  for (auto& [k, v] : n.map) shift_lines(v, by);
  for (auto& v : n.seq) shift_lines(v, by);
}

const Node* Node::get(std::string_view key) const {
  if (kind != Kind::Map) return nullptr;
  for (const auto& [k, v] : map)
    if (k == key) return &v;
  return nullptr;
}

std::string_view Node::str(std::string_view key) const {
  const Node* n = get(key);
  return n && n->kind == Kind::Scalar ? std::string_view(n->scalar) : std::string_view();
}

const Node* Node::at(std::initializer_list<std::string_view> path) const {
  const Node* n = this;
  for (auto k : path) {
    n = n->get(k);
    if (!n) return nullptr;
  }
  return n;
}

namespace {

constexpr int kMaxDepth = 256;

// Line lookup by byte offset over the original text.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  uint32_t line_of(size_t off) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), off);
    return static_cast<uint32_t>(it - starts_.begin());
  }

 private:
  std::vector<size_t> starts_;
};

struct JsonBuilder {
  const char* base;
  const LineIndex& lines;
  TreeError& err;

  uint32_t line_of(simdjson::ondemand::value& v) {
    std::string_view tok = v.raw_json_token();
    if (tok.data() >= base) return lines.line_of(static_cast<size_t>(tok.data() - base));
    return 0;
  }

  bool fail(simdjson::error_code ec, uint32_t line) {
    if (err.message.empty()) {
      err.message = std::string("invalid JSON: ") + simdjson::error_message(ec);
      err.line = line;
    }
    return false;
  }

  bool build(simdjson::ondemand::value v, Node& out, int depth) {
    if (depth > kMaxDepth) {
      err.message = "JSON nested too deeply";
      return false;
    }
    out.line = line_of(v);
    simdjson::ondemand::json_type t;
    if (auto ec = v.type().get(t)) return fail(ec, out.line);
    switch (t) {
      case simdjson::ondemand::json_type::object: {
        out.kind = Node::Kind::Map;
        simdjson::ondemand::object obj;
        if (auto ec = v.get_object().get(obj)) return fail(ec, out.line);
        for (auto field : obj) {
          std::string_view key;
          if (auto ec = field.unescaped_key().get(key)) return fail(ec, out.line);
          std::string k(key);
          simdjson::ondemand::value child;
          if (auto ec = field.value().get(child)) return fail(ec, out.line);
          Node n;
          if (!build(child, n, depth + 1)) return false;
          out.map.emplace_back(std::move(k), std::move(n));
        }
        return true;
      }
      case simdjson::ondemand::json_type::array: {
        out.kind = Node::Kind::Seq;
        simdjson::ondemand::array arr;
        if (auto ec = v.get_array().get(arr)) return fail(ec, out.line);
        for (auto elem : arr) {
          simdjson::ondemand::value child;
          if (auto ec = elem.get(child)) return fail(ec, out.line);
          Node n;
          if (!build(child, n, depth + 1)) return false;
          out.seq.push_back(std::move(n));
        }
        return true;
      }
      case simdjson::ondemand::json_type::string: {
        out.kind = Node::Kind::Scalar;
        std::string_view s;
        if (auto ec = v.get_string().get(s)) return fail(ec, out.line);
        out.scalar = std::string(s);
        return true;
      }
      case simdjson::ondemand::json_type::number:
      case simdjson::ondemand::json_type::boolean: {
        out.kind = Node::Kind::Scalar;
        std::string_view tok = v.raw_json_token();
        while (!tok.empty() &&
               (tok.back() == ' ' || tok.back() == '\n' || tok.back() == '\r' ||
                tok.back() == '\t' || tok.back() == ',' || tok.back() == '}' || tok.back() == ']'))
          tok.remove_suffix(1);
        out.scalar = std::string(tok);
        // Validate the scalar so that truncated input is reported.
        if (t == simdjson::ondemand::json_type::boolean) {
          bool b;
          if (auto ec = v.get_bool().get(b)) return fail(ec, out.line);
        } else {
          double d;
          if (auto ec = v.get_double().get(d)) {
            int64_t i;
            uint64_t u;
            if (v.get_int64().get(i) != simdjson::SUCCESS &&
                v.get_uint64().get(u) != simdjson::SUCCESS)
              return fail(ec, out.line);
          }
        }
        return true;
      }
      case simdjson::ondemand::json_type::null: out.kind = Node::Kind::Null; return true;
    }
    return true;
  }
};

}  // namespace

bool json_to_trees(std::string_view text, std::vector<Node>& out, TreeError& err) {
  LineIndex lines(text);
  simdjson::padded_string padded(text);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document_stream stream;
  // A stream parse handles one value or several concatenated values.
  size_t batch = std::max<size_t>(text.size() + 64, simdjson::dom::MINIMAL_BATCH_SIZE);
  if (auto ec = parser.iterate_many(padded, batch).get(stream)) {
    err.message = std::string("invalid JSON: ") + simdjson::error_message(ec);
    err.line = 1;
    return false;
  }
  JsonBuilder b{padded.data(), lines, err};
  size_t count = 0;
  for (auto it = stream.begin(); it != stream.end(); ++it) {
    simdjson::ondemand::document_reference doc;
    if (auto ec = (*it).get(doc)) {
      err.message = std::string("invalid JSON: ") + simdjson::error_message(ec);
      err.line = lines.line_of(it.current_index());
      return false;
    }
    simdjson::ondemand::value v;
    if (auto ec = doc.get_value().get(v)) {
      err.message = std::string("invalid JSON: ") + simdjson::error_message(ec);
      err.line = lines.line_of(it.current_index());
      return false;
    }
    Node n;
    if (!b.build(v, n, 0)) {
      if (err.line == 0) err.line = lines.line_of(it.current_index());
      return false;
    }
    out.push_back(std::move(n));
    ++count;
  }
  if (stream.truncated_bytes() > 0) {
    err.message = "invalid JSON: the input ends in the middle of a value (truncated?)";
    err.line = lines.line_of(text.size() - stream.truncated_bytes());
    return false;
  }
  if (count == 0) {
    err.message = "invalid JSON: no value found";
    err.line = 1;
    return false;
  }
  return true;
}

namespace {

void yaml_build(const YAML::Node& y, Node& out, int depth) {
  if (depth > kMaxDepth) throw YAML::Exception(y.Mark(), "YAML nested too deeply");
  out.line = static_cast<uint32_t>(y.Mark().line + 1);
  switch (y.Type()) {
    case YAML::NodeType::Map:
      out.kind = Node::Kind::Map;
      for (const auto& kv : y) {
        Node n;
        yaml_build(kv.second, n, depth + 1);
        if (n.line == 0) n.line = static_cast<uint32_t>(kv.first.Mark().line + 1);
        out.map.emplace_back(kv.first.IsScalar() ? kv.first.Scalar() : std::string(), std::move(n));
      }
      break;
    case YAML::NodeType::Sequence:
      out.kind = Node::Kind::Seq;
      for (const auto& e : y) {
        Node n;
        yaml_build(e, n, depth + 1);
        out.seq.push_back(std::move(n));
      }
      break;
    case YAML::NodeType::Scalar:
      out.kind = Node::Kind::Scalar;
      out.scalar = y.Scalar();
      break;
    default: out.kind = Node::Kind::Null;
  }
}

// Support bundles redact values as ***HIDDEN***, which YAML reads as an
// alias and rejects. A plain scalar that starts with it is quoted, line by
// line (line numbers do not move).
std::string unhide(std::string_view chunk) {
  constexpr std::string_view kToken = "***HIDDEN***";
  std::string out(chunk);
  if (chunk.find(kToken) == std::string_view::npos) return out;
  out.clear();
  size_t pos = 0;
  while (pos < chunk.size()) {
    size_t nl = chunk.find('\n', pos);
    size_t end = nl == std::string_view::npos ? chunk.size() : nl;
    std::string_view line = chunk.substr(pos, end - pos);
    size_t at = line.find(kToken);
    bool plain = at != std::string_view::npos && at >= 2 &&
                 ((line[at - 2] == ':' || line[at - 2] == '-') && line[at - 1] == ' ');
    if (plain) {
      std::string value(line.substr(at));
      while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
      std::string quoted = "'";
      for (char c : value) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      quoted += "'";
      out.append(line.substr(0, at)).append(quoted);
    } else {
      out.append(line);
    }
    if (nl != std::string_view::npos) out += '\n';
    pos = end + 1;
  }
  return out;
}

}  // namespace

bool yaml_to_trees(std::string_view text, std::vector<Node>& out, TreeError& err) {
  // Split the stream the way Kubernetes does: a line starting with "---" at
  // column 0 (optionally followed by a comment) ends a document. Each
  // document is parsed alone, so one broken document does not hide the rest.
  bool ok = true;
  size_t pos = 0;
  uint32_t line = 1, doc_first_line = 1;
  size_t doc_start = 0;
  auto flush = [&](size_t end) {
    std::string_view chunk = text.substr(doc_start, end - doc_start);
    if (chunk.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
    try {
      YAML::Node d = YAML::Load(unhide(chunk));
      if (!d || d.IsNull()) return;
      Node n;
      yaml_build(d, n, 0);
      shift_lines(n, doc_first_line - 1);
      n.source_line = helm_source_line(chunk, doc_first_line);
      out.push_back(std::move(n));
    } catch (const YAML::Exception& e) {
      if (ok) {
        err.message = "invalid YAML: " + e.msg;
        err.line =
            e.mark.is_null() ? doc_first_line : static_cast<uint32_t>(e.mark.line) + doc_first_line;
      }
      ok = false;
    }
  };
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view l = text.substr(pos, end - pos);
    if (l.substr(0, 3) == "---" && (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\n' ||
                                    l[3] == '\r' || l[3] == '#')) {
      flush(pos);
      doc_start = end;
      doc_first_line = line + 1;
    }
    pos = end;
    ++line;
  }
  flush(text.size());
  return ok;
}

}  // namespace kubesift::parse
