// Redaction against the shapes secrets really take in logs, manifests and
// kubectl output: each form's secret must go, the name around it must stay.
// The same corpus runs through every report format in
// tests/e2e/test_redaction.cpp (tests/data/secret-forms.txt).
#include <catch2/catch.hpp>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "kubesift/core/redact.h"

using kubesift::LineContext;
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

TEST_CASE("kubectl's notation for references and sizes is not a value") {
  // Each as kubectl v1.32 prints it (tests/data/redaction/rendered/), and
  // the var the engine builds for image-pull findings.
  const std::vector<std::string> same = {
      "      DB_PASSWORD:     <set to the key 'password' in secret 'orders-db'>        Optional: "
      "false",
      "      API_TOKEN:       <set to the key 'api-token' in secret 'orders-api'>      Optional: "
      "true",
      "      SESSION_SECRET:  <set to the key 'session' of config map 'app-config'>  Optional: "
      "false",
      "      orders-api  Secret  Optional: false",
      "    Type:        Secret (a volume populated by a Secret)",
      "    SecretName:  orders-tls",
      "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-z724p (ro)",
      "Image pull secrets:  quay-pull",
      "Mountable secrets:   orders-sa-token",
      "Tokens:              orders-sa-token",
      "Tokens:              <none>",
      "password:  14 bytes",
      "token:      1052 bytes",
      "imagePullSecrets: orders-registry",
      "imagePullSecrets: orders-registry, quay-pull",
      "  imagePullSecret: regcred",
      "  \"imagePullSecrets\": [",
      "  imagePullSecrets: [{name: regcred}]",
      "  existingSecret: orders-db",
      "      secretProviderClass: vault-db",
      "            secretKeyRef:",
      "                \"secretKeyRef\": {",
      "Unable to retrieve some image pull secrets (orders-registry); attempting to pull the image "
      "may not succeed.",
      "Error: couldn't find key db-password in Secret orders/orders-db",
      "  tls.key: |",
      // base64 that holds nothing secret stays (a JWT header alone, plain JSON)
      "claims eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9 only",
      "  config.json: eyJsb2dMZXZlbCI6ImluZm8iLCJwb3J0Ijo4MDgwfQ==",
      // flow mappings: the keys inside are read on their own
      "            secret: {secretName: shop-tls, optional: true}",
      "                - serviceAccountToken: {path: token, expirationSeconds: 3607}",
      "              volumeAttributes: {secretProviderClass: shipper}",
      "                \"serviceAccountToken\": {",
      // an image pinned by digest is no user:password@host
      "        image: "
      "busybox:1.36@sha256:5c1e997385b8fb4ad4d1d3c7e5a6a8b3e0f3b7bd3c1f4e2d8a9b0c1d2e3f4a5b",
      // a Secret's JSON with a data key only (no value on the line)
      "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"orders-db\"}}",
  };
  for (const auto& s : same) {
    INFO(s);
    CHECK(redact(s) == s);
  }
}

namespace {

// `text`'s line `n` (1-based) redacted with every other line as context.
std::string redact_line(const std::string& text, size_t n) {
  std::vector<std::string_view> lines;
  std::string_view t(text);
  while (!t.empty()) {
    size_t e = t.find('\n');
    lines.push_back(t.substr(0, e));
    t = e == std::string_view::npos ? std::string_view() : t.substr(e + 1);
  }
  REQUIRE(n >= 1);
  REQUIRE(n <= lines.size());
  std::span<const std::string_view> all(lines);
  return redact(lines[n - 1], LineContext{all.first(n - 1), all.subspan(n)});
}

}  // namespace

TEST_CASE("an env value is hidden when the entry's name is a credential's") {
  const std::string yaml =
      "    env:\n"                        // 1
      "    - name: ADMIN_PASSWORD\n"      // 2
      "      value: Adm1n-Pa55-7781\n"    // 3
      "    - name: LOG_LEVEL\n"           // 4
      "      value: debug\n"              // 5
      "    - value: \"sess-4b7c1d9e\"\n"  // 6: the name after the value
      "      name: SESSION_TOKEN\n"       // 7
      "    - name: DB_PASSWORD\n"         // 8
      "      valueFrom:\n"                // 9
      "        secretKeyRef:\n"           // 10
      "          name: orders-db\n"       // 11
      "          key: password\n";        // 12
  CHECK(redact_line(yaml, 3) == "      value: [REDACTED]");
  CHECK(redact_line(yaml, 5) == "      value: debug");
  CHECK(redact_line(yaml, 6) == "    - value: \"[REDACTED]\"");
  for (size_t n : {1, 2, 4, 7, 8, 9, 10, 11, 12}) {
    INFO("line " << n);
    CHECK(redact_line(yaml, n).find("[REDACTED]") == std::string::npos);
  }
  const std::string json =
      "            \"env\": [\n"                               // 1
      "              {\n"                                      // 2
      "                \"name\": \"API_TOKEN\",\n"             // 3
      "                \"value\": \"tok_7Hc2kLp9QwZr4VbN\"\n"  // 4
      "              },\n"                                     // 5
      "              {\n"                                      // 6
      "                \"name\": \"PORT\",\n"                  // 7
      "                \"value\": \"8080\"\n"                  // 8
      "              }\n";                                     // 9
  CHECK(redact_line(json, 4) == "                \"value\": \"[REDACTED]\"");
  CHECK(redact_line(json, 8) == "                \"value\": \"8080\"");
  CHECK(redact_line(json, 3) == "                \"name\": \"API_TOKEN\",");
}

TEST_CASE("a Secret's data and stringData values are hidden, a ConfigMap's kept") {
  // kubectl -o yaml writes `kind` after `data`.
  const std::string list =
      "apiVersion: v1\n"                      // 1
      "items:\n"                              // 2
      "- apiVersion: v1\n"                    // 3
      "  data:\n"                             // 4
      "    settings: c2V0dGluZ3M9cHJvZA==\n"  // 5
      "    username: b3JkZXJz\n"              // 6
      "  kind: Secret\n"                      // 7
      "  metadata:\n"                         // 8
      "    name: orders-db\n"                 // 9
      "  type: Opaque\n"                      // 10
      "- apiVersion: v1\n"                    // 11
      "  data:\n"                             // 12
      "    LOG_LEVEL: info\n"                 // 13
      "  kind: ConfigMap\n"                   // 14
      "  metadata:\n"                         // 15
      "    name: app-config\n";               // 16
  CHECK(redact_line(list, 5) == "    settings: [REDACTED]");
  CHECK(redact_line(list, 6) == "    username: [REDACTED]");
  CHECK(redact_line(list, 13) == "    LOG_LEVEL: info");
  CHECK(redact_line(list, 9) == "    name: orders-db");
  const std::string manifest =
      "apiVersion: v1\n"                            // 1
      "kind: Secret\n"                              // 2
      "metadata:\n"                                 // 3
      "  name: orders-tls\n"                        // 4
      "stringData:\n"                               // 5
      "  app.conf: |\n"                             // 6
      "    [db]\n"                                  // 7
      "    host = db\n"                             // 8
      "  tls.key: |\n"                              // 9
      "    -----BEGIN RSA PRIVATE KEY-----\n"       // 10
      "    MIIEowIBAAKCAQEAv8qLr3dX2nVbTz9pQmWk\n"  // 11
      "    -----END RSA PRIVATE KEY-----\n"         // 12
      "---\n"                                       // 13
      "apiVersion: v1\n"                            // 14
      "kind: ConfigMap\n"                           // 15
      "metadata:\n"                                 // 16
      "  name: app\n"                               // 17
      "data:\n"                                     // 18
      "  app.conf: |\n"                             // 19
      "    host = db\n";                            // 20
  CHECK(redact_line(manifest, 7) == "    [REDACTED]");
  CHECK(redact_line(manifest, 8) == "    [REDACTED]");
  CHECK(redact_line(manifest, 11) == "    [REDACTED]");
  CHECK(redact_line(manifest, 6) == "  app.conf: |");
  CHECK(redact_line(manifest, 20) == "    host = db");
  const std::string json =
      "{\n"                                                              // 1
      "    \"apiVersion\": \"v1\",\n"                                    // 2
      "    \"data\": {\n"                                                // 3
      "        \"ca.crt\": \"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\",\n"  // 4
      "        \"namespace\": \"b3JkZXJz\"\n"                            // 5
      "    },\n"                                                         // 6
      "    \"kind\": \"Secret\"\n"                                       // 7
      "}\n";
  CHECK(redact_line(json, 4) == "        \"ca.crt\": \"[REDACTED]\",");
  CHECK(redact_line(json, 5) == "        \"namespace\": \"[REDACTED]\"");
  CHECK(redact_line(json, 7) == "    \"kind\": \"Secret\"");
}

TEST_CASE("the lines of a PEM private key in a log are hidden, its END line kept") {
  const std::string log =
      "2026-01-10T11:54:58.104Z DEBUG loaded tls key:\n"    // 1
      "-----BEGIN RSA PRIVATE KEY-----\n"                   // 2
      "MIIEowIBAAKCAQEAv8qLr3dX2nVbTz9pQmWk4sHfR6yJcE1o\n"  // 3
      "-----END RSA PRIVATE KEY-----\n"                     // 4
      "2026-01-10T11:54:58.105Z INFO listening on :8443\n"  // 5
      "-----BEGIN CERTIFICATE-----\n"                       // 6
      "MIIBszCCAVmgAwIBAgIUe1orders\n";                     // 7
  CHECK(redact_line(log, 2) == "[REDACTED]");
  CHECK(redact_line(log, 3) == "[REDACTED]");
  CHECK(redact_line(log, 4) == "-----END RSA PRIVATE KEY-----");
  CHECK(redact_line(log, 5) == "2026-01-10T11:54:58.105Z INFO listening on :8443");
  CHECK(redact_line(log, 7) == "MIIBszCCAVmgAwIBAgIUe1orders");
}

TEST_CASE("with context, kubectl's reference lines stay verbatim") {
  // The env of a describe, a pod's -o yaml: the lines a finding cites.
  const std::string describe =
      "    Environment:\n"
      "      DB_PASSWORD:     <set to the key 'password' in secret 'orders-db'>        Optional: "
      "false\n"
      "      ADMIN_PASSWORD:  Adm1n-Pa55-7781\n"
      "    Mounts:\n"
      "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-z724p (ro)\n";
  CHECK(redact_line(describe, 2) ==
        "      DB_PASSWORD:     <set to the key 'password' in secret 'orders-db'>        Optional: "
        "false");
  CHECK(redact_line(describe, 3) == "      ADMIN_PASSWORD:  [REDACTED]");
  CHECK(redact_line(describe, 5) ==
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-z724p (ro)");
  const std::string yaml =
      "    - name: REPORT_DB_PASSWORD\n"
      "      valueFrom:\n"
      "        secretKeyRef:\n"
      "          key: db-password\n"
      "          name: orders-db\n"
      "  imagePullSecrets:\n"
      "  - name: orders-registry\n";
  for (size_t n = 1; n <= 7; ++n) {
    INFO("line " << n);
    CHECK(redact_line(yaml, n).find("[REDACTED]") == std::string::npos);
  }
}
