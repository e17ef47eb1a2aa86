// explain_probe: a failing probe against the container's declared ports and
// what its log says it serves. Log lines of each framework in its own
// format; whole cases from the rule fixtures (kubectl's rendering and the
// JSON behind it), parsed and correlated as kubesift does.
#include <catch2/catch.hpp>

#include "engine/src/explain_probe.h"
#include "explain_fixture.h"
#include "kubesift/core/text.h"
#include "kubesift/engine/explained_lines.h"

using namespace kubesift;
using namespace kubesift::engine;
using explain_test::Case;
using explain_test::cites;
using explain_test::var;
using Kind = ServedLine::Kind;

TEST_CASE("route tables of gin, Spring MVC and NestJS are read as routes") {
  struct Row {
    const char* line;
    const char* method;
    const char* path;
  };
  for (const Row& r : {
           Row{"[GIN-debug] GET    /health                   --> main.healthHandler (3 handlers)",
               "GET", "/health"},
           Row{"[GIN-debug] POST   /api/v1/checkout          --> main.createCheckout (3 handlers)",
               "POST", "/api/v1/checkout"},
           Row{"2024-03-01T10:00:00.000000000Z stdout F [GIN-debug] GET    /readyz   --> "
               "main.main.func2 (3 handlers)",
               "GET", "/readyz"},
           Row{"2017-05-02 10:00:00.123  INFO 1 --- [           main] "
               "s.w.s.m.m.a.RequestMappingHandlerMapping : Mapped \"{[/health],methods=[GET]}\" "
               "onto public java.lang.String com.example.HealthController.health()",
               "GET", "/health"},
           Row{"[Nest] 1  - 03/01/2024, 10:00:00 AM     LOG [RouterExplorer] Mapped {/health, GET} "
               "route +2ms",
               "GET", "/health"},
       }) {
    INFO(r.line);
    ServedLine s = read_served_line(r.line);
    CHECK(s.kind == Kind::Route);
    CHECK(s.method == r.method);
    CHECK(s.path == r.path);
  }
}

TEST_CASE("access lines of each framework give the method, path and status") {
  struct Row {
    const char* line;
    const char* path;
    int status;
  };
  for (
      const Row& r : {
          // gin's default logger (no colours off a terminal)
          Row{"[GIN] 2024/03/01 - 10:00:00 | 404 |       1.102µs |        10.1.0.1 | GET      "
              "\"/healthz\"",
              "/healthz", 404},
          // werkzeug (Flask's development server)
          Row{"10.1.0.1 - - [01/Mar/2024 10:00:00] \"GET /healthz HTTP/1.1\" 404 -", "/healthz",
              404},
          // gunicorn's and nginx's access logs (common/combined format)
          Row{"10.1.0.1 - - [01/Mar/2024:10:00:00 +0000] \"GET /healthz HTTP/1.1\" 404 207 \"-\" "
              "\"kube-probe/1.32\"",
              "/healthz", 404},
          Row{"10.1.0.1 - - [01/Mar/2024:10:00:00 +0000] \"GET /healthz?full=1 HTTP/1.1\" 404 "
              "153 \"-\" \"kube-probe/1.32\" \"-\"",
              "/healthz", 404},
          // uvicorn (FastAPI)
          Row{"INFO:     10.1.0.1:51234 - \"GET /ready HTTP/1.1\" 404 Not Found", "/ready", 404},
          // morgan: combined, dev, tiny
          Row{"::ffff:10.1.0.1 - - [01/Mar/2024:10:00:00 +0000] \"GET /healthz HTTP/1.1\" 404 145 "
              "\"-\" \"kube-probe/1.32\"",
              "/healthz", 404},
          Row{"GET /healthz 404 1.234 ms - 145", "/healthz", 404},
          Row{"GET /health 200 145 - 1.234 ms", "/health", 200},
          // a docker json-file envelope: the quotes escaped
          Row{R"({"log":"10.1.0.1 - - [01/Mar/2024:10:00:00 +0000] \"GET /healthz HTTP/1.1\" 404 153 \"-\" \"kube-probe/1.32\"\n","stream":"stdout","time":"2024-03-01T10:00:00.1Z"})",
              "/healthz", 404},
          // structured request records: JSON and logfmt
          Row{R"({"level":"info","ts":"2026-01-10T11:57:59.012Z","msg":"request","method":"GET","path":"/healthz","status":500,"duration_ms":3})",
              "/healthz", 500},
          Row{"time=2024-03-01T10:00:00Z level=info msg=request method=GET path=/livez status=404",
              "/livez", 404},
      }) {
    INFO(r.line);
    ServedLine s = read_served_line(r.line);
    CHECK(s.kind == Kind::Access);
    CHECK(s.method == "GET");
    CHECK(s.path == r.path);
    CHECK(s.status == r.status);
  }
}

TEST_CASE("where servers say they listen") {
  struct Row {
    const char* line;
    const char* host;
    long long port;
  };
  for (
      const Row& r : {
          Row{"[GIN-debug] Listening and serving HTTP on :8080", "", 8080},
          Row{"[2024-03-01 10:00:00 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)",
              "0.0.0.0", 8000},
          Row{"INFO:     Uvicorn running on http://0.0.0.0:9090 (Press CTRL+C to quit)", "0.0.0.0",
              9090},
          Row{" * Running on http://127.0.0.1:5000", "127.0.0.1", 5000},
          Row{"info: Microsoft.Hosting.Lifetime[14]\n      Now listening on: http://[::]:8080",
              "::", 8080},
          Row{"2024/03/01 10:00:00 Listening on :9090", "", 9090},
          Row{"Started server on 0.0.0.0:9090", "0.0.0.0", 9090},
          Row{"Server listening on port 3000", "", 3000},
          Row{R"({"level":"info","ts":"2026-01-10T11:46:07.417Z","msg":"http server listening","addr":":8080"})",
              "", 8080},
          Row{"level=info msg=\"starting HTTP server\" addr=0.0.0.0:8081", "0.0.0.0", 8081},
          Row{R"({"level":"info","msg":"listening","port":8002})", "", 8002},
          Row{"2024-03-01T10:00:00.123Z  INFO 1 --- [           main] "
              "o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port 8080 (http) with "
              "context path '/'",
              "", 8080},
          Row{"2019-05-02 10:00:00.123  INFO 1 --- [           main] "
              "o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port(s): 8081 (http) "
              "with context path ''",
              "", 8081},
          Row{"o.s.b.web.embedded.netty.NettyWebServer  : Netty started on port 8080", "", 8080},
          Row{"2026-01-10T11:57:04.077Z  INFO 1 --- [orders] [           main] "
              "o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)",
              "", 8080},
      }) {
    INFO(r.line);
    ServedLine s = read_served_line(r.line);
    CHECK(s.kind == Kind::Listen);
    CHECK(s.host == r.host);
    CHECK(s.port == r.port);
  }
  ServedLine ctx =
      read_served_line("Tomcat started on port(s): 8080 (http) with context path '/shop'");
  CHECK(ctx.context_path == "/shop");
}

TEST_CASE("Spring Boot's actuator base path, in its 2.x and 3.x wording") {
  for (const char* line :
       {"2019-05-02 10:00:00.123  INFO 1 --- [           main] "
        "o.s.b.a.e.web.EndpointLinksResolver      : Exposing 1 endpoint(s) beneath base path "
        "'/actuator'",
        "2024-03-01T10:00:00.123Z  INFO 1 --- [           main] "
        "o.s.b.a.e.web.EndpointLinksResolver      : Exposing 1 endpoint beneath base path "
        "'/actuator'"}) {
    ServedLine s = read_served_line(line);
    CHECK(s.kind == Kind::BasePath);
    CHECK(s.path == "/actuator");
  }
}

TEST_CASE("lines that name no served path or listen address are not read as such") {
  for (
      const char* line : {
          R"({"level":"warn","msg":"health check degraded","check":"payments-gateway","error":"GET http://payments-gateway.shop:8080/ping: 503 Service Unavailable"})",
          R"({"level":"info","msg":"connected to catalog","url":"http://catalog.shop.svc:8080"})",
          "connecting to postgres at orders-db:5432",
          "Started GET \"/healthz\" for 10.1.0.1 at 2024-03-01 10:00:00 +0000",
          "Running on all addresses (0.0.0.0)",
          "Traceback (most recent call last):",
      }) {
    INFO(line);
    CHECK(read_served_line(line).kind == Kind::None);
  }
}

namespace {

const CodeRule& code_rule(const std::string& id) {
  for (const auto& r : code_rules())
    if (r.id == id) return r;
  FAIL("no code rule " << id);
  return code_rules().front();
}

// The probe-failing rule's signal on the case's container, explained.
std::vector<Signal> probe_signals(const Case& c) {
  const Rule* rule = explain_test::catalog().find("probe-failing");
  REQUIRE(rule);
  REQUIRE(c.cc.container);
  std::vector<Signal> out;
  code_rule("probe-failing").runtime(c.cc, *rule, out);
  for (auto& s : out) explain_probe(c.store, c.cc, s);
  return out;
}

std::string message(const Signal& s) {
  Vars vars = s.vars;
  vars.emplace_back("container", "c");
  vars.emplace_back("pod", "p");
  return text::fill(s.rule->message, vars, "(unknown)");
}

}  // namespace

TEST_CASE("a 404 probe on a path the gin route table lacks names the path it serves") {
  for (std::string variant : {"rendered", "scenario"}) {
    INFO(variant);
    Case c("tests/rules/probe-failing/fire-path-not-served", variant, "checkout");
    auto sigs = probe_signals(c);
    REQUIRE(sigs.size() == 1);
    const Signal& s = sigs[0];
    std::string detail = var(s, "probe_detail");
    INFO(detail);
    CHECK(detail.find("The probe asks GET /healthz on port 8080") == 0);
    CHECK(detail.find("the app logs 404 for /healthz") != std::string::npos);
    CHECK(detail.find("serves /health, ") != std::string::npos);
    CHECK(detail.find("(gin route table, ") != std::string::npos);
    CHECK(var(s, "probe_fix") == "Probe GET /health on port 8080, the path the app serves.");
    CHECK(cites(c, s, "log", "[GIN-debug] GET    /health "));
    CHECK(cites(c, s, "log", "| 404 |"));
    // The message says it, after what the kubelet said.
    std::string m = message(s);
    CHECK(m.find("fails (HTTP probe failed with statuscode: 404)") != std::string::npos);
    CHECK(m.find(detail) != std::string::npos);
    CHECK(text::fill(s.rule->remediation, s.vars, "(unknown)").find(var(s, "probe_fix")) == 0);
  }
}

TEST_CASE("a refused probe while the app logs another port names that port") {
  for (std::string variant : {"rendered", "scenario"}) {
    INFO(variant);
    Case c("tests/rules/probe-failing/fire-wrong-port", variant, "checkout");
    auto sigs = probe_signals(c);
    REQUIRE(sigs.size() == 1);
    const Signal& s = sigs[0];
    std::string detail = var(s, "probe_detail");
    INFO(detail);
    CHECK(detail.find("The probe connects to port 8080 and is refused") == 0);
    bool cited = detail.find("listens on 9090 (logs-checkout-64b9f7d8c5-v7ghs-checkout.txt:4)") !=
                     std::string::npos ||
                 detail.find("listens on 9090 (checkout-64b9f7d8c5-v7ghs.checkout.log:4)") !=
                     std::string::npos;
    CHECK(cited);
    CHECK(detail.find("the container declares 8080") != std::string::npos);
    CHECK(var(s, "probe_fix").find("Probe port 9090 (path /ready)") == 0);
    CHECK(cites(c, s, "log", "Uvicorn running on http://0.0.0.0:9090"));
  }
}

TEST_CASE("an app bound to the loopback address is named as unreachable by the probe") {
  Case c("tests/rules/probe-failing/fire-wrong-port", "scenario", "checkout",
         {{"logs/checkout-64b9f7d8c5-v7ghs.checkout.log",
           " * Serving Flask app 'checkout'\n * Debug mode: off\n"
           "WARNING: This is a development server. Do not use it in a production deployment.\n"
           " * Running on http://127.0.0.1:8080\nPress CTRL+C to quit\n"}});
  auto sigs = probe_signals(c);
  REQUIRE(sigs.size() == 1);
  std::string detail = var(sigs[0], "probe_detail");
  INFO(detail);
  CHECK(detail.find("listens on 127.0.0.1:8080 only") != std::string::npos);
  CHECK(var(sigs[0], "probe_fix").find("0.0.0.0") != std::string::npos);
}

TEST_CASE("a Spring Boot app's actuator base path gives the probe endpoints it serves") {
  Case c("tests/rules/probe-failing/fire-path-not-served", "scenario", "checkout",
         {{"logs/checkout-64b9f7d8c5-v7ghs.checkout.previous.log",
           "2026-01-10T11:57:50.101Z  INFO 1 --- [checkout] [           main] "
           "o.s.b.a.e.web.EndpointLinksResolver      : Exposing 1 endpoint beneath base path "
           "'/actuator'\n"
           "2026-01-10T11:57:50.180Z  INFO 1 --- [checkout] [           main] "
           "o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port 8080 (http) with "
           "context path '/'\n"}});
  auto sigs = probe_signals(c);
  REQUIRE(sigs.size() == 1);
  std::string detail = var(sigs[0], "probe_detail");
  INFO(detail);
  CHECK(detail.find("serves /actuator/health/liveness") != std::string::npos);
  CHECK(detail.find("Spring Boot actuator") != std::string::npos);
  CHECK(var(sigs[0], "probe_fix") ==
        "Probe GET /actuator/health/liveness on port 8080, the path "
        "the app serves.");
}

TEST_CASE("nothing is added when the app serves the probe's path or says nothing of it") {
  // The app logs 500 for /healthz: the path is served, it reports failure.
  for (std::string variant : {"rendered", "scenario"}) {
    Case c("tests/rules/probe-failing/fire-liveness-500", variant, "checkout");
    auto sigs = probe_signals(c);
    REQUIRE(sigs.size() == 1);
    CHECK(var(sigs[0], "probe_detail").empty());
    CHECK(var(sigs[0], "probe_fix").empty());
    CHECK(message(sigs[0]).find("[[") == std::string::npos);
  }
  // A 404, but the log only says where it listens (the probe's port).
  for (std::string variant : {"rendered", "scenario"}) {
    Case c("tests/rules/probe-failing/fire-readiness-404-stuck-rollout", variant, "web");
    for (const auto& pv : c.graph.pods) {
      ContainerCase cc = c.cc;
      cc.pod = &pv;
      cc.container = pv.container("web");
      if (!cc.container || !cc.container->spec) continue;
      std::vector<Signal> out;
      code_rule("probe-failing").runtime(cc, *explain_test::catalog().find("probe-failing"), out);
      for (auto& s : out) {
        explain_probe(c.store, cc, s);
        CHECK(var(s, "probe_detail").empty());
      }
    }
  }
}

TEST_CASE("only the head and the tail of a long log are read, and kept for it") {
  model::Store store;
  std::string text;
  for (int i = 1; i <= 3000; ++i) {
    if (i == 10)
      text += "[GIN-debug] GET    /health   --> main.health (3 handlers)\n";
    else if (i == 1500 || i == 2990)
      text += "10.1.0.1 - - [01/Mar/2024:10:00:00 +0000] \"GET /healthz HTTP/1.1\" 404 0\n";
    else
      text += "worker " + std::to_string(i) + " done\n";
  }
  model::DocId id = store.add_document("app.log", text);
  model::LogFile lf;
  lf.doc = id;
  auto kept = serving_lines(store.doc(id), lf);
  CHECK(kept == std::vector<uint32_t>{10, 2990});
  // A log given as a list of lines (a dump's shared file): the same windows.
  lf.lines.clear();
  for (uint32_t l = 1; l <= 3000; ++l) lf.lines.push_back(l);
  CHECK(serving_lines(store.doc(id), lf) == std::vector<uint32_t>{10, 2990});
}

TEST_CASE("a document of several logs keeps the serving lines of each") {
  model::Store store;
  std::string text;
  for (int i = 1; i <= 40; ++i)
    text += i == 3    ? "[GIN-debug] Listening and serving HTTP on :8080\n"
            : i == 25 ? "INFO:     Uvicorn running on http://0.0.0.0:9090 (Press CTRL+C to quit)\n"
            : i == 30 ? "[GIN-debug] GET    /health   --> main.health (3 handlers)\n"
                      : "line " + std::to_string(i) + "\n";
  model::DocId id = store.add_document("logs.txt", text);
  model::LogFile a, b, other;
  a.doc = b.doc = id;
  a.first_line = 1;
  a.last_line = 20;
  b.first_line = 21;
  b.last_line = 28;
  other.doc = id + 1;  // another document's log: not read here
  other.first_line = 29;
  CHECK(explained_log_lines(store.doc(id), {&b, &a, &other}) == std::vector<uint32_t>{3, 25});
}

TEST_CASE("a liveness probe that kills a slow start is checked against the port the app takes") {
  const Rule* rule = explain_test::catalog().find("liveness-kills-slow-start");
  REQUIRE(rule);
  auto slow_start = [&](const Case& c) {
    std::vector<Signal> out;
    code_rule("liveness-kills-slow-start").runtime(c.cc, *rule, out);
    REQUIRE(out.size() == 1);
    explain_probe(c.store, c.cc, out[0]);
    return out[0];
  };
  // Tomcat takes 8080, the probe's port: it is slow, nothing else is wrong.
  for (std::string variant : {"rendered", "scenario"}) {
    Case c("tests/rules/liveness-kills-slow-start/fire-no-startup-probe", variant, "app");
    CHECK(var(slow_start(c), "probe_detail").empty());
  }
  // Tomcat takes 8081: the probe could never have connected.
  Case c(
      "tests/rules/liveness-kills-slow-start/fire-no-startup-probe", "scenario", "app",
      {{"logs/orders-446b8b49c9-gjv2h.app.previous.log",
        "2026-01-10T11:56:52.204Z  INFO 1 --- [orders] [           main] "
        "c.e.orders.OrdersApplication             : Starting OrdersApplication v2.4.1\n"
        "2026-01-10T11:57:04.077Z  INFO 1 --- [orders] [           main] "
        "o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8081 (http)\n"}});
  Signal s = slow_start(c);
  std::string detail = var(s, "probe_detail");
  INFO(detail);
  CHECK(detail.find("The probe connects to port 8080 and is refused; the app logs that it "
                    "listens on 8081") == 0);
  CHECK(var(s, "probe_fix").find("Probe port 8081") == 0);
  Vars vars = s.vars;
  vars.emplace_back("container", "app");
  vars.emplace_back("pod", "p");
  CHECK(text::fill(rule->message, vars, "(unknown)").find(detail) != std::string::npos);
}

TEST_CASE("an HTTPS probe answered in plain HTTP is said so") {
  // The kubelet's event for it, on the case's own container (the event is the
  // kubelet's wording, see the prober's "%s probe failed: %s").
  Case c("tests/rules/probe-failing/fire-path-not-served", "scenario", "checkout");
  REQUIRE(c.cc.container);
  model::Event e;
  e.reason = "Unhealthy";
  e.message =
      "Liveness probe failed: Get \"https://10.1.0.11:8080/healthz\": http: server gave HTTP "
      "response to HTTPS client";
  correlate::ContainerView cv = *c.cc.container;
  cv.events = {&e};
  ContainerCase cc = c.cc;
  cc.container = &cv;
  Signal s;
  s.vars = {{"probe", "Liveness"}};
  explain_probe(c.store, cc, s);
  CHECK(var(s, "probe_detail").find("over HTTPS") != std::string::npos);
  CHECK(var(s, "probe_fix").find("scheme to HTTP") != std::string::npos);
}

TEST_CASE("every port the app logs is named once") {
  Case c("tests/rules/probe-failing/fire-wrong-port", "scenario", "checkout",
         {{"logs/checkout-64b9f7d8c5-v7ghs.checkout.log",
           "INFO:     Uvicorn running on http://0.0.0.0:9090 (Press CTRL+C to quit)\n"
           "metrics server listening on :909\n"
           "INFO:     Uvicorn running on http://0.0.0.0:9090 (Press CTRL+C to quit)\n"}});
  auto sigs = probe_signals(c);
  REQUIRE(sigs.size() == 1);
  std::string detail = var(sigs[0], "probe_detail");
  INFO(detail);
  CHECK(detail.find("listens on 9090, 909 (") != std::string::npos);
}
