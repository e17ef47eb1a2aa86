// libFuzzer target: a lint config file (.kubesift.yaml).
#include <vector>

#include "fuzz_common.h"
#include "kubesift/engine/lint_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kubesift;
  std::vector<engine::ConfigError> errors;
  engine::parse_lint_config(".kubesift.yaml", fuzz::view(data, size), errors);
  return 0;
}
