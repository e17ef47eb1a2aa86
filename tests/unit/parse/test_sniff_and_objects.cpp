#include <catch2/catch.hpp>

#include "kubesift/parse/parse.h"

using namespace kubesift;
using model::Format;

namespace {

model::Document doc(std::string content, std::string path = "in") {
  model::Document d;
  d.id = 0;
  d.path = std::move(path);
  d.content = std::move(content);
  return d;
}

}  // namespace

TEST_CASE("formats are recognised from content") {
  CHECK(parse::sniff("") == Format::Empty);
  CHECK(parse::sniff("  \n\n") == Format::Empty);
  CHECK(parse::sniff(std::string("\x7f"
                                 "ELF\0\0\0\x01",
                                 8)) == Format::Binary);
  CHECK(parse::sniff("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}") == Format::KubeJson);
  CHECK(parse::sniff("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\"\n}") == Format::KubeJson);
  CHECK(parse::sniff("{\"message\":\"a\",\"severity\":\"info\"}\n{\"message\":\"b\"}\n") ==
        Format::LogJsonLines);
  CHECK(parse::sniff("apiVersion: v1\nkind: Pod\n") == Format::KubeYaml);
  CHECK(parse::sniff("# comment\n---\napiVersion: apps/v1\nkind: Deployment\n") ==
        Format::KubeYaml);
  CHECK(parse::sniff("starting server\nlistening on :8080\n") == Format::LogText);
}

TEST_CASE("a script is text, even with YAML in a here-document") {
  std::string script =
      "#!/usr/bin/env bash\nset -euo pipefail\ncat >\"$WORK/kubeconfig\" <<EOF\n"
      "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n"
      "    server: http://127.0.0.1:$(cat \"$WORK/port\")\nEOF\nkubectl get pods\n";
  CHECK(parse::sniff(script) == Format::LogText);
  CHECK(parse::sniff("#!/usr/bin/env python3\nimport json\nDATA = {\"kind\": \"Pod\"}\n") ==
        Format::LogText);
  // The same YAML without the interpreter line is a manifest.
  CHECK(parse::sniff("apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n") ==
        Format::KubeYaml);
  // A comment that is no interpreter line still leads YAML.
  CHECK(parse::sniff("# !important\napiVersion: v1\nkind: Pod\n") == Format::KubeYaml);
}

TEST_CASE("JSON objects keep the line of each fact") {
  model::Document d = doc(R"({
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "web-1", "namespace": "shop", "uid": "u1"},
  "spec": {"containers": [{"name": "web", "image": "web:1",
    "resources": {"limits": {"memory": "128Mi"}}}]},
  "status": {"phase": "Running", "containerStatuses": [{
    "name": "web", "ready": false, "restartCount": 4,
    "state": {"waiting": {"reason": "CrashLoopBackOff"}},
    "lastState": {"terminated": {"reason": "OOMKilled",
      "exitCode": 137}}}]}
})");
  model::Facts f;
  auto err = parse::parse_kube_json(d, f);
  REQUIRE_FALSE(err);
  REQUIRE(f.pods.size() == 1);
  const auto& p = f.pods[0];
  CHECK(p.meta.name == "web-1");
  CHECK(p.meta.ns == "shop");
  CHECK(p.meta.at.line == 4);
  REQUIRE(p.containers.size() == 1);
  CHECK(p.containers[0].resources.memory_limit.value == "128Mi");
  CHECK(p.containers[0].resources.memory_limit.at.line == 6);
  REQUIRE(p.statuses.size() == 1);
  const auto& s = p.statuses[0];
  CHECK(s.restart_count.value == 4);
  CHECK(s.state.reason.value == "CrashLoopBackOff");
  CHECK(s.state.reason.at.line == 9);
  CHECK(s.last_state.reason.value == "OOMKilled");
  CHECK(s.last_state.exit_code.value == 137);
  CHECK(s.last_state.exit_code.at.line == 11);
  CHECK_FALSE(p.from_manifest);
}

TEST_CASE("a List and its typed items are decoded - events in both API shapes") {
  model::Document d = doc(R"({"apiVersion":"v1","kind":"List","items":[
{"apiVersion":"v1","kind":"Event","metadata":{"namespace":"a"},"involvedObject":{"kind":"Pod","name":"p","fieldPath":"spec.containers{c}"},"reason":"BackOff","message":"Back-off restarting failed container","type":"Warning","count":7},
{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"namespace":"a"},"regarding":{"kind":"Pod","name":"p"},"reason":"Unhealthy","note":"Liveness probe failed: x","type":"Warning","series":{"count":3}}
]})");
  model::Facts f;
  REQUIRE_FALSE(parse::parse_kube_json(d, f));
  REQUIRE(f.events.size() == 2);
  CHECK(f.events[0].count == 7);
  CHECK(f.events[0].field_path == "spec.containers{c}");
  CHECK(f.events[0].at.line == 2);
  CHECK(f.events[1].message == "Liveness probe failed: x");
  CHECK(f.events[1].count == 3);
  CHECK(f.events[1].involved_ns == "a");
}

TEST_CASE("broken JSON keeps what came before and names the line") {
  model::Document d =
      doc("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n"
          "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}},\n"
          "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":");
  model::Facts f;
  auto err = parse::parse_kube_json(d, f);
  CHECK(err);
  CHECK(err.line >= 1);
}

TEST_CASE("YAML streams split like Kubernetes - a broken document does not hide the rest") {
  model::Document d =
      doc("# Source: chart/templates/a.yaml\n"
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n"
          "  selector: {matchLabels: {app: a}}\n"
          "  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers:\n"
          "      - name: a\n        image: a:1\n        script: |\n          echo one\n"
          "          ---\n          echo two\n"
          "--- # second\n"
          "apiVersion: v1\nkind: Service\nmetadata: {name: [unclosed\n"
          "---\n"
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  k: v\n");
  model::Facts f;
  auto err = parse::parse_kube_yaml(d, f);
  CHECK(err);
  CHECK(err.line >= 19);
  REQUIRE(f.workloads.size() == 1);
  CHECK(f.workloads[0].meta.name == "a");
  CHECK(f.workloads[0].from_manifest);
  REQUIRE(f.workloads[0].containers.size() == 1);
  CHECK(f.workloads[0].containers[0].at.line == 12);
  REQUIRE(f.configmaps.size() == 1);
  CHECK(f.configmaps[0].meta.at.line == 26);
  CHECK(f.configmaps[0].keys == std::vector<std::string>{"k"});
}

TEST_CASE("Secrets keep their keys, never their values") {
  model::Document d =
      doc("apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata:\n  password: aHVudGVyMg==\n");
  model::Facts f;
  REQUIRE_FALSE(parse::parse_kube_yaml(d, f));
  REQUIRE(f.secrets.size() == 1);
  CHECK(f.secrets[0].keys == std::vector<std::string>{"password"});
}

TEST_CASE("parse_document sets format and errors - never throws on junk") {
  for (std::string junk : {std::string("\0\0\0", 3), std::string("{{{{"),
                           std::string("apiVersion: [\n"), std::string(5000, '{')}) {
    model::Document d = doc(junk);
    model::Facts f;
    parse::parse_document(d, f);
    CHECK_FALSE(d.error.empty());
  }
  // Valid JSON that holds no Kubernetes object is recognised, not an error.
  model::Document d = doc("[1,2,3]");
  model::Facts f;
  parse::parse_document(d, f);
  CHECK(d.error.empty());
  CHECK(d.format == model::Format::OtherData);
}

TEST_CASE("a run of NUL bytes between log lines leaves a log; scattered NULs are binary") {
  std::string log = "2024-05-01T10:00:00Z INFO started\n";
  std::string with_run = log + std::string(4096, '\0') + "2024-05-01T10:00:01Z ERROR boom\n";
  CHECK(parse::sniff(with_run) == Format::LogText);
  std::string scattered;
  for (char c : std::string("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n")) {
    scattered += c;
    scattered += '\0';  // UTF-16LE without its byte-order mark
  }
  CHECK(parse::sniff(scattered) == Format::Binary);
  CHECK(parse::sniff(std::string(4096, '\0')) == Format::Binary);
}

TEST_CASE("a UTF-16 document in a UTF-8 YAML stream is refused alone, with its line") {
  std::string second = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n";
  std::string utf16 = "\xff\xfe";
  for (char c : second) {
    utf16 += c;
    utf16 += '\0';
  }
  model::Document d =
      doc("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n" + utf16, "mixed.yaml");
  model::Facts f;
  parse::parse_document(d, f);
  CHECK(d.format == Format::KubeYaml);
  REQUIRE(f.configmaps.size() == 1);
  CHECK(f.configmaps[0].meta.name == "a");
  CHECK(d.error_line == 6);
  CHECK(d.error.find("UTF-16LE") != std::string::npos);
}

TEST_CASE("YAML data refused by a limit is an error, not read again as a log") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char k = 'b'; k <= 'i'; ++k) {
    bomb += std::string(1, k) + ": &" + k + "\n";
    for (int i = 0; i < 10; ++i) bomb += std::string("  - *") + char(k - 1) + "\n";
  }
  model::Document d = doc(bomb, "bomb.yaml");
  model::Facts f;
  parse::parse_document(d, f);
  CHECK(d.format == Format::KubeYaml);
  CHECK(d.error.find("billion") != std::string::npos);
  CHECK(f.logs.empty());
}
