#include "log_prefilter.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace kubesift::engine {

namespace {

// The pattern Hyperscan filters blocks with: the scan's own, read byte by
// byte (no UTF-8 mode, which is undefined on invalid input), so a negated
// class loses its non-ASCII members (`[^'’]` → `[^']`): broader, never
// narrower. The filter may pass more blocks than match; RE2 decides.
std::string relaxed(const std::string& p) {
  std::string out;
  bool in_class = false, negated = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      out += c;
      out += p[++i];
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      negated = i + 1 < p.size() && p[i + 1] == '^';
    } else if (in_class && c == ']' && !(out.back() == '[' || (out.back() == '^' && negated))) {
      in_class = false;
    }
    if (in_class && negated && static_cast<unsigned char>(c) >= 0x80) continue;
    out += c;
  }
  return out;
}

// True when `p` has a `|` outside every group and class: `a|b` is two
// patterns, of which an anchor before the first binds only the first.
bool top_level_alternative(std::string_view p) {
  int depth = 0;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      // `[]` and `[^]` open with a literal `]`; `[:alpha:]` holds no `]`.
      if (c == ']' && p[i - 1] != '[' && !(p[i - 1] == '^' && p[i - 2] == '[')) in_class = false;
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return true;
    }
  }
  return false;
}

// A literal as a Hyperscan expression: every byte but letters and digits
// escaped.
std::string hs_literal(const std::string& lit) {
  std::string out;
  for (unsigned char c : lit) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

int on_hs_match(unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
  static_cast<std::vector<int>*>(ctx)->push_back(static_cast<int>(id));
  return 0;
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool space(char c) {  // RE2's \s
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
bool digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i)
    if (!digit(s[i])) return false;
  return true;
}

// The envelope parts, each as kEnvelope has it: the length it takes at `q`
// (0 when it is not there).
size_t pod_prefix(std::string_view l, size_t q) {  // \[pod/[^\]/\s]+/[^\]\s]+\]
  if (l.substr(q, 5) != "[pod/") return 0;
  size_t i = q + 5, from = i;
  while (i < l.size() && l[i] != ']' && l[i] != '/' && !space(l[i])) ++i;
  if (i == from || i >= l.size() || l[i] != '/') return 0;
  from = ++i;
  while (i < l.size() && l[i] != ']' && !space(l[i])) ++i;
  if (i == from || l.substr(i, 2) != "] ") return 0;
  return i + 2 - q;
}
size_t timestamp(std::string_view l, size_t q) {
  // \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) and a space
  if (!digits(l, q, 4) || l.size() < q + 20) return 0;
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:dd";
  for (size_t k = 0; k < 19; ++k) {
    char c = l[q + k];
    if (kShape[k] == 'd' ? !digit(c) : c != kShape[k]) return 0;
  }
  size_t i = q + 19;
  if (i < l.size() && l[i] == '.') {
    size_t from = ++i;
    while (i < l.size() && digit(l[i])) ++i;
    if (i == from || i - from > 9) return 0;
  }
  if (i < l.size() && l[i] == 'Z') {
    ++i;
  } else if (i < l.size() && (l[i] == '+' || l[i] == '-') && digits(l, i + 1, 2) &&
             i + 3 < l.size() && l[i + 3] == ':' && digits(l, i + 4, 2)) {
    i += 6;
  } else {
    return 0;
  }
  return i < l.size() && l[i] == ' ' ? i + 1 - q : 0;
}
}  // namespace

size_t envelope_timestamp(std::string_view l, size_t q) {
  return timestamp(l, q);
}

namespace {

size_t stream(std::string_view l, size_t q) {  // (?:stdout|stderr) [PF](?::\S*)? and a space
  std::string_view s = l.substr(q, 7);
  if (s != "stdout " && s != "stderr ") return 0;
  size_t i = q + 7;
  if (i >= l.size() || (l[i] != 'P' && l[i] != 'F')) return 0;
  ++i;
  if (i < l.size() && l[i] == ':')
    while (i < l.size() && !space(l[i])) ++i;
  return i < l.size() && l[i] == ' ' ? i + 1 - q : 0;
}
size_t docker(std::string_view l, size_t q) {
  return l.substr(q, 8) == R"({"log":")" ? 8 : 0;
}

}  // namespace

size_t envelope_starts(std::string_view line, size_t out[16]) {
  // Each part is tried only where its first byte stands: most lines start
  // with none of `[`, a digit, `s`, `{`, and cost four compares.
  size_t n = 1;
  out[0] = 0;
  auto add = [&](size_t at) {
    if (n < 16 && std::find(out, out + n, at) == out + n) out[n++] = at;
  };
  auto first = [&](size_t q) { return q < line.size() ? line[q] : '\0'; };
  if (first(0) == '[')
    if (size_t len = pod_prefix(line, 0)) add(len);
  for (size_t i = 0, before = n; i < before; ++i)
    if (digit(first(out[i])))
      if (size_t len = timestamp(line, out[i])) add(out[i] + len);
  for (size_t i = 0, before = n; i < before; ++i)
    if (first(out[i]) == 's')
      if (size_t len = stream(line, out[i])) add(out[i] + len);
  for (size_t i = 0, before = n; i < before; ++i)
    if (first(out[i]) == '{')
      if (size_t len = docker(line, out[i])) add(out[i] + len);
  return n;
}

bool LineHead::at(std::string_view line, size_t q) const {
  if (line.size() < q + prefix.size() + (range ? 1 : 0)) return false;
  if (line.compare(q, prefix.size(), prefix) != 0) return false;
  if (!range) return true;
  auto c = static_cast<unsigned char>(line[q + prefix.size()]);
  return c >= lo && c <= hi;
}

std::optional<LineHead> line_head(const std::string& pattern, int id) {
  std::string_view p = pattern;
  std::string_view flags;
  for (std::string_view f : {"(?m)", "(?mi)"})
    if (p.starts_with(f)) flags = f;
  const std::string anchored = "^" + std::string(kEnvelope);
  if (flags.empty() || p.substr(flags.size(), anchored.size()) != anchored) return std::nullopt;
  std::string_view rest = p.substr(flags.size() + anchored.size());
  if (rest.empty() || top_level_alternative(rest)) return std::nullopt;
  RE2::Options o;
  o.set_never_nl(true);
  o.set_log_errors(false);
  RE2 re(std::string(flags) + "^" + std::string(rest), o);
  std::string min, max;
  if (!re.ok() || !re.PossibleMatchRange(&min, &max, 16)) return std::nullopt;
  LineHead h;
  h.id = id;
  size_t l = 0;
  while (l < min.size() && l < max.size() && min[l] == max[l]) ++l;
  h.prefix = min.substr(0, l);
  if (min.size() > l && max.size() > l) {
    h.range = true;
    h.lo = static_cast<unsigned char>(min[l]);
    h.hi = static_cast<unsigned char>(max[l]);
  }
  // Worth it only when few lines pass: a first byte fixed, or one of few.
  if (h.prefix.empty() && !(h.range && h.hi - h.lo < 16)) return std::nullopt;
  return h;
}

LogPrefilter::~LogPrefilter() {
  if (scratch_) hs_free_scratch(scratch_);
  if (db_) hs_free_database(db_);
}

LogPrefilter::Scratch::~Scratch() {
  if (hs) hs_free_scratch(hs);
}

bool LogPrefilter::clone_scratch(Scratch& s) const {
  return hs_clone_scratch(scratch_, &s.hs) == HS_SUCCESS;
}

std::unique_ptr<LogPrefilter> LogPrefilter::build(const std::vector<std::string>& patterns,
                                                  const std::vector<int>& alias,
                                                  const std::vector<std::string>& marks,
                                                  int mark_id, std::string* why) {
  if (hs_valid_platform() != HS_SUCCESS) {
    *why = "this CPU lacks SSSE3";
    return nullptr;
  }
  // Atoms of 4 bytes and more: measured fastest on the bench corpus.
  std::unique_ptr<LogPrefilter> h(new LogPrefilter(4));
  h->alias_ = alias;
  RE2::Options o;
  o.set_never_nl(true);
  o.set_log_errors(false);
  for (const auto& p : patterns) {
    int id = 0;
    if (h->filter_.Add(p, o, &id) != RE2::NoError) {
      *why = "FilteredRE2 rejects " + p;
      return nullptr;
    }
  }
  std::vector<std::string> atoms;
  h->filter_.Compile(&atoms);
  std::vector<int> unfiltered;
  h->filter_.AllPotentials({}, &unfiltered);
  h->skip_.assign(patterns.size(), false);
  for (int u : unfiltered) h->skip_[static_cast<size_t>(u)] = true;
  h->atoms_ = atoms.size();
  std::vector<std::string> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < atoms.size(); ++i) {
    exprs.push_back(hs_literal(atoms[i]));
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned>(i));
  }
  for (int u : unfiltered) {
    std::string p = patterns[static_cast<size_t>(u)];
    if (auto head = line_head(p, u)) {
      if (head->prefix.empty())
        for (unsigned c = head->lo; c <= head->hi; ++c) h->first_byte_[c] = true;
      else
        h->first_byte_[static_cast<unsigned char>(head->prefix[0])] = true;
      h->heads_.push_back(std::move(*head));
      continue;
    }
    // Without the line-start anchor and the optional envelope before it: a
    // superset, and one Hyperscan finds by its literal parts instead of
    // trying the envelope at every line.
    const std::string anchored = "^" + std::string(kEnvelope);
    for (size_t at; (at = p.find(anchored)) != std::string::npos;) p.erase(at, anchored.size());
    exprs.push_back(relaxed(p));
    flags.push_back(HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY | HS_FLAG_PREFILTER);
    ids.push_back(static_cast<unsigned>(atoms.size() + h->unfiltered_.size()));
    h->unfiltered_.push_back(u);
  }
  h->mark_id_ = mark_id;
  for (const auto& m : marks) {
    exprs.push_back(m);
    flags.push_back(HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned>(atoms.size() + h->unfiltered_.size()));
  }
  std::vector<const char*> cexprs;
  for (const auto& e : exprs) cexprs.push_back(e.c_str());
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(cexprs.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(cexprs.size()), HS_MODE_BLOCK, nullptr, &h->db_,
                       &err) != HS_SUCCESS) {
    *why = err && err->message ? err->message : "does not compile";
    hs_free_compile_error(err);
    return nullptr;
  }
  if (hs_alloc_scratch(h->db_, &h->scratch_) != HS_SUCCESS) {
    *why = "no scratch memory";
    return nullptr;
  }
  return h;
}

void LogPrefilter::heads_in(std::string_view block, size_t block_offset,
                            const std::vector<uint32_t>* line_starts, std::vector<int>& ids) const {
  size_t left = heads_.size();
  std::vector<bool> seen(heads_.size(), false);
  size_t starts[16];
  auto line = [&](std::string_view l) {
    size_t n = envelope_starts(l, starts);
    for (size_t i = 0; i < n; ++i) {
      size_t q = starts[i];
      if (q >= l.size() || !first_byte_[static_cast<unsigned char>(l[q])]) continue;
      for (size_t k = 0; k < heads_.size(); ++k)
        if (!seen[k] && heads_[k].at(l, q)) {
          seen[k] = true;
          ids.push_back(heads_[k].id);
          --left;
        }
    }
  };
  if (line_starts) {
    // From the text's line index: no newline search.
    const auto& ls = *line_starts;
    auto it = std::lower_bound(ls.begin(), ls.end(), static_cast<uint32_t>(block_offset));
    const size_t end = block_offset + block.size();
    for (; it != ls.end() && *it < end && left; ++it) {
      size_t from = *it - block_offset;
      size_t to = it + 1 != ls.end() && *(it + 1) <= end ? *(it + 1) - block_offset : block.size();
      if (to > from && block[to - 1] == '\n') --to;
      line(block.substr(from, to - from));
    }
    return;
  }
  for (size_t at = 0; at < block.size() && left;) {
    const void* nl = std::memchr(block.data() + at, '\n', block.size() - at);
    size_t stop =
        nl ? static_cast<size_t>(static_cast<const char*>(nl) - block.data()) : block.size();
    line(block.substr(at, stop - at));
    at = stop + 1;
  }
}

void LogPrefilter::candidates(std::string_view block, size_t block_offset,
                              const std::vector<uint32_t>* line_starts, Scratch& s,
                              std::vector<int>& ids) const {
  s.found.clear();
  hs_scan(db_, block.data(), static_cast<unsigned>(block.size()), 0, s.hs, on_hs_match, &s.found);
  s.atoms.clear();
  for (int f : s.found)
    if (static_cast<size_t>(f) < atoms_) s.atoms.push_back(f);
  ids.clear();
  if (!s.atoms.empty()) filter_.AllPotentials(s.atoms, &ids);
  std::erase_if(ids, [&](int id) { return skip_[static_cast<size_t>(id)]; });
  bool marked = false;
  for (int f : s.found) {
    size_t k = static_cast<size_t>(f);
    if (k >= atoms_ + unfiltered_.size())
      marked = true;
    else if (k >= atoms_)
      ids.push_back(unfiltered_[k - atoms_]);
  }
  if (!heads_.empty()) heads_in(block, block_offset, line_starts, ids);
  for (int& id : ids) id = alias_[static_cast<size_t>(id)];
  if (marked) ids.push_back(mark_id_);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace kubesift::engine
