// Findings: what kubesift concludes, with the lines that prove it.
//
// A Finding is the unit of the report. It is fully materialised (paths and
// line texts are copied in) so that printers only format, never look up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kubesift/core/severity.h"

namespace kubesift {

// One line of one input that supports a finding. `line` is 1-based and
// `text` is that line as it stands in the file (secrets redacted, very long
// lines cut with a trailing "…"). `role` says what the line shows ("cause",
// "status", "event", "symptom", "config", "log"): context for readers.
//
// Manifest findings also say where on the line (`column`, 1-based in
// Unicode code points, 0 = unknown) and which field (`field`, a path from
// the object's root such as spec.template.spec.containers[0].image).
struct Evidence {
  std::string path;
  uint32_t line = 0;
  std::string text;
  std::string role;
  uint32_t column = 0;
  std::string field;
};

// Why a finding is not counted: an annotation on the object, or an ignore
// entry of the config file. Suppressed findings are still reported to the
// formats that carry suppressions (SARIF) and counted in the summary.
struct Suppression {
  std::string kind;    // "annotation" (in the manifest) or "config" (the config file)
  std::string source;  // the annotation key, or "path:line" of the config entry
  std::string reason;  // the justification written with it ("" if none)
};

// Names a Kubernetes object, optionally one container in it.
struct ObjectRef {
  std::string kind;
  std::string ns;
  std::string name;
  std::string container;

  friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
  friend auto operator<=>(const ObjectRef&, const ObjectRef&) = default;
};

struct Finding {
  int rank = 0;  // 1-based, set by ranking
  std::string rule;
  Category category = Category::InputError;
  Severity severity = Severity::Info;
  double confidence = 0.0;  // 0..1
  std::string title;
  std::string message;
  std::string remediation;
  ObjectRef subject;
  std::vector<ObjectRef> affected;
  std::vector<Evidence> evidence;
  std::optional<Suppression> suppression;
  double score = 0.0;  // ranking score; not part of the contract
};

}  // namespace kubesift
