// parse_describe / looks_like_describe on text rendered by the real kubectl
// (v1.32, tests/data/kubectl/<scenario>/, see commands.txt there). Variants of
// those files (cut, whitespace collapsed) are derived in the tests, never typed.

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "kubectl_data.h"
#include "kubesift/model/document.h"
#include "kubesift/model/objects.h"
#include "kubesift/model/store.h"
#include "kubesift/parse/parse.h"

using namespace kubesift;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr model::DocId kDoc = 7;

std::string read_data(const std::string& rel) {
  return read_kubectl_data(rel);
}

model::Document make_doc(std::string content) {
  model::Document d;
  d.id = kDoc;
  d.path = "test";
  d.content = std::move(content);
  return d;
}

std::string line_at(const model::Document& d, const model::SourceRef& at) {
  REQUIRE(at.doc == kDoc);
  return std::string(d.line(at.line));
}

// The first `n` lines of `s`, each with its newline.
std::string first_lines(const std::string& s, size_t n) {
  size_t pos = 0;
  for (size_t i = 0; i < n && pos != std::string::npos; ++i) {
    pos = s.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  return pos == std::string::npos ? s : s.substr(0, pos);
}

// What users paste from chats and documents: no indentation, single spaces.
std::string collapse_spaces(const std::string& s) {
  std::string out;
  bool line_start = true, prev_space = false;
  for (char c : s) {
    if (c == '\n') {
      out += c;
      line_start = true;
      prev_space = false;
    } else if (c == ' ') {
      if (!line_start && !prev_space) out += c;
      prev_space = true;
    } else {
      out += c;
      line_start = false;
      prev_space = false;
    }
  }
  return out;
}

void check_ref(const model::Document& d, const model::SourceRef& r) {
  if (r.line == 0) return;
  CHECK(r.doc == d.id);
  CHECK(r.line <= d.line_count());
}

template <typename T>
void check_ref(const model::Document& d, const model::Sourced<T>& s) {
  if (s.has()) {
    CHECK(s.at.valid());
    check_ref(d, s.at);
  }
}

void check_container(const model::Document& d, const model::ContainerSpec& c) {
  check_ref(d, c.at);
  check_ref(d, c.image);
  for (const auto& p : c.ports) check_ref(d, p.at);
  for (const auto& e : c.env) check_ref(d, e.at);
  for (const auto& e : c.env_from) check_ref(d, e.at);
  for (const auto& m : c.mounts) check_ref(d, m.at);
  check_ref(d, c.resources.cpu_limit);
  check_ref(d, c.resources.memory_limit);
  check_ref(d, c.resources.cpu_request);
  check_ref(d, c.resources.memory_request);
}

void check_state(const model::Document& d, const model::ContainerState& s) {
  check_ref(d, s.at);
  check_ref(d, s.reason);
  check_ref(d, s.message);
  check_ref(d, s.exit_code);
  check_ref(d, s.signal);
}

// Every fact points into the document it came from.
void check_all_refs(const model::Document& d, const model::Facts& f) {
  for (const auto& p : f.pods) {
    check_ref(d, p.meta.at);
    check_ref(d, p.node);
    check_ref(d, p.phase);
    check_ref(d, p.reason);
    check_ref(d, p.message);
    for (const auto& c : p.containers) check_container(d, c);
    for (const auto& s : p.statuses) {
      check_ref(d, s.at);
      check_ref(d, s.ready);
      check_ref(d, s.restart_count);
      check_state(d, s.state);
      check_state(d, s.last_state);
    }
    for (const auto& c : p.conditions) check_ref(d, c.at);
  }
  for (const auto& w : f.workloads) {
    check_ref(d, w.meta.at);
    check_ref(d, w.replicas);
    for (const auto& c : w.containers) check_container(d, c);
  }
  for (const auto& e : f.events) {
    CHECK(e.at.valid());
    check_ref(d, e.at);
  }
}

const model::ContainerSpec& container(const model::Pod& p, std::string_view name) {
  for (const auto& c : p.containers)
    if (c.name == name) return c;
  FAIL("no container " << name);
  return p.containers.front();
}

const model::ContainerStatus& status(const model::Pod& p, std::string_view name) {
  for (const auto& s : p.statuses)
    if (s.name == name) return s;
  FAIL("no status for " << name);
  return p.statuses.front();
}

const model::EnvVar& env(const model::ContainerSpec& c, std::string_view name) {
  for (const auto& e : c.env)
    if (e.name == name) return e;
  FAIL("no env var " << name);
  return c.env.front();
}

const model::Event& event(const model::Facts& f, std::string_view reason, std::string_view name) {
  for (const auto& e : f.events)
    if (e.reason == reason && e.involved_name == name) return e;
  FAIL("no event " << reason << " for " << name);
  return f.events.front();
}

}  // namespace

TEST_CASE("describe pod: recognised, not taken for a table", "[parse][describe]") {
  std::string s = read_data("crashloop-api/describe-pod-api-7c9d8f6b5-x2k4p.txt");
  CHECK(parse::looks_like_describe(s));
  CHECK_FALSE(parse::looks_like_get_table(s));
  CHECK(parse::sniff(s) == model::Format::DescribeText);
  CHECK(parse::looks_like_describe(read_data("crashloop-api/describe-deployment-api.txt")));
  CHECK(parse::looks_like_describe(read_data("crashloop-api/describe-node-node-1.txt")));
  CHECK(parse::looks_like_describe(read_data("stuck-rollout/describe-pods-all.txt")));
}

TEST_CASE("describe pod: crash-looping container with init container", "[parse][describe]") {
  model::Document d = make_doc(read_data("crashloop-api/describe-pod-api-7c9d8f6b5-x2k4p.txt"));
  model::Facts f;
  parse::ParseError err = parse::parse_describe(d, f);
  CHECK_FALSE(err);
  REQUIRE(f.pods.size() == 1);
  CHECK(f.workloads.empty());
  const model::Pod& p = f.pods[0];
  check_all_refs(d, f);

  SECTION("object header") {
    CHECK(p.meta.kind == "Pod");
    CHECK(p.meta.name == "api-7c9d8f6b5-x2k4p");
    CHECK(p.meta.ns == "shop");
    CHECK(p.meta.at.line == 1);
    CHECK(p.meta.labels.size() == 3);
    CHECK(p.meta.labels.at("app") == "api");
    CHECK(p.meta.labels.at("pod-template-hash") == "7c9d8f6b5");  // a continuation line
    REQUIRE(p.meta.owners.size() == 1);
    CHECK(p.meta.owners[0].kind == "ReplicaSet");
    CHECK(p.meta.owners[0].name == "api-7c9d8f6b5");
    CHECK(p.meta.owners[0].controller);
    CHECK(p.node.value == "node-1");  // "node-1/10.0.0.11"
    CHECK(p.node.at.line == 4);
    CHECK(p.phase.value == "Running");
    CHECK(p.phase.at.line == 10);
    CHECK_FALSE(p.reason.has());
  }

  SECTION("containers, init first") {
    REQUIRE(p.containers.size() == 3);
    CHECK(p.containers[0].name == "wait-db");
    CHECK(p.containers[0].init);
    CHECK(p.containers[1].name == "api");
    CHECK_FALSE(p.containers[1].init);
    CHECK(p.containers[2].name == "metrics-proxy");
    const auto& init = p.containers[0];
    REQUIRE(init.command.size() == 3);
    CHECK(init.command[2] == "until nc -z db 5432; do sleep 1; done");
    CHECK(init.ports_known);
    CHECK(init.ports.empty());  // "Port: <none>"
  }

  SECTION("spec of the crashing container") {
    const auto& c = container(p, "api");
    CHECK(c.at.line == 36);
    CHECK(c.image.value == "registry.example.com/shop/api:2.3.1");
    CHECK(c.image.at.line == 38);
    REQUIRE(c.ports.size() == 2);  // "Ports: 8080/TCP, 9090/TCP"
    CHECK(c.ports[0].port == 8080);
    CHECK(c.ports[0].protocol == "TCP");
    CHECK(c.ports[1].port == 9090);
    CHECK(c.ports[1].at.line == 40);
    CHECK(c.command == std::vector<std::string>{"/app/api"});
    CHECK(c.command_at.line == 42);
    CHECK(c.args == std::vector<std::string>{"--port=8080", "--config=/etc/api/config.yaml"});
    CHECK(c.args_at.line == 44);

    CHECK(c.resources.known);
    CHECK(c.resources.cpu_limit.value == "500m");
    CHECK(c.resources.cpu_limit.at.line == 65);
    CHECK(c.resources.memory_limit.value == "256Mi");
    CHECK(c.resources.cpu_request.value == "100m");
    CHECK(c.resources.memory_request.value == "128Mi");
    CHECK(c.resources.memory_request.at.line == 69);
    CHECK_THAT(line_at(d, c.resources.memory_limit.at), Contains("memory:") && Contains("256Mi"));
  }

  SECTION("probes") {
    const auto& c = container(p, "api");
    CHECK(c.probes_known);
    REQUIRE(c.liveness);
    CHECK(c.liveness->handler == "httpGet");
    CHECK(c.liveness->port == "8081");
    CHECK(c.liveness->path == "/healthz");
    CHECK(c.liveness->scheme == "HTTP");
    CHECK(c.liveness->host.empty());
    CHECK(c.liveness->initial_delay == 5);
    CHECK(c.liveness->timeout == 2);
    CHECK(c.liveness->period == 10);
    CHECK(c.liveness->failure_threshold == 3);
    CHECK(c.liveness->at.line == 70);
    REQUIRE(c.readiness);
    CHECK(c.readiness->handler == "tcpSocket");
    CHECK(c.readiness->port == "8080");
    CHECK(c.readiness->period == 5);
    REQUIRE(c.startup);
    CHECK(c.startup->handler == "exec");
    CHECK(c.startup->command == std::vector<std::string>{"cat", "/tmp/healthy"});
    CHECK(c.startup->failure_threshold == 30);
    CHECK_THAT(line_at(d, c.startup->at), StartsWith("    Startup:"));

    const auto& proxy = container(p, "metrics-proxy");
    REQUIRE(proxy.readiness);
    CHECK(proxy.readiness->handler == "grpc");  // "grpc <pod>:9091  delay=…"
    CHECK(proxy.readiness->port == "9091");
    CHECK_FALSE(proxy.liveness);
    CHECK(proxy.probes_known);
    CHECK(proxy.resources.known);  // no Limits/Requests lines: none set
    CHECK_FALSE(proxy.resources.cpu_limit.has());
    CHECK_FALSE(proxy.resources.memory_limit.has());
    CHECK(proxy.env_known);  // "Environment: <none>"
    CHECK(proxy.env.empty());
  }

  SECTION("environment") {
    const auto& c = container(p, "api");
    CHECK(c.env_known);
    REQUIRE(c.env.size() == 6);
    CHECK(env(c, "LOG_LEVEL").value == "debug");
    CHECK(env(c, "LOG_LEVEL").from_kind.empty());
    const auto& host = env(c, "DB_HOST");
    CHECK(host.from_kind == "ConfigMap");
    CHECK(host.from_name == "api-config");
    CHECK(host.from_key == "db_host");
    CHECK_FALSE(host.optional);
    CHECK(host.at.line == 78);
    const auto& pw = env(c, "DB_PASSWORD");
    CHECK(pw.from_kind == "Secret");
    CHECK(pw.from_name == "api-secrets");
    CHECK(pw.from_key == "password");
    CHECK(pw.value.empty());
    CHECK_THAT(line_at(d, pw.at), Contains("DB_PASSWORD:") && Contains("secret 'api-secrets'"));
    const auto& pod_name = env(c, "POD_NAME");
    CHECK(pod_name.from_kind == "Field");
    CHECK(pod_name.from_key == "metadata.name");
    CHECK(pod_name.value == "api-7c9d8f6b5-x2k4p");
    const auto& cpu = env(c, "CPU_LIMIT");
    CHECK(cpu.from_kind == "Resource");
    CHECK(cpu.from_key == "limits.cpu");
    CHECK(cpu.value == "500");
    CHECK(env(c, "BANNER").value == "line one\nline two");  // value on two lines
    CHECK(env(c, "BANNER").at.line == 82);

    REQUIRE(c.env_from.size() == 2);
    CHECK(c.env_from[0].kind == "ConfigMap");
    CHECK(c.env_from[0].name == "api-env");
    CHECK(c.env_from[0].prefix.empty());
    CHECK_FALSE(c.env_from[0].optional);
    CHECK(c.env_from[0].at.line == 74);
    CHECK(c.env_from[1].kind == "Secret");
    CHECK(c.env_from[1].name == "api-extra");
    CHECK(c.env_from[1].prefix == "X_");
    CHECK(c.env_from[1].optional);
  }

  SECTION("mounts") {
    const auto& c = container(p, "api");
    REQUIRE(c.mounts.size() == 4);
    CHECK(c.mounts[0].mount_path == "/data");
    CHECK(c.mounts[0].name == "data");
    CHECK_FALSE(c.mounts[0].read_only);
    CHECK(c.mounts[1].mount_path == "/etc/api");
    CHECK(c.mounts[1].name == "config");
    CHECK(c.mounts[1].read_only);
    CHECK(c.mounts[2].mount_path == "/var/cache/api");  // "(rw,path=\"cache\")"
    CHECK_FALSE(c.mounts[2].read_only);
    CHECK(c.mounts[3].name == "kube-api-access-7xk2p");
    CHECK(c.mounts[3].at.line == 88);
  }

  SECTION("status: waiting now, terminated with a multi-line message before") {
    REQUIRE(p.statuses.size() == 3);
    const auto& init = p.statuses[0];
    CHECK(init.name == "wait-db");
    CHECK(init.init);
    CHECK(init.state.kind == model::ContainerState::Kind::Terminated);
    CHECK(init.state.reason.value == "Completed");
    CHECK(init.state.exit_code.value == 0);

    const auto& s = status(p, "api");
    CHECK_FALSE(s.init);
    CHECK(s.state.kind == model::ContainerState::Kind::Waiting);
    CHECK(s.state.at.line == 47);
    CHECK(s.state.reason.value == "CrashLoopBackOff");
    CHECK(s.state.reason.at.line == 48);
    CHECK(s.last_state.kind == model::ContainerState::Kind::Terminated);
    CHECK(s.last_state.at.line == 49);
    CHECK(s.last_state.reason.value == "Error");
    CHECK(s.last_state.reason.at.line == 50);
    REQUIRE(s.last_state.exit_code.has());
    CHECK(s.last_state.exit_code.value == 1);
    CHECK(s.last_state.exit_code.at.line == 59);  // after eight message lines
    CHECK_THAT(line_at(d, s.last_state.exit_code.at), Contains("Exit Code:") && Contains("1"));
    CHECK(s.last_state.message.at.line == 51);
    const std::string& m = s.last_state.message.value;
    CHECK_THAT(m, StartsWith("panic: config: missing required key \"db.url\"\n\ngoroutine 1"));
    CHECK_THAT(m, Contains("/src/cmd/api/main.go:23 +0x25"));
    CHECK(m.back() == '5');  // the trailing blank line is not part of it
    CHECK_FALSE(s.last_state.started_at.empty());
    CHECK_FALSE(s.last_state.finished_at.empty());
    CHECK_FALSE(s.ready.value);
    CHECK(s.ready.at.line == 62);
    CHECK(s.restart_count.value == 12);
    CHECK(s.restart_count.at.line == 63);

    const auto& proxy = status(p, "metrics-proxy");
    CHECK(proxy.state.kind == model::ContainerState::Kind::Running);
    CHECK(proxy.last_state.kind == model::ContainerState::Kind::None);
    CHECK(proxy.ready.value);
  }

  SECTION("conditions") {
    REQUIRE(p.conditions.size() == 5);
    CHECK(p.conditions[2].type == "Ready");
    CHECK(p.conditions[2].status == "False");
    CHECK_THAT(line_at(d, p.conditions[2].at), StartsWith("  Ready "));
  }

  SECTION("events") {
    REQUIRE(f.events.size() == 8);
    for (const auto& e : f.events) {
      CHECK(e.involved_kind == "Pod");
      CHECK(e.involved_ns == "shop");
      CHECK(e.involved_name == "api-7c9d8f6b5-x2k4p");
      CHECK_THAT(line_at(d, e.at), Contains(e.reason));
    }
    const auto& backoff = event(f, "BackOff", "api-7c9d8f6b5-x2k4p");
    CHECK(backoff.count == 12);  // "2m1s (x12 over 9m1s)"
    CHECK(backoff.last_seen == "2m1s");
    CHECK(backoff.first_seen == "9m1s");
    CHECK(backoff.type == "Warning");
    CHECK(backoff.source == "kubelet");
    CHECK(backoff.at.line == 139);
    CHECK_THAT(backoff.message, StartsWith("Back-off restarting failed container api in pod"));

    const auto& scheduled = f.events[0];
    CHECK(scheduled.reason == "Scheduled");
    CHECK(scheduled.count == 1);
    CHECK(scheduled.last_seen == "40m");
    CHECK(scheduled.source == "default-scheduler");

    // A message with a newline continues in column 0 …
    const auto& failed = event(f, "Failed", "api-7c9d8f6b5-x2k4p");
    CHECK(failed.at.line == 135);
    CHECK(failed.message ==
          "Error: failed to reserve container name\n"
          "name \"api_api-7c9d8f6b5-x2k4p\" is reserved for \"9f8e7d6c5b4a\"");
    // … and the rows after it no longer line up with the header.
    const auto& unhealthy = event(f, "Unhealthy", "api-7c9d8f6b5-x2k4p");
    CHECK(unhealthy.count == 4);
    CHECK(unhealthy.source == "kubelet");
    CHECK(unhealthy.message ==
          "Startup probe failed: cat: can't open '/tmp/healthy': No such file or directory");
  }
}

TEST_CASE("describe pod: evicted pod, terminated containers, signal", "[parse][describe]") {
  model::Document d = make_doc(read_data("crashloop-api/describe-pod-api-7c9d8f6b5-q8wzt.txt"));
  model::Facts f;
  CHECK_FALSE(parse::parse_describe(d, f));
  REQUIRE(f.pods.size() == 1);
  const model::Pod& p = f.pods[0];
  check_all_refs(d, f);
  CHECK(p.phase.value == "Failed");
  CHECK(p.reason.value == "Evicted");
  CHECK(p.reason.at.line == 11);
  CHECK_THAT(p.message.value, StartsWith("The node was low on resource: memory."));
  CHECK(p.message.at.line == 12);
  CHECK(p.node.value == "node-2");  // "node-2/" with no host IP

  const auto& api = status(p, "api");
  CHECK(api.state.kind == model::ContainerState::Kind::Terminated);
  CHECK(api.state.reason.value == "ContainerStatusUnknown");
  CHECK(api.state.message.value ==
        "The container could not be located when the pod was terminated");
  CHECK(api.state.exit_code.value == 137);
  CHECK(api.last_state.reason.value == "OOMKilled");
  CHECK(api.last_state.exit_code.value == 137);
  CHECK_FALSE(api.last_state.message.has());
  CHECK(api.restart_count.value == 3);

  const auto& proxy = status(p, "metrics-proxy");
  CHECK(proxy.state.exit_code.value == 2);
  REQUIRE(proxy.state.signal.has());
  CHECK(proxy.state.signal.value == 15);
  CHECK_THAT(line_at(d, proxy.state.signal.at), Contains("Signal:"));

  REQUIRE(p.conditions.size() == 1);
  CHECK(p.conditions[0].type == "DisruptionTarget");
  const auto& ev = event(f, "Evicted", "api-7c9d8f6b5-q8wzt");
  CHECK(ev.type == "Warning");
  CHECK_THAT(ev.message, StartsWith("The node was low on resource: memory."));
}

TEST_CASE("describe replicaset: workload, template containers, events", "[parse][describe]") {
  model::Document d = make_doc(read_data("crashloop-api/describe-replicaset-api-7c9d8f6b5.txt"));
  model::Facts f;
  CHECK_FALSE(parse::parse_describe(d, f));
  CHECK(f.pods.empty());
  REQUIRE(f.workloads.size() == 1);
  const model::Workload& w = f.workloads[0];
  check_all_refs(d, f);
  CHECK(w.meta.kind == "ReplicaSet");
  CHECK(w.meta.name == "api-7c9d8f6b5");
  CHECK(w.meta.ns == "shop");
  REQUIRE(w.meta.owners.size() == 1);
  CHECK(w.meta.owners[0].kind == "Deployment");
  CHECK(w.meta.owners[0].name == "api");
  CHECK(w.replicas.value == 2);  // "2 current / 2 desired"
  CHECK(w.replicas.at.line == 11);
  CHECK(w.selector.size() == 3);
  CHECK(w.selector.at("pod-template-hash") == "7c9d8f6b5");
  CHECK(w.template_labels.size() == 3);
  CHECK(w.template_labels.at("tier") == "backend");

  REQUIRE(w.containers.size() == 3);
  CHECK(w.containers[0].name == "wait-db");
  CHECK(w.containers[0].init);
  const auto& api = w.containers[1];
  CHECK(api.name == "api");
  CHECK(api.image.value == "registry.example.com/shop/api:2.3.1");
  CHECK(api.ports.size() == 2);
  CHECK(api.resources.memory_limit.value == "256Mi");
  REQUIRE(api.liveness);
  CHECK(api.liveness->port == "8081");
  CHECK(api.env.size() == 6);
  CHECK(env(api, "POD_NAME").from_kind == "Field");  // "POD_NAME:      (v1:metadata.name)"
  CHECK(env(api, "POD_NAME").value.empty());
  CHECK(env(api, "DB_PASSWORD").from_kind == "Secret");
  CHECK(api.env_from.size() == 2);
  CHECK(api.mounts.size() == 3);
  REQUIRE(w.containers[2].readiness);
  CHECK(w.containers[2].readiness->handler == "grpc");

  REQUIRE(f.events.size() == 2);
  CHECK(f.events[0].involved_kind == "ReplicaSet");
  CHECK(f.events[0].involved_name == "api-7c9d8f6b5");
  CHECK(f.events[0].reason == "SuccessfulCreate");
  CHECK(f.events[0].source == "replicaset-controller");
  CHECK(f.events[0].message == "Created pod: api-7c9d8f6b5-q8wzt");
}

TEST_CASE("describe deployment: replicas line, conditions", "[parse][describe]") {
  model::Document d = make_doc(read_data("crashloop-api/describe-deployment-api.txt"));
  model::Facts f;
  CHECK_FALSE(parse::parse_describe(d, f));
  REQUIRE(f.workloads.size() == 1);
  const model::Workload& w = f.workloads[0];
  check_all_refs(d, f);
  CHECK(w.meta.kind == "Deployment");
  CHECK(w.meta.name == "api");
  CHECK(w.meta.owners.empty());
  // "2 desired | 2 updated | 2 total | 0 available | 2 unavailable"
  CHECK(w.replicas.value == 2);
  CHECK(w.updated_replicas.value == 2);
  CHECK(w.available_replicas.value == 0);
  CHECK(w.available_replicas.at.line == 8);
  CHECK_FALSE(w.ready_replicas.has());
  CHECK(w.selector.size() == 2);
  CHECK(w.containers.size() == 3);
  REQUIRE(w.conditions.size() == 2);
  CHECK(w.conditions[0].type == "Available");
  CHECK(w.conditions[0].status == "False");
  CHECK(w.conditions[0].reason == "MinimumReplicasUnavailable");
  CHECK(w.conditions[1].reason == "ProgressDeadlineExceeded");
  CHECK_THAT(line_at(d, w.conditions[1].at), Contains("ProgressDeadlineExceeded"));
  REQUIRE(f.events.size() == 1);
  CHECK(f.events[0].involved_kind == "Deployment");
  CHECK(f.events[0].reason == "ScalingReplicaSet");
}

TEST_CASE("describe pods: several objects in one file", "[parse][describe]") {
  model::Document d = make_doc(read_data("stuck-rollout/describe-pods-all.txt"));
  model::Facts f;
  CHECK_FALSE(parse::parse_describe(d, f));
  check_all_refs(d, f);
  REQUIRE(f.pods.size() == 4);
  CHECK(f.pods[0].meta.name == "cache");
  CHECK(f.pods[1].meta.name == "db-0");
  CHECK(f.pods[2].meta.name == "toolbox");
  CHECK(f.pods[3].meta.name == "worker-6b8f7d9c4-lm2np");
  CHECK(f.pods[1].meta.at.line == 53);

  SECTION("OOMKilled last state, memory limit only") {
    const model::Pod& p = f.pods[0];
    const auto& s = status(p, "redis");
    CHECK(s.state.kind == model::ContainerState::Kind::Running);
    CHECK(s.last_state.reason.value == "OOMKilled");
    CHECK(s.last_state.exit_code.value == 137);
    CHECK(s.last_state.exit_code.at.line == 25);
    CHECK(s.restart_count.value == 5);
    const auto& c = container(p, "redis");
    CHECK(c.resources.memory_limit.value == "64Mi");
    CHECK_FALSE(c.resources.cpu_limit.has());
    CHECK(c.args == std::vector<std::string>{"--maxmemory", "200mb"});
    REQUIRE(c.liveness);
    CHECK(c.liveness->command == std::vector<std::string>{"redis-cli", "ping"});
  }

  SECTION("unscheduled pod: no node, no container status") {
    const model::Pod& p = f.pods[1];
    CHECK_FALSE(p.node.has());  // "Node: <none>"
    CHECK(p.phase.value == "Pending");
    CHECK(p.statuses.empty());
    REQUIRE(p.containers.size() == 1);
    CHECK(p.containers[0].env[0].from_kind == "Secret");
    CHECK(p.containers[0].env[0].optional);
    REQUIRE(p.conditions.size() == 1);
    CHECK(p.conditions[0].type == "PodScheduled");
    CHECK(p.conditions[0].status == "False");
    const auto& e = event(f, "FailedScheduling", "db-0");
    CHECK(e.count == 14);
    CHECK(e.source == "default-scheduler");
    CHECK_THAT(e.message, StartsWith("0/2 nodes are available: 1 Insufficient memory"));
    CHECK(e.at.line == 93);
  }

  SECTION("healthy pod without events") {
    for (const auto& e : f.events) CHECK(e.involved_name != "toolbox");
    CHECK(f.pods[2].statuses.size() == 1);
  }

  SECTION("init container crash-looping, app container waiting") {
    const model::Pod& p = f.pods[3];
    const auto& init = status(p, "init-schema");
    CHECK(init.init);
    CHECK(init.state.reason.value == "CrashLoopBackOff");
    CHECK(init.last_state.exit_code.value == 2);
    CHECK(init.restart_count.value == 7);
    const auto& w = status(p, "worker");
    CHECK(w.state.reason.value == "PodInitializing");
    const auto& c = container(p, "worker");
    REQUIRE(c.ports.size() == 1);
    CHECK(c.ports[0].protocol == "UDP");
    CHECK(c.resources.cpu_limit.value == "1");
    CHECK(c.resources.memory_request.value == "256Mi");
    REQUIRE(c.liveness);
    CHECK(c.liveness->scheme == "HTTPS");
    CHECK(c.liveness->host == "127.0.0.1");
    CHECK(c.liveness->port == "admin");  // a named port
    CHECK(c.liveness->path == "/live");
    REQUIRE(c.env_from.size() == 1);
    CHECK(c.env_from[0].name == "worker-config");
    const auto& e = event(f, "BackOff", "worker-6b8f7d9c4-lm2np");
    CHECK(e.count == 31);
    CHECK(e.at.line > p.meta.at.line);
  }

  SECTION("each event belongs to the object it is printed under") {
    for (const auto& e : f.events) {
      const model::Pod* owner = nullptr;
      for (const auto& p : f.pods)
        if (p.meta.at.line < e.at.line) owner = &p;
      REQUIRE(owner != nullptr);
      CHECK(e.involved_name == owner->meta.name);
    }
  }
}

TEST_CASE("describe statefulset, configmap and node", "[parse][describe]") {
  {
    model::Document d = make_doc(read_data("stuck-rollout/describe-statefulset-db.txt"));
    model::Facts f;
    CHECK_FALSE(parse::parse_describe(d, f));
    REQUIRE(f.workloads.size() == 1);
    CHECK(f.workloads[0].meta.kind == "StatefulSet");
    CHECK(f.workloads[0].replicas.value == 1);  // "1 desired | 1 total"
    CHECK(f.workloads[0].containers.size() == 1);
    REQUIRE(f.events.size() == 1);
    CHECK(f.events[0].involved_kind == "StatefulSet");
  }
  {
    model::Document d = make_doc(read_data("crashloop-api/describe-configmap-api-config.txt"));
    model::Facts f;
    CHECK_FALSE(parse::parse_describe(d, f));
    REQUIRE(f.configmaps.size() == 1);
    CHECK(f.configmaps[0].meta.name == "api-config");
    CHECK(f.configmaps[0].meta.kind == "ConfigMap");
    // The value of config.yaml holds "key: value" lines; they are not keys.
    CHECK(f.configmaps[0].keys == std::vector<std::string>{"config.yaml", "db_host"});
  }
  {
    model::Document d = make_doc(read_data("crashloop-api/describe-node-node-1.txt"));
    model::Facts f;
    CHECK_FALSE(parse::parse_describe(d, f));
    REQUIRE(f.nodes.size() == 1);
    const model::Node& n = f.nodes[0];
    CHECK(n.meta.kind == "Node");
    CHECK(n.meta.name == "node-1");
    CHECK(n.meta.ns.empty());
    CHECK(n.meta.labels.size() == 2);
    // The Conditions table: Type, Status, …, Reason, Message; each at its line.
    auto ready = std::find_if(n.conditions.begin(), n.conditions.end(),
                              [](const model::Condition& c) { return c.type == "Ready"; });
    REQUIRE(ready != n.conditions.end());
    CHECK(ready->status == "True");
    CHECK(ready->reason == "KubeletReady");
    CHECK(d.line(ready->at.line).find("KubeletReady") != std::string_view::npos);
  }
}

TEST_CASE("describe pasted without indentation", "[parse][describe]") {
  std::string flat =
      collapse_spaces(read_data("crashloop-api/describe-pod-api-7c9d8f6b5-x2k4p.txt"));
  REQUIRE(flat.find("\n  ") == std::string::npos);
  CHECK(parse::looks_like_describe(flat));
  model::Document d = make_doc(flat);
  model::Facts f;
  CHECK_FALSE(parse::parse_describe(d, f));
  check_all_refs(d, f);
  REQUIRE(f.pods.size() == 1);
  const model::Pod& p = f.pods[0];
  CHECK(p.meta.labels.size() == 3);
  REQUIRE(p.containers.size() == 3);
  CHECK(p.containers[0].init);
  const auto& api = container(p, "api");
  CHECK(api.resources.memory_limit.value == "256Mi");
  CHECK(env(api, "DB_PASSWORD").from_kind == "Secret");
  CHECK(api.env_from.size() == 2);
  REQUIRE(api.liveness);
  CHECK(api.liveness->port == "8081");
  const auto& s = status(p, "api");
  CHECK(s.state.reason.value == "CrashLoopBackOff");
  CHECK(s.last_state.exit_code.value == 1);
  CHECK(s.last_state.exit_code.at.line == 59);
  CHECK(s.restart_count.value == 12);
  CHECK(p.conditions.size() == 5);
  REQUIRE(f.events.size() == 8);
  CHECK(event(f, "BackOff", p.meta.name).count == 12);
  CHECK(event(f, "Unhealthy", p.meta.name).count == 4);
}

TEST_CASE("describe: older kubectl prefixes event messages with the field path",
          "[parse][describe]") {
  // kubectl before v1.14 wrote "spec.containers{api}: " in front of the
  // message; derive that form from the real output.
  std::string s = read_data("crashloop-api/describe-pod-api-7c9d8f6b5-x2k4p.txt");
  size_t at = s.find("Back-off restarting failed container api");
  REQUIRE(at != std::string::npos);
  s.insert(at, "spec.containers{api}: ");
  model::Document d = make_doc(s);
  model::Facts f;
  CHECK_FALSE(parse::parse_describe(d, f));
  const auto& e = event(f, "BackOff", "api-7c9d8f6b5-x2k4p");
  CHECK(e.field_path == "spec.containers{api}");
  CHECK_THAT(e.message, StartsWith("Back-off restarting failed container api in pod"));
  CHECK(e.count == 12);
}

TEST_CASE("describe saved with 2>&1: kubectl's warnings on top", "[parse][describe]") {
  // The klog lines kubectl prints when the API server is unreachable.
  std::string warn = read_data("kubectl-errors/get-pods-unreachable.txt");
  warn = warn.substr(0, warn.rfind("The connection"));
  CHECK_FALSE(parse::looks_like_describe(read_data("kubectl-errors/get-pods-unreachable.txt")));
  std::string s = warn + read_data("crashloop-api/describe-pod-api-7c9d8f6b5-x2k4p.txt");
  CHECK(parse::looks_like_describe(s));
  CHECK(parse::sniff(s) == model::Format::DescribeText);
  model::Document d = make_doc(s);
  model::Facts f;
  CHECK_FALSE(parse::parse_describe(d, f));
  REQUIRE(f.pods.size() == 1);
  CHECK(f.pods[0].meta.at.line == 6);
  CHECK(status(f.pods[0], "api").last_state.exit_code.value == 1);
  CHECK(status(f.pods[0], "api").last_state.exit_code.at.line == 64);
}

TEST_CASE("describe: a shell prompt pasted after the output", "[parse][describe]") {
  std::string s = read_data("crashloop-api/describe-pod-api-7c9d8f6b5-x2k4p.txt");
  model::Document d = make_doc(s + "user@host:~$ kubectl get pods -n shop\n");
  model::Facts f;
  CHECK_FALSE(parse::parse_describe(d, f));
  const auto& e = event(f, "BackOff", "api-7c9d8f6b5-x2k4p");
  CHECK_THAT(e.message, !Contains("kubectl get pods"));
  CHECK(e.message.find('\n') == std::string::npos);
}

TEST_CASE("describe cut short: error with the last line, facts kept", "[parse][describe]") {
  std::string full = read_data("crashloop-api/describe-pod-api-7c9d8f6b5-x2k4p.txt");

  SECTION("only the name") {
    model::Document d = make_doc(first_lines(full, 1));
    model::Facts f;
    parse::ParseError err = parse::parse_describe(d, f);
    CHECK(err.message == "truncated describe output");
    CHECK(err.line == 1);
    CHECK(f.pods.empty());
  }
  SECTION("inside the header") {
    model::Document d = make_doc(first_lines(full, 5));
    model::Facts f;
    parse::ParseError err = parse::parse_describe(d, f);
    CHECK(err.message == "truncated describe output");
    CHECK(err.line == 5);
    REQUIRE(f.pods.size() == 1);
    CHECK(f.pods[0].node.value == "node-1");
  }
  SECTION("inside the termination message") {
    model::Document d = make_doc(first_lines(full, 55));
    model::Facts f;
    parse::ParseError err = parse::parse_describe(d, f);
    CHECK(err.message == "truncated describe output");
    CHECK(err.line == 55);
    REQUIRE(f.pods.size() == 1);
    const auto& s = status(f.pods[0], "api");
    CHECK(s.state.reason.value == "CrashLoopBackOff");
    CHECK_THAT(s.last_state.message.value, StartsWith("panic: config"));
    CHECK_FALSE(s.last_state.exit_code.has());
  }
  SECTION("inside a container block") {
    model::Document d = make_doc(first_lines(full, 75));
    model::Facts f;
    parse::ParseError err = parse::parse_describe(d, f);
    CHECK(err.message == "truncated describe output");
    CHECK(err.line == 75);
    REQUIRE(f.pods.size() == 1);
    CHECK(status(f.pods[0], "api").last_state.exit_code.value == 1);
  }
  SECTION("inside the events: nothing says so") {
    model::Document d = make_doc(first_lines(full, 134));
    model::Facts f;
    CHECK_FALSE(parse::parse_describe(d, f));
    CHECK(f.events.size() == 4);
  }
  SECTION("inside a deployment's pod template") {
    std::string dep = read_data("crashloop-api/describe-deployment-api.txt");
    model::Document d = make_doc(first_lines(dep, 30));
    model::Facts f;
    parse::ParseError err = parse::parse_describe(d, f);
    CHECK(err.message == "truncated describe output");
    CHECK(err.line == 30);
    REQUIRE(f.workloads.size() == 1);
    CHECK(f.workloads[0].replicas.value == 2);
  }
}

TEST_CASE("describe: every cut of every file parses without harm", "[parse][describe]") {
  for (const char* rel :
       {"crashloop-api/describe-pod-api-7c9d8f6b5-x2k4p.txt",
        "crashloop-api/describe-deployment-api.txt",
        "crashloop-api/describe-configmap-api-config.txt", "stuck-rollout/describe-pods-all.txt"}) {
    std::string full = read_data(rel);
    for (size_t n = 0; n <= full.size(); n += (n < 600 ? 1 : 7)) {
      model::Document d = make_doc(full.substr(0, n));
      model::Facts f;
      parse::ParseError err = parse::parse_describe(d, f);
      if (err) CHECK(err.line <= d.line_count());
      for (const auto& p : f.pods) CHECK(p.meta.at.line <= d.line_count());
      for (const auto& e : f.events) CHECK(e.at.line <= d.line_count());
    }
  }
}

TEST_CASE("describe: not describe output", "[parse][describe]") {
  SECTION("empty") {
    CHECK_FALSE(parse::looks_like_describe(""));
    model::Document d = make_doc("");
    model::Facts f;
    CHECK_FALSE(parse::parse_describe(d, f));
    CHECK(f.pods.empty());
    CHECK(f.events.empty());
  }
  SECTION("a table, a log, random text") {
    CHECK_FALSE(parse::looks_like_describe(read_data("crashloop-api/get-pods.txt")));
    CHECK_FALSE(
        parse::looks_like_describe(read_data("crashloop-api/logs-api-7c9d8f6b5-x2k4p-api.txt")));
    std::string text = "The quick brown fox\nName: not at the start\nNamespace: x\n";
    CHECK_FALSE(parse::looks_like_describe(text));
    model::Document d = make_doc(text);
    model::Facts f;
    CHECK_FALSE(parse::parse_describe(d, f));
    CHECK(f.pods.empty());
    CHECK(f.others.empty());
  }
  SECTION("a name and nothing a describer prints") {
    CHECK_FALSE(parse::looks_like_describe("Name: x\nvalue: 1\n"));
  }
  SECTION("binary bytes") {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 131 + 7) % 256);
    model::Document d = make_doc("Name:  x\n" + junk);
    model::Facts f;
    (void)parse::parse_describe(d, f);
    CHECK(f.pods.empty());
  }
}
