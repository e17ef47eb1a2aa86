// YAML streams → model::Tree: the stream is split into documents the way
// Kubernetes splits it, and each document is read by read_yaml_document().
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "kubesift/core/parallel.h"
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
// line (line numbers do not move). Returns `chunk` itself when it holds no
// such value, else the rewritten text (kept in `out`).
std::string_view unhide(std::string_view chunk, std::string& out) {
  constexpr std::string_view kToken = "***HIDDEN***";
  if (chunk.find(kToken) == std::string_view::npos) return chunk;
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

// A stream cut into its documents: each document's text and first line,
// and the separator lines that carry content (an error each; `after` is
// how many documents come before it).
struct Split {
  struct Doc {
    size_t begin, end;
    uint32_t first_line;
  };
  struct SeparatorError {
    size_t after;
    TreeError error;
  };
  std::vector<Doc> docs;
  std::vector<SeparatorError> errors;
};

Split split_stream(std::string_view text) {
  // A line starting with "---" at column 0 (optionally followed by spaces or
  // a comment) ends a document.
  Split s;
  size_t pos = 0, doc_start = 0;
  uint32_t line = 1, doc_first_line = 1;
  auto flush = [&](size_t end) {
    std::string_view chunk = text.substr(doc_start, end - doc_start);
    if (chunk.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
    s.docs.push_back({doc_start, end, doc_first_line});
  };
  const char* base = text.data();
  while (pos < text.size()) {
    const void* nlp = std::memchr(base + pos, '\n', text.size() - pos);
    size_t end = nlp ? static_cast<size_t>(static_cast<const char*>(nlp) - base) + 1 : text.size();
    if (end - pos >= 3 && base[pos] == '-' && base[pos + 1] == '-' && base[pos + 2] == '-') {
      std::string_view l = text.substr(pos, end - pos);
      if (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\n' || l[3] == '\r' ||
          l[3] == '#') {
        flush(pos);
        // Like Kubernetes, only spaces and a comment may follow the separator.
        size_t rest = l.find_first_not_of(" \t\r\n", 3);
        if (rest != std::string_view::npos && l[rest] != '#')
          s.errors.push_back(
              {s.docs.size(),
               {"content after the document separator \"---\" (only a comment may follow "
                "it): " +
                    std::string(l.substr(rest, std::min<size_t>(40, l.size() - rest))),
                line, static_cast<uint32_t>(rest + 1)}});
        doc_start = end;
        doc_first_line = line + 1;
      }
    }
    pos = end;
    ++line;
  }
  flush(text.size());
  return s;
}

// The encoding a UTF-16/32 byte-order mark at the start of `chunk` names,
// or "" (UTF-32 first: its little-endian mark begins like UTF-16's).
std::string_view utf16_or_32_mark(std::string_view chunk) {
  using namespace std::string_view_literals;
  if (chunk.starts_with("\xff\xfe\0\0"sv)) return "UTF-32LE";
  if (chunk.starts_with("\0\0\xfe\xff"sv)) return "UTF-32BE";
  if (chunk.starts_with("\xff\xfe"sv)) return "UTF-16LE";
  if (chunk.starts_with("\xfe\xff"sv)) return "UTF-16BE";
  return {};
}

}  // namespace

bool read_stream_document(std::string_view chunk, uint32_t first_line, model::TreeBuilder& b,
                          std::vector<TreeError>& errors, std::string& scratch) {
  if (std::string_view bom = utf16_or_32_mark(chunk); !bom.empty()) {
    // A stream is one encoding: a document in another one (pasted from a
    // Windows tool) is refused by itself, the others are read.
    errors.push_back({"this document is " + std::string(bom) +
                          " (its byte-order mark), the stream before it UTF-8: "
                          "not read; convert the file to UTF-8",
                      first_line, 1});
    return false;
  }
  bool built = read_yaml_document(unhide(chunk, scratch), first_line, b, errors);
  b.reset();
  return built;
}

namespace {

// Reads documents [from, to) of `s` into `tree` (index `tree_index` of the
// caller's trees): their roots, and the errors of each document.
void read_documents(std::string_view text, const Split& s, size_t from, size_t to,
                    model::Tree& tree, uint32_t tree_index, std::vector<std::optional<Root>>& roots,
                    std::vector<std::vector<TreeError>>& errors) {
  model::TreeBuilder b(tree);
  size_t bytes = s.docs[to - 1].end - s.docs[from].begin;
  // About one value every 16 bytes of YAML, half of the bytes kept as text.
  b.reserve(bytes / 14 + 16, bytes / 2 + 16);
  std::string unhidden;
  for (size_t i = from; i < to; ++i) {
    const Split::Doc& d = s.docs[i];
    std::string_view chunk = text.substr(d.begin, d.end - d.begin);
    uint32_t node = static_cast<uint32_t>(tree.node_count());
    bool built = read_stream_document(chunk, d.first_line, b, errors[i], unhidden);
    if (built)
      roots[i] = Root{node, d.first_line, helm_source_line(chunk, d.first_line), tree_index};
  }
}

// Documents and separator errors back in stream order.
bool gather(const Split& s, std::vector<std::optional<Root>>& doc_roots,
            std::vector<std::vector<TreeError>>& doc_errors, std::vector<Root>& roots,
            std::vector<TreeError>& errors) {
  bool ok = s.errors.empty();
  size_t sep = 0;
  for (size_t i = 0; i <= s.docs.size(); ++i) {
    for (; sep < s.errors.size() && s.errors[sep].after == i; ++sep)
      errors.push_back(s.errors[sep].error);
    if (i == s.docs.size()) break;
    ok &= doc_errors[i].empty();
    for (auto& e : doc_errors[i]) errors.push_back(std::move(e));
    if (doc_roots[i]) roots.push_back(*doc_roots[i]);
  }
  return ok;
}

// Streams larger than this are read in pieces of about this size, on
// several threads.
constexpr size_t kPieceBytes = 256 * 1024;

}  // namespace

bool yaml_to_tree(std::string_view text, model::Tree& tree, std::vector<Root>& roots,
                  std::vector<TreeError>& errors) {
  Split s = split_stream(text);
  std::vector<std::optional<Root>> doc_roots(s.docs.size());
  std::vector<std::vector<TreeError>> doc_errors(s.docs.size());
  if (!s.docs.empty()) read_documents(text, s, 0, s.docs.size(), tree, 0, doc_roots, doc_errors);
  return gather(s, doc_roots, doc_errors, roots, errors);
}

bool yaml_to_trees(std::string_view text, std::vector<std::shared_ptr<model::Tree>>& trees,
                   std::vector<Root>& roots, std::vector<TreeError>& errors) {
  Split s = split_stream(text);
  std::vector<std::optional<Root>> doc_roots(s.docs.size());
  std::vector<std::vector<TreeError>> doc_errors(s.docs.size());
  // Pieces of whole documents, about kPieceBytes each, one tree a piece.
  std::vector<std::pair<size_t, size_t>> pieces;
  for (size_t i = 0; i < s.docs.size();) {
    size_t j = i + 1;
    while (j < s.docs.size() && s.docs[j].end - s.docs[i].begin <= kPieceBytes) ++j;
    pieces.push_back({i, j});
    i = j;
  }
  uint32_t first = static_cast<uint32_t>(trees.size());
  for (size_t p = 0; p < pieces.size(); ++p) trees.push_back(std::make_shared<model::Tree>());
  parallel_for(pieces.size(), [&](size_t p) {
    read_documents(text, s, pieces[p].first, pieces[p].second, *trees[first + p],
                   static_cast<uint32_t>(first + p), doc_roots, doc_errors);
  });
  return gather(s, doc_roots, doc_errors, roots, errors);
}

}  // namespace kubesift::parse
