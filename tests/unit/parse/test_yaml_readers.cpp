// The same YAML cases through every reader compiled in (yaml-cpp, libyaml,
// libfyaml): each must build the same tree, with the same lines, columns,
// quoted-ness, duplicate marks and errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "parse/src/tree.h"
#include "parse/src/yaml_reader.h"

using namespace kubesift;
using model::Value;

namespace {

// Selects a reader for one test run and puts the default back after it.
struct UseReader {
  explicit UseReader(const std::string& name) : saved(parse::yaml_reader()) {
    REQUIRE(parse::set_yaml_reader(name));
  }
  ~UseReader() { parse::set_yaml_reader(saved); }
  std::string saved;
};

struct Parsed {
  model::Tree tree;
  std::vector<parse::Root> roots;
  std::vector<parse::TreeError> errors;
  bool ok = false;
  Value root(size_t i = 0) const { return i < roots.size() ? tree.value(roots[i].node) : Value(); }
};

std::unique_ptr<Parsed> parse_yaml(std::string_view text) {
  auto p = std::make_unique<Parsed>();
  p->ok = parse::yaml_to_tree(text, p->tree, p->roots, p->errors);
  return p;
}

std::string first_error(const Parsed& p) {
  if (p.errors.empty()) return "none";
  const auto& e = p.errors.front();
  return e.message + " at " + std::to_string(e.line) + ":" + std::to_string(e.col);
}

std::vector<std::string> reader_names() {
  std::vector<std::string> names;
  for (const auto& r : parse::yaml_readers()) names.emplace_back(r.name);
  return names;
}

// Runs the rest of the test once per reader.
#define EACH_READER()                                              \
  const std::string reader = GENERATE(from_range(reader_names())); \
  UseReader use_reader(reader);                                    \
  INFO("reader: " << reader)

std::string keys_of(Value map) {
  std::string out;
  for (Value m : map) {
    if (!out.empty()) out += ",";
    out += std::string(m.key());
  }
  return out;
}

}  // namespace

TEST_CASE("every YAML reader is compiled in and one is the default") {
  auto names = reader_names();
  CHECK(names.size() == 3);
  CHECK(std::find(names.begin(), names.end(), "yaml-cpp") != names.end());
  CHECK(std::find(names.begin(), names.end(), "libyaml") != names.end());
  CHECK(std::find(names.begin(), names.end(), "libfyaml") != names.end());
  CHECK(parse::yaml_reader() == names.front());
  CHECK_FALSE(parse::set_yaml_reader("no-such-reader"));
}

TEST_CASE("YAML readers: quoted and plain scalars") {
  EACH_READER();
  auto p = parse_yaml(
      "a: \"true\"\n"
      "b: true\n"
      "c: 'yes'\n"
      "d: yes\n"
      "e: |\n"
      "  true\n"
      "f: !!str on\n"
      "g: 8080\n"
      "h: \"8080\"\n"
      "i: ! off\n"
      "j: !!int 3\n");
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  Value r = p->root();
  CHECK(r.get("a").quoted());
  CHECK(r.get("a").scalar() == "true");
  CHECK_FALSE(r.get("a").as_bool());
  CHECK_FALSE(r.get("b").quoted());
  CHECK(r.get("b").as_bool() == true);
  CHECK(r.get("c").quoted());
  CHECK_FALSE(r.get("c").as_bool());
  CHECK(r.get("d").is_true());
  CHECK(r.get("e").quoted());  // a block scalar is a string
  CHECK(r.get("e").scalar() == "true\n");
  CHECK(r.get("f").quoted());  // !!str
  CHECK_FALSE(r.get("f").as_bool());
  CHECK(r.get("g").as_int() == 8080);
  CHECK_FALSE(r.get("g").quoted());
  CHECK(r.get("h").quoted());
  CHECK(r.get("h").scalar() == "8080");
  CHECK(r.get("i").quoted());  // the non-specific tag "!" makes a string
  CHECK_FALSE(r.get("j").quoted());
  CHECK(r.get("j").as_int() == 3);
}

TEST_CASE("YAML readers: YAML 1.1 booleans and nulls") {
  EACH_READER();
  auto p = parse_yaml(
      "t: [true, True, TRUE, yes, Yes, YES, on, On, ON, y, Y]\n"
      "f: [false, False, FALSE, no, No, NO, off, Off, OFF, n, N]\n"
      "x: [\"yes\", 'no', yess, 1]\n"
      "n1:\n"
      "n2: ~\n"
      "n3: null\n"
      "n4: Null\n"
      "n5: NULL\n"
      "s1: \"null\"\n"
      "s2: nulls\n");
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  Value r = p->root();
  REQUIRE(r.get("t").size() == 11);
  for (Value v : r.get("t")) CHECK(v.as_bool() == true);
  REQUIRE(r.get("f").size() == 11);
  for (Value v : r.get("f")) CHECK(v.as_bool() == false);
  for (Value v : r.get("x")) CHECK_FALSE(v.as_bool());
  for (const char* k : {"n1", "n2", "n3", "n4", "n5"}) {
    INFO(k);
    REQUIRE(r.get(k));
    CHECK(r.get(k).is_null());
  }
  CHECK(r.get("s1").is_scalar());
  CHECK(r.get("s1").scalar() == "null");
  CHECK(r.get("s2").scalar() == "nulls");
}

TEST_CASE("YAML readers: block and flow styles, with lines and columns") {
  EACH_READER();
  auto p = parse_yaml(
      "apiVersion: apps/v1\n"                                         // 1
      "kind: Deployment\n"                                            // 2
      "spec:\n"                                                       // 3
      "  selector: {matchLabels: {app: web}}\n"                       // 4
      "  template:\n"                                                 // 5
      "    spec:\n"                                                   // 6
      "      containers:\n"                                           // 7
      "      - name: web\n"                                           // 8
      "        image: \"nginx:1.25\"\n"                               // 9
      "        ports: [{containerPort: 80}, {containerPort: 443}]\n"  // 10
      "        args:\n"                                               // 11
      "        - --port=80\n"                                         // 12
      "        -   --verbose\n"                                       // 13
      "      volumes: []\n"                                           // 14
      "      nodeSelector: {}\n");                                    // 15
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  Value r = p->root();
  CHECK(r.line() == 1);
  CHECK(r.col() == 1);
  Value kind = r.get("kind");
  CHECK(kind.key_line() == 2);
  CHECK(kind.key_col() == 1);
  CHECK(kind.line() == 2);
  CHECK(kind.col() == 7);
  Value sel = r.at({"spec", "selector"});
  CHECK(sel.is_map());
  CHECK(sel.line() == 4);
  CHECK(sel.col() == 13);  // the `{`
  Value app = sel.at({"matchLabels", "app"});
  CHECK(app.scalar() == "web");
  CHECK(app.key_line() == 4);
  CHECK(app.key_col() == 28);
  CHECK(app.col() == 33);
  Value containers = r.at({"spec", "template", "spec", "containers"});
  REQUIRE(containers.is_seq());
  CHECK(containers.line() == 8);
  CHECK(containers.col() == 7);  // the `-`
  REQUIRE(containers.size() == 1);
  Value c = containers.child(0);
  CHECK(c.is_map());
  CHECK(c.line() == 8);
  CHECK(c.col() == 9);  // its first key
  CHECK(c.get("name").key_col() == 9);
  Value image = c.get("image");
  CHECK(image.scalar() == "nginx:1.25");
  CHECK(image.key_line() == 9);
  CHECK(image.key_col() == 9);
  CHECK(image.col() == 16);  // the opening quote
  Value ports = c.get("ports");
  REQUIRE(ports.size() == 2);
  CHECK(ports.col() == 16);
  CHECK(ports.child(1).col() == 38);
  CHECK(ports.child(1).get("containerPort").as_int() == 443);
  CHECK(ports.child(1).get("containerPort").col() == 54);
  Value args = c.get("args");
  REQUIRE(args.size() == 2);
  CHECK(args.line() == 12);
  CHECK(args.child(0).scalar() == "--port=80");
  CHECK(args.child(1).scalar() == "--verbose");
  CHECK(args.child(1).line() == 13);
  CHECK(args.child(1).col() == 13);
  Value vols = r.at({"spec", "template", "spec", "volumes"});
  CHECK(vols.is_seq());
  CHECK(vols.size() == 0);
  CHECK(r.at({"spec", "template", "spec", "nodeSelector"}).is_map());
  CHECK(keys_of(r) == "apiVersion,kind,spec");
}

TEST_CASE("YAML readers: multi-line strings") {
  EACH_READER();
  auto p = parse_yaml(
      "literal: |\n"
      "  line one\n"
      "    indented\n"
      "\n"
      "  line three\n"
      "strip: |-\n"
      "  no newline\n"
      "keep: |+\n"
      "  kept\n"
      "\n"
      "folded: >\n"
      "  one\n"
      "  two\n"
      "\n"
      "  para\n"
      "folded_strip: >-\n"
      "  a\n"
      "  b\n"
      "plain: this is\n"
      "  one line\n"
      "quoted: \"first\n"
      "  second\\tend \\u00e9\"\n"
      "single: 'it''s\n"
      "  here'\n"
      "after: x\n");
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  Value r = p->root();
  CHECK(r.get("literal").scalar() == "line one\n  indented\n\nline three\n");
  CHECK(r.get("literal").line() == 1);
  CHECK(r.get("literal").col() == 10);  // the `|`
  CHECK(r.get("strip").scalar() == "no newline");
  CHECK(r.get("keep").scalar() == "kept\n\n");
  CHECK(r.get("folded").scalar() == "one two\npara\n");
  CHECK(r.get("folded_strip").scalar() == "a b");
  CHECK(r.get("plain").scalar() == "this is one line");
  CHECK_FALSE(r.get("plain").quoted());
  CHECK(r.get("quoted").scalar() == "first second\tend \xc3\xa9");
  CHECK(r.get("single").scalar() == "it's here");
  CHECK(r.get("after").key_line() == 25);
}

TEST_CASE("YAML readers: anchors, aliases and merge keys") {
  EACH_READER();
  auto p = parse_yaml(
      "base: &base {x: 1, y: 1}\n"            // 1
      "other: &other\n"                       // 2
      "  y: 2\n"                              // 3
      "  z: 2\n"                              // 4
      "image: &img nginx:1.25\n"              // 5
      "m:\n"                                  // 6
      "  <<: *base\n"                         // 7
      "  y: 3\n"                              // 8
      "two:\n"                                // 9
      "  <<: [*base, *other]\n"               // 10
      "  z: 9\n"                              // 11
      "inline: {<<: {p: 1, q: 1}, q: 2}\n"    // 12
      "nested: &nested {<<: *other, w: 0}\n"  // 13
      "deep: {<<: *nested}\n"                 // 14
      "uses: [*img, *base]\n"                 // 15
      "quoted: {\"<<\": *base}\n");           // 16
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  Value r = p->root();
  Value m = r.get("m");
  CHECK(keys_of(m) == "y,x");
  CHECK(m.get("x").as_int() == 1);
  CHECK(m.get("y").as_int() == 3);
  CHECK(m.get("y").key_line() == 8);
  CHECK(m.get("x").key_line() == 1);  // a merged member cites where it is written
  Value two = r.get("two");
  CHECK(keys_of(two) == "z,x,y");
  CHECK(two.get("y").as_int() == 1);  // the first merged map wins
  CHECK(two.get("z").as_int() == 9);  // the map's own key wins
  Value in = r.get("inline");
  CHECK(keys_of(in) == "q,p");
  CHECK(in.get("q").as_int() == 2);
  Value deep = r.get("deep");
  CHECK(keys_of(deep) == "w,y,z");
  Value uses = r.get("uses");
  REQUIRE(uses.size() == 2);
  CHECK(uses.child(0).scalar() == "nginx:1.25");
  CHECK(uses.child(1).get("y").as_int() == 1);
  CHECK(uses.child(1).line() == 1);  // an alias's value is where the anchor is
  CHECK(r.get("image").col() == 8);  // at the anchor
  CHECK(r.get("base").col() == 7);
  CHECK(keys_of(r.get("quoted")) == "<<");  // a quoted "<<" is an ordinary key
  CHECK(p->tree.duplicate_keys().empty());
}

TEST_CASE("YAML readers: duplicate keys are kept and marked") {
  EACH_READER();
  std::string big = "big:\n";
  for (int i = 0; i < 100; ++i) big += "  k" + std::to_string(i) + ": v\n";
  big += "  k7: again\n";
  auto p = parse_yaml(
      "a: 1\n"
      "b:\n"
      "  c: 1\n"
      "  c: 2\n"
      "a: 3\n"
      "d: {e: 1, e: 2}\n" +
      big);
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  Value r = p->root();
  CHECK(keys_of(r) == "a,b,a,d,big");
  const auto& dups = p->tree.duplicate_keys();
  REQUIRE(dups.size() == 4);
  std::vector<uint32_t> lines;
  for (uint32_t d : dups) lines.push_back(p->tree.value(d).key_line());
  std::sort(lines.begin(), lines.end());
  CHECK(lines == std::vector<uint32_t>{4, 5, 6, 108});
  CHECK(r.child(2).as_int() == 3);
}

TEST_CASE("YAML readers: comments, CRLF and UTF-8 columns") {
  EACH_READER();
  auto p = parse_yaml(
      "# leading comment\r\n"
      "a: 1 # trailing\r\n"
      "\r\n"
      "  # indented comment\r\n"
      "b: \"x # not a comment\"\r\n"
      "c: |\r\n"
      "  one\r\n"
      "  two\r\n"
      "\xc3\xa9t\xc3\xa9: \xc3\xbc\r\n"      // été: ü
      "\xf0\x9f\x98\x80: {\xd0\xba: v}\r\n"  // 😀: {к: v}
      "d: x\r\n");
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  Value r = p->root();
  CHECK(r.get("a").as_int() == 1);
  CHECK(r.get("a").line() == 2);
  CHECK(r.get("b").scalar() == "x # not a comment");
  CHECK(r.get("b").line() == 5);
  CHECK(r.get("c").scalar() == "one\ntwo\n");
  Value ete = r.get("\xc3\xa9t\xc3\xa9");
  CHECK(ete.scalar() == "\xc3\xbc");
  CHECK(ete.key_line() == 9);
  CHECK(ete.key_col() == 1);
  CHECK(ete.col() == 6);  // code points, not bytes
  Value emoji = r.get("\xf0\x9f\x98\x80");
  CHECK(emoji.col() == 4);
  Value k = emoji.get("\xd0\xba");
  CHECK(k.key_col() == 5);
  CHECK(k.col() == 8);
  CHECK(r.get("d").key_line() == 11);
  CHECK(r.get("d").scalar() == "x");
}

TEST_CASE("YAML readers: a stream's documents, lines across documents") {
  EACH_READER();
  auto p = parse_yaml(
      "# Source: chart/templates/a.yaml\n"
      "kind: A\n"
      "---\n"
      "# only a comment\n"
      "--- # next\n"
      "kind: B\n"
      "list:\n"
      "- x\n");
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  REQUIRE(p->roots.size() == 2);
  CHECK(p->roots[0].source_line == 1);
  CHECK(p->root(0).get("kind").line() == 2);
  CHECK(p->root(1).get("kind").line() == 6);
  CHECK(p->root(1).get("list").child(0).line() == 8);
}

TEST_CASE("YAML readers: errors name their line and column") {
  EACH_READER();
  struct Case {
    const char* text;
    uint32_t line, col;      // col 0: not compared
    uint32_t last_line = 0;  // when the libraries put it on different lines
  };
  for (Case c : {
           Case{"a: 1\nb: [1, 2\n", 3, 1},      // an unclosed flow sequence
           Case{"a: {b: 1\nc: 2\n", 2, 2},      // an unclosed flow map
           Case{"key: [a, b]]\n", 1, 12},       // a stray `]`
           Case{"a: b: c\n", 1, 5},             // a map value where none fits
           Case{"a: 'x' y\n", 1, 8},            // text after a quoted scalar
           Case{"a:\n\tb: 1\n", 2, 0},          // a tab as indentation
           Case{"@x: 1\n", 1, 1},               // a reserved indicator
           Case{"a: &x 1\nb: *y\n", 2, 4},      // an alias with no anchor
           Case{"a: |\n  x\n b: 1\n", 3, 2},    // bad indentation after a block
           Case{"a: 1\n b: 2\n", 1, 0, 2},      // more indented than its map
           Case{"a: 1\na 2\nb: 3\n", 2, 0, 3},  // a key without `:`
       }) {
    INFO(c.text);
    auto p = parse_yaml(c.text);
    CHECK_FALSE(p->ok);
    CHECK(p->roots.empty());
    REQUIRE(p->errors.size() == 1);
    INFO(p->errors[0].message);
    CHECK(p->errors[0].message.starts_with("invalid YAML: "));
    if (c.last_line) {
      CHECK(p->errors[0].line >= c.line);
      CHECK(p->errors[0].line <= c.last_line);
    } else {
      CHECK(p->errors[0].line == c.line);
    }
    if (c.col) CHECK(p->errors[0].col == c.col);
  }
}

TEST_CASE("YAML readers: an unknown directive holding bytes that are not UTF-8 ends") {
  // libfyaml 0.7 loops for ever on this line (found by fuzzing); every
  // reader must return, and one that refuses it names a line of the text.
  EACH_READER();
  for (const char* text : {"%FOO bar\x8d\n---\na: 1\n", "%\x8d\n", "%T x\xdf\x9d\n---\n",
                           " \r%\xe0\xbep\n", "\xef\xbb\xbf%T\xc3\n", "a: 1\n...\n%T\x8d"}) {
    INFO(text);
    auto p = parse_yaml(text);
    if (!p->ok) {
      REQUIRE_FALSE(p->errors.empty());
      CHECK(p->errors[0].line >= 1);
      CHECK(p->errors[0].line <= 1 + std::count(text, text + std::strlen(text), '\n'));
    }
  }
}

TEST_CASE("YAML readers: a broken document does not hide the next one") {
  EACH_READER();
  auto p = parse_yaml("a: [1\n---\nb: 2\n---\nc: {\n---\nd: 4\n");
  CHECK_FALSE(p->ok);
  CHECK(p->errors.size() == 2);
  REQUIRE(p->roots.size() == 2);
  CHECK(p->root(0).get("b").as_int() == 2);
  CHECK(p->root(1).get("d").as_int() == 4);
  CHECK(p->root(1).get("d").line() == 7);
}

TEST_CASE("YAML readers: an alias bomb is refused at its line") {
  EACH_READER();
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string prev = "a";
  for (char n = 'b'; n <= 'i'; ++n) {
    std::string name(1, n);
    bomb += name + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = name;
  }
  auto p = parse_yaml(bomb);
  CHECK_FALSE(p->ok);
  REQUIRE(p->errors.size() == 1);
  CHECK(p->errors[0].message.find("too many values") != std::string::npos);
  // 10^6 values in f (line 6) exceed the budget of a short document.
  CHECK(p->errors[0].line == 6);
  CHECK(p->roots.empty());
}

TEST_CASE("YAML readers: nesting is bounded at 256 levels") {
  EACH_READER();
  auto ok = parse_yaml("a: " + std::string(255, '[') + std::string(255, ']') + "\n");
  CHECK(ok->ok);
  CHECK(ok->errors.empty());
  auto deep = parse_yaml("a: " + std::string(256, '[') + std::string(256, ']') + "\n");
  CHECK_FALSE(deep->ok);
  REQUIRE(deep->errors.size() == 1);
  CHECK(deep->errors[0].message == "invalid YAML: nested too deeply (more than 256 levels)");
  CHECK(deep->errors[0].line == 1);
  auto huge = parse_yaml(std::string(100000, '[') + "\n");
  CHECK_FALSE(huge->ok);
  REQUIRE(huge->errors.size() == 1);
}

TEST_CASE("YAML readers: support-bundle redactions are read as strings") {
  EACH_READER();
  auto p = parse_yaml("a: ***HIDDEN***\nb:\n- ***HIDDEN***\nc: ok\n");
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  CHECK(p->root().get("a").scalar() == "***HIDDEN***");
  CHECK(p->root().get("b").child(0).scalar() == "***HIDDEN***");
  CHECK(p->root().get("c").line() == 4);
}

TEST_CASE("YAML readers: keys that are not plain strings") {
  EACH_READER();
  auto p = parse_yaml(
      "\"quoted key\": 1\n"
      "8080: port\n"
      "? [a, b]\n"
      ": complex\n"
      "true: yes\n"
      "last: 1\n");
  INFO("first error: " << first_error(*p));
  REQUIRE(p->ok);
  Value r = p->root();
  CHECK(r.get("quoted key").as_int() == 1);
  CHECK(r.get("8080").scalar() == "port");
  CHECK(r.get("").scalar() == "complex");  // a key that is a list has no name
  CHECK(r.get("true").is_true());
  CHECK(r.get("last").key_line() == 6);
}

TEST_CASE("YAML readers: a large stream read in pieces on several threads is the same stream") {
  EACH_READER();
  // About 1.5 MB: several pieces of whole documents, one tree each.
  std::string text;
  uint32_t line = 1;
  std::vector<uint32_t> name_lines;
  for (int i = 0; i < 6000; ++i) {
    if (i) {
      text += i % 1000 == 500 ? "--- extra\n" : "---\n";
      ++line;
    }
    text += "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + std::to_string(i) +
            "\ndata:\n  a: \"1\"\n  b: two\n";
    name_lines.push_back(line + 3);
    line += 7;
    if (i % 2000 == 1999) {  // a broken document now and then
      text += "---\nbroken: [\n";
      line += 2;
    }
    text += std::string(200, '#') + "\n";
    ++line;
  }
  std::vector<std::shared_ptr<model::Tree>> trees;
  std::vector<parse::Root> roots;
  std::vector<parse::TreeError> errors;
  CHECK_FALSE(parse::yaml_to_trees(text, trees, roots, errors));
  CHECK(trees.size() > 4);
  REQUIRE(roots.size() == 6000);
  for (size_t i = 0; i < roots.size(); ++i) {
    Value name = trees[roots[i].tree]->value(roots[i].node).at({"metadata", "name"});
    if (name.scalar() != "cm-" + std::to_string(i) || name.line() != name_lines[i]) {
      FAIL("document " << i << ": " << name.scalar() << " at line " << name.line());
    }
  }
  // The same errors, in stream order, as when read as one tree.
  auto one = parse_yaml(text);
  REQUIRE(errors.size() == one->errors.size());
  REQUIRE(errors.size() == 9);  // 6 separators with content, 3 broken documents
  for (size_t i = 0; i < errors.size(); ++i) {
    CHECK(errors[i].message == one->errors[i].message);
    CHECK(errors[i].line == one->errors[i].line);
  }
  for (size_t i = 1; i < errors.size(); ++i) CHECK(errors[i - 1].line < errors[i].line);
}
