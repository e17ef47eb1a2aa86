// libFuzzer target: what kubesift does with one input file: sniff its format,
// then parse it with the parser that format names.
#include "fuzz_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kubesift;
  model::Document doc = fuzz::document(data, size);
  model::Facts facts;
  parse::parse_document(doc, facts);
  fuzz::check_line(doc, doc.error_line, "the document's error");
  for (const auto& e : doc.errors) fuzz::check_line(doc, e.line, "an error");
  if (!doc.errors.empty() && doc.error.empty()) fuzz::broken("errors listed, none said first");
  fuzz::check_facts(doc, facts);
  return 0;
}
