#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/src/near_names.h"

using namespace kubesift::engine;

namespace {

// The names rank_near_names keeps, in its order.
std::vector<std::string> near(std::string_view missing, std::vector<std::string_view> names,
                              size_t max = 2) {
  std::vector<std::string> out;
  for (size_t i : rank_near_names(missing, names, max)) out.emplace_back(names[i]);
  return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("osa distance counts a transposition as one edit") {
  CHECK(osa_distance("", "") == 0);
  CHECK(osa_distance("abc", "") == 3);
  CHECK(osa_distance("app-confg", "app-config") == 1);
  CHECK(osa_distance("secert", "secret") == 1);  // Levenshtein says 2
  CHECK(osa_distance("kitten", "sitting") == 3);
  CHECK(osa_distance("ca", "abc") == 3);  // OSA, not unrestricted Damerau (2)
}

TEST_CASE("names are cut into tokens at separators and camelCase") {
  CHECK(name_tokens("orders-db_credentials.v2") ==
        std::vector<std::string>{"orders", "db", "credentials", "v2"});
  CHECK(name_tokens("dbHostName") == std::vector<std::string>{"db", "host", "name"});
  CHECK(name_tokens("HTTPServer") == std::vector<std::string>{"http", "server"});
  CHECK(name_tokens("DB_HOST") == std::vector<std::string>{"db", "host"});
  CHECK(name_tokens("--") == std::vector<std::string>{});
}

TEST_CASE("the close names of the brief are suggested") {
  CHECK(near("orders-db", {"payments", "orders-db-credentials"}) == Names{"orders-db-credentials"});
  CHECK(near("app-confg", {"app-config", "kube-root-ca.crt"}) == Names{"app-config"});
  CHECK(near("DB_HOST", {"DB_PORT", "DB_HOSTNAME", "LOG_LEVEL"}) == Names{"DB_HOSTNAME"});
  // Case and separators only.
  CHECK(near("db-host", {"DB_HOST"}) == Names{"DB_HOST"});
  CHECK(near("dbHost", {"db_host"}) == Names{"db_host"});
  CHECK(near("App-Config", {"app-config"}) == Names{"app-config"});
  // A transposed pair, a dropped letter, a kustomize hash that changed.
  CHECK(near("secert-tls", {"secret-tls"}) == Names{"secret-tls"});
  CHECK(near("fast-sdd", {"fast-ssd", "standard"}) == Names{"fast-ssd"});
  CHECK(near("app-config-5t8dk9m2hb", {"app-config-7h2f9k8m4c", "web"}) ==
        Names{"app-config-7h2f9k8m4c"});
}

TEST_CASE("unrelated names are never suggested") {
  CHECK(near("orders-db", {"payments-db", "orders-cache", "redis", "db"}).empty());
  CHECK(near("db", {"db-credentials", "dc"}).empty());  // too short to guess
  CHECK(near("web", {"web-tls", "wep"}).empty());
  CHECK(near("DB_HOST", {"DB_PORT", "DB_USER", "HOST"}).empty());
  CHECK(near("registry-credentials", {"grafana-admin", "tls-cert"}).empty());
  // Siblings by number are not typos: a replica's claim, a numbered shard.
  CHECK(near("data-web-3", {"data-web-0", "data-web-1"}).empty());
  // The name itself exists: nothing to suggest, and it is never suggested.
  CHECK(near("app-config", {"app-config"}).empty());
  CHECK(near("", {"a"}).empty());
}

TEST_CASE("suggestions are ranked, at most two, ties broken the same way every time") {
  // The same but for case beats one edit, which beats a longer name.
  CHECK(near("app-config", {"app-configs", "APP_CONFIG", "app-config-v2-extra"}) ==
        Names{"APP_CONFIG", "app-configs"});
  // A tie on cost and distance goes to the name's bytes, whatever the order.
  CHECK(near("cache-b", {"cache-c", "cache-a"}) == Names{"cache-a", "cache-c"});
  CHECK(near("cache-b", {"cache-a", "cache-c"}) == Names{"cache-a", "cache-c"});
  CHECK(near("cache-b", {"cache-a", "cache-c"}, 1) == Names{"cache-a"});
  // Duplicates are one candidate; the first one's index is given.
  std::vector<std::string_view> dup = {"app-config", "app-config"};
  CHECK(rank_near_names("app-confg", dup) == std::vector<size_t>{0});
  // A second suggestion far worse than the first is not given.
  CHECK(near("orders-db", {"orders-db-credentials", "Orders_DB"}) == Names{"Orders_DB"});
}

TEST_CASE("closeness says why and how close") {
  NameCloseness a = name_closeness("app-confg", "app-config");
  CHECK(a.close);
  CHECK(a.distance == 1);
  NameCloseness b = name_closeness("db_host", "DB-HOST");
  CHECK(b.close);
  CHECK(b.cost < a.cost);
  CHECK_FALSE(name_closeness("orders", "invoices").close);
}
