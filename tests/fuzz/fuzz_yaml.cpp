// libFuzzer target: parse::parse_kube_yaml on any bytes, and a YAML List
// read a piece of items at a time agreeing with the document read whole.
#include "fuzz_parse.h"
#include "list_paths.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kubesift::model::Document doc = kubesift::fuzz::document(data, size);
  std::string differ = kubesift::fuzz::compare_yaml_paths(doc.text());
  if (!differ.empty()) kubesift::fuzz::broken(differ);
  return kubesift::fuzz::run_parser(data, size, kubesift::parse::parse_kube_yaml);
}
