// A JSON List read an item at a time (scan_list + JsonValueReader) and in
// pieces (ItemPieces) gives what parsing it as one tree gives.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "../../fuzz/list_paths.h"
#include "parse/src/json_list_scan.h"
#include "parse/src/yaml_list_scan.h"

using namespace kubesift;

namespace {

std::string pod(int i, bool kind = true, std::string_view extra = "") {
  return std::string("{") + (kind ? "\"apiVersion\": \"v1\", \"kind\": \"Pod\", " : "") +
         "\"metadata\": {\"name\": \"web-" + std::to_string(i) +
         "\", \"namespace\": \"shop\", \"uid\": \"u" + std::to_string(i) +
         "\"},\n  \"spec\": {\"containers\": [{\"name\": \"app\", \"image\": \"nginx\"}]}" +
         std::string(extra) + ",\n  \"status\": {\"phase\": \"Running\"}}";
}

std::string items(int n, bool kind = true) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i ? ",\n    " : "\n    ") + pod(i, kind);
  return s + "\n  ";
}

// Both sides agree, with and without room past the end (a copy is read then).
void agree(const std::string& text) {
  INFO(text.substr(0, 400));
  CHECK(fuzz::compare_json_paths(text, 0) == "");
  std::string padded = text + std::string(64, '\0');
  CHECK(fuzz::compare_json_paths(std::string_view(padded.data(), text.size()), 64) == "");
}

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Calls `check` on every fixture file (of at most 8 MiB) whose extension is
// one of `exts`, under samples/ and tests/; returns how many.
size_t for_each_fixture(std::initializer_list<std::string_view> exts,
                        const std::function<void(const std::string&)>& check) {
  size_t files = 0;
  for (const char* dir : {"samples", "tests/rules", "tests/e2e", "tests/data"}) {
    std::filesystem::path root = std::filesystem::path(KUBESIFT_SOURCE_DIR) / dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || e.file_size() > (8 << 20) ||
          std::find(exts.begin(), exts.end(), ext) == exts.end())
        continue;
      INFO(e.path().string());
      check(read(e.path()));
      ++files;
    }
  }
  return files;
}

}  // namespace

TEST_CASE("scan_list: the items of a List, without parsing them") {
  parse::ListLayout l;
  std::string t = "{\"apiVersion\": \"v1\", \"items\": [" + items(3) +
                  "], \"kind\": \"List\", \"metadata\": {\"resourceVersion\": \"\"}}\n";
  REQUIRE(parse::scan_list(t, l));
  REQUIRE(l.items.size() == 3);
  CHECK(t.substr(l.items[0].first, l.items[0].second - l.items[0].first) == pod(0));
  CHECK(t.substr(l.items[2].first, l.items[2].second - l.items[2].first) == pod(2));
  REQUIRE(l.kind);
  CHECK(*l.kind == "List");
  REQUIRE(l.others.size() == 1);
  CHECK(t[l.others[0].first] == '{');

  // Strings that hold brackets, quotes and escaped backslashes.
  std::string tricky = R"({"items": [{"a": "}]\"{[", "b": "\\"}, {"c": "\\\"]"}], "kind": "List"})";
  REQUIRE(parse::scan_list(tricky, l));
  REQUIRE(l.items.size() == 2);
  CHECK(tricky.substr(l.items[0].first, l.items[0].second - l.items[0].first) ==
        R"({"a": "}]\"{[", "b": "\\"})");

  CHECK(parse::scan_list("{\"items\": []}", l));
  CHECK(l.items.empty());
  CHECK_FALSE(l.kind);
}

TEST_CASE("scan_list gives up on what it does not check, for the whole parse to say") {
  parse::ListLayout l;
  for (std::string bad : {
           "", "[]", "{}",
           "{\"kind\": \"List\"}",                    // no items
           "{\"items\": {}}",                         // not an array
           "{\"items\": [], \"items\": []}",          // a key twice
           "{\"it\\u0065ms\": []}",                   // an escaped key
           "{\"items\": [], \"kind\": 5}",            // a kind not a string
           "{\"items\": [], \"kind\": \"Li\\nst\"}",  // an escape in kind
           "{\"items\": [{}]} {\"items\": []}",       // two values
           "{\"items\": [{}]} x",                     // text after
           "{\"items\": [{\"a\": 1}",                 // cut
           "{\"items\": [{\"a\": \"b}]}",             // a string never closed
           "{\"items\": [], \"n\": 01}",              // not a JSON number
           "{\"items\": [], \"n\": tru}",             // not a literal
           "{\"items\": [], \"s\": \"\xff\"}",        // not UTF-8
           "{\"items\": [{},]}",                      // a trailing comma
       })
    CHECK_FALSE(parse::scan_list(bad, l));
}

TEST_CASE("a List read an item at a time gives what a parse of the whole gives") {
  // kubectl's layout: items before kind.
  agree("{\n  \"apiVersion\": \"v1\",\n  \"items\": [" + items(5) +
        "],\n  \"kind\": \"List\",\n  \"metadata\": {\"resourceVersion\": \"\"}\n}\n");
  // Minified, on one line.
  agree("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + pod(1) + "," + pod(2) + "]}");
  // A typed List whose items name no kind, the kind before or after them.
  agree("{\"kind\": \"PodList\", \"apiVersion\": \"v1\", \"items\": [" + items(3, false) + "]}");
  agree("{\"apiVersion\": \"v1\", \"items\": [" + items(3, false) + "], \"kind\": \"PodList\"}");
  // Bare items (no kind), some items naming theirs.
  agree("{\"items\": [" + pod(1) + ", " + pod(2, false) + "]}");
  // An object of another kind that has top-level items is not a List.
  agree("{\"apiVersion\": \"example.com/v1\", \"kind\": \"Basket\", \"items\": [" + pod(1) + "]}");
  // More items than one piece holds.
  agree("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [" + items(1200) + "]}");
  // Scalars and nulls among the items; an empty List.
  agree("{\"kind\": \"List\", \"items\": [1, \"x\", null, " + pod(3) + "]}");
  agree("{\"kind\": \"List\", \"items\": []}");
  // Broken items: the same error at the same place, nothing decoded.
  agree("{\"kind\": \"List\", \"items\": [" + pod(1) + ", " + pod(2, true, ", \"x\": }") + "]}");
  agree("{\"kind\": \"List\", \"items\": [" + pod(1) + ", {\"a\": \"\xff\"}]}");
  agree("{\"kind\": \"List\", \"items\": [" + pod(1) + ", " + pod(2).substr(0, 50));
  agree("{\"kind\": \"List\", \"items\": [" + pod(1) + "], \"metadata\": {\"a\": }}");
  // Nesting past the limit inside an item.
  agree("{\"kind\": \"List\", \"items\": [{\"a\": " + std::string(300, '[') +
        std::string(300, ']') + "}]}");
  // Numbers beyond double range, kept as written.
  agree(
      "{\"kind\": \"List\", \"n\": 1e400, \"items\": [{\"kind\": \"Pod\", \"apiVersion\": "
      "\"v1\", \"metadata\": {\"name\": \"a\"}, \"x\": -1e400}]}");
}

TEST_CASE("every JSON file of the fixtures reads the same an item at a time") {
  size_t files = for_each_fixture(
      {".json"}, [](const std::string& text) { CHECK(fuzz::compare_json_paths(text, 0) == ""); });
  CHECK(files > 50);
}

namespace {

std::string yaml_pod(int i, bool kind = true) {
  return std::string("- ") + (kind ? "apiVersion: v1\n  kind: Pod\n  " : "") +
         "metadata:\n    name: web-" + std::to_string(i) + "\n    namespace: shop\n    uid: u" +
         std::to_string(i) +
         "\n  spec:\n    containers:\n    - image: nginx\n      name: app\n  status:\n"
         "    phase: Running\n";
}

std::string yaml_items(int n, bool kind = true) {
  std::string s;
  for (int i = 0; i < n; ++i) s += yaml_pod(i, kind);
  return s;
}

void yaml_agree(const std::string& text) {
  INFO(text.substr(0, 400));
  CHECK(fuzz::compare_yaml_paths(text) == "");
}

}  // namespace

TEST_CASE("scan_yaml_list: kubectl's -o yaml List, and what it gives up on") {
  parse::YamlListLayout l;
  std::string t = "apiVersion: v1\nitems:\n" + yaml_items(3) +
                  "kind: List\nmetadata:\n  resourceVersion: \"\"\n";
  REQUIRE(parse::scan_yaml_list(t, l));
  REQUIRE(l.items.size() == 3);
  CHECK(t.substr(l.items[1].begin, l.items[1].end - l.items[1].begin) == yaml_pod(1));
  CHECK(l.items[0].first_line == 3);
  CHECK(t.substr(l.head.begin, l.head.end - l.head.begin) == "apiVersion: v1\n");
  CHECK(t.substr(l.tail.begin).starts_with("kind: List\n"));
  for (const char* bad : {
           "items: []\nkind: List\n",
           "items:\n  - a: 1\n",                // indented sequence
           "a: 1\n---\nitems:\n- a: 1\n",       // two documents
           "%YAML 1.2\n---\nitems:\n- a: 1\n",  // a directive
           "items:\n- a: &x 1\n- b: *x\n",      // an anchor
           "items:\n- a: 1\nitems:\n- b: 2\n",  // items twice
           "items:\n- a: 1\n\tb: 2\n",          // a tab
           "kind: List\n",                      // no items
           "items:\n- a: 1\r  b: 2\n",          // a lone CR
       })
    CHECK_FALSE(parse::scan_yaml_list(bad, l));
}

TEST_CASE("a YAML List read a piece of items at a time gives what the whole document gives") {
  yaml_agree("apiVersion: v1\nitems:\n" + yaml_items(5) +
             "kind: List\nmetadata:\n  resourceVersion: \"\"\n");
  yaml_agree("kind: PodList\napiVersion: v1\nitems:\n" + yaml_items(3, false));
  yaml_agree("apiVersion: v1\nitems:\n" + yaml_items(3, false) + "kind: PodList\n");
  yaml_agree("items:\n" + yaml_items(2) + "# a comment\n" + yaml_items(2));
  yaml_agree("apiVersion: example.com/v1\nkind: Basket\nitems:\n" + yaml_items(2));
  yaml_agree("apiVersion: v1\nkind: List\nitems:\n" + yaml_items(1300));
  // Broken: an item, the head, the tail, a key on both sides of the items.
  yaml_agree("kind: List\nitems:\n" + yaml_items(2) + "- a: [1\n" + yaml_items(1));
  yaml_agree("kind: [List\nitems:\n" + yaml_items(2));
  yaml_agree("kind: List\nitems:\n" + yaml_items(2) + "metadata: {\n");
  yaml_agree("kind: List\nitems:\n" + yaml_items(2) + "kind: List\n");
  // A lone CR, a line break to the reader: found by the YAML fuzz target.
  yaml_agree("kind: List\nitems:\n" + yaml_items(2) + "\r\r    x: 1\n" + yaml_items(1) +
             "  broken\n");
  // A Helm source line cited by every item; bundle-hidden values.
  yaml_agree("# Source: chart/templates/pods.yaml\nkind: List\nitems:\n" + yaml_items(2) +
             "- kind: Secret\n  apiVersion: v1\n  metadata:\n    name: s\n  data:\n"
             "    password: ***HIDDEN***\n");
  // Scalars among the items; an item at column 0 holding a block scalar.
  yaml_agree("kind: List\nitems:\n- 1\n- x\n" + yaml_items(1) +
             "- kind: ConfigMap\n  apiVersion: v1\n  metadata:\n    name: c\n  data:\n"
             "    f: |\n      - not an item\n      line\n");
}

TEST_CASE("every YAML file of the fixtures reads the same a piece of items at a time") {
  size_t files = for_each_fixture({".yaml", ".yml"}, [](const std::string& text) {
    CHECK(fuzz::compare_yaml_paths(text) == "");
  });
  CHECK(files > 50);
}
