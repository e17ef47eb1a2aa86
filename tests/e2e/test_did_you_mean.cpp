// "Did you mean": a finding about an object (or key) that does not exist
// names the close one the input holds and cites the line that defines it,
// at runtime (analyze: rendered kubectl output and scenario JSON) and in
// lint (manifests). Unrelated names are never suggested.
#include "harness.h"

using namespace e2e;

namespace {

// The evidence of `f` on the line that defines `name`: role "config", the
// file named `file`, the line holding the name. Checks the line as it is on
// disk, not only as the report quotes it.
const Finding::Ev* defining_line(const Finding& f, const std::string& file,
                                 const std::string& name) {
  for (const auto& e : f.evidence) {
    if (e.role != "config" || fs::path(e.path).filename() != file) continue;
    std::string line = read_line(e.path, e.line);
    if (line.find(name) == std::string::npos) continue;
    if (e.text.find(name) == std::string::npos) continue;
    return &e;
  }
  return nullptr;
}

struct Case {
  std::string dir;   // under tests/rules
  std::string rule;  // the rule that fires
  std::string says;  // in its message
  std::string file;  // the near object's defining file
  std::string name;  // the near name, on that line
};

void check_runtime(const Case& c) {
  Result r = analyze({src("tests/rules/" + c.dir)});
  INFO(c.dir << "\n" << r.summary() << r.err);
  const Finding* f = r.first(c.rule);
  REQUIRE(f != nullptr);
  INFO(f->message);
  CHECK(f->message.find(c.says) != std::string::npos);
  const Finding::Ev* e = defining_line(*f, c.file, c.name);
  CHECK(e != nullptr);
}

}  // namespace

TEST_CASE("runtime findings name the close object and cite its defining line (kubectl text)") {
  for (const Case& c : std::vector<Case>{
           {"secret-missing/fire-did-you-mean-secret/rendered", "secret-missing",
            "cannot start: Secret orders-db does not exist; Secret orders-db-credentials exists.",
            "get-secrets.txt", "orders-db-credentials"},
           {"configmap-missing/fire-did-you-mean-configmap/rendered", "configmap-missing",
            "ConfigMap app-confg does not exist; ConfigMap app-config exists.",
            "describe-configmap-app-config.txt", "app-config"},
           {"configmap-key-missing/fire-key-absent/rendered", "configmap-key-missing",
            "ConfigMap shop/app-config has no key DB_HOST; key DB_HOSTNAME exists.",
            "describe-configmap-app-config.txt", "DB_HOSTNAME"},
           {"configmap-key-missing/fire-did-you-mean-key/rendered", "configmap-key-missing",
            "has no key DB_HOST; key db-host exists.", "describe-configmap-app-config.txt",
            "db-host"},
           {"volume-mount-failed/fire-did-you-mean-secret/rendered", "volume-mount-failed",
            "secret \"web-tls\" not found); Secret web-tls-cert exists", "get-secrets.txt",
            "web-tls-cert"},
           {"unschedulable/fire-did-you-mean-pvc/rendered", "unschedulable",
            "persistentvolumeclaim \"upload\" not found.", "get-pvc.txt", "uploads"},
           {"image-pull-unauthorized/fire-did-you-mean-pull-secret/rendered",
            "image-pull-unauthorized",
            "; Secret payments-regcerd is not in the input, but Secret payments-regcred exists (",
            "get-secrets.txt", "payments-regcred"},
       })
    check_runtime(c);
  // The claim's sentence in full: the scheduler's message, then the near name.
  Result r = analyze({src("tests/rules/unschedulable/fire-did-you-mean-pvc/rendered")});
  const Finding* f = r.first("unschedulable");
  REQUIRE(f != nullptr);
  CHECK(f->message.find("(PersistentVolumeClaim uploads exists.)") != std::string::npos);
}

TEST_CASE("runtime findings name the close object and cite its defining line (JSON)") {
  for (const Case& c : std::vector<Case>{
           {"secret-missing/fire-did-you-mean-secret/scenario", "secret-missing",
            "Secret orders-db does not exist; Secret orders-db-credentials exists.", "secrets.json",
            "\"name\": \"orders-db-credentials\""},
           {"secret-key-missing/fire-did-you-mean-key/scenario", "secret-key-missing",
            "Secret shop/db-credentials has no key db-password; key DB_PASSWORD exists.",
            "secrets.json", "\"name\": \"db-credentials\""},
           {"pvc-pending/fire-did-you-mean-storageclass/scenario", "pvc-pending",
            "is Pending (storage class fast-sdd; StorageClass fast-ssd exists): storageclass",
            "storageclasses.json", "\"name\": \"fast-ssd\""},
           {"replica-create-failed/fire-did-you-mean-serviceaccount/scenario",
            "replica-create-failed",
            "serviceaccount \"api-runnr\" not found; ServiceAccount api-runner exists",
            "serviceaccounts.json", "\"name\": \"api-runner\""},
           {"unschedulable/fire-did-you-mean-pvc/scenario", "unschedulable",
            "(PersistentVolumeClaim uploads exists.)", "persistentvolumeclaims.json",
            "\"name\": \"uploads\""},
       })
    check_runtime(c);
}

TEST_CASE("a Secret key's suggestion never quotes the Secret's values") {
  Result r = analyze({src("tests/rules/secret-key-missing/fire-did-you-mean-key/scenario")});
  const Finding* f = r.first("secret-key-missing");
  REQUIRE(f != nullptr);
  for (const auto& e : f->evidence) CHECK(e.text.find("ZmFrZS12YWx1ZS") == std::string::npos);
  CHECK(r.out.find("ZmFrZS12YWx1ZS") == std::string::npos);
}

TEST_CASE("no suggestion when no name is close") {
  for (std::string variant : {"rendered", "scenario"}) {
    Result r = analyze({src("tests/rules/secret-missing/fire-no-near-name/" + variant)});
    INFO(variant << "\n" << r.summary());
    const Finding* f = r.first("secret-missing");
    REQUIRE(f != nullptr);
    CHECK(f->message ==
          "Container invoices of pod invoices-6d9b8f7c5c-c6lqh cannot start: Secret orders-db "
          "does not exist.");
    for (const auto& e : f->evidence) {
      CHECK(e.text.find("payments-api-token") == std::string::npos);
      CHECK(e.text.find("grafana-admin") == std::string::npos);
    }
  }
}

TEST_CASE("lint findings name the close object with its file:line") {
  struct LintCase {
    std::string rule, says, name;
  };
  for (const LintCase& c : std::vector<LintCase>{
           {"env-source-missing", "Did you mean orders-db-credentials (", "orders-db-credentials"},
           {"env-from-source-missing", "Did you mean app-config (", "app-config"},
           {"env-source-key-missing", "Did you mean DB_HOSTNAME (", "DB_HOSTNAME"},
           {"volume-key-missing", "Did you mean tls.crt (", "tls.crt"},
           {"storage-class-missing", "Did you mean fast-ssd (", "fast-ssd"},
           {"service-account-missing", "Did you mean api-runner (", "api-runner"},
           {"volume-claim-missing", "Did you mean uploads (", "uploads"},
           {"image-pull-secret-missing", "Did you mean payments-regcred (", "payments-regcred"},
           {"ingress-backend-missing", "Did you mean web-frontend-svc (", "web-frontend-svc"},
           {"ingress-tls-secret-missing", "Did you mean web-tls-cert (", "web-tls-cert"},
       }) {
    std::string path = src("tests/rules/" + c.rule + "/fire-manifest-did-you-mean/manifest.yaml");
    Result r = lint({path}, {"--all-checks"});
    INFO(c.rule << "\n" << r.summary() << r.err);
    const Finding* f = r.first(c.rule);
    REQUIRE(f != nullptr);
    INFO(f->message);
    size_t at = f->message.find(c.says);
    REQUIRE(at != std::string::npos);
    // "(…/manifest.yaml:N)": N is the line that declares the near name.
    size_t open = at + c.says.size(), close = f->message.find(')', open);
    REQUIRE(close != std::string::npos);
    std::string where = f->message.substr(open, close - open);
    size_t colon = where.rfind(':');
    REQUIRE(colon != std::string::npos);
    CHECK(where.substr(0, colon).ends_with("manifest.yaml"));
    uint64_t line = std::stoull(where.substr(colon + 1));
    CHECK(read_line(path, line).find(c.name) != std::string::npos);
    // …and the finding cites it.
    bool cited = false;
    for (const auto& e : f->evidence) cited |= e.line == line;
    CHECK(cited);
    // One suggestion: the unrelated names of the input are not offered.
    CHECK(f->message.find(" or ") == std::string::npos);
  }
}

TEST_CASE("lint: an unrelated name is not suggested") {
  Result r = lint({src("tests/rules/env-source-missing/fire-manifest-did-you-mean/manifest.yaml")},
                  {"--all-checks"});
  const Finding* f = r.first("env-source-missing");
  REQUIRE(f != nullptr);
  CHECK(f->message.find("grafana-admin") == std::string::npos);
}
