#include "yaml_events.h"

#include <cstring>
#include <functional>

namespace kubesift::parse {
namespace {

// Maps with more keys than this find duplicates through a hash set.
constexpr size_t kLinearKeys = 32;

bool is_null_text(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

uint64_t hash_of(std::string_view s) {
  return std::hash<std::string_view>{}(s);
}

}  // namespace

YamlEvents::Scratch& YamlEvents::acquire(std::unique_ptr<Scratch>& own) {
  thread_local Scratch scratch;
  Scratch* s = &scratch;
  if (s->in_use) {  // a document read while another is (not done today)
    own = std::make_unique<Scratch>();
    s = own.get();
  }
  s->in_use = true;
  s->stack.clear();
  s->keys.clear();
  s->key_text.clear();
  s->merges.clear();
  s->rec.clear();
  s->rec_text.clear();
  s->defs.clear();
  s->open_def_stack.clear();
  s->anchors.clear();
  // Frames are referenced across pushes: never reallocated (the depth is
  // bounded before a frame is pushed).
  s->stack.reserve(kMaxYamlDepth + 2);
  return *s;
}

YamlEvents::YamlEvents(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                       std::vector<TreeError>& errors)
    : pos_(text),
      line_offset_(first_line - 1),
      b_(b),
      errors_(errors),
      budget_(1'000'000 + 20 * text.size()),
      s_(acquire(own_)) {}

YamlEvents::~YamlEvents() {
  s_.in_use = false;
  // A document with a huge map or many anchors gives back what it took.
  if (s_.rec.capacity() > (1u << 16)) std::vector<Event>().swap(s_.rec);
  if (s_.rec_text.capacity() > (1u << 20)) std::string().swap(s_.rec_text);
  if (s_.keys.capacity() > (1u << 16)) std::vector<Key>().swap(s_.keys);
  if (s_.key_text.capacity() > (1u << 20)) std::string().swap(s_.key_text);
}

std::pair<uint32_t, uint32_t> YamlEvents::where(size_t off) {
  auto [l, c] = pos_.at(off == kNoOffset ? last_off_ : off);
  return {l + line_offset_, c};
}

void YamlEvents::syntax_error(std::string_view problem, size_t off) {
  auto [l, c] = where(off);
  syntax_error_at(problem, l - line_offset_, c);
}

void YamlEvents::syntax_error_at(std::string_view problem, uint32_t line, uint32_t col) {
  if (failed_) return;  // the first problem is the one that stopped us
  errors_.push_back({"invalid YAML: " + std::string(problem), line + line_offset_, col});
  failed_ = true;
}

bool YamlEvents::fail(std::string_view what, size_t off) {
  bool first = !failed_;
  syntax_error(what, off);
  if (first && !errors_.empty()) errors_.back().limit = true;
  return false;
}

bool YamlEvents::spend(size_t off) {
  if (budget_ == 0)
    return fail(
        "the document expands to too many values (aliases that repeat each other: a \"billion "
        "laughs\" document?)",
        replaying_ ? alias_at_ : off);
  --budget_;
  return true;
}

bool YamlEvents::scalar(std::string_view value, Style style, Tag tag, size_t off,
                        std::string_view anchor) {
  bool quoted = style == Style::Quoted || tag == Tag::Str;
  if (!quoted && tag == Tag::None && is_null_text(value))
    return node(Ev::Null, value, false, off, anchor);
  return node(Ev::Scalar, value, quoted, off, anchor);
}

bool YamlEvents::empty(std::string_view anchor) {
  return node(Ev::Null, {}, false, kNoOffset, anchor);
}

bool YamlEvents::alias(std::string_view name, size_t off) {
  if (failed_) return false;
  auto it = anchors_.find(std::string(name));
  if (it == anchors_.end())
    return fail("unknown anchor \"" + std::string(name) + "\" (an alias *" + std::string(name) +
                    " before any &" + std::string(name) + ")",
                off);
  if (defs_[it->second].open)
    return fail("the alias *" + std::string(name) + " is inside the value it names", off);
  last_off_ = off;
  if (recording()) record(Ev::Alias, {}, false, off, it->second);
  if (capturing_ || skip_depth_) return true;
  return dispatch(Ev::Alias, {}, false, off, it->second);
}

void YamlEvents::record(Ev type, std::string_view text, bool quoted, size_t off, uint32_t def) {
  Event e;
  e.type = type;
  e.quoted = quoted;
  e.off = static_cast<uint32_t>(off);
  e.def = def;
  if (type == Ev::Scalar || type == Ev::Null) {
    e.text_off = static_cast<uint32_t>(rec_text_.size());
    e.text_len = static_cast<uint32_t>(text.size());
    rec_text_.append(text);
  }
  rec_.push_back(e);
}

void YamlEvents::define(std::string_view anchor, uint32_t begin, bool container) {
  uint32_t d = static_cast<uint32_t>(defs_.size());
  defs_.push_back({begin, container ? begin : begin + 1, container});
  anchors_[std::string(anchor)] = d;  // a later anchor of the same name wins
  if (container) {
    open_def_stack_.push_back({d, depth_});
    ++open_defs_;
  }
}

bool YamlEvents::node(Ev type, std::string_view text, bool quoted, size_t off,
                      std::string_view anchor) {
  if (failed_) return false;
  if (off == kNoOffset)
    off = last_off_;
  else
    last_off_ = off;
  bool container = is_container(type);
  if (container && ++depth_ > kMaxYamlDepth)
    return fail("nested too deeply (more than 256 levels)", off);
  Frame* top = capturing_ || skip_depth_ || stack_.empty() ? nullptr : &stack_.back();
  bool in_map = top && top->kind == model::ValueKind::Map;
  // The value of `<<` that is a map or a list: recorded, merged at the end
  // of the map.
  if (container && in_map && !top->want_key && top->merge_next) {
    top->merge_next = false;
    top->want_key = true;
    capturing_ = true;
    capture_depth_ = 0;
    capture_begin_ = static_cast<uint32_t>(rec_.size());
    capture_at_ = off;
  }
  if (recording() || !anchor.empty()) {
    uint32_t idx = static_cast<uint32_t>(rec_.size());
    record(type, text, quoted, off, 0);
    if (!anchor.empty()) define(anchor, idx, container);
  }
  if (capturing_) {
    if (container) ++capture_depth_;
    return true;
  }
  if (skip_depth_) {
    if (container) ++skip_depth_;
    return true;
  }
  if (container && in_map && top->want_key) {
    // A key that is a map or a sequence: kept as an empty key, not read.
    if (!key_node(Ev::Scalar, {}, true, off, 0)) return false;
    skip_depth_ = 1;
    return true;
  }
  return dispatch(type, text, quoted, off, 0);
}

bool YamlEvents::dispatch(Ev type, std::string_view text, bool quoted, size_t off, uint32_t def) {
  if (!stack_.empty() && stack_.back().kind == model::ValueKind::Map && stack_.back().want_key)
    return key_node(type, text, quoted, off, def);
  return value_node(type, text, quoted, off, def);
}

std::string_view YamlEvents::key_text(const Event& e) const {
  if (e.type == Ev::Scalar || e.type == Ev::Null) return event_text(e);
  if (e.type == Ev::Alias) {
    const Event& target = rec_[defs_[e.def].begin];
    if (target.type == Ev::Scalar || target.type == Ev::Null) return event_text(target);
  }
  return {};
}

bool YamlEvents::has_key(const Frame& f, std::string_view k) const {
  if (f.big && !f.big->count(hash_of(k))) return false;
  const char* text = key_text_.data();
  for (size_t i = f.keys_begin; i < keys_.size(); ++i)
    if (keys_[i].len == k.size() &&
        (k.empty() || std::memcmp(text + keys_[i].off, k.data(), k.size()) == 0))
      return true;
  return false;
}

void YamlEvents::add_key(Frame& f, std::string_view k) {
  keys_.push_back({static_cast<uint32_t>(key_text_.size()), static_cast<uint32_t>(k.size())});
  key_text_.append(k);
  if (f.big) {
    f.big->insert(hash_of(k));
  } else if (keys_.size() - f.keys_begin > kLinearKeys) {
    f.big = std::make_unique<std::unordered_set<uint64_t>>();
    for (size_t i = f.keys_begin; i < keys_.size(); ++i)
      f.big->insert(hash_of(std::string_view(key_text_).substr(keys_[i].off, keys_[i].len)));
  }
}

bool YamlEvents::key_node(Ev type, std::string_view text, bool quoted, size_t off, uint32_t def) {
  Frame& f = stack_.back();
  std::string_view k = text;
  if (type == Ev::Alias) {
    Event e;
    e.type = Ev::Alias;
    e.def = def;
    k = key_text(e);
  }
  f.want_key = false;
  if (type == Ev::Scalar && !quoted && k == "<<") {
    f.merge_next = true;
    return true;
  }
  f.dup_next = has_key(f, k);
  add_key(f, k);
  auto [l, c] = where(off);
  b_.key(k, l, c);
  return true;
}

bool YamlEvents::value_node(Ev type, std::string_view text, bool quoted, size_t off, uint32_t def) {
  bool dup = false;
  bool root = stack_.empty();
  if (!root && stack_.back().kind == model::ValueKind::Map) {
    Frame& f = stack_.back();
    f.want_key = true;
    if (f.merge_next) {
      f.merge_next = false;
      if (type == Ev::Alias) {
        const Def& d = defs_[def];
        return merge_sources(d.begin, d.end, off, merges_);
      }
      return fail("the value of a merge key (<<) must be a map or a list of maps", off);
    }
    dup = f.dup_next;
    f.dup_next = false;
  }
  if (type == Ev::Alias) {
    // The replayed node is this member's value (not a key).
    if (!root && stack_.back().kind == model::ValueKind::Map) stack_.back().want_key = false;
    if (dup) b_.mark_duplicate_key(b_.next_index());
    if (!replaying_) alias_at_ = off;
    return replay(def);
  }
  if (!spend(off)) return false;
  auto [l, c] = where(off);
  uint32_t idx;
  switch (type) {
    case Ev::Scalar: idx = b_.scalar(text, quoted, l, c); break;
    case Ev::Null:
      if (root) return true;  // a document that is only a null holds nothing
      idx = b_.null(l, c);
      break;
    case Ev::MapStart:
    case Ev::SeqStart: {
      idx = type == Ev::MapStart ? b_.open_map(l, c) : b_.open_seq(l, c);
      Frame f;
      f.kind = type == Ev::MapStart ? model::ValueKind::Map : model::ValueKind::Seq;
      f.keys_begin = static_cast<uint32_t>(keys_.size());
      f.key_text_begin = static_cast<uint32_t>(key_text_.size());
      f.merges_begin = static_cast<uint32_t>(merges_.size());
      stack_.push_back(std::move(f));
      break;
    }
    default: return true;
  }
  if (dup) b_.mark_duplicate_key(idx);
  if (root) built_ = true;
  return true;
}

bool YamlEvents::end() {
  if (failed_) return false;
  if (recording()) record(Ev::End, {}, false, last_off_, 0);
  while (!open_def_stack_.empty() && open_def_stack_.back().second == depth_) {
    Def& d = defs_[open_def_stack_.back().first];
    d.end = static_cast<uint32_t>(rec_.size());
    d.open = false;
    open_def_stack_.pop_back();
    --open_defs_;
  }
  --depth_;
  if (capturing_) {
    if (--capture_depth_ > 0) return true;
    capturing_ = false;
    return merge_sources(capture_begin_, static_cast<uint32_t>(rec_.size()), capture_at_, merges_);
  }
  if (skip_depth_) {
    --skip_depth_;
    return true;
  }
  return close_frame();
}

bool YamlEvents::close_frame() {
  if (stack_.empty()) return true;
  size_t fi = stack_.size() - 1;
  if (stack_[fi].kind == model::ValueKind::Map && merges_.size() > stack_[fi].merges_begin &&
      !apply_merges(fi))
    return false;
  Frame& f = stack_[fi];
  keys_.resize(f.keys_begin);
  key_text_.resize(f.key_text_begin);
  merges_.resize(f.merges_begin);
  stack_.pop_back();
  b_.close();
  return true;
}

uint32_t YamlEvents::skip(uint32_t i) const {
  if (!is_container(rec_[i].type)) return i + 1;
  int d = 0;
  do {
    Ev t = rec_[i].type;
    if (is_container(t))
      ++d;
    else if (t == Ev::End)
      --d;
    ++i;
  } while (d > 0 && i < rec_.size());
  return i;
}

bool YamlEvents::replay(uint32_t def) {
  const Def d = defs_[def];
  return replay_range(d.begin, d.end);
}

bool YamlEvents::replay_range(uint32_t begin, uint32_t end) {
  ++replaying_;
  bool ok = true;
  for (uint32_t i = begin; i < end && ok;) {
    const Event e = rec_[i];
    if (e.type == Ev::End) {
      --depth_;
      ok = close_frame();
      ++i;
      continue;
    }
    bool container = is_container(e.type);
    if (container && !stack_.empty() && stack_.back().kind == model::ValueKind::Map) {
      Frame& top = stack_.back();
      if (top.want_key) {  // a key that is a map or a sequence
        ok = key_node(Ev::Scalar, {}, true, e.off, 0);
        i = skip(i);
        continue;
      }
      if (top.merge_next) {
        top.merge_next = false;
        top.want_key = true;
        uint32_t next = skip(i);
        ok = merge_sources(i, next, e.off, merges_);
        i = next;
        continue;
      }
    }
    if (container && ++depth_ > kMaxYamlDepth) {
      ok = fail("nested too deeply (more than 256 levels)", e.off);
      break;
    }
    ok = dispatch(e.type, event_text(e), e.quoted, e.off, e.def);
    ++i;
  }
  --replaying_;
  return ok && !failed_;
}

// The maps a `<<` value names: the value's events are [begin, end) of rec_.
bool YamlEvents::merge_sources(uint32_t begin, uint32_t end, size_t at, std::vector<Merge>& out) {
  const char* kWant = "the value of a merge key (<<) must be a map or a list of maps";
  auto one = [&](uint32_t i, uint32_t next) {
    const Event& e = rec_[i];
    if (e.type == Ev::Alias) {
      const Def& d = defs_[e.def];
      if (rec_[d.begin].type != Ev::MapStart) return fail(kWant, e.off);
      out.push_back({d.begin, d.end, at});
      return true;
    }
    if (e.type != Ev::MapStart) return fail(kWant, e.off);
    out.push_back({i, next, at});
    return true;
  };
  if (begin >= end) return fail(kWant, at);
  if (rec_[begin].type != Ev::SeqStart) return one(begin, end);
  for (uint32_t i = begin + 1; i < end && rec_[i].type != Ev::End;) {
    uint32_t next = skip(i);
    if (!one(i, next)) return false;
    i = next;
  }
  return true;
}

bool YamlEvents::apply_merges(size_t fi) {
  std::vector<Merge> sources(merges_.begin() + stack_[fi].merges_begin, merges_.end());
  for (const Merge& m : sources)
    if (!merge_map(m, fi, 0)) return false;
  return true;
}

// Adds the members of the map m that map `fi` does not have yet: its own
// members first, then (recursively) what its own `<<` merges.
bool YamlEvents::merge_map(const Merge& m, size_t fi, uint32_t depth) {
  if (depth > kMaxYamlDepth) return fail("merge keys nested too deeply", m.at);
  std::vector<Merge> nested;
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i = m.begin + 1; i < m.end && rec_[i].type != Ev::End;) {
      uint32_t vi = skip(i);
      if (vi >= m.end) break;
      uint32_t next = skip(vi);
      const Event key = rec_[i];
      std::string_view k = key_text(key);
      bool is_merge = key.type == Ev::Scalar && !key.quoted && k == "<<";
      if (!spend(m.at)) return false;
      if (pass == 1 && is_merge) {
        if (!merge_sources(vi, next, m.at, nested)) return false;
      } else if (pass == 0 && !is_merge) {
        Frame& f = stack_[fi];
        if (!has_key(f, k)) {
          add_key(f, k);
          auto [l, c] = where(key.off);
          b_.key(k, l, c);
          f.want_key = false;
          f.dup_next = false;
          size_t saved = alias_at_;
          alias_at_ = m.at;
          const Event v = rec_[vi];
          bool ok = v.type == Ev::Alias ? replay(v.def) : replay_range(vi, next);
          alias_at_ = saved;
          if (!ok) return false;
        }
      }
      i = next;
    }
  }
  for (const Merge& n : nested)
    if (!merge_map(n, fi, depth + 1)) return false;
  return true;
}

}  // namespace kubesift::parse
