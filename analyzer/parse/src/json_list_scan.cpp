#include "json_list_scan.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

namespace kubesift::parse {
namespace {

// Report progress every this many bytes.
constexpr size_t kProgressStep = size_t{16} << 20;

class Scanner {
 public:
  Scanner(std::string_view t, const std::function<void(size_t)>& progress)
      : p_(t.data()), n_(t.size()), progress_(progress) {}

  bool scan(ListLayout& out) {
    ws();
    if (!eat('{')) return false;
    std::vector<std::string_view> keys;
    bool items = false;
    ws();
    if (peek() == '}') return false;  // no "items"
    for (;;) {
      ws();
      std::string_view key;
      if (!plain_string(key)) return false;
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) return false;
      keys.push_back(key);
      ws();
      if (!eat(':')) return false;
      ws();
      if (key == "items") {
        if (!read_items(out)) return false;
        items = true;
      } else if (key == "kind") {
        std::string_view kind;
        if (!plain_string(kind)) return false;
        out.kind = std::string(kind);
      } else if (!other_value(out)) {
        return false;
      }
      ws();
      if (eat(',')) continue;
      if (eat('}')) break;
      return false;
    }
    ws();
    return items && i_ == n_;
  }

 private:
  char peek() const { return i_ < n_ ? p_[i_] : '\0'; }
  bool eat(char c) {
    if (peek() != c || i_ >= n_) return false;
    ++i_;
    return true;
  }
  void ws() {
    while (i_ < n_ && (p_[i_] == ' ' || p_[i_] == '\n' || p_[i_] == '\r' || p_[i_] == '\t')) ++i_;
  }
  void tick() {
    if (progress_ && i_ >= next_report_) {
      progress_(i_);
      next_report_ = i_ + kProgressStep;
    }
  }

  // From an opening quote to one past the closing one: a quote preceded by
  // an odd run of backslashes is escaped.
  bool skip_string() {
    ++i_;
    for (;;) {
      const void* q = i_ < n_ ? std::memchr(p_ + i_, '"', n_ - i_) : nullptr;
      if (!q) return false;
      size_t at = static_cast<size_t>(static_cast<const char*>(q) - p_);
      size_t bs = 0;
      while (at - bs > i_ && p_[at - bs - 1] == '\\') ++bs;
      i_ = at + 1;
      if (bs % 2 == 0) return true;
    }
  }

  // A string with no escape and no control character, valid UTF-8.
  bool plain_string(std::string_view& s) {
    if (peek() != '"') return false;
    size_t start = i_ + 1;
    if (!skip_string()) return false;
    s = std::string_view(p_ + start, i_ - 1 - start);
    for (char c : s)
      if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
    return simdjson::validate_utf8(s.data(), s.size());
  }

  // An object or an array: to its matching close, strings skipped.
  bool skip_nested() {
    size_t depth = 0;
    while (i_ < n_) {
      char c = p_[i_];
      if (c == '"') {
        if (!skip_string()) return false;
        continue;
      }
      ++i_;
      if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        tick();
        return true;
      }
    }
    return false;
  }

  bool literal(std::string_view word) {
    if (n_ - i_ < word.size() || std::memcmp(p_ + i_, word.data(), word.size()) != 0) return false;
    i_ += word.size();
    return true;
  }

  // JSON's number: -?(0|[1-9]digits*)[.digits][(e|E)[+-]digits]
  bool number() {
    auto digits = [&] {
      size_t d = i_;
      while (i_ < n_ && p_[i_] >= '0' && p_[i_] <= '9') ++i_;
      return i_ > d;
    };
    eat('-');
    if (eat('0')) {
      if (peek() >= '0' && peek() <= '9') return false;
    } else if (!digits()) {
      return false;
    }
    if (eat('.') && !digits()) return false;
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!digits()) return false;
    }
    return true;
  }

  // A member other than items and kind: objects and arrays are left to the
  // parser (recorded), scalars checked here.
  bool other_value(ListLayout& out) {
    char c = peek();
    size_t start = i_;
    if (c == '{' || c == '[') {
      if (!skip_nested()) return false;
      out.others.emplace_back(start, i_);
      return true;
    }
    if (c == '"') {
      std::string_view s;
      return plain_string(s);
    }
    if (c == 't') return literal("true");
    if (c == 'f') return literal("false");
    if (c == 'n') return literal("null");
    return number();
  }

  bool read_items(ListLayout& out) {
    if (!eat('[')) return false;
    ws();
    if (eat(']')) return true;
    for (;;) {
      size_t start = i_;
      char c = peek();
      if (c == '{' || c == '[') {
        if (!skip_nested()) return false;
      } else if (c == '"') {
        if (!skip_string()) return false;
      } else {
        // A scalar item (not an object): delimited, the parser judges it.
        while (i_ < n_ && !std::strchr(",]} \t\r\n", p_[i_])) ++i_;
        if (i_ == start) return false;
      }
      out.items.emplace_back(start, i_);
      ws();
      if (eat(',')) {
        ws();
        continue;
      }
      return eat(']');
    }
  }

  const char* p_;
  size_t n_;
  size_t i_ = 0;
  const std::function<void(size_t)>& progress_;
  size_t next_report_ = kProgressStep;
};

}  // namespace

bool scan_list(std::string_view text, ListLayout& out,
               const std::function<void(size_t)>& progress) {
  out = {};
  Scanner s(text, progress);
  return s.scan(out);
}

}  // namespace kubesift::parse
