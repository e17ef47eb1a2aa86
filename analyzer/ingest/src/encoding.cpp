#include "encoding.h"

#include <cstdint>

#include "kubesift/core/text.h"

namespace kubesift::ingest::detail {

std::optional<std::string> from_utf16_or_32(std::string_view b) {
  auto u = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(b[i])); };
  // UTF-32 first: its little-endian mark begins like UTF-16's.
  int width = 0;
  bool little = false;
  if (b.size() >= 4 && u(0) == 0xff && u(1) == 0xfe && u(2) == 0 && u(3) == 0) {
    width = 4;
    little = true;
  } else if (b.size() >= 4 && u(0) == 0 && u(1) == 0 && u(2) == 0xfe && u(3) == 0xff) {
    width = 4;
  } else if (b.size() >= 2 && u(0) == 0xff && u(1) == 0xfe) {
    width = 2;
    little = true;
  } else if (b.size() >= 2 && u(0) == 0xfe && u(1) == 0xff) {
    width = 2;
  } else {
    return std::nullopt;
  }
  std::string out;
  out.reserve(b.size() / static_cast<size_t>(width) + 16);
  const size_t w = static_cast<size_t>(width);
  auto unit = [&](size_t i) -> uint32_t {
    if (w == 2) return little ? u(i) | u(i + 1) << 8 : u(i) << 8 | u(i + 1);
    return little ? u(i) | u(i + 1) << 8 | u(i + 2) << 16 | u(i + 3) << 24
                  : u(i) << 24 | u(i + 1) << 16 | u(i + 2) << 8 | u(i + 3);
  };
  for (size_t i = w; i + w <= b.size(); i += w) {
    uint32_t c = unit(i);
    if (w == 2 && c >= 0xd800 && c <= 0xdbff && i + 2 * w <= b.size()) {
      uint32_t lo = unit(i + w);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        text::append_utf8(out, 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00));
        i += w;
        continue;
      }
    }
    text::append_utf8(out, c);
  }
  return out;
}

}  // namespace kubesift::ingest::detail
