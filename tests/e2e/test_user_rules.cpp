// --rules DIR: users add signatures without recompiling.
#include "harness.h"

using namespace e2e;

TEST_CASE("a user rule fires on the logs like a built-in one") {
  fs::path dir = scratch("ok");
  std::ofstream(dir / "mine.yaml") << R"(rules:
  - id: currency-script-missing
    category: missing-file
    severity: critical
    confidence: 0.99
    title: The currency conversion script is missing
    message: "{pod} cannot run {script}"
    remediation: Ship {script} in the image.
    doc: {what: our script, why: it crashes, evidence: logs, example: see below}
    match:
      log: 'no such file or directory: (?P<script>\S+currency_script\.sh)'
    examples:
      fire: ['no such file or directory: /x/currency_script.sh']
      dont_fire: ['currency_script.sh loaded']
)";
  Result r = analyze({src("samples/demo-ng")}, {"--rules", dir.string()});
  INFO(r.summary() << r.err);
  REQUIRE(!r.findings.empty());
  CHECK(r.findings.front().rule == "currency-script-missing");
  CHECK(r.findings.front().message ==
        "checkoutservice-7db49c4d49-7cv5d cannot run /Users/my_user/bin/currency_script.sh");
  fs::remove_all(dir);
}

TEST_CASE("a bad user rules file stops the run with its path and line") {
  fs::path dir = scratch("bad");
  std::ofstream(dir / "bad.yaml") << "rules:\n  - id: x\n    category: nope\n";
  Result r = analyze({src("samples/demo-ng")}, {"--rules", dir.string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.yaml:3:") != std::string::npos);
  CHECK(r.findings.empty());
  fs::remove_all(dir);
}
