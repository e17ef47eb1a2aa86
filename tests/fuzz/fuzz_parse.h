// One parser of the parse layer, run on the fuzzer's bytes; the places its
// facts and errors cite are checked to be inside the document.
#pragma once

#include "fuzz_common.h"
#include "kubesift/parse/parse.h"

namespace kubesift::fuzz {

inline void check_facts(const model::Document& doc, const model::Facts& f) {
  for (const auto& p : f.pods) check_line(doc, p.meta.at.line, "a pod");
  for (const auto& e : f.events) check_line(doc, e.at.line, "an event");
  for (const auto& o : f.objects) check_line(doc, o.meta.at.line, "an object");
}

template <typename Parser>
int run_parser(const uint8_t* data, size_t size, Parser parser) {
  model::Document doc = document(data, size);
  model::Facts facts;
  parse::ParseError err = parser(doc, facts);
  check_line(doc, err.line, "the error");
  for (const auto& e : err.all) check_line(doc, e.line, "an error");
  check_facts(doc, facts);
  return 0;
}

}  // namespace kubesift::fuzz
