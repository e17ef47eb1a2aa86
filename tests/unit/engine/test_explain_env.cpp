// explain_env: a missing environment variable or file against the
// container's env, its envFrom sources' keys, its mounts and the keys of the
// ConfigMaps mounted. Whole cases from the rule fixtures (kubectl's rendering
// and the JSON behind it), parsed and correlated as kubesift does.
#include <catch2/catch.hpp>

#include "engine/src/explain_env.h"
#include "explain_fixture.h"
#include "kubesift/core/text.h"

using namespace kubesift;
using namespace kubesift::engine;
using explain_test::Case;
using explain_test::cites;
using explain_test::var;

TEST_CASE("near environment variable names") {
  CHECK(near_env_name("DB_HOST", "DB_HOSTNAME"));
  CHECK(near_env_name("DB_HOSTNAME", "DB_HOST"));
  CHECK(near_env_name("DB_HOST", "APP_DB_HOST"));
  CHECK(near_env_name("DB_HOST", "db_host"));
  CHECK(near_env_name("db.url", "DB_URL"));
  CHECK(near_env_name("DB_PASS", "DB_PASSWORD"));
  CHECK(near_env_name("DATABASE_HOST", "DATABSE_HOST"));
  CHECK(near_env_name("REDIS_ADDR", "REDISADDR"));
  CHECK_FALSE(near_env_name("DB_HOST", "DB_HOST"));
  CHECK_FALSE(near_env_name("DB_HOST", "DB_PORT"));
  CHECK_FALSE(near_env_name("DB_HOST", "DB_NAME"));
  CHECK_FALSE(near_env_name("API_TOKEN", "LOG_LEVEL"));
  CHECK_FALSE(near_env_name("HOST", "PORT"));
  CHECK_FALSE(near_env_name("DB", "DB_HOST"));
}

TEST_CASE("near file names") {
  CHECK(near_file_name("config.yaml", "config.yml"));
  CHECK(near_file_name("config.yaml", "config.json"));
  CHECK(near_file_name("config.yaml", "Config.yaml"));
  CHECK(near_file_name("application.properties", "application.yaml"));
  CHECK(near_file_name("settings.toml", "setings.toml"));
  CHECK_FALSE(near_file_name("config.yaml", "config.yaml"));
  CHECK_FALSE(near_file_name("config.yaml", "logging.yaml"));
  CHECK_FALSE(near_file_name("ca.crt", "tls.key"));
}

namespace {

Signal signal_of(const std::string& rule, Vars vars) {
  Signal s;
  s.rule = explain_test::catalog().find(rule);
  REQUIRE(s.rule);
  s.vars = std::move(vars);
  s.vars.emplace_back("log", "previous log");
  return s;
}

std::string message(const Signal& s) {
  Vars vars = s.vars;
  vars.emplace_back("container", "orders");
  vars.emplace_back("pod", "orders-6f9c8d7b5d-q7x2m");
  return text::fill(s.rule->message, vars, "(unknown)");
}

// The log line the rule's signature reads the variable from is in the case.
bool log_says(const Case& c, const std::string& needle) {
  for (const auto& lf : c.store.facts.logs) {
    const auto& d = c.store.doc(lf.doc);
    for (uint32_t l = 1; l <= d.line_count(); ++l)
      if (d.line(l).find(needle) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a KeyError on DB_HOST names the near key of the envFrom ConfigMap") {
  for (std::string variant : {"rendered", "scenario"}) {
    INFO(variant);
    Case c("tests/rules/env-var-not-set/fire-keyerror-near-key", variant, "orders");
    REQUIRE(c.cc.container);
    REQUIRE(log_says(c, "KeyError: 'DB_HOST'"));
    Signal s = signal_of("env-var-not-set", {{"var", "DB_HOST"}});
    explain_env(c.store, c.cc, s);
    std::string detail = var(s, "env_detail");
    INFO(detail);
    CHECK(detail.find("DB_HOST is not set: ConfigMap app-env (envFrom) has keys DB_HOSTNAME, ") ==
          0);
    CHECK(detail.find("DB_PORT") != std::string::npos);
    CHECK(detail.find("DB_NAME") != std::string::npos);
    CHECK(var(s, "env_fix") ==
          "The nearest name the container has is DB_HOSTNAME (ConfigMap app-env): rename it to "
          "DB_HOST, or make the app read DB_HOSTNAME.");
    // The envFrom declaration and the ConfigMap are cited.
    CHECK(cites(c, s, "config", "app-env"));
    CHECK(message(s).find(detail) != std::string::npos);
    // Values are never quoted: only names.
    CHECK(detail.find("orders-db.shop.svc") == std::string::npos);
  }
}

TEST_CASE("a Spring placeholder is compared in its environment form") {
  Case c("tests/rules/env-var-not-set/fire-keyerror-near-key", "scenario", "orders");
  Signal s = signal_of("env-var-not-set", {{"var", "db.host"}});
  explain_env(c.store, c.cc, s);
  CHECK(var(s, "env_detail").find("db.host (DB_HOST in the environment) is not set: ") == 0);
  // db.hostname binds to DB_HOSTNAME, which the ConfigMap sets: nothing to say.
  Signal set = signal_of("env-var-not-set", {{"var", "db.hostname"}});
  explain_env(c.store, c.cc, set);
  CHECK(var(set, "env_detail").empty());
}

TEST_CASE("a missing variable with nothing near it adds nothing") {
  for (std::string variant : {"rendered", "scenario"}) {
    Case c("tests/rules/env-var-not-set/fire-keyerror-nothing-near", variant, "orders");
    REQUIRE(log_says(c, "KeyError: 'API_TOKEN'"));
    Signal s = signal_of("env-var-not-set", {{"var", "API_TOKEN"}});
    size_t evidence = s.evidence.size();
    explain_env(c.store, c.cc, s);
    CHECK(var(s, "env_detail").empty());
    CHECK(s.evidence.size() == evidence);
    CHECK(message(s).find("[[") == std::string::npos);
    CHECK(message(s).back() == '.');
  }
}

TEST_CASE("a missing file under a mounted ConfigMap names the key it has") {
  for (std::string variant : {"rendered", "scenario"}) {
    INFO(variant);
    Case c("tests/rules/file-not-found/fire-mounted-key-differs", variant, "orders");
    REQUIRE(log_says(c, "open /etc/app/config.yaml: no such file or directory"));
    Signal s = signal_of("file-not-found", {{"path", "/etc/app/config.yaml"}});
    explain_env(c.store, c.cc, s);
    std::string detail = var(s, "env_detail");
    INFO(detail);
    CHECK(detail ==
          "/etc/app/config.yaml is not there: ConfigMap app-config, mounted at /etc/app, has key "
          "config.yml.");
    CHECK(var(s, "env_fix") ==
          "Name the key config.yaml (it is config.yml), or point the app at /etc/app/config.yml.");
    // The mount (describe's "/etc/app from config (ro)"; the JSON's item
    // starts on its own line), the volume and the ConfigMap are cited.
    const model::VolumeMount& mount = c.cc.container->spec->mounts.front();
    REQUIRE(mount.mount_path == "/etc/app");
    bool mount_cited = false;
    for (const auto& e : s.evidence)
      mount_cited |= e.role == "config" && e.at.doc == mount.at.doc && e.at.line == mount.at.line;
    CHECK(mount_cited);
    if (variant == "rendered") CHECK(cites(c, s, "config", "/etc/app from config (ro)"));
    CHECK(cites(c, s, "config", "app-config"));
  }
}

TEST_CASE("a missing file with nothing mounted near it adds nothing") {
  for (std::string variant : {"rendered", "scenario"}) {
    Case c("tests/rules/file-not-found/fire-go-config", variant, "orders");
    Signal s = signal_of("file-not-found", {{"path", "/etc/app/config.yaml"}});
    explain_env(c.store, c.cc, s);
    CHECK(var(s, "env_detail").empty());
    CHECK(s.evidence.empty());
  }
}

TEST_CASE("signals of other kinds are left alone") {
  Case c("tests/rules/file-not-found/fire-mounted-key-differs", "scenario", "orders");
  // permission-denied has a {path} too, but is not about a missing file.
  Signal s = signal_of("permission-denied", {{"path", "/etc/app/config.yaml"}});
  explain_env(c.store, c.cc, s);
  CHECK(var(s, "env_detail").empty());
}
