// Every finding in every report format carries its rule's doc: the
// `kubesift explain` command (which works), and SARIF's rule help.
#include "harness.h"
#include "kubesift/report/report.h"

using namespace e2e;

namespace {

struct Run {
  int rc = 0;
  std::string out, err;
};

Run run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  Run r;
  r.rc = kubesift::cli::run(args, out, err, false);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

size_t count(const std::string& s, const std::string& part) {
  size_t n = 0;
  for (size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + part.size())) ++n;
  return n;
}

// What a finding of the JSON report says of its rule.
struct Doc {
  std::string rule, explain, summary;
};

std::vector<Doc> docs_of(simdjson::dom::element list) {
  std::vector<Doc> out;
  simdjson::dom::array arr;
  if (list.get_array().get(arr) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element f : arr)
    out.push_back({str(f["rule"]), str(f["doc"]["explain"]), str(f["doc"]["summary"])});
  return out;
}

// The command split into arguments (paths of the tests need no quoting).
std::vector<std::string> words(const std::string& cmd) {
  std::vector<std::string> out;
  std::istringstream in(cmd);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Checks every format of one run (`args` without --format).
void check_every_format(const std::vector<std::string>& args) {
  Run json = run(with(args, {"--format", "json"}));
  INFO(json.err);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(json.out).get(doc) == simdjson::SUCCESS);
  std::vector<Doc> findings = docs_of(doc["findings"]);
  std::vector<Doc> suppressed;
  simdjson::dom::element sup;
  if (doc["suppressed"].get(sup) == simdjson::SUCCESS) suppressed = docs_of(sup);
  REQUIRE(!findings.empty());
  std::set<std::string> commands;
  for (const auto* list : {&findings, &suppressed})
    for (const Doc& d : *list) {
      INFO(d.rule);
      // The command names the rule; the summary is the rule's "what".
      CHECK(d.explain.rfind("kubesift explain " + d.rule, 0) == 0);
      CHECK(!d.summary.empty());
      commands.insert(d.explain);
    }

  // Each format this test knows; a format added since is said and skipped.
  const std::set<std::string> known = {"text",  "json",   "ndjson",   "sarif",
                                       "junit", "github", "markdown", "html"};
  std::set<std::string> listed;
  std::string names = kubesift::report::format_names();
  for (size_t at = 0; at < names.size();) {
    size_t comma = names.find(", ", at);
    listed.insert(names.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    at = comma == std::string::npos ? names.size() : comma + 2;
  }
  for (const auto& k : known) CHECK(listed.count(k) == 1);
  for (const auto& name : listed) {
    if (!known.count(name)) {
      WARN("format '" << name << "' is not checked here yet");
      continue;
    }
    Run r = run(with(args, {"--format", name}));
    INFO("format " << name << "\n" << r.out.substr(0, 3000));
    REQUIRE(!r.out.empty());
    if (name == "json") {
      continue;  // read above
    } else if (name == "text") {
      // A `see:` line per finding, in rank order.
      std::vector<std::string> seen;
      for (const auto& l : lines_of(r.out)) {
        size_t at = l.find("see: ");
        if (at != std::string::npos && l.find_first_not_of(' ') == at)
          seen.push_back(l.substr(at + 5));
      }
      REQUIRE(seen.size() == findings.size());
      for (size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == findings[i].explain);
    } else if (name == "ndjson") {
      std::vector<Doc> got;
      std::set<std::string> rule_records;
      for (const auto& l : lines_of(r.out)) {
        simdjson::dom::parser p;
        simdjson::dom::element rec;
        REQUIRE(p.parse(l).get(rec) == simdjson::SUCCESS);
        std::string type = str(rec["type"]);
        if (type == "rule") rule_records.insert(str(rec["rule"]["id"]));
        if (type == "finding" || type == "suppressed")
          got.push_back({str(rec["finding"]["rule"]), str(rec["finding"]["doc"]["explain"]),
                         str(rec["finding"]["doc"]["summary"])});
      }
      REQUIRE(got.size() == findings.size() + suppressed.size());
      for (size_t i = 0; i < findings.size(); ++i) CHECK(got[i].explain == findings[i].explain);
      // A rule record for each rule a finding names (what a merge reads).
      for (const auto& d : got) CHECK(rule_records.count(d.rule) == 1);
    } else if (name == "sarif") {
      simdjson::dom::parser p;
      simdjson::dom::element s;
      REQUIRE(p.parse(r.out).get(s) == simdjson::SUCCESS);
      simdjson::dom::element run0;
      REQUIRE(s["runs"].at(0).get(run0) == simdjson::SUCCESS);
      simdjson::dom::array rules, results_arr;
      REQUIRE(run0["tool"]["driver"]["rules"].get_array().get(rules) == simdjson::SUCCESS);
      REQUIRE(run0["results"].get_array().get(results_arr) == simdjson::SUCCESS);
      std::vector<simdjson::dom::element> by_index;
      for (simdjson::dom::element x : rules) by_index.push_back(x);
      size_t results = 0;
      for (simdjson::dom::element res : results_arr) {
        ++results;
        uint64_t index = 0;
        REQUIRE(res["ruleIndex"].get_uint64().get(index) == simdjson::SUCCESS);
        REQUIRE(index < by_index.size());
        simdjson::dom::element rule = by_index[index];
        std::string id = str(res["ruleId"]);
        CHECK(str(rule["id"]) == id);
        std::string help = str(rule["help"]["text"]);
        CHECK(!str(rule["help"]["markdown"]).empty());
        bool named = false;
        for (const auto& c : commands)
          named |= c.rfind("kubesift explain " + id, 0) == 0 &&
                   help.find("`" + c + "`") != std::string::npos;
        CHECK(named);
      }
      CHECK(results == findings.size() + suppressed.size());
    } else if (name == "junit") {
      // Each failure's body ends with its rule's command.
      size_t failures = 0;
      for (size_t at = r.out.find("<failure "); at != std::string::npos;
           at = r.out.find("<failure ", at + 1)) {
        ++failures;
        size_t end = r.out.find("</failure>", at);
        REQUIRE(end != std::string::npos);
        std::string body = r.out.substr(at, end - at);
        bool named = false;
        for (const auto& c : commands) named |= body.ends_with("\nsee: " + c);
        CHECK(named);
      }
      CHECK(failures == findings.size());
    } else if (name == "github") {
      std::vector<std::string> annotations;
      for (const auto& l : lines_of(r.out))
        if (l.rfind("::", 0) == 0 && l.find("title=kubesift%3A input error") == std::string::npos)
          annotations.push_back(l);
      REQUIRE(annotations.size() == findings.size());
      for (size_t i = 0; i < annotations.size(); ++i)
        CHECK(annotations[i].ends_with("%0ASee: " + findings[i].explain));
    } else if (name == "markdown") {
      std::vector<std::string> more;
      for (const auto& l : lines_of(r.out))
        if (l.rfind("**More:** `", 0) == 0) more.push_back(l);
      REQUIRE(more.size() == findings.size());
      for (size_t i = 0; i < more.size(); ++i)
        CHECK(more[i] == "**More:** `" + findings[i].explain + "`");
      // The rule's doc, collapsed, once per finding.
      CHECK(count(r.out, "<details><summary>About ") == findings.size());
    } else if (name == "html") {
      // Each finding (and suppressed one) folds its rule's doc, which names
      // the command, in rank order.
      std::vector<std::string> explains;
      const std::string key = "<details class=\"doc\" data-explain=\"";
      for (size_t at = r.out.find(key); at != std::string::npos; at = r.out.find(key, at + 1)) {
        size_t end = r.out.find('"', at + key.size());
        explains.push_back(r.out.substr(at + key.size(), end - at - key.size()));
      }
      REQUIRE(explains.size() == findings.size() + suppressed.size());
      for (size_t i = 0; i < findings.size(); ++i) CHECK(explains[i] == findings[i].explain);
      CHECK(count(r.out, "<article class=\"finding ") == findings.size() + suppressed.size());
    }
  }
  // Every command given works.
  for (const auto& c : commands) {
    std::vector<std::string> w = words(c);
    REQUIRE(w.size() >= 3);
    Run e = run(std::vector<std::string>(w.begin() + 1, w.end()));
    INFO(c << "\n" << e.err);
    CHECK(e.rc == 0);
    CHECK(e.out.rfind(w[2] + ": ", 0) == 0);
  }
}

const char* kUserRule = R"(rules:
  - id: currency-script-missing
    category: missing-file
    severity: critical
    confidence: 0.99
    title: The currency conversion script is missing
    message: "{pod} cannot run {script}"
    remediation: Ship {script} in the image.
    doc: {what: our script is missing, why: it crashes, evidence: logs, example: see below}
    match:
      log: 'no such file or directory: (?P<script>\S+currency_script\.sh)'
    examples:
      fire: ['no such file or directory: /x/currency_script.sh']
      dont_fire: ['currency_script.sh loaded']
)";

}  // namespace

TEST_CASE("rule docs: every finding of analyze carries its rule's doc, in every format") {
  check_every_format({"analyze", src("samples/demo-ng")});
}

TEST_CASE("rule docs: every finding of lint carries its rule's doc, in every format") {
  // A lint fixture with a suppressed finding beside it.
  fs::path d = scratch("docs-lint");
  std::ofstream(d / "quiet.yaml") << R"(apiVersion: v1
kind: Pod
metadata:
  name: quiet
  annotations:
    kubesift.io/ignore: "cpu-request-missing: sized by the VPA"
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
)";
  check_every_format({"lint", src("tests/data/manifests/helm-rendered.yaml"),
                      (d / "quiet.yaml").string(), "--fail-on", "none"});
  fs::remove_all(d);
}

TEST_CASE("rule docs: a user rule's command names its rules file, and works") {
  fs::path d = scratch("docs-user");
  std::ofstream(d / "mine.yaml") << kUserRule;
  check_every_format({"analyze", src("samples/demo-ng"), "--rules", d.string()});
  Result r =
      run_json({"analyze", src("samples/demo-ng"), "--rules", d.string(), "--format", "json"});
  REQUIRE(r.fired("currency-script-missing"));
  CHECK(r.out.find("\"doc\": {\"explain\": \"kubesift explain currency-script-missing --rules " +
                   (d / "mine.yaml").string() + "\", \"summary\": \"our script is missing\"}") !=
        std::string::npos);
  fs::remove_all(d);
}

TEST_CASE("rule docs: a merge of shards run with --rules needs no --rules of its own") {
  fs::path d = scratch("docs-merge"), parts = scratch("docs-merge-parts");
  std::ofstream(d / "mine.yaml") << kUserRule;
  const std::string rules = (d / "mine.yaml").string();
  for (auto fmt : {"json", "sarif", "markdown"}) {
    INFO(fmt);
    Run single = run({"analyze", src("samples/demo-ng"), "--rules", rules, "--format", fmt});
    std::vector<std::string> merge = {"merge"};
    for (int k = 1; k <= 2; ++k) {
      std::string part = (parts / ("p" + std::to_string(k) + ".ndjson")).string();
      Run s = run({"analyze", "--shard", std::to_string(k) + "/2", src("samples/demo-ng"),
                   "--rules", rules, "--format", "ndjson", "-o", part});
      REQUIRE(s.rc == 0);
      merge.push_back(part);
    }
    Run merged = run(with(merge, {"--format", fmt}));
    CHECK(merged.rc == single.rc);
    CHECK(merged.out == single.out);
    CHECK(merged.out.find("kubesift explain currency-script-missing --rules " + rules) !=
          std::string::npos);
  }
  fs::remove_all(d);
  fs::remove_all(parts);
}
