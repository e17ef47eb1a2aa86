// The rule catalog: every rule's identity, documentation and matchers.
//
// Rules are data (rules/*.yaml, schema in rules/README.md). A rule either
// matches by itself (a log signature, a container waiting/terminated reason,
// an event reason and message) or names C++ logic (`match: code`) for joins
// across objects. Loading validates everything once; a bad rule file is an
// error with its path and line, never a rule that silently never fires.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kubesift/core/severity.h"

namespace kubesift::engine {

struct RuleDoc {
  std::string what;      // what it finds
  std::string why;       // why it matters
  std::string evidence;  // what inputs it reads
  std::string example;   // an input line or fact that fires it
};

// What a rule looks at: one container of a pod (status, its events, its
// logs), a pod as a whole (its status, conditions and events), a node, a
// PersistentVolumeClaim, or a workload (Deployment, Job, …).
enum class Scope { Container, Pod, Node, Claim, Workload };

std::string_view to_string(Scope s);

// One way a rule can match. Exactly one of the kinds is set.
//   Log        a log line (container scope)
//   Waiting    the container's waiting state (container scope)
//   Terminated the container's current or last terminated state (container)
//   Event      an event about the rule's subject (its reason and message)
//   Condition  a condition of the subject (pod, node, workload)
//   Status     the subject's status: a pod's reason/message, a claim's phase
struct Matcher {
  enum class Kind { Log, Waiting, Terminated, Event, Condition, Status };
  Kind kind = Kind::Log;
  std::string pattern;                 // RE2: log line (Log) or message (others); may be empty
  std::string reason;                  // reason to equal ("" = any)
  std::optional<long long> exit_code;  // Terminated only
  std::string type;    // Condition: its type (Ready, PodScheduled, Progressing, …)
  std::string status;  // Condition: its status ("True", "False", "Unknown")
  std::string phase;   // Status: the phase to equal (Pending, Failed, …)
  bool case_insensitive = false;
};

// One line describing a matcher, for `kubesift explain`.
std::string describe(const Matcher& m);

struct Rule {
  std::string id;
  Scope scope = Scope::Container;
  Category category = Category::InputError;
  Severity severity = Severity::Medium;
  double confidence = 0.8;
  bool code = false;     // implemented in C++ (engine/src/rules_*.cpp)
  bool symptom = false;  // marks a consequence, never a root cause
  // 0 = a cause in its own right. N > 0: a cause only when no cause of a
  // lower level explains the failure. A generic crash (a panic) yields to a
  // specific cause (a refused connection); a failing probe (level 2) yields
  // to the crash that made it fail.
  int secondary = 0;
  // Rules whose signal on the same container this rule explains: their
  // evidence joins this rule's finding as symptoms instead of standing alone.
  std::vector<std::string> explains;
  // Fires only when no other cause explains a failing container.
  bool fallback = false;
  // A spec rule that, on an observed pod, is reported only when it explains
  // a runtime signal (manifests are always reported).
  bool confirm_at_runtime = false;
  // Matchers that, when one matches the subject, mean the failure is over
  // (a pod that got scheduled after its FailedScheduling events).
  std::vector<Matcher> unless;
  std::string title;    // one-line summary
  std::string message;  // template with {placeholders}
  std::string remediation;
  RuleDoc doc;
  std::vector<Matcher> match;
  std::vector<std::string> fire_examples, dont_fire_examples;  // Log matchers
  std::string source;                                          // "rules/x.yaml:12"
};

struct CatalogError {
  std::string path;
  unsigned line = 0;
  std::string message;
};

class Catalog {
 public:
  // Parses one rules file. Errors are appended; valid rules are kept.
  void load(std::string_view path, std::string_view content, std::vector<CatalogError>& errors);
  // The built-in rules (embedded at build time).
  static Catalog builtin(std::vector<CatalogError>& errors);
  // Adds every *.yaml file under `dir` (sorted). A rule id that already
  // exists is an error: user rules add to the catalog, they do not replace.
  void load_dir(const std::string& dir, std::vector<CatalogError>& errors);

  const std::vector<Rule>& rules() const { return rules_; }
  const Rule* find(std::string_view id) const;

 private:
  std::vector<Rule> rules_;
};

}  // namespace kubesift::engine
