// YAML streams → model::Tree: the stream is split into documents the way
// Kubernetes splits it, and each document is read by read_yaml_document().
#include <algorithm>
#include <string>

#include "tree.h"
#include "yaml_reader.h"

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

namespace {

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

bool yaml_to_tree(std::string_view text, model::Tree& tree, std::vector<Root>& roots,
                  std::vector<TreeError>& errors) {
  // A line starting with "---" at column 0 (optionally followed by spaces or
  // a comment) ends a document. Each document is parsed alone, so one broken
  // document does not hide the rest.
  bool ok = true;
  size_t pos = 0;
  uint32_t line = 1, doc_first_line = 1;
  size_t doc_start = 0;
  model::TreeBuilder b(tree);
  auto flush = [&](size_t end) {
    std::string_view chunk = text.substr(doc_start, end - doc_start);
    if (chunk.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
    uint32_t node = static_cast<uint32_t>(tree.node_count());
    std::string unhidden = unhide(chunk);
    size_t before = errors.size();
    bool built = read_yaml_document(unhidden, doc_first_line, b, errors);
    b.reset();
    ok &= errors.size() == before;
    if (built) roots.push_back({node, doc_first_line, helm_source_line(chunk, doc_first_line)});
  };
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view l = text.substr(pos, end - pos);
    if (l.substr(0, 3) == "---" && (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\n' ||
                                    l[3] == '\r' || l[3] == '#')) {
      flush(pos);
      // Like Kubernetes, only spaces and a comment may follow the separator.
      size_t rest = l.find_first_not_of(" \t\r\n", 3);
      if (rest != std::string_view::npos && l[rest] != '#') {
        errors.push_back(
            {"content after the document separator \"---\" (only a comment may follow "
             "it): " +
                 std::string(l.substr(rest, std::min<size_t>(40, l.size() - rest))),
             line, static_cast<uint32_t>(rest + 1)});
        ok = false;
      }
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
