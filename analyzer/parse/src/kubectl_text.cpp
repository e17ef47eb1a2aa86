#include "kubectl_text.h"

#include "kubesift/core/text.h"

namespace kubesift::parse {

size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

bool cut_at(std::string_view row, const std::vector<size_t>& offs,
            std::vector<std::string_view>& cells) {
  cells.clear();
  if (offs.empty()) return false;
  std::vector<size_t> b(offs.size());
  size_t rune = 0, byte = 0;
  for (size_t k = 0; k < offs.size(); ++k) {
    while (rune < offs[k] && byte < row.size()) {
      byte += utf8_len(static_cast<unsigned char>(row[byte]));
      ++rune;
    }
    b[k] = std::min(byte, row.size());
  }
  if (text::indent_of(row) < b[0]) return false;
  for (size_t k = 1; k < b.size(); ++k) {
    size_t e = b[k];
    if (e >= row.size()) break;
    if (e < 2 || row[e - 1] != ' ' || row[e - 2] != ' ') return false;
  }
  for (size_t k = 0; k < b.size(); ++k) {
    size_t s = b[k], e = k + 1 < b.size() ? b[k + 1] : row.size();
    cells.push_back(s < e ? text::trim(row.substr(s, e - s)) : std::string_view{});
  }
  return true;
}

std::vector<std::string_view> split_cells(std::string_view s, size_t n) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size() && out.size() + 1 < n) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && !(s[i] == ' ' && i + 1 < s.size() && s[i + 1] == ' ')) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size()) out.push_back(text::trim(s.substr(i)));
  return out;
}

bool split_event_age(std::string_view age, std::string_view& last, std::string_view& first,
                     long long& count) {
  last = age;
  size_t x = age.find(" (x");
  if (x == std::string_view::npos || age.empty() || age.back() != ')') return false;
  last = age.substr(0, x);
  std::string_view inner = age.substr(x + 3, age.size() - x - 4);
  size_t over = inner.find(" over ");
  long long n = 0;
  if (over != std::string_view::npos && text::to_int(inner.substr(0, over), n)) {
    count = n;
    first = inner.substr(over + 6);
  }
  return true;
}

bool is_kubectl_noise(std::string_view l) {
  if (l.starts_with("Warning: ")) return true;
  if (l.size() < 6 || std::string_view("IWEF").find(l[0]) == std::string_view::npos || l[5] != ' ')
    return false;
  for (size_t i = 1; i < 5; ++i)
    if (l[i] < '0' || l[i] > '9') return false;
  return true;
}

}  // namespace kubesift::parse
