#include "kubesift/model/tree.h"

#include <charconv>
#include <cstring>

namespace kubesift::model {

namespace {
// A map or a sequence has no text: its text_off holds one past its last
// descendant once it is closed, and text_len this mark. (A container left
// open by a parse error has no mark; end_index() then walks its children.)
constexpr uint32_t kEndRecorded = UINT32_MAX;
}  // namespace

ValueKind Value::kind() const {
  return tree_ ? tree_->node(i_).kind : ValueKind::Null;
}

std::string_view Value::scalar() const {
  if (!tree_) return {};
  const auto& n = tree_->node(i_);
  return n.kind == ValueKind::Scalar ? tree_->text(n.text_off, n.text_len) : std::string_view();
}

bool Value::quoted() const {
  return tree_ && tree_->node(i_).quoted;
}

std::optional<bool> Value::as_bool() const {
  if (!is_scalar() || quoted()) return std::nullopt;
  std::string_view s = scalar();
  // YAML 1.1 as Kubernetes' YAML reader resolves it (JSON's true/false too).
  for (std::string_view t :
       {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"})
    if (s == t) return true;
  for (std::string_view f :
       {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"})
    if (s == f) return false;
  return std::nullopt;
}

std::optional<long long> Value::as_int() const {
  if (!is_scalar()) return std::nullopt;
  std::string_view s = scalar();
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

uint32_t Value::line() const {
  return tree_ ? tree_->node(i_).line : 0;
}
uint32_t Value::col() const {
  return tree_ ? tree_->node(i_).col : 0;
}
std::string_view Value::key() const {
  if (!tree_) return {};
  const auto& n = tree_->node(i_);
  return tree_->text(n.key_off, n.key_len);
}
uint32_t Value::key_line() const {
  return tree_ ? tree_->node(i_).key_line : 0;
}
uint32_t Value::key_col() const {
  return tree_ ? tree_->node(i_).key_col : 0;
}

Value Value::get(std::string_view key) const {
  if (!is_map()) return {};
  const size_t len = key.size();
  for (uint32_t c = tree_->node(i_).first; c != Tree::kNone; c = tree_->node(c).next) {
    const auto& n = tree_->node(c);
    if (n.key_len != len) continue;
    // The first byte rules out most keys of the same length without a call.
    const char* k = tree_->text(n.key_off, 0).data();
    if (len == 0 || (k[0] == key[0] && std::memcmp(k, key.data(), len) == 0)) return {tree_, c};
  }
  return {};
}

Value Value::at(std::initializer_list<std::string_view> path) const {
  Value v = *this;
  for (auto k : path) {
    v = v.get(k);
    if (!v) return {};
  }
  return v;
}

Value Value::child(size_t i) const {
  if (!tree_) return {};
  uint32_t c = tree_->node(i_).first;
  for (; c != Tree::kNone && i > 0; --i) c = tree_->node(c).next;
  return c == Tree::kNone ? Value() : Value(tree_, c);
}

uint32_t Value::end_index() const {
  if (!tree_) return 0;
  if (const auto& n = tree_->node(i_); n.kind == ValueKind::Map || n.kind == ValueKind::Seq) {
    if (n.text_len == kEndRecorded) return n.text_off;  // set by TreeBuilder::close()
  } else {
    return i_ + 1;
  }
  uint32_t i = i_;
  // The last child of the last child of … is the last descendant.
  for (;;) {
    const auto& n = tree_->node(i);
    if (n.first == Tree::kNone) return i + 1;
    uint32_t c = n.first;
    while (tree_->node(c).next != Tree::kNone) c = tree_->node(c).next;
    i = c;
  }
}

size_t Value::size() const {
  return tree_ ? tree_->node(i_).count : 0;
}

Value::Iterator& Value::Iterator::operator++() {
  i_ = t_->node(i_).next;
  return *this;
}

Value::Iterator Value::begin() const {
  if (!tree_ || (kind() != ValueKind::Map && kind() != ValueKind::Seq)) return end();
  return {tree_, tree_->node(i_).first};
}

Value::Iterator Value::end() const {
  return {tree_, Tree::kNone};
}

void TreeBuilder::key(std::string_view k, uint32_t line, uint32_t col) {
  pkey_off_ = static_cast<uint32_t>(t_.pool_.size());
  pkey_len_ = static_cast<uint32_t>(k.size());
  t_.pool_.append(k);
  pkey_line_ = line;
  pkey_col_ = col;
  pending_ = true;
}

uint32_t TreeBuilder::add(ValueKind k, uint32_t line, uint32_t col) {
  uint32_t idx = static_cast<uint32_t>(t_.nodes_.size());
  Tree::Node n;
  n.kind = k;
  n.line = line;
  n.col = col;
  if (pending_) {
    n.key_off = pkey_off_;
    n.key_len = pkey_len_;
    n.key_line = pkey_line_;
    n.key_col = pkey_col_;
    pending_ = false;
  }
  t_.nodes_.push_back(n);
  if (!stack_.empty()) {
    Open& o = stack_.back();
    if (o.last == Tree::kNone)
      t_.nodes_[o.node].first = idx;
    else
      t_.nodes_[o.last].next = idx;
    o.last = idx;
    ++t_.nodes_[o.node].count;
  }
  return idx;
}

uint32_t TreeBuilder::scalar(std::string_view text, bool quoted, uint32_t line, uint32_t col) {
  uint32_t off = static_cast<uint32_t>(t_.pool_.size());
  t_.pool_.append(text);
  uint32_t idx = add(ValueKind::Scalar, line, col);
  t_.nodes_[idx].text_off = off;
  t_.nodes_[idx].text_len = static_cast<uint32_t>(text.size());
  t_.nodes_[idx].quoted = quoted;
  return idx;
}

uint32_t TreeBuilder::null(uint32_t line, uint32_t col) {
  return add(ValueKind::Null, line, col);
}

uint32_t TreeBuilder::open(ValueKind k, uint32_t line, uint32_t col) {
  uint32_t idx = add(k, line, col);
  stack_.push_back({idx, Tree::kNone});
  return idx;
}

void TreeBuilder::close() {
  if (stack_.empty()) return;
  // A container's end index, for Value::end_index() in constant time.
  Tree::Node& n = t_.nodes_[stack_.back().node];
  n.text_off = static_cast<uint32_t>(t_.nodes_.size());
  n.text_len = kEndRecorded;
  stack_.pop_back();
}

void TreeBuilder::shift_lines(uint32_t from, uint32_t by) {
  for (size_t i = from; i < t_.nodes_.size(); ++i) {
    auto& n = t_.nodes_[i];
    if (n.line) n.line += by;
    if (n.key_line) n.key_line += by;
  }
}

Value at_path(Value v, std::string_view dotted) {
  size_t pos = 0;
  while (v && pos <= dotted.size()) {
    size_t dot = dotted.find('.', pos);
    std::string_view k =
        dotted.substr(pos, dot == std::string_view::npos ? dotted.npos : dot - pos);
    if (!k.empty()) v = v.get(k);
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return v;
}

}  // namespace kubesift::model
