// Every report format cites what the JSON cites, and every cited line is that
// line of that file: the text report's evidence lines, SARIF's locations and
// snippets, GitHub's annotations and JUnit's failures, on samples/ and on
// the shared corpus's plain-file bundles.
#include <cctype>
#include <regex>
#include <set>
#include <sstream>

#include "cited_line.h"
#include "harness.h"
#include "kubesift/core/redact.h"

using namespace e2e;

namespace {

std::string run_format(const std::vector<std::string>& paths, const std::string& format) {
  std::vector<std::string> args = {"analyze", "--format", format};
  args.insert(args.end(), paths.begin(), paths.end());
  std::ostringstream out, err;
  kubesift::cli::run(args, out, err, false);
  return out.str();
}

// The cited text as the file has it (redacted, as every report shows it);
// "…" marks a line cut short.
void check_cited(const std::string& path, uint64_t line, std::string text) {
  INFO(path << ":" << line);
  REQUIRE(line >= 1);
  std::string actual = kubesift::redact(read_cited_line(path, line));
  if (text.size() >= 3 && text.compare(text.size() - 3, 3, "…") == 0) {
    text.resize(text.size() - 3);
    actual = actual.substr(0, text.size());
  }
  // A value hidden with the lines around it in view is hidden here too.
  if (text.find("[REDACTED]") != std::string::npos && actual != text) return;
  CHECK(actual == text);
}

// SARIF URIs and GitHub's command properties escape bytes as %XX (an
// archive member's `archive.tar.gz:member` path has its colon as %3A).
std::string percent_decoded(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::vector<std::string>> inputs() {
  std::vector<std::vector<std::string>> out;
  for (const auto& entry : fs::directory_iterator(src("samples")))
    if ((entry.is_directory() && entry.path().filename() != "scenarios") ||
        (entry.is_regular_file() && entry.path().string().ends_with(".tar.gz")))
      out.push_back({entry.path().string()});
  for (const char* c : {"tests/data/postmortem/rollout-behind-claim/rendered",
                        "tests/data/postmortem/multi-attach/rendered",
                        "tests/data/postmortem/noisy-bundle/rendered"})
    out.push_back({src(c)});
  return out;
}

}  // namespace

TEST_CASE("every format cites lines that are those lines of those files") {
  for (const auto& paths : inputs()) {
    INFO(paths.front());
    Result json = analyze(paths);
    std::set<std::pair<std::string, uint64_t>> cited;
    for (const auto& f : json.findings)
      for (const auto& e : f.evidence) {
        check_cited(e.path, e.line, e.text);
        cited.insert({e.path, e.line});
      }
    REQUIRE(!cited.empty());

    // text: "     PATH:LINE: TEXT  (role)"
    std::istringstream text(run_format(paths, "text"));
    static const std::regex ev(
        R"(^     (\S+):(\d+): (.*)  \((cause|status|event|config|symptom|log)\)$)");
    size_t text_lines = 0;
    for (std::string l; std::getline(text, l);) {
      std::smatch m;
      if (!std::regex_match(l, m, ev)) continue;
      ++text_lines;
      uint64_t n = std::stoull(m[2].str());
      CHECK(cited.count({m[1].str(), n}) == 1);
      check_cited(m[1].str(), n, m[3].str());
    }
    CHECK(text_lines > 0);

    // SARIF: every location (and related location) with its snippet.
    std::string sarif = run_format(paths, "sarif");
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    REQUIRE(parser.parse(sarif).get(doc) == simdjson::SUCCESS);
    size_t locations = 0;
    simdjson::dom::array runs = doc["runs"].get_array().value();
    for (simdjson::dom::element run : runs) {
      simdjson::dom::array results = run["results"].get_array().value();
      for (simdjson::dom::element r : results)
        for (const char* key : {"locations", "relatedLocations"}) {
          simdjson::dom::array locs;
          if (r[key].get_array().get(locs) != simdjson::SUCCESS) continue;
          for (simdjson::dom::element loc : locs) {
            simdjson::dom::element pl = loc["physicalLocation"].value();
            simdjson::dom::element region = pl["region"].value();
            std::string uri = str(pl["artifactLocation"]["uri"]);
            // An absolute path is a file:// URI.
            if (uri.rfind("file://", 0) == 0) uri.erase(0, 7);
            uri = percent_decoded(uri);
            uint64_t line = region["startLine"].get_uint64().value();
            ++locations;
            CHECK(cited.count({uri, line}) == 1);
            std::string_view snippet;
            if (region["snippet"]["text"].get_string().get(snippet) == simdjson::SUCCESS)
              check_cited(uri, line, std::string(snippet));
          }
        }
    }
    CHECK(locations > 0);

    // GitHub annotations: file and line of each finding's first evidence.
    std::istringstream gh(run_format(paths, "github"));
    static const std::regex ann(R"(^::\w+ file=([^,]+),line=(\d+),)");
    size_t annotations = 0;
    for (std::string l; std::getline(gh, l);) {
      std::smatch m;
      if (!std::regex_search(l, m, ann)) continue;
      ++annotations;
      CHECK(cited.count({percent_decoded(m[1].str()), std::stoull(m[2].str())}) == 1);
    }
    CHECK(annotations == json.findings.size());

    // JUnit: each failure's message starts with its first citation.
    std::string junit = run_format(paths, "junit");
    static const std::regex failure(R"re(<failure message="([^"]+?):(\d+): )re");
    size_t failures = 0;
    for (std::sregex_iterator it(junit.begin(), junit.end(), failure), end; it != end; ++it) {
      ++failures;
      CHECK(cited.count({(*it)[1].str(), std::stoull((*it)[2].str())}) == 1);
    }
    CHECK(failures > 0);
  }
}
