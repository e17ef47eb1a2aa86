#include "kubesift/engine/unknown_errors.h"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace kubesift::engine {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The end of a token that starts at `i`: letters, digits and the characters
// that glue an identifier, an address or a path together.
size_t token_end(std::string_view s, size_t i) {
  while (i < s.size()) {
    char c = s[i];
    if (is_word(c) || c == '.' || c == '-' || c == ':' || c == '/' || c == '%' || c == '+' ||
        c == '@')
      ++i;
    else
      break;
  }
  return i;
}

bool all_of(std::string_view t, bool (*f)(char)) {
  return !t.empty() && std::all_of(t.begin(), t.end(), f);
}

// What a token stands for, or "" when it is a word to keep.
std::string_view mask_of(std::string_view t) {
  // Trailing punctuation is not part of the value ("port 80." / "x:").
  if (t.empty()) return {};
  if (t.find('/') != std::string_view::npos && (t[0] == '/' || t.find("://") != t.npos))
    return "<path>";
  size_t digits = static_cast<size_t>(std::count_if(t.begin(), t.end(), is_digit));
  if (digits == 0) return {};
  // IPv4 (with port), IPv6.
  size_t dots = static_cast<size_t>(std::count(t.begin(), t.end(), '.'));
  size_t colons = static_cast<size_t>(std::count(t.begin(), t.end(), ':'));
  auto ipv4ish = [](char c) { return is_digit(c) || c == '.' || c == ':'; };
  if (dots == 3 && std::all_of(t.begin(), t.end(), ipv4ish)) return "<ip>";
  std::string_view no_zone = t.substr(0, t.find('%'));  // fe80::1%eth0
  if (colons >= 2 && std::all_of(no_zone.begin(), no_zone.end(), [](char c) {
        return is_hex(c) || c == ':' || c == '.' || c == '[' || c == ']';
      }))
    return "<ip>";
  // UUID: 8-4-4-4-12 hex.
  if (t.size() == 36 && t[8] == '-' && t[13] == '-' && t[18] == '-' && t[23] == '-')
    return "<uuid>";
  if (all_of(t, is_digit)) return "<n>";
  // Durations and sizes: 1.5s, 300ms, 10Mi, 2h30m.
  if (is_digit(t[0])) {
    size_t i = 0;
    while (i < t.size() && (is_digit(t[i]) || t[i] == '.')) ++i;
    std::string_view unit = t.substr(i);
    static constexpr std::string_view kUnits[] = {"ns", "us",  "µs",  "ms",  "s",  "m",  "h",  "d",
                                                  "b",  "kb",  "mb",  "gb",  "ki", "mi", "gi", "ti",
                                                  "k",  "kib", "mib", "gib", "%",  "x"};
    std::string low(unit);
    for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto u : kUnits)
      if (low == u) return "<n>";
    if (!unit.empty() && std::all_of(unit.begin(), unit.end(), [](char c) {
          return is_digit(c) || c == 'h' || c == 'm' || c == 's' || c == '.';
        }))
      return "<d>";
  }
  // Hex ids (commit hashes, container ids, pointers): long runs of hex.
  std::string_view body = t.starts_with("0x") ? t.substr(2) : t;
  if (body.size() >= 6 && all_of(body, is_hex)) return "<hex>";
  // An identifier with a number in it (pod-7d4b9c-x2kfp, worker-12): the
  // digits vary, the shape does not.
  if (digits * 4 >= t.size() || t.find('-') != t.npos) return "<id>";
  return {};
}

}  // namespace

std::string error_template(std::string_view message) {
  constexpr size_t kMax = 300;
  std::string out;
  out.reserve(std::min(message.size(), kMax) + 8);
  size_t i = 0;
  while (i < message.size() && out.size() < kMax) {
    char c = message[i];
    if (c == '"' || c == '\'' || c == '`') {
      // A quoted value: "<v>" (an unterminated quote masks the rest).
      size_t close = message.find(c, i + 1);
      out += c;
      out += "<v>";
      out += c;
      i = close == std::string_view::npos ? message.size() : close + 1;
      continue;
    }
    if (c == '=' && i + 1 < message.size() && message[i + 1] != ' ' && message[i + 1] != '"') {
      // key=value: the value varies.
      out += "=<v>";
      i = token_end(message, i + 1);
      continue;
    }
    if (is_word(c) || c == '/' || c == '[' || c == '.') {
      size_t end = token_end(message, i);
      if (end == i) end = i + 1;
      std::string_view t = message.substr(i, end - i);
      // Trailing dots and colons are punctuation.
      size_t keep = t.size();
      while (keep > 1 && (t[keep - 1] == '.' || t[keep - 1] == ':' || t[keep - 1] == '-')) --keep;
      std::string_view m = mask_of(t.substr(0, keep));
      if (m.empty())
        out.append(t.substr(0, keep));
      else
        out.append(m);
      out.append(t.substr(keep));
      i = end;
      continue;
    }
    // Runs of spaces collapse to one.
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      ++i;
      continue;
    }
    out += c;
    ++i;
  }
  if (out.size() > kMax) out.resize(kMax);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool looks_like_error(std::string_view text) {
  static constexpr std::string_view kWords[] = {
      "error",     "fatal",  "panic", "exception", "failed",   "failure",   "refused",
      "traceback", "errors", "err",   "crit",      "critical", "unhandled", "denied"};
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    size_t j = i;
    while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
    if (j > i && j - i <= 9) {
      char w[10];
      for (size_t k = i; k < j; ++k)
        w[k - i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
      std::string_view word(w, j - i);
      for (auto k : kWords)
        if (word == k) return true;
      // Java and Python exception class names: FooException, BarError.
    }
    if (j - i > 5) {
      std::string_view word = text.substr(i, j - i);
      if (word.ends_with("Exception") || word.ends_with("Error")) return true;
    }
    i = j;
  }
  return false;
}

void UnknownErrors::add(std::string_view message, std::string_view path, uint32_t line,
                        std::string_view text) {
  ++lines_;
  std::string t = error_template(message);
  auto it = groups_.find(t);
  if (it == groups_.end()) {
    if (groups_.size() >= kMaxTemplates) {
      ++dropped_;
      return;
    }
    Group g;
    g.files = 1;
    g.sample_path = std::string(path);
    g.sample_line = line;
    g.sample_text = std::string(text.substr(0, 1000));
    it = groups_.emplace(std::move(t), std::move(g)).first;
  }
  ++it->second.count;
}

void UnknownErrors::add_group(const UnknownErrorGroup& in) {
  Group g;
  g.count = in.count;
  g.files = in.files;
  g.sample_path = in.sample_path;
  g.sample_line = in.sample_line;
  g.sample_text = in.sample_text;
  lines_ += in.count;
  auto it = groups_.find(in.template_text);
  if (it == groups_.end()) {
    if (groups_.size() >= kMaxTemplates) {
      dropped_ += in.count;
      return;
    }
    groups_.emplace(in.template_text, std::move(g));
    return;
  }
  Group& m = it->second;
  m.count += g.count;
  m.files += g.files;
  if (std::tie(g.sample_path, g.sample_line) < std::tie(m.sample_path, m.sample_line)) {
    m.sample_path = std::move(g.sample_path);
    m.sample_line = g.sample_line;
    m.sample_text = std::move(g.sample_text);
  }
}

void UnknownErrors::merge(const UnknownErrors& other) {
  for (const auto& [t, g] : other.groups_)
    add_group({t, g.count, g.files, g.sample_path, g.sample_line, g.sample_text});
  // add_group counted the other's grouped lines; its dropped ones too.
  dropped_ += other.dropped_;
  lines_ += other.dropped_;
}

std::vector<UnknownErrorGroup> UnknownErrors::top(size_t limit) const {
  std::vector<UnknownErrorGroup> all;
  all.reserve(groups_.size());
  for (const auto& [t, g] : groups_)
    all.push_back({t, g.count, g.files, g.sample_path, g.sample_line, g.sample_text});
  std::sort(all.begin(), all.end(), [](const UnknownErrorGroup& a, const UnknownErrorGroup& b) {
    return a.count != b.count ? a.count > b.count : a.template_text < b.template_text;
  });
  if (all.size() > limit) all.resize(limit);
  return all;
}

}  // namespace kubesift::engine
