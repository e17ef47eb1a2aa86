// Shared by the libFuzzer targets (tests/fuzz/README.md).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "kubesift/model/document.h"

namespace kubesift::fuzz {

// The fuzzer's bytes as a document of exactly that size: no terminator and
// no spare capacity behind them, so ASan sees a parser read past the end.
inline model::Document document(const uint8_t* data, size_t size, std::string path = "fuzz") {
  model::Document doc;
  doc.id = 0;
  doc.path = std::move(path);
  std::shared_ptr<char[]> bytes(new char[size ? size : 1]);
  if (size) std::memcpy(bytes.get(), data, size);
  doc.set_buffer(std::shared_ptr<const char[]>(std::move(bytes)), size);
  return doc;
}

inline std::string_view view(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A property of the code under test that the input broke: a crash for the
// fuzzer, with the reason on stderr.
[[noreturn]] inline void broken(std::string_view what) {
  std::cerr << "fuzz property broken: " << what << "\n";
  std::abort();
}

// A place a parser cites must be inside the document (line 0 = unknown; the
// line after the last is where an unexpected end of input is said).
inline void check_line(const model::Document& doc, uint32_t line, std::string_view what) {
  if (line > doc.line_count() + 1) broken(std::string(what) + " cites a line past the end");
}

}  // namespace kubesift::fuzz
