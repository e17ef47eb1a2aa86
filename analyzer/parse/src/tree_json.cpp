// JSON → model::Tree with simdjson On-Demand.
#include <simdjson.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_set>

#include "positions.h"
#include "tree.h"

namespace kubesift::parse {
namespace {

constexpr int kMaxDepth = 256;
// Maps with more members than this check duplicate keys with a hash set.
constexpr size_t kLinearKeyCheck = 16;

struct JsonBuilder {
  const char* base;
  size_t size;
  Positions& pos;
  model::Tree* top;  // the tree of the top-level values
  model::TreeBuilder* b;
  std::vector<TreeError>& errors;
  uint32_t line_offset;
  const ItemPieces* pieces = nullptr;
  // Per top-level value: its index, its "kind" when read before "items",
  // and whether its items went to `pieces`.
  size_t root = 0;
  std::optional<std::string> list_kind;
  bool split = false;

  // The offset in the text `pos` indexes of `base` (a value parsed from a
  // copy of its bytes).
  size_t origin = 0;

  std::pair<uint32_t, uint32_t> where(const char* p) {
    if (p < base || p > base + size) return {0, 0};
    auto [l, c] = pos.at(origin + static_cast<size_t>(p - base));
    return {l + line_offset, c};
  }

  bool fail(std::string msg, std::pair<uint32_t, uint32_t> at) {
    errors.push_back({std::move(msg), at.first, at.second});
    return false;
  }
  bool fail(simdjson::error_code ec, std::pair<uint32_t, uint32_t> at) {
    return fail(std::string("invalid JSON: ") + simdjson::error_message(ec), at);
  }

  bool build(simdjson::ondemand::value v, int depth) {
    std::string_view tok = v.raw_json_token();
    auto at = where(tok.data());
    if (depth > kMaxDepth) return fail("JSON nested too deeply (more than 256 levels)", at);
    simdjson::ondemand::json_type t;
    if (auto ec = v.type().get(t)) return fail(ec, at);
    switch (t) {
      case simdjson::ondemand::json_type::object: {
        simdjson::ondemand::object obj;
        if (auto ec = v.get_object().get(obj)) return fail(ec, at);
        b->open_map(at.first, at.second);
        // Keys point into the parser's string buffer, valid for the whole
        // document: no copies.
        std::string_view seen_small[kLinearKeyCheck];
        size_t seen = 0;
        std::unordered_set<std::string_view> seen_big;
        for (auto field : obj) {
          simdjson::ondemand::raw_json_string raw;
          if (auto ec = field.key().get(raw)) return fail(ec, at);
          auto kat = where(raw.raw() - 1);  // the opening quote
          std::string_view key;
          if (auto ec = field.unescaped_key().get(key)) return fail(ec, kat);
          // A key given twice: encoding/json keeps the last, kubectl
          // rejects the object; the tree keeps both and marks the second.
          bool dup;
          if (seen_big.empty() && seen < kLinearKeyCheck) {
            dup = std::find(seen_small, seen_small + seen, key) != seen_small + seen;
            seen_small[seen++] = key;
          } else {
            if (seen_big.empty()) seen_big.insert(seen_small, seen_small + seen);
            dup = !seen_big.emplace(key).second;
          }
          b->key(key, kat.first, kat.second);
          simdjson::ondemand::value child;
          if (auto ec = field.value().get(child)) return fail(ec, kat);
          uint32_t member = b->next_index();
          simdjson::ondemand::json_type ct;
          if (depth == 0 && pieces && !dup && !split && key == "items" &&
              child.type().get(ct) == simdjson::SUCCESS &&
              ct == simdjson::ondemand::json_type::array) {
            split = true;
            if (!build_pieces(child, depth + 1)) return false;
            continue;
          }
          if (!build(child, depth + 1)) return false;
          if (dup) b->mark_duplicate_key(member);
          if (depth == 0 && pieces && !dup && !split && key == "kind")
            if (model::Value k = top->value(member); k.is_scalar())
              list_kind = std::string(k.scalar());
        }
        b->close();
        return true;
      }
      case simdjson::ondemand::json_type::array: {
        simdjson::ondemand::array arr;
        if (auto ec = v.get_array().get(arr)) return fail(ec, at);
        b->open_seq(at.first, at.second);
        for (auto elem : arr) {
          simdjson::ondemand::value child;
          if (auto ec = elem.get(child)) return fail(ec, at);
          if (!build(child, depth + 1)) return false;
        }
        b->close();
        return true;
      }
      case simdjson::ondemand::json_type::string: {
        std::string_view s;
        if (auto ec = v.get_string().get(s)) return fail(ec, at);
        b->scalar(s, true, at.first, at.second);
        return true;
      }
      case simdjson::ondemand::json_type::number:
      case simdjson::ondemand::json_type::boolean: {
        while (!tok.empty() &&
               (tok.back() == ' ' || tok.back() == '\n' || tok.back() == '\r' ||
                tok.back() == '\t' || tok.back() == ',' || tok.back() == '}' || tok.back() == ']'))
          tok.remove_suffix(1);
        // Validate the scalar so that truncated input is reported. A number
        // beyond double range (1e400) is valid JSON: kept as written.
        if (t == simdjson::ondemand::json_type::boolean) {
          bool bv;
          if (auto ec = v.get_bool().get(bv)) return fail(ec, at);
        } else {
          simdjson::ondemand::number_type nt;
          if (auto ec = v.get_number_type().get(nt)) {
            double d;
            if (v.get_double().get(d) != simdjson::SUCCESS && !looks_numeric(tok))
              return fail(ec, at);
          }
        }
        b->scalar(tok, false, at.first, at.second);
        return true;
      }
      case simdjson::ondemand::json_type::null: b->null(at.first, at.second); return true;
    }
    return true;
  }

  // A top-level List's items: an empty sequence in the List's own tree, the
  // items themselves in pieces of their own, each handed over once built.
  bool build_pieces(simdjson::ondemand::value v, int depth) {
    auto at = where(v.raw_json_token().data());
    b->open_seq(at.first, at.second);
    b->close();
    simdjson::ondemand::array arr;
    if (auto ec = v.get_array().get(arr)) return fail(ec, at);
    model::TreeBuilder* outer = b;
    std::shared_ptr<model::Tree> piece;
    std::unique_ptr<model::TreeBuilder> pb;
    size_t n = 0;
    auto hand_over = [&] {
      pb->close();
      b = outer;
      pieces->take(root, list_kind ? &*list_kind : nullptr, std::move(piece));
      piece.reset();
      pb.reset();
    };
    for (auto elem : arr) {
      if (!piece) {
        piece = std::make_shared<model::Tree>();
        pb = std::make_unique<model::TreeBuilder>(*piece);
        pb->open_seq(at.first, at.second);
        b = pb.get();
        n = 0;
      }
      simdjson::ondemand::value child;
      if (auto ec = elem.get(child)) {
        b = outer;
        return fail(ec, at);
      }
      if (!build(child, depth + 1)) {
        b = outer;
        return false;
      }
      if (++n == pieces->max_items || piece->node_count() >= pieces->max_nodes) hand_over();
    }
    if (piece) hand_over();
    return true;
  }

  // A JSON number's grammar: -?digits[.digits][e[+-]digits].
  static bool looks_numeric(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    size_t d = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == d) return false;
    if (i < s.size() && s[i] == '.') {
      size_t f = ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == f) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      size_t e = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == e) return false;
    }
    return i == s.size();
  }
};

}  // namespace

bool json_to_tree(std::string_view text, model::Tree& tree, std::vector<Root>& roots,
                  std::vector<TreeError>& errors, uint32_t line_offset, size_t readable_after,
                  const ItemPieces* pieces) {
  Positions pos(text);
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: in place when
  // the buffer has them (a file read by ingest), else from a copy.
  simdjson::padded_string copy;
  if (readable_after < simdjson::SIMDJSON_PADDING) copy = simdjson::padded_string(text);
  const char* data = readable_after < simdjson::SIMDJSON_PADDING ? copy.data() : text.data();
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document_stream stream;
  model::TreeBuilder b(tree);
  // About one value per 12 bytes of JSON; a List in pieces keeps little.
  if (!pieces) b.reserve(text.size() / 12 + 16, text.size() / 2 + 16);
  auto err_at = [&](size_t off) {
    auto [l, c] = pos.at(off);
    return std::pair<uint32_t, uint32_t>{l + line_offset, c};
  };
  auto fail = [&](std::string msg, std::pair<uint32_t, uint32_t> at) {
    errors.push_back({std::move(msg), at.first, at.second});
    return false;
  };
  // A stream parse handles one value or several concatenated values.
  size_t batch = std::max<size_t>(text.size() + 64, simdjson::dom::MINIMAL_BATCH_SIZE);
  if (auto ec = parser.iterate_many(reinterpret_cast<const uint8_t*>(data), text.size(), batch)
                    .get(stream))
    return fail(std::string("invalid JSON: ") + simdjson::error_message(ec), {1 + line_offset, 1});
  JsonBuilder jb{data, text.size(), pos, &tree, &b, errors, line_offset, pieces, 0, {}, false, 0};
  size_t count = 0;
  for (auto it = stream.begin(); it != stream.end(); ++it) {
    simdjson::ondemand::document_reference doc;
    if (auto ec = (*it).get(doc))
      return fail(std::string("invalid JSON: ") + simdjson::error_message(ec),
                  err_at(it.current_index()));
    simdjson::ondemand::value v;
    if (auto ec = doc.get_value().get(v))
      return fail(std::string("invalid JSON: ") + simdjson::error_message(ec),
                  err_at(it.current_index()));
    uint32_t node = static_cast<uint32_t>(tree.node_count());
    uint32_t first = err_at(it.current_index()).first;
    jb.root = roots.size();
    jb.list_kind.reset();
    jb.split = false;
    if (!jb.build(v, 0)) {
      b.reset();
      return false;
    }
    roots.push_back({node, first, 0});
    ++count;
  }
  if (stream.truncated_bytes() > 0)
    return fail("invalid JSON: the input ends in the middle of a value (truncated?)",
                err_at(text.size() - stream.truncated_bytes()));
  if (count == 0) return fail("invalid JSON: no value found", {1 + line_offset, 1});
  return true;
}

struct JsonValueReader::Impl {
  Impl(std::string_view t, size_t r, uint32_t l)
      : text(t), readable_after(r), line_offset(l), pos(t) {}
  std::string_view text;
  size_t readable_after;
  uint32_t line_offset;
  Positions pos;
  simdjson::ondemand::parser parser;
  std::vector<TreeError> errors;
};

JsonValueReader::JsonValueReader(std::string_view text, size_t readable_after, uint32_t line_offset)
    : impl_(std::make_unique<Impl>(text, readable_after, line_offset)) {}

JsonValueReader::~JsonValueReader() = default;

bool JsonValueReader::read(size_t begin, size_t end, int depth, model::TreeBuilder& b) {
  Impl& m = *impl_;
  if (begin >= end || end > m.text.size()) return false;
  const char* data = m.text.data() + begin;
  size_t len = end - begin;
  // In place when the padding simdjson reads past the value is readable.
  simdjson::padded_string copy;
  if (m.text.size() - end + m.readable_after < simdjson::SIMDJSON_PADDING) {
    copy = simdjson::padded_string(data, len);
    data = copy.data();
  }
  simdjson::ondemand::document doc;
  if (m.parser.iterate(data, len, len + simdjson::SIMDJSON_PADDING).get(doc)) return false;
  simdjson::ondemand::value v;
  if (doc.get_value().get(v)) return false;
  m.errors.clear();
  JsonBuilder jb{data,          len,     m.pos, nullptr, &b,    m.errors,
                 m.line_offset, nullptr, 0,     {},      false, begin};
  if (!jb.build(v, depth)) {
    b.reset();
    return false;
  }
  // Nothing can follow: a valid value ends where its brackets balance, and
  // that is where scan_list ended the range.
  return true;
}

}  // namespace kubesift::parse
