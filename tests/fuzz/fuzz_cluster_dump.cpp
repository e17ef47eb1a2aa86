// libFuzzer target: a `kubectl cluster-info dump` stream or logs.txt.
#include "fuzz_parse.h"
#include "parse/src/cluster_dump.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kubesift::parse::is_cluster_dump(kubesift::fuzz::document(data, size),
                                   kubesift::model::Format::KubeJson);
  return kubesift::fuzz::run_parser(
      data, size, [](const kubesift::model::Document& doc, kubesift::model::Facts& facts) {
        return kubesift::parse::parse_cluster_dump(doc, facts);
      });
}
