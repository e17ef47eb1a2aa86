// Internal to the engine: evaluating a data lint rule's `check:` on one
// value (an object, a pod spec, a container).
#pragma once

#include <re2/re2.h>

#include <memory>
#include <unordered_map>
#include <vector>

#include "kubesift/engine/catalog.h"
#include "kubesift/model/tree.h"

namespace kubesift::engine::lint {

// The values a path may start from.
struct Roots {
  model::Value scope;   // the rule's scope: the object, pod spec or container
  model::Value object;  // $object.
  model::Value pod;     // $pod. (the pod spec)
  model::Value tmpl;    // $template. (the template's or Pod's metadata)
};

// The regular expressions of every `matches` check, compiled once.
class CompiledChecks {
 public:
  void add(const FieldCheck& c);
  const RE2* regex(const FieldCheck& c) const;

 private:
  std::unordered_map<const FieldCheck*, std::unique_ptr<RE2>> re_;
};

struct Outcome {
  bool holds = false;
  // The values that make it hold: the fields a finding cites (first =
  // its location). When it does not hold, where it was looked for (for
  // `not`): the field if present, else the nearest parent that is.
  std::vector<model::Value> cites;
};

Outcome evaluate(const FieldCheck& c, const Roots& roots, const CompiledChecks& compiled);

}  // namespace kubesift::engine::lint
