// The YAML reader behind yaml_to_tree(): one document's text → one root of
// a model::Tree. Kept behind this one function so that YAML libraries can
// be measured against each other on the same input (bench/RESULTS.md).
//
// Every reader is compiled in (yaml-cpp, libyaml, libfyaml), each one
// translating its library's events into YamlEvents (yaml_events.h), which
// holds the semantics once. The CMake option KUBESIFT_YAML names the one
// used by default; tests and benchmarks switch with set_yaml_reader().
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kubesift/model/tree.h"
#include "tree.h"

namespace kubesift::parse {

// Reads one YAML document (`text` starts at line `first_line` of its file)
// as one root value into `b`. Returns false when nothing could be built;
// problems (syntax errors, aliases that expand past the value budget,
// nesting deeper than 256) are appended to `errors` with their line and
// column. Keys given twice are marked in the tree, not errors.
bool read_yaml_document(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                        std::vector<TreeError>& errors);

using YamlReadFn = bool (*)(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                            std::vector<TreeError>& errors);

struct YamlReader {
  std::string_view name;  // "yaml-cpp", "libyaml", "libfyaml"
  YamlReadFn read;
};

// Every reader compiled in, the default first.
const std::vector<YamlReader>& yaml_readers();
// Makes `name` the reader of read_yaml_document() for the whole process
// (call it before parsing starts). False if there is no such reader.
bool set_yaml_reader(std::string_view name);
// The name of the reader in use.
std::string_view yaml_reader();

// The readers themselves (yaml_reader_<library>.cpp).
bool read_yaml_document_yamlcpp(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                                std::vector<TreeError>& errors);
bool read_yaml_document_libyaml(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                                std::vector<TreeError>& errors);
bool read_yaml_document_libfyaml(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                                 std::vector<TreeError>& errors);

}  // namespace kubesift::parse
