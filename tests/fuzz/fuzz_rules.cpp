// libFuzzer target: a rules file (--rules DIR), loaded into the catalog;
// one that loads cleanly is compiled into an engine (its regexes, its
// fields) as kubesift would.
#include <vector>

#include "fuzz_common.h"
#include "kubesift/engine/catalog.h"
#include "kubesift/engine/engine.h"
#include "kubesift/parse/log_line.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kubesift;
  engine::Catalog cat;
  std::vector<engine::CatalogError> errors;
  cat.load("rules/fuzz.yaml", fuzz::view(data, size), errors);
  for (const auto& e : errors)
    if (e.path != "rules/fuzz.yaml") fuzz::broken("an error that names another file");
  if (errors.empty() && !cat.rules().empty()) {
    std::vector<std::string> create_errors;
    engine::Engine::create(std::move(cat), parse::log_line_reader(), create_errors);
  }
  return 0;
}
