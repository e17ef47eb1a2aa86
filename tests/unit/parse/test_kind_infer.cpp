// Objects without kind: the kind their fields say (parse/src/kind_infer),
// the file name as a tie-breaker, and the notes that tell a user so.
#include <catch2/catch.hpp>
#include <string>

#include "kubesift/parse/parse.h"
#include "parse/src/kind_infer.h"
#include "parse/src/layout.h"
#include "parse/src/tree.h"

using namespace kubesift;

namespace {

// The kind `json` (one object) is read as, with `hint` from its file's name.
struct Read {
  std::string kind, because;
  std::vector<std::string> fits;
};

Read infer(const std::string& json, std::string_view hint = {}) {
  model::Tree tree;
  std::vector<parse::Root> roots;
  std::vector<parse::TreeError> errors;
  REQUIRE(parse::json_to_tree(json, tree, roots, errors));
  REQUIRE(roots.size() == 1);
  parse::KindGuess g = parse::infer_kind(tree.value(roots[0].node), hint);
  Read r{std::string(g.kind), g.because, {}};
  for (auto k : g.fits) r.fits.emplace_back(k);
  return r;
}

std::string md(const std::string& name, const std::string& extra = "") {
  return R"("metadata":{"name":")" + name + R"(","namespace":"shop")" + extra + "}";
}

const std::string kTemplate =
    R"("template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}})";
const std::string kSelector = R"("selector":{"matchLabels":{"app":"web"}})";

model::Document doc(std::string content, std::string path) {
  model::Document d;
  d.id = 0;
  d.path = std::move(path);
  d.content = std::move(content);
  return d;
}

bool has_note(const model::Facts& f, const std::string& part) {
  for (const auto& n : f.notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

std::string notes(const model::Facts& f) {
  std::string s;
  for (const auto& n : f.notes) s += n + "\n";
  return s;
}

}  // namespace

TEST_CASE("kind inference: every kind is read from the fields the API documents for it") {
  struct Case {
    const char* kind;
    std::string json;
  };
  const Case cases[] = {
      {"Pod", "{" + md("web-1") + R"(,"spec":{"containers":[{"name":"web"}]}})"},
      {"Pod", "{" + md("web-1") +
                  R"(,"status":{"phase":"Running","containerStatuses":[{"name":"web"}]}})"},
      {"Pod", "{" + md("web-1") + R"(,"status":{"phase":"Pending","hostIP":"10.0.0.4"}})"},
      {"Deployment",
       "{" + md("web") + R"(,"spec":{"replicas":2,)" + kSelector + "," + kTemplate +
           R"(,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}}}})"},
      {"Deployment", "{" + md("web") + R"(,"spec":{)" + kSelector + "," + kTemplate +
                         R"(},"status":{"readyReplicas":1,"updatedReplicas":1}})"},
      {"ReplicaSet",
       "{" +
           md("web-7c9f8d7b5",
              R"(,"ownerReferences":[{"kind":"Deployment","name":"web","controller":true}])") +
           R"(,"spec":{"replicas":1,)" + kSelector + "," + kTemplate + "}}"},
      {"StatefulSet", "{" + md("db") + R"(,"spec":{"serviceName":"db",)" + kSelector + "," +
                          kTemplate + R"(,"volumeClaimTemplates":[]}})"},
      {"StatefulSet", "{" + md("db") + R"(,"spec":{"podManagementPolicy":"Parallel",)" + kSelector +
                          "," + kTemplate + "}}"},
      {"DaemonSet", "{" + md("agent") + R"(,"spec":{)" + kSelector + "," + kTemplate +
                        R"(},"status":{"desiredNumberScheduled":3,"numberReady":2}})"},
      {"Job",
       "{" + md("migrate") + R"(,"spec":{"backoffLimit":4,"completions":1,)" + kTemplate + "}}"},
      {"Job", "{" + md("migrate") + R"(,"spec":{)" + kTemplate + R"(},"status":{"succeeded":1}})"},
      {"CronJob", "{" + md("nightly") +
                      R"(,"spec":{"schedule":"0 3 * * *","jobTemplate":{"spec":{)" + kTemplate +
                      "}}}}"},
      {"ReplicationController", "{" + md("legacy") +
                                    R"(,"spec":{"replicas":1,"selector":{"app":"web"},)" +
                                    kTemplate + "}}"},
      {"Service",
       "{" + md("web") +
           R"(,"spec":{"ports":[{"port":80,"targetPort":8080}],"clusterIP":"10.96.0.10","selector":{"app":"web"}}})"},
      {"ConfigMap", "{" + md("web-conf") + R"(,"data":{"LOG_LEVEL":"info"}})"},
      {"ConfigMap", "{" + md("blobs") + R"(,"binaryData":{"logo.png":"iVBORw0KGgo="}})"},
      {"Secret", "{" + md("web-tls") + R"(,"type":"kubernetes.io/tls","data":{"tls.crt":"QUJD"}})"},
      {"Secret", "{" + md("empty") + R"(,"type":"Opaque"})"},
      {"PersistentVolumeClaim",
       "{" + md("data-db-0") +
           R"(,"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"10Gi"}}},"status":{"phase":"Pending"}})"},
      {"PersistentVolume",
       R"({"metadata":{"name":"pv-1"},"spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"10Gi"}}})"},
      {"Node",
       R"({"metadata":{"name":"worker-1"},"status":{"nodeInfo":{"kubeletVersion":"v1.32.4"}}})"},
      {"Node",
       R"({"metadata":{"name":"worker-1"},"status":{"capacity":{"cpu":"4"},"allocatable":{"cpu":"3800m"}}})"},
      {"Namespace",
       R"({"metadata":{"name":"shop"},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}})"},
      {"Event",
       "{" + md("web-1.1789") +
           R"(,"involvedObject":{"kind":"Pod","name":"web-1"},"reason":"BackOff","message":"Back-off","type":"Warning","count":3})"},
      {"Event",
       R"J({"namespace":"shop","lastTimestamp":"2026-01-10T11:59:00Z","reason":"BackOff","message":"Back-off restarting failed container web in pod web-1_shop(u1)","type":"Warning"})J"},
      {"Event",
       R"({"namespace":"shop","eventTime":"2026-01-10T11:59:00.000001Z","reason":"Scheduled","note":"Successfully assigned shop/web-1 to worker-1"})"},
      {"Ingress",
       "{" + md("web") +
           R"(,"spec":{"ingressClassName":"nginx","rules":[{"host":"a.example","http":{"paths":[]}}]}})"},
      {"NetworkPolicy",
       "{" + md("deny") + R"(,"spec":{"podSelector":{},"policyTypes":["Ingress"]}})"},
      {"PodDisruptionBudget", "{" + md("web") + R"(,"spec":{"minAvailable":1,)" + kSelector + "}}"},
      {"HorizontalPodAutoscaler",
       "{" + md("web") +
           R"(,"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5}})"},
      {"ServiceAccount", "{" + md("web") + R"(,"automountServiceAccountToken":false})"},
      {"Endpoints", "{" + md("web") + R"(,"subsets":[{"addresses":[{"ip":"10.1.0.4"}]}]})"},
      {"StorageClass", R"({"metadata":{"name":"standard"},"provisioner":"ebs.csi.aws.com"})"},
      {"Role", "{" + md("reader") +
                   R"(,"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]})"},
      {"RoleBinding",
       "{" + md("reader") + R"(,"roleRef":{"kind":"Role","name":"reader"},"subjects":[]})"},
  };
  for (const auto& c : cases) {
    Read r = infer(c.json);
    INFO(c.json);
    CHECK(r.kind == c.kind);
    CHECK(!r.because.empty());
    CHECK(r.fits.size() == 1);
  }
}

TEST_CASE("kind inference: an ambiguous object is not guessed; the file name breaks a tie") {
  // A controller with a template and a selector and nothing else: a
  // Deployment or a ReplicaSet (or another controller) alike.
  std::string controller =
      "{" + md("web") + R"(,"spec":{"replicas":1,)" + kSelector + "," + kTemplate + "}}";
  CHECK(infer(controller).kind.empty());
  // The name is the sole hint when no field says.
  CHECK(infer(controller, "Deployment").kind == "Deployment");
  // A ConfigMap whose every value is base64 may be a Secret without its
  // type: not guessed, unless the name says which.
  std::string b64 = "{" + md("creds") + R"(,"data":{"password":"c2VjcmV0MTIz","user":"YWRtaW4="}})";
  Read r = infer(b64);
  CHECK(r.kind.empty());
  CHECK(r.fits == std::vector<std::string>{"ConfigMap", "Secret"});
  CHECK(infer(b64, "Secret").kind == "Secret");
  CHECK(infer(b64, "ConfigMap").kind == "ConfigMap");
  // A Role or a ClusterRole without namespace and uid: neither is guessed.
  CHECK(infer(R"({"metadata":{"name":"r"},"rules":[{"verbs":["get"]}]})").kind.empty());
  // Data that is no object: no metadata, no event fields.
  CHECK(infer(R"({"data":{"a":"b"}})").kind.empty());
  CHECK(infer(R"({"data":{"a":"b"}})", "ConfigMap").kind.empty());
  CHECK(infer(R"({"reason":"x","message":"y","code":500})").kind.empty());
  CHECK(infer(R"({"status":"Failure","reason":"NotFound","message":"pods \"x\" not found"})")
            .kind.empty());
  // An object that names its kind is not inferred (it is read as written).
  CHECK(infer("{" + md("web-1") + R"(,"kind":"Pod","spec":{"containers":[]}})").kind.empty());
}

TEST_CASE("kind inference: a ConfigMap never becomes a Secret, a Secret never a ConfigMap") {
  std::string cm =
      "{" + md("web-conf") + R"(,"data":{"LOG_LEVEL":"info","app.yaml":"port: 8080\n"}})";
  CHECK(infer(cm).kind == "ConfigMap");
  CHECK(infer(cm, "Secret").kind == "ConfigMap");  // the fields decide before the name
  std::string secret = "{" + md("web-tls") + R"(,"type":"Opaque","data":{"LOG_LEVEL":"aW5mbw=="}})";
  CHECK(infer(secret).kind == "Secret");
  CHECK(infer(secret, "ConfigMap").kind == "Secret");
}

TEST_CASE("kind inference: the kind a file or folder name suggests") {
  CHECK(parse::kind_from_name("/tmp/pods.json") == "Pod");
  CHECK(parse::kind_from_name("/tmp/shop-events.ndjson") == "Event");
  CHECK(parse::kind_from_name("bundle.tar.gz:collected/deployments/shop.json") == "Deployment");
  CHECK(parse::kind_from_name("/tmp/pvc.yaml") == "PersistentVolumeClaim");
  CHECK(parse::kind_from_name("/tmp/objects.json").empty());
  CHECK(parse::kind_from_name("/tmp/pods-and-events.json").empty());  // two kinds: no hint
  CHECK(parse::kind_of_resource_word("Pod") == "Pod");
  CHECK(parse::kind_of_resource_word("statefulsets") == "StatefulSet");
}

TEST_CASE(
    "kind-less objects are decoded from bare objects, arrays, Lists and NDJSON, with a note") {
  const std::string pod1 =
      R"({"metadata":{"name":"web-1","namespace":"shop","uid":"u1"},"spec":{"containers":[{"name":"web","image":"web:1"}]},"status":{"phase":"Running","containerStatuses":[{"name":"web","restartCount":4,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})";
  const std::string pod2 =
      R"({"metadata":{"name":"web-2","namespace":"shop"},"spec":{"containers":[{"name":"web"}]}})";
  SECTION("NDJSON: one object a line is no log") {
    CHECK(parse::sniff(pod1 + "\n" + pod2 + "\n") == model::Format::KubeJson);
    model::Document d = doc(pod1 + "\n" + pod2 + "\n", "/in/dump.ndjson");
    model::Facts f;
    parse::parse_document(d, f);
    REQUIRE(f.pods.size() == 2);
    CHECK(f.pods[0].meta.name == "web-1");
    CHECK(f.pods[0].meta.kind == "Pod");
    REQUIRE(f.objects.size() == 2);
    CHECK(f.objects[0].kind_inferred);
    INFO(notes(f));
    CHECK(has_note(f,
                   "2 objects in /in/dump.ndjson had no kind: read as Pod from their fields "
                   "(spec.containers)"));
  }
  SECTION("a bare array and a kind-less List") {
    for (std::string text :
         {"[" + pod1 + "," + pod2 + "]", R"({"items":[)" + pod1 + "," + pod2 + "]}"}) {
      model::Document d = doc(text, "/in/x.json");
      model::Facts f;
      parse::parse_document(d, f);
      INFO(text.substr(0, 20) << "\n" << notes(f));
      CHECK(f.pods.size() == 2);
      CHECK(has_note(f, "2 objects in /in/x.json had no kind: read as Pod"));
    }
  }
  SECTION("pretty-printed bare objects one after another, and YAML") {
    model::Document d =
        doc("{\n  \"metadata\": {\"name\": \"web-1\"},\n  \"spec\": {\"containers\": []}\n}\n" +
                std::string(
                    "{\n  \"metadata\": {\"name\": \"conf\"},\n  \"data\": {\"a\": \"b\"}\n}\n"),
            "/in/mixed.json");
    model::Facts f;
    parse::parse_document(d, f);
    CHECK(f.pods.size() == 1);
    CHECK(f.configmaps.size() == 1);
    CHECK(has_note(
        f, "1 object in /in/mixed.json had no kind: read as ConfigMap from its fields (data)"));
    model::Document y =
        doc("metadata:\n  name: web-1\nspec:\n  containers:\n  - name: web\n", "/in/pod.yaml");
    model::Facts fy;
    parse::parse_document(y, fy);
    CHECK(fy.pods.size() == 1);
  }
  SECTION("an ambiguous object is not read, and the note says why") {
    std::string controller =
        "{" + md("web") + R"(,"spec":{"replicas":1,)" + kSelector + "," + kTemplate + "}}";
    model::Document d = doc("[" + controller + "]", "/in/controllers.json");
    model::Facts f;
    parse::parse_document(d, f);
    CHECK(f.workloads.empty());
    CHECK(has_note(f,
                   "1 object in /in/controllers.json had no kind and no field or name says which"));
    // In a file named for its kind, the name says.
    model::Document named = doc("[" + controller + "]", "/in/deployments.json");
    model::Facts g;
    parse::parse_document(named, g);
    REQUIRE(g.workloads.size() == 1);
    CHECK(g.workloads[0].meta.kind == "Deployment");
    CHECK(has_note(g, "read as Deployment from the file's name"));
  }
  SECTION("an event list in a reduced schema") {
    std::string events = R"J([
  {"namespace": "shop", "lastTimestamp": "2026-01-10T11:59:00Z", "reason": "BackOff",
   "message": "Back-off restarting failed container web in pod web-1_shop(u1)", "type": "Warning", "count": 7},
  {"namespace": "shop", "eventTime": "2026-01-10T11:50:00.1Z", "reason": "Scheduled",
   "message": "Successfully assigned shop/web-1 to worker-1", "type": "Normal"}
])J";
    model::Document d = doc(events, "/in/events.json");
    model::Facts f;
    parse::parse_document(d, f);
    REQUIRE(f.events.size() == 2);
    CHECK(f.events[0].ns == "shop");
    CHECK(f.events[0].involved_ns == "shop");
    CHECK(f.events[0].involved_name.empty());
    CHECK(f.events[0].count == 7);
    CHECK(f.events[0].last_seen == "2026-01-10T11:59:00Z");
    CHECK(f.events[1].last_seen == "2026-01-10T11:50:00.1Z");
    CHECK(f.objects.empty());  // events are no declared objects
    INFO(notes(f));
    CHECK(has_note(f, "2 objects in /in/events.json had no kind: read as Event from their fields"));
    // The same as NDJSON is no log either.
    std::string ndjson =
        R"({"namespace":"shop","lastTimestamp":"2026-01-10T11:59:00Z","reason":"BackOff","message":"Back-off","type":"Warning"})"
        "\n"
        R"({"namespace":"shop","lastTimestamp":"2026-01-10T11:59:01Z","reason":"Killing","message":"Stopping container web","type":"Normal"})"
        "\n";
    CHECK(parse::sniff(ndjson) == model::Format::KubeJson);
  }
  SECTION("a JSON log stays a log") {
    CHECK_FALSE(parse::looks_like_kindless_object_line(
        R"({"type":"audit","metadata":"user=a","spec":"x"})"));
    CHECK_FALSE(parse::looks_like_kindless_object_line(
        R"({"type":"audit","metadata":{"id":1},"spec":{}})"));
    CHECK(parse::looks_like_kindless_object_line(R"({"metadata":{"name":"a"},"type":"Opaque"})"));
    CHECK(parse::sniff(
              "{\"level\":\"info\",\"msg\":\"started\",\"metadata\":{\"name\":\"x\"},\"spec\":1}\n"
              "{\"level\":\"info\",\"msg\":\"ready\"}\n") == model::Format::LogJsonLines);
    CHECK(parse::sniff("{\"message\":\"a\",\"reason\":\"b\"}\n{\"message\":\"c\"}\n") ==
          model::Format::LogJsonLines);
  }
  SECTION("a support bundle's kind-less List: the file's place says, and the note too") {
    model::Document d =
        doc(R"({"kind":"List","items":[)" + pod2 + "]}", "bundle/cluster-resources/pods/shop.json");
    model::Facts f;
    parse::parse_document(d, f);
    CHECK(f.pods.size() == 1);
    CHECK(has_note(f, "read as Pod from the file's place in the layout"));
    // A typed List says its items' kind itself: no note.
    model::Document typed = doc(R"({"kind":"PodList","items":[)" + pod2 + "]}",
                                "bundle/cluster-resources/pods/shop.json");
    model::Facts g;
    parse::parse_document(typed, g);
    CHECK(g.pods.size() == 1);
    CHECK(g.notes.empty());
  }
}
