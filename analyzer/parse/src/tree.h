// A small document tree with line numbers, built from JSON or YAML.
//
// JSON (simdjson) and YAML (yaml-cpp) both become this tree, so one decoder
// turns Kubernetes objects into model facts whatever the syntax was. Private
// to the parse layer: nothing outside it sees a Node.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubesift::parse {

struct Node {
  enum class Kind { Null, Scalar, Map, Seq };
  Kind kind = Kind::Null;
  std::string scalar;  // text of a scalar (numbers and booleans as written)
  std::vector<std::pair<std::string, Node>> map;
  std::vector<Node> seq;
  uint32_t line = 0;  // 1-based line where the node starts
  // Roots of YAML documents only: the line of the Helm "# Source:" comment
  // that names the template the document was rendered from (0 = none).
  uint32_t source_line = 0;

  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Seq; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  // Member lookup; nullptr when absent or when this is not a map.
  const Node* get(std::string_view key) const;
  // Scalar text of a member, or "" when absent.
  std::string_view str(std::string_view key) const;
  // Follows a path of keys.
  const Node* at(std::initializer_list<std::string_view> path) const;
};

struct TreeError {
  std::string message;
  uint32_t line = 0;
};

// Adds `by` to the line of `n` and of everything under it (for text that was
// parsed out of the middle of a document).
void shift_lines(Node& n, uint32_t by);

// Parses JSON text. A buffer may hold several top-level values one after
// another (a cluster-info dump stream); each becomes one element of `out`.
bool json_to_trees(std::string_view text, std::vector<Node>& out, TreeError& err);

// Parses a YAML stream; each document becomes one element of `out` (empty
// documents are skipped). Documents are split at column-0 "---" lines and
// parsed one by one: a broken one sets `err` (first error) and the rest are
// still returned.
bool yaml_to_trees(std::string_view text, std::vector<Node>& out, TreeError& err);

}  // namespace kubesift::parse
