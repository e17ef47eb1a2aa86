// The catalog is checked by tests, not by reviewers' memory: every rule has
// its doc, every log signature fires on its fire examples and on none of its
// dont_fire examples, and code rules and catalog entries agree.
#include <re2/re2.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "kubesift/core/text.h"
#include "kubesift/engine/catalog.h"
#include "kubesift/engine/engine.h"
#include "kubesift/parse/log_line.h"

using namespace kubesift;
using namespace kubesift::engine;

namespace {

Catalog builtin() {
  std::vector<CatalogError> errors;
  Catalog c = Catalog::builtin(errors);
  for (const auto& e : errors) FAIL(e.path << ":" << e.line << ": " << e.message);
  return c;
}

std::set<size_t> rules_hit(const LogScanner& s, const std::string& line) {
  std::vector<LogHit> hits;
  s.scan(line, 1, hits);
  std::set<size_t> out;
  for (const auto& h : hits) out.insert(h.rule);
  return out;
}

}  // namespace

TEST_CASE("built-in catalog loads without errors and has a doc for every rule") {
  Catalog c = builtin();
  REQUIRE(c.rules().size() >= 15);
  for (const auto& r : c.rules()) {
    INFO(r.id);
    CHECK(!r.title.empty());
    CHECK(!r.message.empty());
    CHECK(!r.remediation.empty());
    CHECK(!r.doc.what.empty());
    CHECK(!r.doc.why.empty());
    CHECK(!r.doc.evidence.empty());
    CHECK(!r.doc.example.empty());
    CHECK((r.code || !r.match.empty() || r.check));
  }
}

TEST_CASE("code rules and catalog entries agree") {
  Catalog c = builtin();
  for (const auto& id : Engine::code_rule_ids()) {
    INFO(id);
    const Rule* r = c.find(id);
    REQUIRE(r != nullptr);
    CHECK(r->code);
  }
  for (const auto& r : c.rules())
    if (r.code) {
      auto ids = Engine::code_rule_ids();
      CHECK(std::find(ids.begin(), ids.end(), r.id) != ids.end());
    }
  std::vector<std::string> errors;
  CHECK(Engine::create(builtin(), kubesift::parse::log_line_reader(), errors) != nullptr);
  CHECK(errors.empty());
}

TEST_CASE("every log signature fires on its examples and not on its counter-examples") {
  Catalog c = builtin();
  std::string err;
  auto scanner = LogScanner::build(c, kubesift::parse::log_line_reader(), &err);
  REQUIRE(scanner);
  for (size_t i = 0; i < c.rules().size(); ++i) {
    const Rule& r = c.rules()[i];
    for (const auto& line : r.fire_examples) {
      INFO(r.id << " must fire on: " << line);
      CHECK(rules_hit(*scanner, line).count(i) == 1);
    }
    for (const auto& line : r.dont_fire_examples) {
      INFO(r.id << " must not fire on: " << line);
      CHECK(rules_hit(*scanner, line).count(i) == 0);
    }
  }
}

TEST_CASE("every rule has golden fixtures that must fire and must not fire") {
  namespace fs = std::filesystem;
  Catalog c = builtin();
  fs::path dir = fs::path(KUBESIFT_SOURCE_DIR) / "tests" / "rules";
  for (const auto& r : c.rules()) {
    if (r.symptom) continue;  // symptoms never stand alone; see crash-loop-unexplained
    bool has_log = std::any_of(r.match.begin(), r.match.end(),
                               [](const Matcher& m) { return m.kind == Matcher::Kind::Log; });
    bool fire = false, dont = false;
    if (fs::is_directory(dir / r.id))
      for (const auto& e : fs::directory_iterator(dir / r.id)) {
        std::string n = e.path().filename().string();
        fire |= n.rfind("fire-", 0) == 0;
        dont |= n.rfind("dont-fire-", 0) == 0;
      }
    // Log signatures are covered by their inline examples above; every
    // other rule needs fixture directories.
    bool only_log = std::all_of(r.match.begin(), r.match.end(),
                                [](const Matcher& m) { return m.kind == Matcher::Kind::Log; });
    if (has_log && only_log && !fs::is_directory(dir / r.id)) continue;
    INFO(r.id << ": tests/rules/" << r.id << "/fire-* and dont-fire-* are required");
    CHECK(fire);
    CHECK(dont);
  }
}

TEST_CASE("a bad rules file is an error with its path and line") {
  Catalog c;
  std::vector<CatalogError> errors;
  c.load("user/bad.yaml",
         "rules:\n"
         "  - id: Bad_Id\n"
         "    category: not-a-category\n"
         "    severity: high\n"
         "    title: t\n"
         "    message: m\n"
         "    remediation: r\n"
         "    doc: {what: a, why: b, evidence: c, example: d}\n"
         "    match: {log: '(unclosed'}\n",
         errors);
  REQUIRE(errors.size() >= 3);
  for (const auto& e : errors) {
    CHECK(e.path == "user/bad.yaml");
    CHECK(e.line >= 2);
  }
  CHECK(c.rules().empty());
}

TEST_CASE("a log rule without examples is rejected") {
  Catalog c;
  std::vector<CatalogError> errors;
  c.load("x.yaml",
         "rules:\n  - id: my-rule\n    category: app-crash\n    severity: high\n    title: t\n"
         "    message: m\n    remediation: r\n    doc: {what: a, why: b, evidence: c, example: d}\n"
         "    match: {log: 'boom'}\n",
         errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("examples") != std::string::npos);
}

TEST_CASE("user rules add to the catalog - a duplicate id is an error") {
  Catalog c = builtin();
  size_t before = c.rules().size();
  std::vector<CatalogError> errors;
  c.load("mine.yaml",
         "rules:\n  - id: license-expired\n    category: config-error\n    severity: high\n"
         "    title: License expired\n    message: '{container} license expired'\n"
         "    remediation: renew\n    doc: {what: a, why: b, evidence: c, example: d}\n"
         "    match: {log: 'license (?P<what>\\w+) expired'}\n"
         "    examples: {fire: ['license key expired'], dont_fire: ['license ok']}\n"
         "  - id: file-not-found\n    category: missing-file\n    severity: high\n"
         "    title: t\n    message: m\n    remediation: r\n"
         "    doc: {what: a, why: b, evidence: c, example: d}\n    match: code\n",
         errors);
  CHECK(c.rules().size() == before + 1);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("duplicate") != std::string::npos);
  CHECK(errors[0].line == 11);
}

TEST_CASE("rules files past their limits are refused whole, with their path") {
  std::vector<CatalogError> errors;
  Catalog c;
  SECTION("a file over the size limit") {
    std::string big = "rules: []\n" + std::string(kMaxRulesFileBytes, '#');
    c.load("user/big.yaml", big, errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "user/big.yaml");
    CHECK(errors[0].message.find("exceeds the limit of 1048576 bytes") != std::string::npos);
  }
  SECTION("aliases that expand past the value budget (billion laughs)") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char k = 'b'; k <= 'j'; ++k)
      bomb += std::string(1, k) + ": &" + k + " [*" + char(k - 1) + ", *" + char(k - 1) + ", *" +
              char(k - 1) + ", *" + char(k - 1) + ", *" + char(k - 1) + ", *" + char(k - 1) +
              ", *" + char(k - 1) + ", *" + char(k - 1) + ", *" + char(k - 1) + ", *" +
              char(k - 1) + "]\n";
    bomb += "rules: []\n";
    c.load("user/bomb.yaml", bomb, errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "user/bomb.yaml");
    CHECK(errors[0].message.find("billion laughs") != std::string::npos);
    CHECK(errors[0].line >= 2);
  }
  SECTION("a key beside 'rules:'") {
    c.load("user/extra.yaml", "rules: []\nrulez:\n  - id: typo\n", errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].message.find("unknown key 'rulez'") != std::string::npos);
  }
  SECTION("a large file without aliases is within the budget however deep its values") {
    // ~600k values six levels deep: each counted once, not once per level.
    std::string big = "rules: []\nx:\n";
    for (int i = 0; i < 20000; ++i) big += "  - {a: {b: {c: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}}}\n";
    REQUIRE(big.size() < kMaxRulesFileBytes);
    c.load("user/big.yaml", big, errors);
    REQUIRE(errors.size() == 1);  // the extra key only
    CHECK(errors[0].message.find("unknown key 'x'") != std::string::npos);
  }
  SECTION("anchors within the budget are fine") {
    c.load("user/anchors.yaml", "common: &c {x: 1}\nrules: []\n", errors);
    REQUIRE(errors.size() == 1);  // the extra key, not the anchor
    CHECK(errors[0].message.find("unknown key 'common'") != std::string::npos);
  }
}

TEST_CASE("a rules file that is a scalar or a list is an error, not an exception") {
  for (const char* text : {"x\n", "- a\n- b\n", "42", "[rules]"}) {
    Catalog c;
    std::vector<CatalogError> errors;
    c.load("user/odd.yaml", text, errors);
    INFO(text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.find("a map with a 'rules:' list") != std::string::npos);
  }
}

namespace {

// What a reader must never see in a message: a placeholder left over, a
// slot left empty (": " at the end, before a bracket or a full stop), an
// empty pair of brackets or quotes.
std::string dangling(const std::string& m) {
  if (m.find('{') != std::string::npos && m.find('}') != std::string::npos) {
    static const RE2 placeholder(R"(\{[A-Za-z_][A-Za-z0-9_]*\})");
    if (RE2::PartialMatch(m, placeholder)) return "a placeholder left over";
  }
  if (m.find("[[") != std::string::npos || m.find("]]") != std::string::npos)
    return "an optional segment left over";
  std::string t = m;
  while (!t.empty() && t.back() == ' ') t.pop_back();
  if (!t.empty() && t.back() == ':') return "a trailing ':'";
  for (const char* bad : {": )", ": .", ": ;", ": ,", " ()", " ''", " \"\"", " : ", ":  "})
    if (m.find(bad) != std::string::npos) return std::string("an empty slot: '") + bad + "'";
  return {};
}

}  // namespace

TEST_CASE("every message and remediation template renders with its values missing or empty") {
  Catalog c = builtin();
  for (const auto& r : c.rules()) {
    for (const std::string* tmpl : {&r.message, &r.remediation}) {
      INFO(r.id << ": " << *tmpl);
      // Every placeholder of the template, missing (as the engine fills
      // them: "(unknown)") and present but empty.
      std::vector<std::pair<std::string, std::string>> input_empty;
      static const RE2 name(R"(\{([A-Za-z_][A-Za-z0-9_]*)\})");
      re2::StringPiece in(*tmpl);
      std::string key;
      while (RE2::FindAndConsume(&in, name, &key)) {
        // Text read from the input (an event's or a condition's message, a
        // captured detail) may be empty; names the engine sets are not.
        if (!is_manifest_scope(r.scope) && (key == "message" || key == "why" || key == "detail"))
          input_empty.emplace_back(key, "");
        else
          input_empty.emplace_back(key, "x");
      }
      // Missing values print "(unknown)", never a placeholder or a bare colon.
      CHECK(dangling(text::fill(*tmpl, {}, "(unknown)")).empty());
      // A detail read from the input may be empty: the template keeps it in
      // an optional segment ([[: {message}]]), so no slot is left empty.
      std::string m = text::fill(*tmpl, input_empty, "(unknown)");
      CHECK(dangling(m).empty());
      CHECK(m.find("(unknown)") == std::string::npos);
    }
  }
}

TEST_CASE("explained_by links name rules that exist and joins that fit their scopes") {
  Catalog c = builtin();
  size_t links = 0;
  for (const auto& r : c.rules())
    for (const auto& l : r.explained_by) {
      INFO(r.id << " explained_by " << l.rule);
      ++links;
      if (!l.rule.empty()) CHECK(c.find(l.rule) != nullptr);
      if (l.join == CauseLink::Join::Workload) CHECK(r.scope == Scope::Workload);
      if (l.join == CauseLink::Join::NodeTime) CHECK(r.scope == Scope::Node);
    }
  CHECK(links >= 3);
  std::vector<CatalogError> errors;
  Catalog bad;
  bad.load("bad.yaml", R"(rules:
  - id: x-y
    category: storage
    severity: high
    scope: pod
    title: t
    message: m
    remediation: r
    doc: {what: a, why: b, evidence: c, example: d}
    match: {event: {reason: Failed}}
    explained_by:
      - {rule: a, category: storage, join: pod}
      - {any: everything, join: pod}
      - {rule: b, join: sideways}
)",
           errors);
  REQUIRE(errors.size() >= 3);
  CHECK(errors[0].path == "bad.yaml");
}
