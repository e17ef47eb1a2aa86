// `kubesift __complete`: the candidates kubectl's plugin completion reads
// (kubectl_complete-sift), from the command table.
#include <catch2/catch.hpp>
#include <sstream>

#include "kubesift/cli/cli.h"

using namespace kubesift;

namespace {

// The candidates and the directive of one completion.
std::pair<std::vector<std::string>, std::string> complete(std::vector<std::string> words) {
  words.insert(words.begin(), "__complete");
  std::ostringstream out, err;
  REQUIRE(cli::run(words, out, err, false) == cli::kOk);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  REQUIRE(!lines.empty());
  std::string directive = lines.back();
  lines.pop_back();
  return {lines, directive};
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("__complete: commands, then each command's options and values") {
  auto [cmds, d1] = complete({""});
  CHECK(has(cmds, "analyze"));
  CHECK(has(cmds, "lint"));
  CHECK(has(cmds, "explain"));
  CHECK(d1 == ":4");
  CHECK(complete({"an"}).first == std::vector<std::string>{"analyze"});

  auto [opts, d2] = complete({"analyze", "--"});
  CHECK(has(opts, "--format"));
  CHECK(has(opts, "--hygiene"));
  CHECK_FALSE(has(opts, "--all-checks"));  // lint's
  CHECK(d2 == ":4");
  CHECK(has(complete({"lint", "--all"}).first, "--all-checks"));

  auto [formats, d3] = complete({"analyze", "--format", ""});
  for (const char* f : {"text", "json", "sarif", "junit", "github", "ndjson", "markdown", "html"})
    CHECK(has(formats, f));
  CHECK(d3 == ":4");
  CHECK(complete({"analyze", "--format=m"}).first == std::vector<std::string>{"--format=markdown"});
  CHECK(complete({"lint", "--fail-on", "n"}).first == std::vector<std::string>{"none"});
  CHECK(complete({"analyze", "--hygiene", ""}).first == std::vector<std::string>{"on", "off"});
}

TEST_CASE("__complete: rule ids after explain and --include; files for paths") {
  auto [ids, d1] = complete({"explain", "crash-loop"});
  REQUIRE(!ids.empty());
  for (const auto& id : ids) CHECK(id.rfind("crash-loop", 0) == 0);
  CHECK(d1 == ":4");
  CHECK(has(complete({"lint", "--include", "privileged"}).first, "privileged-container"));
  // A path or a file: no candidates, the shell's own file completion.
  auto [paths, d2] = complete({"analyze", "sam"});
  CHECK(paths.empty());
  CHECK(d2 == ":0");
  CHECK(complete({"analyze", "--output", "re"}).second == ":0");
}
