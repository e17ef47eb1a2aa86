// Internal to the engine: what the deprecated-api and input-error lint rules
// share. Two data tables compiled into the binary, each with its loader:
//
//  - rules/api-versions.yaml: the Kubernetes API versions deprecated and no
//    longer served, per group/version and kind, with what replaces them, and
//    the Kubernetes releases `--kubernetes-version` accepts;
//  - rules/api-schema.yaml: the fields of the core kinds and their types.
//
// and the walker that checks an object against the second (the logic; the
// tables are data). Releases are 1.x minors: 22 stands for 1.22.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "context.h"

namespace kubesift::engine::lint::api {

// --- API versions ---------------------------------------------------------

struct Replacement {
  std::string api;   // "apps/v1"
  std::string kind;  // set when the kind changes too (Endpoints → EndpointSlice)
  int since = 0;     // first release serving it
  int until = 0;     // first release no longer serving it (0: still served)
};

struct ApiEntry {
  std::string api;                 // "extensions/v1beta1", "v1"
  std::vector<std::string> kinds;  // "*" = any kind of that API version
  int deprecated = 0;              // 0: never deprecated
  int removed = 0;                 // 0: still served
  std::vector<Replacement> use;    // oldest first
  std::string gone;                // what to do when nothing replaces it
  std::string note;                // what else changes in the move
};

struct ApiTable {
  int oldest = 0, newest = 0;  // the releases --kubernetes-version accepts
  std::vector<ApiEntry> apis;
  // A malformed table (never in a release): for a unit test to assert empty.
  std::vector<std::string> errors;
};

const ApiTable& api_table();

// "1.22" for 22.
std::string release(int minor);
// The releases `--kubernetes-version` accepts, oldest first ("1.16" …).
std::vector<std::string> kubernetes_versions();
// The release the manifests target: --kubernetes-version, else the config
// file's kubernetes-version, else the newest the table knows.
int target_release(const Context& ctx);

// The entry for an object's apiVersion and kind: one naming the kind, else
// one for every kind of that API version ("*"); nullptr when none.
const ApiEntry* find_api(std::string_view api_version, std::string_view kind);
// The newest replacement served by `target`, or nullptr.
const Replacement* replacement_at(const ApiEntry& e, int target);
// What to change, as a sentence: "Change apiVersion to apps/v1 (served since
// 1.9). apps/v1 requires …".
std::string migration(const ApiEntry& e, std::string_view kind, int target);

// The apiVersion an object was written with ("" when none).
std::string api_version_of(const Object& o);

// --- Schema ---------------------------------------------------------------

enum class Shape {
  Any,
  Object,
  String,
  Int,
  Bool,
  Number,
  IntOrString,
  Quantity,
  List,
  Map,
  Struct
};

struct Struct;
struct Type {
  Shape shape = Shape::Any;
  const Type* elem = nullptr;  // List, Map
  const Struct* st = nullptr;  // Struct
};

struct Field {
  std::string name;
  const Type* type = nullptr;
};

struct Struct {
  std::string name;
  std::vector<Field> fields;  // own fields, then those of _extends
  bool open = false;
  std::vector<std::pair<std::string, std::string>> renamed;    // old field → where it went
  std::vector<std::pair<const Struct*, std::string>> belongs;  // struct → where it lives
  const Field* find(std::string_view name) const;
};

// A problem the walker found in an object.
struct Issue {
  enum class Kind { UnknownField, WrongType, BadQuantity };
  // UnknownField: what the table says about the name.
  enum class Hint { None, Renamed, Belongs, Typo };
  Kind kind = Kind::UnknownField;
  model::Value at;              // the member or element concerned
  Shape expected = Shape::Any;  // WrongType: what the field holds
  Hint hint = Hint::None;
  std::string hint_to;  // Renamed: where it went; Belongs: where; Typo: the field meant
};

// Words for the findings: what a field holds ("an integer"), what a value
// is ("a string"), the sentence after an unknown field's name (" (did you
// mean template?)"), and the change that fixes each kind of issue.
std::string expected_words(Shape s);
std::string found_words(const model::Value& v);
std::string unknown_hint(const Issue& i);
std::string unknown_fix(const Issue& i, const Object& o);
std::string type_fix(const Issue& i);
std::string quantity_fix(std::string_view written);
// The path of the map holding member `v` ("spec.template.spec"), or "the
// top level".
std::string parent_path(const Object& o, const model::Value& v);

// The schema of an apiVersion and kind, or nullptr (not a kind the table
// describes: custom resources, beta versions, kinds not covered).
const Struct* kind_schema(std::string_view api_version, std::string_view kind);
// Every problem in an object as written, in document order. Nothing for
// kinds the schema does not describe, and nothing for objects read from a
// cluster (the API server accepted them).
std::vector<Issue> check_object(const Object& o);
// Schema load errors (never in a release): for a unit test to assert empty.
const std::vector<std::string>& schema_errors();

// The closest of `candidates` to `name` (a typo or a case slip), or "".
std::string closest(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace kubesift::engine::lint::api
