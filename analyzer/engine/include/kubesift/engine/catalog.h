// The rule catalog: every rule's identity, documentation and matchers.
//
// Rules are data (rules/*.yaml, schema in rules/README.md). A rule either
// matches by itself (a log signature, a container waiting/terminated reason,
// an event reason and message) or names C++ logic (`match: code`) for joins
// across objects. Loading validates everything once; a bad rule file is an
// error with its path and line, never a rule that silently never fires.
#pragma once

#include <cstdint>
#include <map>
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

// What a rule looks at. Runtime scopes: one container of a pod (status, its
// events, its logs), a pod as a whole (its status, conditions and events), a
// node, a PersistentVolumeClaim, or a workload (Deployment, Job, …).
// Manifest scopes (lint rules, which read objects as written): an object, a
// pod spec (a Pod's, or the template of anything that makes pods), or each
// container of a pod spec.
enum class Scope { Container, Pod, Node, Claim, Workload, Object, PodSpec, ContainerSpec };

std::string_view to_string(Scope s);
// True for the scopes of lint rules (object, pod-spec, container-spec).
bool is_manifest_scope(Scope s);

// A condition on the fields of a declared object: the matcher of a data
// lint rule (`check:` in rules/*.yaml, documented in rules/README.md).
//
// A leaf names a field by a dotted path relative to the rule's scope (the
// object, the pod spec, the container); `[*]` stands for any element of a
// list, so a leaf holds when it holds for at least one element. A path may
// start at another root: `$object.` (the whole object), `$pod.` (the pod
// spec, from a container), `$template.` (the pod template's metadata, or a
// Pod's own). `all`/`any`/`not` combine conditions.
struct FieldCheck {
  enum class Op {
    All,
    Any,
    Not,
    Absent,       // the field is not there (or is null)
    Present,      // the field is there (and not null)
    Empty,        // absent, null, or an empty string, list or map
    Equals,       // a scalar equal to one of `values` (booleans and numbers compared as such)
    Matches,      // a scalar matching the RE2 `pattern`
    LessThan,     // a number (or a quantity: 500m, 2Gi) below `number`
    GreaterThan,  // … above `number`
    Contains,     // a list with an element equal to one of `values`
  };
  Op op = Op::All;
  std::string path;
  std::vector<std::string> values;
  std::string pattern;
  bool case_insensitive = false;
  double number = 0;
  std::vector<FieldCheck> children;  // All, Any: one or more; Not: exactly one
};

// A one-line description of a check, for `kubesift explain`.
std::string describe(const FieldCheck& c);

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

// A finding that explains another (see Rule::explained_by).
struct CauseLink {
  // How the two findings must be related:
  //   container  the same container of the same pod
  //   pod        about the same pod (the cause's pods include it)
  //   workload   the cause is about a pod of this workload
  //   node-time  the cause is about a pod on this node, at nearly the same
  //              time (`within` seconds either side, when both times are known)
  enum class Join { Container, Pod, Workload, NodeTime };
  std::string rule;                  // the explaining rule's id, or…
  std::optional<Category> category;  // …any rule of this category, or…
  bool any_runtime = false;          // …any cause of a runtime category
  Join join = Join::Pod;
  long long within = 0;  // node-time: seconds (0 = any time)
};

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
  // Findings that explain this rule's: when one of them stands, this one is
  // not reported alone; its evidence (and pods) join the cause's finding
  // (a rollout past its deadline, behind the cause found on its pod).
  std::vector<CauseLink> explained_by;
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
  bool builtin = false;  // of the embedded catalog (not a --rules DIR)

  // Manifest (lint) rules:
  // The kinds of object it checks (empty = every kind the scope allows), and
  // kinds it leaves alone (Jobs need no readiness probe).
  std::vector<std::string> kinds, skip_kinds;
  // container-spec scope: which containers (all, main = not init, init).
  std::string containers = "all";
  // Declarations only: objects read from a cluster (a status, server
  // metadata) are skipped, for what the API server fills in by itself.
  bool manifests_only = false;
  std::optional<FieldCheck> check;  // a data lint rule's condition
  // The same check in other tools, as "tool:id" (kube-linter:latest-tag,
  // kube-score:container-image-tag, polaris:tagNotSpecified).
  std::vector<std::string> equivalents;
  // Off unless enabled by name (config, --include) or --all-checks: the
  // peers' non-default checks.
  bool optional = false;
  // Tunables with their defaults (min-replicas: 2), overridden in the
  // config file; available to messages as {name}.
  std::map<std::string, std::string> params;
};

struct CatalogError {
  std::string path;
  unsigned line = 0;
  std::string message;
};

// Limits on rules files (--rules), each refused with an error naming the
// file: the built-in catalog is ~380 KB in 30 files, the largest 34 KB.
inline constexpr uint64_t kMaxRulesFileBytes = 1 << 20;  // one file
inline constexpr uint64_t kMaxRulesDirBytes = 16 << 20;  // every file given
inline constexpr uint64_t kMaxRulesFileNodes = 1000000;  // values, aliases expanded
inline constexpr size_t kMaxRules = 10000;               // rules in one file

class Catalog {
 public:
  // Parses one rules file: a map whose one key is `rules:`. Errors are
  // appended; valid rules are kept. A file over the limits above is refused
  // whole.
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
  bool builtin_ = false;  // loading the embedded files (their data tables too)
};

}  // namespace kubesift::engine
