// libFuzzer target: the redactor on any line; what it returns from valid
// UTF-8 stays valid UTF-8.
#include "fuzz_common.h"
#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = kubesift::fuzz::view(data, size);
  std::string out = kubesift::redact(in);
  if (kubesift::text::valid_utf8(in) && !kubesift::text::valid_utf8(out))
    kubesift::fuzz::broken("redaction broke UTF-8");
  return 0;
}
