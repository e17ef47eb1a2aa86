// The secret corpus (tests/data/secret-forms.txt) through analyze and lint,
// in every report format: no secret value in any output, and the lines are
// there (redacted), so the check is not vacuous.
#include "harness.h"
#include "kubesift/core/redact.h"

using namespace e2e;

namespace {

// The text of a report as a reader sees it: HTML's entities and Markdown's
// backslash escapes undone, so a secret written escaped is still found.
std::string as_written(const std::string& out, const std::string& fmt) {
  std::string s = out;
  if (fmt == "html") {
    std::string r;
    for (size_t i = 0; i < s.size(); ++i) {
      bool done = false;
      for (auto [ent, ch] : {std::pair{"&amp;", '&'},
                             {"&lt;", '<'},
                             {"&gt;", '>'},
                             {"&quot;", '"'},
                             {"&#39;", '\''},
                             {"&#58;", ':'}}) {
        std::string_view e(ent);
        if (s.compare(i, e.size(), e) == 0) {
          r += ch;
          i += e.size() - 1;
          done = true;
          break;
        }
      }
      if (!done) r += s[i];
    }
    s = r;
  } else if (fmt == "markdown") {
    std::string r;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1])))
        ++i;
      r += s[i];
    }
    s = r;
  }
  return s;
}

struct Form {
  std::string line, secret;
};

std::vector<Form> forms() {
  std::ifstream f(src("tests/data/secret-forms.txt"));
  REQUIRE(f);
  std::vector<Form> out;
  for (std::string l; std::getline(f, l);) {
    if (l.empty() || l[0] == '#') continue;
    size_t a = l.find('\t'), b = l.find('\t', a + 1);
    out.push_back({l.substr(0, a), l.substr(a + 1, b == std::string::npos ? b : b - a - 1)});
  }
  return out;
}

// A word of letters only, different for each i (templates mask digits).
std::string word(size_t i) {
  std::string w = "step";
  do {
    w += static_cast<char>('a' + i % 26);
    i /= 26;
  } while (i);
  return w;
}

}  // namespace

TEST_CASE("no secret of the corpus reaches any report format") {
  auto all = forms();
  REQUIRE(all.size() >= 50);
  fs::path d = scratch("redaction");
  {
    // Each form on an error line of its own template (unknown errors keep a
    // sample of each), and the first and last on lines a signature matches.
    std::ofstream f(d / "app.log", std::ios::binary);
    for (size_t i = 0; i < all.size(); ++i)
      f << "2024-05-01T10:00:00Z level=error " << word(i) << " broke: " << all[i].line << "\n";
    f << "2024-05-01T10:00:01Z dial tcp 10.0.0.1:5432: connect: connection refused "
      << all.front().line << "\n";
    f << "2024-05-01T10:00:02Z dial tcp 10.0.0.1:5432: connect: connection refused "
      << all.back().line << "\n";
  }
  {
    // A manifest whose env values hold them.
    std::ofstream m(d / "deploy.yaml");
    m << "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
         "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n"
         "      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n"
         "        image: nginx:latest\n        env:\n";
    for (size_t i = 0; i < 12; ++i)
      m << "        - name: SECRET_" << i << "\n          value: '" << all[i].secret << "'\n";
  }
  // The lines are there: every form's step word has its sample (NDJSON
  // carries every group of unknown errors; the other formats the largest).
  std::string ndjson = run_output({"analyze", d.string(), "--format", "ndjson"});
  for (size_t i = 0; i < all.size(); ++i) {
    INFO(all[i].line);
    if (kubesift::redact(all[i].line) == kubesift::kRedacted)
      continue;  // a key: the whole line goes
    CHECK(ndjson.find(word(i) + " broke") != std::string::npos);
  }
  for (const std::string fmt :
       {"text", "json", "ndjson", "sarif", "junit", "github", "markdown", "html"}) {
    for (const auto& cmd : {std::string("analyze"), std::string("lint")}) {
      std::string out = as_written(run_output({cmd, d.string(), "--format", fmt}), fmt);
      if (fmt == "json" || fmt == "ndjson") CHECK(out.find("[REDACTED]") != std::string::npos);
      for (const auto& f : all) {
        INFO(cmd << " --format " << fmt << ": " << f.line);
        CHECK(out.find(f.secret) == std::string::npos);
      }
    }
  }
}

namespace {

// tests/data/redaction/seeds.txt: every secret value seeded into the
// redaction fixture (make-scenario.py writes both).
std::vector<std::string> seeds() {
  std::ifstream f(src("tests/data/redaction/seeds.txt"));
  REQUIRE(f);
  std::vector<std::string> out;
  for (std::string l; std::getline(f, l);)
    if (!l.empty() && l[0] != '#') out.push_back(l);
  return out;
}

// kubectl's notation for a reference to a Secret, a key, a ServiceAccount
// or a pull secret: a line that holds one is cited as written.
bool reference_line(const std::string& l) {
  for (const char* r :
       {"<set to the key", "secretKeyRef", "SecretName:", "secretName:", "imagePullSecrets",
        "Image pull secrets:", "Mountable secrets:", "Tokens:", "from kube-api-access-",
        "in Secret ", "pull secrets ("})
    if (l.find(r) != std::string::npos) return true;
  return false;
}

struct Input {
  std::string name;
  std::vector<std::string> paths;
  std::string command = "analyze";
};

std::vector<Input> redaction_inputs() {
  fs::path d = src("tests/data/redaction");
  auto rendered = [&](auto keep) { return files(d / "rendered", keep); };
  std::vector<std::string> yaml = rendered([](const fs::path& p) {
    return p.extension() == ".yaml" || p.filename() == "get-events.txt";
  });
  std::vector<std::string> json = rendered([](const fs::path& p) {
    return p.extension() == ".json" || p.filename() == "get-events.txt";
  });
  return {
      {"describe text, tables and logs (rendered/)", {(d / "rendered").string()}},
      {"the scenario's JSON and logs (scenario/)", {(d / "scenario").string()}},
      {"-o yaml of the pods, Secrets, ServiceAccounts with get events", yaml},
      {"-o json of the pods and Secrets with get events", json},
      {"the manifests (manifest.yaml)", {(d / "manifest.yaml").string()}},
      {"the manifests, linted", {(d / "manifest.yaml").string()}, "lint"},
  };
}

}  // namespace

TEST_CASE("the redaction fixture: no seeded secret in any report and references cited as written") {
  auto secrets = seeds();
  REQUIRE(secrets.size() >= 15);
  size_t references_cited = 0;
  for (const auto& in : redaction_inputs()) {
    INFO(in.name);
    REQUIRE(!in.paths.empty());
    // (a) No seeded value in any format.
    for (const std::string fmt :
         {"text", "json", "ndjson", "sarif", "junit", "github", "markdown", "html"}) {
      std::vector<std::string> args = {in.command, "--format", fmt};
      args.insert(args.end(), in.paths.begin(), in.paths.end());
      std::string out = as_written(run_output(args), fmt);
      CHECK(out.size() > 200);
      for (const auto& s : secrets) {
        INFO(in.command << " --format " << fmt << ": " << s);
        CHECK(out.find(s) == std::string::npos);
      }
    }
    // (b) Evidence is the file's line: verbatim unless a value was hidden
    // or the line cut, and always verbatim for a reference line.
    Result r = in.command == "lint" ? lint(in.paths) : analyze(in.paths);
    REQUIRE(!r.findings.empty());
    for (const auto& f : r.findings)
      for (const auto& e : f.evidence) {
        if (e.line == 0) continue;
        std::string line = read_line(e.path, e.line);
        INFO(f.rule << ": " << e.path << ":" << e.line << ": " << e.text);
        bool clipped = e.text.size() > 3 && e.text.ends_with("…");
        if (reference_line(line) && !clipped) {
          CHECK(e.text == line);
          ++references_cited;
        } else if (e.text.find("[REDACTED]") == std::string::npos && !clipped) {
          CHECK(e.text == line);
        }
      }
    // (c) The pull secret that does not exist is named.
    const char* rule = in.name.starts_with("the manifests") ? "image-pull-secret-missing"
                                                            : "image-pull-unauthorized";
    INFO(r.summary());
    size_t named = 0;
    for (const auto& f : r.findings)
      if (f.rule == rule) {
        named += f.message.find("orders-registry") != std::string::npos;
        CHECK(f.message.find("[REDACTED]") == std::string::npos);
      }
    CHECK(named == 1);
  }
  // The describe and JSON runs cite the env references of the container
  // whose Secret lacks a key, and the worker's pull secret lines.
  CHECK(references_cited >= 4);
}
