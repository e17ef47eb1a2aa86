// Golden tests of the manifest rules: tests/rules/<rule>/fire-*/ must make
// `kubesift lint` report the rule and dont-fire-*/ must not.
//
// A case directory holds manifests (*.yaml, *.yml, *.json: every file but
// the two below), and optionally:
//   kubesift.yaml  a config file, passed with --config
//   args           more lint arguments, one per line (--kubernetes-version 1.21)
// Every rule runs (--all-checks), so optional rules are tested too. In a
// fire case an object named dont-fire-* must still not get the rule.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "harness.h"
#include "kubesift/engine/catalog.h"

using namespace e2e;

namespace {

std::set<std::string> manifest_rules() {
  std::vector<kubesift::engine::CatalogError> errors;
  auto cat = kubesift::engine::Catalog::builtin(errors);
  std::set<std::string> out;
  for (const auto& r : cat.rules())
    if (kubesift::engine::is_manifest_scope(r.scope)) out.insert(r.id);
  return out;
}

struct Case {
  std::vector<std::string> inputs, args;
};

Case read_case(const fs::path& dir) {
  Case c;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name == "args") {
      std::ifstream in(e.path());
      std::string line;
      while (std::getline(in, line))
        if (!line.empty()) c.args.push_back(line);
    } else if (name == "kubesift.yaml") {
      c.args.push_back("--config");
      c.args.push_back(e.path().string());
    } else if (e.is_regular_file() || e.is_directory()) {
      c.inputs.push_back(e.path().string());
    }
  }
  std::sort(c.inputs.begin(), c.inputs.end());
  return c;
}

// The key a field path ends with: "spec.containers[0].image" → "image";
// "" when it ends at a list element (cited at the element's first line).
std::string last_key(const std::string& field) {
  if (field.empty() || field.back() == ']') return {};
  size_t dot = field.rfind('.');
  return dot == std::string::npos ? field : field.substr(dot + 1);
}

}  // namespace

TEST_CASE("manifest rule fixtures fire and do not fire under kubesift lint") {
  std::set<std::string> rules = manifest_rules();
  REQUIRE(!rules.empty());
  fs::path root = src("tests/rules");
  size_t cases = 0;
  // KUBESIFT_TEST_SAMPLE=N runs the cases of every N-th rule only (the
  // sanitizer run: the release run runs them all).
  size_t sample = 1, index = 0;
  if (const char* v = std::getenv("KUBESIFT_TEST_SAMPLE")) sample = std::max(1, std::atoi(v));
  size_t sampled = 0;
  for (const auto& id : rules) {
    if (index++ % sample != 0) continue;
    ++sampled;
    fs::path dir = root / id;
    INFO("tests/rules/" << id << " needs fire-* and dont-fire-* cases");
    CHECK(fs::is_directory(dir));
    if (!fs::is_directory(dir)) continue;
    bool any_fire = false, any_dont = false;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (!e.is_directory()) continue;
      std::string name = e.path().filename().string();
      bool fire = name.rfind("fire-", 0) == 0, dont = name.rfind("dont-fire-", 0) == 0;
      if (!fire && !dont) continue;
      any_fire |= fire;
      any_dont |= dont;
      Case c = read_case(e.path());
      std::vector<std::string> extra = {"--all-checks", "--fail-on", "none"};
      extra.insert(extra.end(), c.args.begin(), c.args.end());
      Result r = lint(c.inputs, extra);
      INFO(id << "/" << name << ":\n" << r.summary() << r.err);
      CHECK(r.exit_code == 0);
      CHECK(r.input_errors.empty());
      bool fired = false;
      for (const auto& f : r.findings) {
        if (f.rule != id) continue;
        if (f.subject_name.rfind("dont-fire", 0) == 0) {
          INFO("fired on " << f.subject_kind << " " << f.subject_name);
          CHECK(false);
          continue;
        }
        fired = true;
        // Located: a line, a column, and the field the line holds.
        REQUIRE(!f.evidence.empty());
        const auto& ev = f.evidence.front();
        CHECK(ev.line > 0);
        CHECK(f.message.find("(unknown)") == std::string::npos);
        std::string text = read_line(ev.path, ev.line);
        if (std::string key = last_key(ev.field); !key.empty()) {
          INFO(ev.path << ":" << ev.line << " is cited for " << ev.field << ": " << text);
          CHECK(text.find(key) != std::string::npos);
        }
      }
      if (fire) CHECK(fired);
      if (dont) CHECK_FALSE(fired);
      ++cases;
    }
    CHECK(any_fire);
    CHECK(any_dont);
  }
  CHECK(cases >= 2 * sampled);
}
