// YAML parser events → model::Tree, the part every YAML reader shares.
//
// A reader (yaml-cpp, libyaml, libfyaml) translates its library's events
// into calls on YamlEvents, with byte offsets into the document's text; the
// semantics live here once, so the readers agree by construction:
// - every key and value gets its line and column (code points), a value its
//   quoted-ness (quoted, block and `!!str`/`!`-tagged scalars are strings);
// - plain `~`, `null`, `Null`, `NULL` and empty values are nulls;
// - a key given twice in a map is kept and marked
//   (TreeBuilder::mark_duplicate_key);
// - anchored nodes are recorded as events and aliases replayed from them,
//   within a budget of values per document (an alias bomb is refused at
//   the alias that would exceed it);
// - merge keys (`<<: *base`, `<<: [*a, *b]`, `<<: {…}`) add the members of
//   the merged maps that the map does not set itself, the first merged map
//   winning (YAML 1.1's merge type, as go-yaml v3 reads it);
// - containers nest at most kMaxYamlDepth deep.
// Each call returns false once the document is refused (the problem is in
// `errors`): the reader then stops feeding events.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kubesift/model/tree.h"
#include "positions.h"
#include "tree.h"

namespace kubesift::parse {

constexpr uint32_t kMaxYamlDepth = 256;

class YamlEvents {
 public:
  // Quoted: '…', "…", and the block styles | and >.
  enum class Style : uint8_t { Plain, Quoted };
  // An explicit tag, as far as it changes what a scalar is. Str: `!!str` or
  // the non-specific `!`; Other: any other tag (`!!int 5` stays plain).
  enum class Tag : uint8_t { None, Str, Other };
  static constexpr size_t kNoOffset = SIZE_MAX;

  YamlEvents(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
             std::vector<TreeError>& errors);
  ~YamlEvents();
  YamlEvents(const YamlEvents&) = delete;
  YamlEvents& operator=(const YamlEvents&) = delete;

  // A node starting at byte `off` of the document: at its anchor or tag
  // when it has one, at the opening quote or block indicator of a scalar,
  // at `{`/`[`, `-` or the first key of a collection.
  bool scalar(std::string_view value, Style style, Tag tag, size_t off, std::string_view anchor);
  // A node with no content (`key:` and nothing after it). Placed where the
  // last node was (its key), whatever the library says.
  bool empty(std::string_view anchor);
  bool start_map(size_t off, std::string_view anchor) {
    return node(Ev::MapStart, {}, false, off, anchor);
  }
  bool start_seq(size_t off, std::string_view anchor) {
    return node(Ev::SeqStart, {}, false, off, anchor);
  }
  bool end();  // of the innermost open map or sequence
  bool alias(std::string_view name, size_t off);

  // A problem the library found: "invalid YAML: <problem>" at byte `off`,
  // or at (line, col) of the document (1-based) when that is what it gives.
  void syntax_error(std::string_view problem, size_t off);
  void syntax_error_at(std::string_view problem, uint32_t line, uint32_t col);
  // A refusal of ours: "invalid YAML: <what>" at byte `off`. Returns false.
  bool fail(std::string_view what, size_t off);

  bool failed() const { return failed_; }
  // After the last event: true when a root value was built (a document
  // that is only a null, or that failed, builds nothing).
  bool finish() const { return built_ && !failed_; }

  // (line, column) in the file, 1-based, of byte `off` of the document.
  std::pair<uint32_t, uint32_t> where(size_t off);
  // Offset of the last node seen (where an error without a place is put).
  size_t last_offset() const { return last_off_; }

 private:
  enum class Ev : uint8_t { Scalar, Null, MapStart, SeqStart, End, Alias };
  // A recorded event (while an anchor or a `<<` value is open).
  struct Event {
    Ev type;
    bool quoted = false;
    uint32_t off = 0;
    uint32_t text_off = 0, text_len = 0;  // Scalar and Null: into rec_text_
    uint32_t def = 0;                     // Alias: its anchor's definition
  };
  struct Def {
    uint32_t begin = 0, end = 0;  // its events, [begin, end) of rec_
    bool open = false;            // still being recorded
  };
  struct Frame {
    model::ValueKind kind;
    bool want_key = true;     // map: the next node is a key
    bool merge_next = false;  // map: the next value is merged (`<<`)
    bool dup_next = false;    // map: the next value's key was given before
    uint32_t keys_begin = 0, key_text_begin = 0, merges_begin = 0;
    std::unique_ptr<std::unordered_set<uint64_t>> big;  // key hashes of a large map
  };
  struct Key {
    uint32_t off, len;
  };
  struct Merge {
    uint32_t begin, end;  // a map's events in rec_
    size_t at;            // where the `<<` is (for errors)
  };

  static bool is_container(Ev t) { return t == Ev::MapStart || t == Ev::SeqStart; }
  bool recording() const { return open_defs_ > 0 || capturing_; }
  std::string_view event_text(const Event& e) const {
    return std::string_view(rec_text_).substr(e.text_off, e.text_len);
  }

  bool node(Ev type, std::string_view text, bool quoted, size_t off, std::string_view anchor);
  bool dispatch(Ev type, std::string_view text, bool quoted, size_t off, uint32_t def);
  bool key_node(Ev type, std::string_view text, bool quoted, size_t off, uint32_t def);
  bool value_node(Ev type, std::string_view text, bool quoted, size_t off, uint32_t def);
  bool close_frame();
  void record(Ev type, std::string_view text, bool quoted, size_t off, uint32_t def);
  void define(std::string_view anchor, uint32_t begin, bool container);
  bool spend(size_t off);
  bool replay(uint32_t def);
  bool replay_range(uint32_t begin, uint32_t end);
  bool merge_sources(uint32_t begin, uint32_t end, size_t at, std::vector<Merge>& out);
  bool apply_merges(size_t frame);
  bool merge_map(const Merge& m, size_t frame, uint32_t depth);
  uint32_t skip(uint32_t i) const;  // one past the node whose event is i
  std::string_view key_text(const Event& e) const;
  bool has_key(const Frame& f, std::string_view k) const;
  void add_key(Frame& f, std::string_view k);

  Positions pos_;
  uint32_t line_offset_;
  model::TreeBuilder& b_;
  std::vector<TreeError>& errors_;
  size_t budget_;
  bool failed_ = false;
  bool built_ = false;
  size_t last_off_ = 0;
  uint32_t depth_ = 0;  // open containers, built, captured or skipped
  int replaying_ = 0;
  size_t alias_at_ = 0;  // the alias being replayed (for the budget error)
  // A `<<` value being recorded instead of built.
  bool capturing_ = false;
  uint32_t capture_depth_ = 0, capture_begin_ = 0;
  size_t capture_at_ = 0;
  // A key that is a map or a sequence, being skipped (its key is "").
  uint32_t skip_depth_ = 0;

  // The containers of a document, reused by the next document read on the
  // same thread (they keep their capacity): no allocation per document.
  struct Scratch {
    std::vector<Frame> stack;
    std::vector<Key> keys;  // keys of the open maps, innermost last
    std::string key_text;
    std::vector<Merge> merges;  // merge sources of the open maps
    std::vector<Event> rec;
    std::string rec_text;
    std::vector<Def> defs;
    std::vector<std::pair<uint32_t, uint32_t>> open_def_stack;  // (def, depth_ it opened at)
    std::unordered_map<std::string, uint32_t> anchors;
    bool in_use = false;
  };
  static Scratch& acquire(std::unique_ptr<Scratch>& own);
  std::unique_ptr<Scratch> own_;  // when the thread's scratch is taken
  Scratch& s_;
  std::vector<Frame>& stack_ = s_.stack;
  std::vector<Key>& keys_ = s_.keys;
  std::string& key_text_ = s_.key_text;
  std::vector<Merge>& merges_ = s_.merges;
  std::vector<Event>& rec_ = s_.rec;
  std::string& rec_text_ = s_.rec_text;
  std::vector<Def>& defs_ = s_.defs;
  std::vector<std::pair<uint32_t, uint32_t>>& open_def_stack_ = s_.open_def_stack;
  std::unordered_map<std::string, uint32_t>& anchors_ = s_.anchors;
  uint32_t open_defs_ = 0;
};

}  // namespace kubesift::parse
