// Findings: what kubesift concludes, with the lines that prove it.
//
// A Finding is the unit of the report. It is fully materialised (paths and
// line texts are copied in) so that printers only format, never look up.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kubesift/core/severity.h"

namespace kubesift {

// One line of one input that supports a finding. `line` is 1-based and
// `text` is that line as it stands in the file (secrets redacted, very long
// lines cut with a trailing "…"). `role` says what the line shows ("cause",
// "status", "event", "symptom", "config", "log"): context for readers.
struct Evidence {
  std::string path;
  uint32_t line = 0;
  std::string text;
  std::string role;
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
  double score = 0.0;  // ranking score; not part of the contract
};

}  // namespace kubesift
