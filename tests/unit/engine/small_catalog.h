// Shared by the log scanner tests: a catalog of two log signatures, one
// with a named capture (refused → target), one case-insensitive and
// anchored after a leading flag group (`(?i)^boom$`: the ^ is the line's
// own start, after a CRI or docker envelope, as a bare leading ^ is).
#pragma once

#include <catch2/catch.hpp>
#include <vector>

#include "kubesift/engine/catalog.h"

namespace engine_test {

inline kubesift::engine::Catalog small_catalog() {
  using namespace kubesift::engine;
  Catalog c;
  std::vector<CatalogError> errors;
  c.load("t.yaml",
         "rules:\n"
         "  - id: refused\n    category: network\n    severity: high\n    title: t\n"
         "    message: m\n    remediation: r\n    doc: {what: a, why: b, evidence: c, example: d}\n"
         "    match: {log: 'dial tcp (?P<target>\\S+): connect: connection refused'}\n"
         "    examples: {fire: [x], dont_fire: [y]}\n"
         "  - id: boom\n    category: app-crash\n    severity: high\n    title: t\n"
         "    message: m\n    remediation: r\n    doc: {what: a, why: b, evidence: c, example: d}\n"
         "    match: {log: '(?i)^boom$'}\n"
         "    examples: {fire: [x], dont_fire: [y]}\n",
         errors);
  REQUIRE(errors.empty());
  return c;
}

}  // namespace engine_test
