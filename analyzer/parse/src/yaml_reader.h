// The YAML reader behind yaml_to_tree(): one document's text → one root of
// a model::Tree. Kept behind this one function so that YAML libraries can
// be measured against each other on the same input (bench/RESULTS.md).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kubesift/model/tree.h"
#include "tree.h"

namespace kubesift::parse {

// Reads one YAML document (`text` starts at line `first_line` of its file)
// as one root value into `b`. Returns false when nothing could be built;
// problems (syntax errors, keys given twice, aliases that expand past the
// value budget) are appended to `errors` with their line and column.
bool read_yaml_document(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                        std::vector<TreeError>& errors);

}  // namespace kubesift::parse
