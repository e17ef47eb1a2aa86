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

// A log signature across the files it occurs in (findings about logs no
// pod claims: a bulk scan of archived logs).
struct LogAggregate {
  uint64_t count = 0;  // matching lines
  uint64_t files = 0;  // files with at least one
  // The earliest and latest timestamp of the matching lines kept as
  // evidence, RFC 3339 in UTC ("" when the lines carry none).
  std::string first_seen, last_seen;
  struct File {
    std::string path;
    uint64_t count = 0;
  };
  std::vector<File> top_files;  // by count, then path; at most kTopFiles
  static constexpr size_t kTopFiles = 5;
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
  std::optional<LogAggregate> logs;
  double score = 0.0;  // ranking score; not part of the contract
  // Findings of several partial runs (shards) with the same group are one
  // finding of the whole ("" = never merged); not part of the contract.
  std::string group;
};

}  // namespace kubesift
