// The secret corpus (tests/data/secret-forms.txt) through analyze and lint,
// in every report format: no secret value in any output, and the lines are
// there (redacted), so the check is not vacuous.
#include "harness.h"
#include "kubesift/core/redact.h"

using namespace e2e;

namespace {

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
  for (const std::string fmt : {"text", "json", "ndjson", "sarif", "junit", "github"}) {
    for (const auto& cmd : {std::string("analyze"), std::string("lint")}) {
      std::string out = run_output({cmd, d.string(), "--format", fmt});
      if (fmt == "json" || fmt == "ndjson") CHECK(out.find("[REDACTED]") != std::string::npos);
      for (const auto& f : all) {
        INFO(cmd << " --format " << fmt << ": " << f.line);
        CHECK(out.find(f.secret) == std::string::npos);
      }
    }
  }
}
