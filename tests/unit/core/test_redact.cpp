// Redaction against the shapes secrets really take in logs, manifests and
// kubectl output: each form's secret must go, the name around it must stay.
// The same corpus runs through every report format in
// tests/e2e/test_redaction.cpp (tests/data/secret-forms.txt).
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kubesift/core/redact.h"

using kubesift::redact;

namespace {

struct Form {
  std::string line, secret, kept;
};

// tests/data/secret-forms.txt: `line<TAB>secret<TAB>kept` (kept may be
// empty), `#` comments.
std::vector<Form> forms() {
  std::ifstream f(std::string(KUBESIFT_SOURCE_DIR) + "/tests/data/secret-forms.txt");
  REQUIRE(f);
  std::vector<Form> out;
  for (std::string l; std::getline(f, l);) {
    if (l.empty() || l[0] == '#') continue;
    size_t a = l.find('\t'), b = l.find('\t', a + 1);
    REQUIRE(a != std::string::npos);
    Form fm{l.substr(0, a), l.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1),
            b == std::string::npos ? "" : l.substr(b + 1)};
    out.push_back(fm);
  }
  return out;
}

}  // namespace

TEST_CASE("every secret form of the corpus is redacted, its name kept") {
  auto all = forms();
  REQUIRE(all.size() >= 50);
  for (const auto& f : all) {
    std::string r = redact(f.line);
    INFO(f.line << "\n  → " << r);
    CHECK(r.find(f.secret) == std::string::npos);
    CHECK(r.find("[REDACTED]") != std::string::npos);
    if (!f.kept.empty()) CHECK(r.find(f.kept) != std::string::npos);
  }
}

TEST_CASE("names, references and prose stay readable") {
  const std::vector<std::string> same = {
      "PORT: 5050",
      "no such file or directory: /Users/my_user/bin/currency_script.sh",
      "failed to fetch anonymous token: unexpected status: 401 Unauthorized",
      "    secretName: db-credentials",
      "        secretKeyRef:",
      "          name: db-secret",
      "          key: password",
      "  DB_PASSWORD:  <set to the key 'password' in secret 'db-secret'>  Optional: false",
      "Error: secret \"db-secret\" not found",
      "kubectl get secret/db-secret -n shop",
      "automountServiceAccountToken: false",
      "expirationSeconds: 3600",
      "tokenExpirationSeconds: 3600",
      "author: jane",
      "authenticated: true",
      "exit signal=9 (killed)",
      "PWD=/home/app",
      "token expired, refreshing",
      "docker run -p 8080:80 nginx",
      "passed 12 checks",
      "password: ${DB_PASSWORD}",
      "Bearer token required",
      "FATAL: password authentication failed for user \"app\"",
  };
  for (const auto& s : same) {
    INFO(s);
    CHECK(redact(s) == s);
  }
}

TEST_CASE("redaction is idempotent and never grows a clean line") {
  for (const auto& f : forms()) {
    std::string once = redact(f.line);
    INFO(f.line);
    CHECK(redact(once) == once);
  }
}
