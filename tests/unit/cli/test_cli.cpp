#include <catch2/catch.hpp>
#include <sstream>

#include "kubesift/cli/cli.h"

using kubesift::cli::run;

TEST_CASE("usage errors exit 2 with a message on stderr") {
  std::ostringstream out, err;
  CHECK(run({"analyze"}, out, err) == 2);
  CHECK(err.str().find("needs at least one PATH") != std::string::npos);
  std::ostringstream out2, err2;
  CHECK(run({"analyze", "x", "--format", "xml"}, out2, err2) == 2);
  CHECK(err2.str().find("--format") != std::string::npos);
  std::ostringstream out3, err3;
  CHECK(run({"analyze", "--bogus"}, out3, err3) == 2);
}

TEST_CASE("rules lists every rule - the patterns format lists log signatures") {
  std::ostringstream out, err;
  CHECK(run({"rules", "--format", "json"}, out, err) == 0);
  CHECK(out.str().find("\"id\": \"oom-killed\"") != std::string::npos);
  std::ostringstream pat, err2;
  CHECK(run({"rules", "--format", "patterns"}, pat, err2) == 0);
  CHECK(pat.str().find("no such file or directory") != std::string::npos);
  CHECK(pat.str().find("OOMKilled") == std::string::npos);  // a status matcher, not a log one
}

TEST_CASE("explain prints a rule's doc with fixed headings") {
  std::ostringstream out, err;
  CHECK(run({"explain", "file-not-found"}, out, err) == 0);
  for (const char* h :
       {"What it finds", "Why it matters", "Evidence used", "Example", "Remediation"})
    CHECK(out.str().find(h) != std::string::npos);
}
