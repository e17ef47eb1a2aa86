// libFuzzer target: a multi-document YAML stream. Read whole and read in
// pieces on several threads, it must give the same documents and errors.
#include <memory>
#include <vector>

#include "fuzz_common.h"
#include "parse/src/tree.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kubesift;
  model::Document doc = fuzz::document(data, size);
  model::Tree one;
  std::vector<parse::Root> roots1, roots2;
  std::vector<parse::TreeError> errors1, errors2;
  parse::yaml_to_tree(doc.text(), one, roots1, errors1);
  std::vector<std::shared_ptr<model::Tree>> trees;
  parse::yaml_to_trees(doc.text(), trees, roots2, errors2);
  if (roots1.size() != roots2.size()) fuzz::broken("whole and in pieces: documents differ");
  for (size_t i = 0; i < roots1.size(); ++i) {
    if (roots1[i].first_line != roots2[i].first_line) fuzz::broken("a document's first line");
    if (roots1[i].source_line != roots2[i].source_line) fuzz::broken("a document's Helm source");
    fuzz::check_line(doc, roots1[i].first_line, "a document");
  }
  if (errors1.size() != errors2.size()) fuzz::broken("whole and in pieces: errors differ");
  for (size_t i = 0; i < errors1.size(); ++i) {
    if (errors1[i].line != errors2[i].line) fuzz::broken("an error's line");
    fuzz::check_line(doc, errors1[i].line, "an error");
  }
  return 0;
}
