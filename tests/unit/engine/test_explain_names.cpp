// suggest_near_names on Stores built from the rule fixtures' rendered
// kubectl output and scenario JSON, as kubesift parses them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/src/explain_names.h"
#include "engine/src/near_names.h"
#include "kubesift/engine/catalog.h"
#include "kubesift/parse/parse.h"

using namespace kubesift;
using namespace kubesift::engine;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The files of `dir` (a fixture's rendered/ or scenario/cluster/) parsed
// into one store, as `kubesift analyze DIR` reads them.
struct Inputs {
  model::Store store;
  explicit Inputs(const std::string& rel) {
    fs::path dir = fs::path(KUBESIFT_SOURCE_DIR) / rel;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename() != "commands.txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      model::DocId id = store.add_document(f.filename().string(), slurp(f));
      model::Facts facts;
      parse::parse_document(store.doc(id), facts);
      store.facts.append(std::move(facts));
    }
  }
  // "get-secrets.txt:2" for a reference into the store.
  std::string where(model::SourceRef at) const {
    return store.doc(at.doc).path + ":" + std::to_string(at.line);
  }
  std::string line(model::SourceRef at) const {
    return std::string(store.doc(at.doc).line(at.line));
  }
};

const Catalog& catalog() {
  static const Catalog c = [] {
    std::vector<CatalogError> errors;
    return Catalog::builtin(errors);
  }();
  return c;
}

Signal signal(std::string_view rule, Vars vars) {
  Signal s;
  s.rule = catalog().find(rule);
  REQUIRE(s.rule != nullptr);
  s.vars = std::move(vars);
  s.evidence.push_back({{0, 1, 0}, "cause"});
  s.evidence.push_back({{0, 2, 0}, "symptom"});
  return s;
}

std::string var(const Signal& s, std::string_view name) {
  for (const auto& [k, v] : s.vars)
    if (k == name) return v;
  return {};
}

}  // namespace

TEST_CASE("a missing Secret: the near one from get secrets, cited after the cause") {
  Inputs in("tests/rules/secret-missing/fire-did-you-mean-secret/rendered");
  Signal s = signal("secret-missing", {{"secret", "orders-db"},
                                       {"message", "Error: secret \"orders-db\" not found"}});
  suggest_near_names(in.store, "billing", s);
  CHECK(var(s, "did_you_mean") == "Secret orders-db-credentials exists");
  REQUIRE(s.evidence.size() == 3);
  CHECK(s.evidence[1].role == "config");
  CHECK(in.where(s.evidence[1].at) == "get-secrets.txt:2");
  CHECK(in.line(s.evidence[1].at).starts_with("orders-db-credentials "));
  // Once only.
  suggest_near_names(in.store, "billing", s);
  CHECK(s.evidence.size() == 3);
}

TEST_CASE("a missing Secret whose namespace holds no close name gets no suggestion") {
  Inputs in("tests/rules/secret-missing/fire-no-near-name/rendered");
  Signal s = signal("secret-missing", {{"secret", "orders-db"}});
  suggest_near_names(in.store, "billing", s);
  CHECK(var(s, "did_you_mean").empty());
  CHECK(s.evidence.size() == 2);
}

TEST_CASE("a missing ConfigMap key: the near key at its line of describe configmap") {
  Inputs in("tests/rules/configmap-key-missing/fire-key-absent/rendered");
  Signal s =
      signal("configmap-key-missing", {{"key", "DB_HOST"}, {"configmap", "shop/app-config"}});
  suggest_near_names(in.store, "shop", s);
  CHECK(var(s, "did_you_mean") == "key DB_HOSTNAME exists");
  REQUIRE(s.evidence.size() == 3);
  CHECK(in.where(s.evidence[1].at) ==
        "describe-configmap-app-config.txt:" + std::to_string(s.evidence[1].at.line));
  CHECK(in.line(s.evidence[1].at) == "DB_HOSTNAME:");
}

TEST_CASE("a missing Secret key is cited at the Secret's name, never at its value") {
  Inputs in("tests/rules/secret-key-missing/fire-did-you-mean-key/scenario/cluster");
  Signal s =
      signal("secret-key-missing", {{"key", "db-password"}, {"secret", "shop/db-credentials"}});
  suggest_near_names(in.store, "shop", s);
  CHECK(var(s, "did_you_mean") == "key DB_PASSWORD exists");
  REQUIRE(s.evidence.size() == 3);
  CHECK(in.where(s.evidence[1].at) == "secrets.json:" + std::to_string(s.evidence[1].at.line));
  CHECK(in.line(s.evidence[1].at).find("\"name\": \"db-credentials\"") != std::string::npos);
}

TEST_CASE(
    "names inside the message: a StorageClass, a ServiceAccount, a claim, a volume's Secret") {
  {
    Inputs in("tests/rules/pvc-pending/fire-did-you-mean-storageclass/scenario/cluster");
    Signal s =
        signal("pvc-pending",
               {{"claim", "uploads"}, {"namespace", "media"}, {"storage_class", "fast-sdd"}});
    suggest_near_names(in.store, "media", s);
    CHECK(var(s, "did_you_mean") == "StorageClass fast-ssd exists");
    CHECK(in.line(s.evidence[1].at).find("\"fast-ssd\"") != std::string::npos);
  }
  {
    Inputs in(
        "tests/rules/replica-create-failed/fire-did-you-mean-serviceaccount/scenario/cluster");
    Signal s = signal("replica-create-failed",
                      {{"message",
                        "Error creating: pods \"api-6b7f9c8d5d-\" is forbidden: error looking up "
                        "service account shop/api-runnr: serviceaccount \"api-runnr\" not found"}});
    suggest_near_names(in.store, "shop", s);
    CHECK(var(s, "did_you_mean") == "ServiceAccount api-runner exists");
    CHECK(in.where(s.evidence[1].at).starts_with("serviceaccounts.json:"));
  }
  {
    Inputs in("tests/rules/unschedulable/fire-did-you-mean-pvc/rendered");
    Signal s =
        signal("unschedulable", {{"message",
                                  "0/2 nodes are available: persistentvolumeclaim "
                                  "\"upload\" not found. preemption: 0/2 nodes are "
                                  "available: 2 Preemption is not helpful for scheduling."}});
    suggest_near_names(in.store, "media", s);
    CHECK(var(s, "did_you_mean") == "PersistentVolumeClaim uploads exists");
  }
  {
    Inputs in("tests/rules/volume-mount-failed/fire-did-you-mean-secret/rendered");
    Signal s =
        signal("volume-mount-failed",
               {{"message",
                 "MountVolume.SetUp failed for volume \"tls\" : secret \"web-tls\" not found"}});
    suggest_near_names(in.store, "web", s);
    CHECK(var(s, "did_you_mean") == "Secret web-tls-cert exists");
    CHECK(in.where(s.evidence[1].at) == "get-secrets.txt:2");
  }
}

TEST_CASE("a pull secret the input does not show, with a close one that it does") {
  Inputs in("tests/rules/image-pull-unauthorized/fire-did-you-mean-pull-secret/rendered");
  Signal s =
      signal("image-pull-unauthorized", {{"pull_secrets", "imagePullSecrets: payments-regcerd"}});
  suggest_near_names(in.store, "payments", s);
  CHECK(var(s, "did_you_mean") ==
        "Secret payments-regcerd is not in the input, but Secret payments-regcred exists");
}

TEST_CASE("what is not suggested") {
  Inputs in("tests/rules/secret-missing/fire-did-you-mean-secret/rendered");
  SECTION("another namespace's objects are not seen") {
    // The rendered table has no NAMESPACE column: its rows are seen from
    // every namespace. Objects read from JSON say theirs.
    Inputs json("tests/rules/secret-missing/fire-did-you-mean-secret/scenario/cluster");
    Signal s = signal("secret-missing", {{"secret", "orders-db"}});
    suggest_near_names(json.store, "shop", s);
    CHECK(var(s, "did_you_mean").empty());
    Signal t = signal("secret-missing", {{"secret", "billing/orders-db"}});
    suggest_near_names(json.store, "shop", t);
    CHECK(var(t, "did_you_mean") == "Secret orders-db-credentials exists");
  }
  SECTION("a rule whose message has no {did_you_mean} is left alone") {
    Signal s = signal("env-var-not-set", {{"secret", "orders-db"}});
    suggest_near_names(in.store, "billing", s);
    CHECK(var(s, "did_you_mean").empty());
  }
  SECTION("a name the input shows exists: nothing to suggest") {
    Signal s = signal("secret-missing", {{"secret", "orders-db-credentials"}});
    suggest_near_names(in.store, "billing", s);
    CHECK(var(s, "did_you_mean").empty());
    CHECK(object_shown(in.store, "Secret", "billing", "orders-db-credentials"));
  }
}

TEST_CASE("near_objects and near_keys over a store") {
  Inputs in("tests/rules/configmap-missing/fire-did-you-mean-configmap/rendered");
  auto near = near_objects(in.store, "ConfigMap", "shop", "app-confg");
  REQUIRE(near.size() == 1);
  CHECK(near[0].name == "app-config");
  // The describe output names it (a definition) before the table row.
  CHECK(in.where(near[0].at).starts_with("describe-configmap-app-config.txt:"));
  CHECK(near_objects(in.store, "ConfigMap", "shop", "app-config").empty());
  CHECK(near_objects(in.store, "Secret", "shop", "app-confg").empty());
  CHECK(near_keys(in.store, "ConfigMap", "shop", "nope", "DB_HOST").empty());
}
