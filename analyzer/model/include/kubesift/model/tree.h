// Objects as they were written: a tree of maps, sequences and scalars, each
// value with the line and column where it starts and, in a map, where its
// key is.
//
// JSON and YAML both become a Tree (the parse layer builds it), so a rule
// that checks a declared field (`spec.hostNetwork: true`) reads the same
// tree whatever the syntax was, and cites the field's own line and column.
// A Tree is the model's; it holds no parser state.
//
// Storage is flat: one vector of nodes and one pool of text per Tree (a
// document's values share one), so a tree costs about 48 bytes a value
// plus its text, with no allocation per value. Trees are immutable once
// built; `Value` handles into them are cheap to copy and valid as long as
// the Tree lives.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubesift::model {

class Tree;

enum class ValueKind : uint8_t { Null, Scalar, Map, Seq };

// A handle to one value of a Tree, or to nothing (`!v`: the field is absent).
// Every accessor is safe on an absent value and returns the empty answer.
class Value {
 public:
  Value() = default;
  Value(const Tree* t, uint32_t i) : tree_(t), i_(i) {}

  explicit operator bool() const { return tree_ != nullptr; }
  ValueKind kind() const;
  bool is_null() const { return kind() == ValueKind::Null; }
  bool is_scalar() const { return tree_ && kind() == ValueKind::Scalar; }
  bool is_map() const { return tree_ && kind() == ValueKind::Map; }
  bool is_seq() const { return tree_ && kind() == ValueKind::Seq; }

  // Scalar text as written for numbers and booleans, unescaped for strings;
  // "" for anything that is not a scalar.
  std::string_view scalar() const;
  // True for a string written in quotes (JSON strings, quoted YAML): such a
  // scalar is never a boolean or a number, whatever its text.
  bool quoted() const;
  // A boolean the way Kubernetes reads YAML and JSON (true/True/TRUE, and
  // YAML 1.1's yes/on/y): nullopt for anything else.
  std::optional<bool> as_bool() const;
  bool is_true() const { return as_bool().value_or(false); }
  bool is_false() const { return !as_bool().value_or(true); }
  // An integer scalar (decimal, optional sign); nullopt otherwise.
  std::optional<long long> as_int() const;

  // 1-based line and column where the value starts (0 when unknown).
  uint32_t line() const;
  uint32_t col() const;
  // For a member of a map: its key and where the key is. A value's key line
  // is what a finding about the field cites (`image: nginx` → the key).
  std::string_view key() const;
  uint32_t key_line() const;
  uint32_t key_col() const;
  // The key's place when there is one, else the value's.
  uint32_t cite_line() const { return key_line() ? key_line() : line(); }
  uint32_t cite_col() const { return key_line() ? key_col() : col(); }

  // Members and elements. `get` is a linear search (objects are small).
  Value get(std::string_view key) const;
  std::string_view str(std::string_view key) const { return get(key).scalar(); }
  Value at(std::initializer_list<std::string_view> path) const;
  Value operator[](std::string_view key) const { return get(key); }
  // The i-th element of a sequence or member of a map.
  Value child(size_t i) const;
  size_t size() const;  // elements or members; 0 for scalars

  // Iteration over elements (Seq) or members (Map): `for (Value c : v)`.
  class Iterator {
   public:
    Iterator(const Tree* t, uint32_t i) : t_(t), i_(i) {}
    Value operator*() const { return {t_, i_}; }
    Iterator& operator++();
    bool operator!=(const Iterator& o) const { return i_ != o.i_; }

   private:
    const Tree* t_;
    uint32_t i_;
  };
  Iterator begin() const;
  Iterator end() const;

  const Tree* tree() const { return tree_; }
  uint32_t index() const { return i_; }
  // One past the index of this value's last descendant: a value and
  // everything under it are the nodes [index(), end_index()).
  uint32_t end_index() const;
  friend bool operator==(const Value& a, const Value& b) {
    return a.tree_ == b.tree_ && a.i_ == b.i_;
  }

 private:
  const Tree* tree_ = nullptr;
  uint32_t i_ = 0;
};

class Tree {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Node {
    ValueKind kind = ValueKind::Null;
    bool quoted = false;
    uint32_t line = 0, col = 0;
    uint32_t key_line = 0, key_col = 0;
    uint32_t key_off = 0, key_len = 0;
    uint32_t text_off = 0, text_len = 0;
    uint32_t first = kNone, next = kNone;  // first child, next sibling
    uint32_t count = 0;                    // children
  };

  Value value(uint32_t i) const { return {this, i}; }
  const Node& node(uint32_t i) const { return nodes_[i]; }
  std::string_view text(uint32_t off, uint32_t len) const { return {pool_.data() + off, len}; }
  size_t node_count() const { return nodes_.size(); }
  // Members whose key repeats the key of an earlier member of the same map
  // (in node order). Kubernetes rejects such objects; lint reports them.
  const std::vector<uint32_t>& duplicate_keys() const { return dups_; }
  // Empties the tree, keeping its memory for the next one built into it.
  void clear() {
    nodes_.clear();
    pool_.clear();
    dups_.clear();
  }
  // Bytes held (nodes and text), for memory accounting.
  size_t bytes() const { return nodes_.capacity() * sizeof(Node) + pool_.capacity(); }

 private:
  friend class TreeBuilder;
  std::vector<Node> nodes_;
  std::string pool_;
  std::vector<uint32_t> dups_;
};

// Builds a Tree in document order: open a container, add its children (in a
// map each child is preceded by its key), close it. Several roots may be
// built into one Tree (the documents of one stream).
class TreeBuilder {
 public:
  explicit TreeBuilder(Tree& t) : t_(t) {}

  // The key of the next child of the open map.
  void key(std::string_view k, uint32_t line, uint32_t col);
  uint32_t scalar(std::string_view text, bool quoted, uint32_t line, uint32_t col);
  uint32_t null(uint32_t line, uint32_t col);
  uint32_t open_map(uint32_t line, uint32_t col) { return open(ValueKind::Map, line, col); }
  uint32_t open_seq(uint32_t line, uint32_t col) { return open(ValueKind::Seq, line, col); }
  void close();
  // The index the next value will get.
  uint32_t next_index() const { return static_cast<uint32_t>(t_.nodes_.size()); }
  // Marks member `node` as one whose key was already used in its map.
  void mark_duplicate_key(uint32_t node) { t_.dups_.push_back(node); }
  // Depth of open containers (0 = between roots).
  size_t depth() const { return stack_.size(); }
  // Abandons whatever is open (after a parse error): what was built stays in
  // the Tree, and the next value starts a new root.
  void reset() {
    stack_.clear();
    pending_ = false;
  }
  void reserve(size_t nodes, size_t text) {
    t_.nodes_.reserve(nodes);
    t_.pool_.reserve(text);
  }
  // Moves every line of the values built from node `from` on by `by` (text
  // parsed out of the middle of a document).
  void shift_lines(uint32_t from, uint32_t by);

 private:
  uint32_t open(ValueKind k, uint32_t line, uint32_t col);
  uint32_t add(ValueKind k, uint32_t line, uint32_t col);
  struct Open {
    uint32_t node, last;
  };
  Tree& t_;
  std::vector<Open> stack_;
  bool pending_ = false;
  uint32_t pkey_off_ = 0, pkey_len_ = 0, pkey_line_ = 0, pkey_col_ = 0;
};

// Parses a JSON-pointer-like dotted path ("spec.template.spec") for lookups.
Value at_path(Value v, std::string_view dotted);

}  // namespace kubesift::model
