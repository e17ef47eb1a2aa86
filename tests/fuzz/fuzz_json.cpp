// libFuzzer target: parse::parse_kube_json on any bytes, and the three ways
// a JSON List is read (an item at a time, in pieces, as one tree) agreeing.
#include <cstdio>
#include <cstdlib>

#include "fuzz_parse.h"
#include "list_paths.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kubesift::model::Document doc = kubesift::fuzz::document(data, size);
  std::string differ =
      kubesift::fuzz::compare_json_paths(doc.text(), doc.readable_after(doc.text()));
  if (!differ.empty()) kubesift::fuzz::broken(differ);
  return kubesift::fuzz::run_parser(data, size, kubesift::parse::parse_kube_json);
}
