// libFuzzer target: every YAML reader compiled in (yaml-cpp, libyaml,
// libfyaml) on one document; each must stay within its value budget and cite
// places inside the text.
#include <vector>

#include "fuzz_common.h"
#include "parse/src/yaml_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kubesift;
  model::Document doc = fuzz::document(data, size);
  for (const auto& reader : parse::yaml_readers()) {
    model::Tree tree;
    model::TreeBuilder b(tree);
    std::vector<parse::TreeError> errors;
    reader.read(doc.text(), 1, b, errors);
    for (const auto& e : errors) fuzz::check_line(doc, e.line, reader.name);
    if (tree.node_count() > 64 * (size + 64)) fuzz::broken("a tree far larger than its text");
  }
  return 0;
}
