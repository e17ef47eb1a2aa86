// libFuzzer target: parse::parse_kube_yaml on any bytes.
#include "fuzz_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return kubesift::fuzz::run_parser(data, size, kubesift::parse::parse_kube_yaml);
}
