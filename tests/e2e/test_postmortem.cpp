// Post-mortem expectations (tests/data/postmortem/<case>): what a senior SRE
// expects to read first in a cluster saved during an incident. Each case is
// analysed from what kubectl printed (rendered/*.txt), from the objects
// themselves (scenario/cluster/*.json and the logs) and, where saved, from
// `kubectl cluster-info dump`; every expectation must hold in each of them.
//   one finding per failure: a finding explained by another is its evidence
//   (FailedMount under Multi-Attach, the stuck rollout under its claim, the
//   node's SystemOOM under the container's OOM kill, three clients under
//   the dependency they all fail on); a claim's or node's finding lists the
//   pods it blocks; evidence cites the state line and the line that names
//   what is missing; age is judged from the snapshot's own "now"; hygiene
//   comes after every runtime cause, one finding per rule and namespace.
#include <regex>

#include "harness.h"
#include "kubesift/core/redact.h"

using namespace e2e;

namespace {

struct Variant {
  std::string name;
  std::vector<std::string> paths;
};

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}
bool starts(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

fs::path case_dir(const std::string& c) {
  return src("tests/data/postmortem/" + c);
}

// kubectl saves an empty file for a container that printed nothing, and
// kubesift reports empty inputs (test_bad_input): they are left out.
std::vector<Variant> variants(const std::string& c) {
  fs::path dir = case_dir(c), rendered = dir / "rendered", scenario = dir / "scenario";
  std::vector<Variant> out;
  out.push_back({"text", files(rendered, [&](const fs::path& p) {
                   std::string n = p.filename().string();
                   return p.parent_path() == rendered && n.ends_with(".txt") &&
                          n != "commands.txt" && fs::file_size(p) > 0;
                 })});
  Variant json{"json", files(scenario / "cluster", [](const fs::path&) { return true; })};
  auto logs = files(scenario / "logs", [](const fs::path& p) { return fs::file_size(p) > 0; });
  json.paths.insert(json.paths.end(), logs.begin(), logs.end());
  out.push_back(json);
  if (fs::is_directory(rendered / "cluster-info-dump"))
    out.push_back({"cluster-info-dump", {(rendered / "cluster-info-dump").string()}});
  for (const auto& v : out) REQUIRE(!v.paths.empty());
  return out;
}

// The pods of the case whose names start with `prefix`, from the scenario.
std::vector<std::string> pods(const std::string& c, const std::string& prefix) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string path = (case_dir(c) / "scenario/cluster/pods.json").string();
  REQUIRE(parser.load(path).get(doc) == simdjson::SUCCESS);
  std::vector<std::string> out;
  simdjson::dom::array items = doc["items"].get_array().value();
  for (simdjson::dom::element p : items) {
    std::string n = str(p["metadata"]["name"]);
    if (starts(n, prefix)) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  REQUIRE(!out.empty());
  return out;
}

Result run(const Variant& v, std::vector<std::string> extra = {}) {
  Result r = analyze(v.paths, std::move(extra));
  INFO("variant " << v.name << ":\n" << r.summary() << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.input_errors.empty());
  return r;
}

bool touches(const Finding& f, const std::string& name) {
  return f.subject_name == name ||
         std::find(f.affected.begin(), f.affected.end(), name) != f.affected.end();
}
bool lists(const Finding& f, const std::string& name) {
  return std::find(f.affected.begin(), f.affected.end(), name) != f.affected.end();
}
bool lists_prefix(const Finding& f, const std::string& prefix) {
  for (const auto& a : f.affected)
    if (starts(a, prefix)) return true;
  return false;
}

// The evidence line that holds `part` (nullptr when none does): in its text,
// or, when the report shortened the text, in the line of the file it cites.
// A JSON line holds the text with its quotes escaped.
const Finding::Ev* cites(const Finding& f, const std::string& part) {
  std::string escaped;
  for (char ch : part) escaped += ch == '"' ? std::string("\\\"") : std::string(1, ch);
  auto holds = [&](const std::string& line) { return has(line, part) || has(line, escaped); };
  for (const auto& e : f.evidence) {
    if (holds(e.text)) return &e;
    if (e.text.ends_with("…") && fs::is_regular_file(e.path) && holds(read_line(e.path, e.line)))
      return &e;
  }
  return nullptr;
}
// The line cited must be that line of that file, as the redacted text shows it.
void check_line_is_real(const Finding::Ev& e) {
  INFO("evidence " << e.path << ":" << e.line);
  if (!fs::is_regular_file(e.path)) return;  // a member of an archive
  std::string actual = kubesift::redact(read_line(e.path, e.line)), expect = e.text;
  if (expect.ends_with("…")) {
    expect.resize(expect.size() - 3);
    actual = actual.substr(0, expect.size());
  }
  CHECK(actual == expect);
}
// Checks that `f` cites a line holding `part`, and that the line is real.
#define CHECK_CITES(f, part)                          \
  do {                                                \
    const Finding::Ev* cited_ = cites((f), (part));   \
    INFO("a line of the evidence holds: " << (part)); \
    CHECK(cited_ != nullptr);                         \
    if (cited_) check_line_is_real(*cited_);          \
  } while (0)

std::string describe(const Finding& f) {
  std::string s = "#" + std::to_string(f.rank) + " " + f.severity + " " + f.rule + " " +
                  f.subject_kind + "/" + f.subject_ns + "/" + f.subject_name + "/" +
                  f.subject_container + " affected=[";
  for (const auto& a : f.affected) s += a + " ";
  s += "]\n  " + f.message + "\n";
  for (const auto& e : f.evidence)
    s += "    " + fs::path(e.path).filename().string() + ":" + std::to_string(e.line) + " " +
         e.text.substr(0, 160) + "\n";
  return s;
}
std::string describe(const Result& r) {
  std::string s;
  for (const auto& f : r.findings) s += describe(f);
  return s;
}

const std::set<std::string> kHygiene = {"missing-resource-limits", "probe-misconfig",
                                        "image-policy"};
bool hygiene(const Finding& f) {
  return kHygiene.count(f.category) > 0;
}
// The namespace a finding is about (a finding may be about the Namespace).
std::string ns_of(const Finding& f) {
  return f.subject_ns.empty() && f.subject_kind == "Namespace" ? f.subject_name : f.subject_ns;
}

}  // namespace

TEST_CASE("post-mortem multi-attach: one finding for the pod, the FailedMount among its evidence",
          "[postmortem]") {
  const std::string pod = pods("multi-attach", "wiki-").front();
  for (const auto& v : variants("multi-attach")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v);
      INFO("variant " << v.name << "\n" << describe(r));
      std::vector<const Finding*> mine;
      for (const auto& f : r.findings)
        if (touches(f, pod)) mine.push_back(&f);
      CHECK(mine.size() == 1);
      REQUIRE(!mine.empty());
      const Finding& f = *mine.front();  // the first, ranked highest
      CHECK(f.rule == "volume-multi-attach");
      CHECK(f.subject_name == pod);
      CHECK_CITES(f, "Multi-Attach error for volume \"pvc-");
      CHECK_CITES(f, "Unable to attach or mount volumes: unmounted volumes=[data]");
      CHECK_FALSE(r.fired("volume-mount-failed"));
    }
}

TEST_CASE(
    "post-mortem rollout-behind-claim: the claim first, blocking the pod, the rollout its evidence",
    "[postmortem]") {
  const std::string pod = pods("rollout-behind-claim", "thumbnailer-").front();
  for (const auto& v : variants("rollout-behind-claim")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v);
      INFO("variant " << v.name << "\n" << describe(r));
      REQUIRE(!r.findings.empty());
      const Finding& f = r.findings.front();
      CHECK(f.rule == "pvc-pending");
      CHECK(f.subject_kind == "PersistentVolumeClaim");
      CHECK(f.subject_name == "thumbnailer-cache");
      CHECK(lists(f, pod));
      // The line that names what is missing, and the claim's own state.
      CHECK_CITES(f, "storageclass.storage.k8s.io \"fast-ssd\" not found");
      bool state = false;
      std::regex pending(
          R"(^Status:\s+Pending$|"phase": "Pending"|^thumbnailer-cache\s+Pending\s)");
      for (const auto& e : f.evidence) {
        bool claim_file = has(e.path, "persistentvolumeclaims") || has(e.path, "describe-pvc-") ||
                          has(e.path, "get-pvc");
        if (claim_file && std::regex_search(e.text, pending)) {
          state = true;
          check_line_is_real(e);
        }
      }
      CHECK(state);
      // The rollout past its deadline is this claim's doing: its evidence
      // (the condition's reason in describe, its message in the JSON).
      const Finding::Ev* rollout = cites(f, "ProgressDeadlineExceeded");
      if (!rollout) rollout = cites(f, "has timed out progressing");
      CHECK(rollout != nullptr);
      if (rollout) check_line_is_real(*rollout);
      CHECK_FALSE(r.fired("rollout-stuck"));
      CHECK_FALSE(r.fired("unschedulable"));
      for (const auto& g : r.findings) {
        INFO(g.rule << ": " << g.message);
        CHECK_FALSE(g.message.ends_with(": "));
        CHECK_FALSE(has(g.message, "{"));
        CHECK_FALSE(has(g.message, "(unknown)"));
      }
    }
}

TEST_CASE(
    "post-mortem system-oom: the container's OOM kill cites the node's SystemOOM of that moment",
    "[postmortem]") {
  const std::string pod = pods("system-oom", "inventory-").front();
  for (const auto& v : variants("system-oom")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v);
      INFO("variant " << v.name << "\n" << describe(r));
      std::vector<const Finding*> oom;
      for (const auto& f : r.findings)
        if (f.rule == "oom-killed") oom.push_back(&f);
      REQUIRE(oom.size() == 1);
      CHECK(oom.front()->subject_name == pod);
      CHECK(oom.front()->subject_container == "inventory");
      CHECK_CITES(*oom.front(), "System OOM encountered, victim process: java, pid: 4312");
      CHECK_FALSE(r.fired("node-system-oom"));
    }
}

TEST_CASE(
    "post-mortem system-oom-other: a SystemOOM hours from any container kill is the node's own",
    "[postmortem]") {
  for (const auto& v : variants("system-oom-other")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v);
      INFO("variant " << v.name << "\n" << describe(r));
      const Finding* node = r.first("node-system-oom");
      REQUIRE(node != nullptr);
      CHECK(node->subject_name == "node-1");
      CHECK_CITES(*node, "victim process: python3, pid: 28211");
      for (const auto& f : r.findings)
        if (f.rule == "oom-killed") CHECK(cites(f, "System OOM encountered") == nullptr);
    }
}

TEST_CASE(
    "post-mortem recovered: the outage first; restarts two days ago are low and say their age",
    "[postmortem]") {
  const std::string checkout = pods("recovered", "checkout-").front();
  const std::string catalog = pods("recovered", "catalog-").front();
  for (const auto& v : variants("recovered")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v);
      INFO("variant " << v.name << "\n" << describe(r));
      REQUIRE(!r.findings.empty());
      const Finding& first = r.findings.front();
      CHECK(first.subject_name == checkout);
      CHECK((first.severity == "critical" || first.severity == "high"));
      std::vector<const Finding*> old;
      for (const auto& f : r.findings)
        if (touches(f, catalog)) old.push_back(&f);
      REQUIRE(!old.empty());
      for (const Finding* f : old) {
        INFO(describe(*f));
        CHECK(f->severity == "low");
        std::regex age(R"((^|[^0-9])(2d|2 days|4[78]h))");
        CHECK(std::regex_search(f->message, age));
      }
    }
}

TEST_CASE("post-mortem recent-restart: a restart three minutes ago is not old news",
          "[postmortem]") {
  const std::string catalog = pods("recent-restart", "catalog-").front();
  for (const auto& v : variants("recent-restart")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v);
      INFO("variant " << v.name << "\n" << describe(r));
      std::vector<const Finding*> mine;
      for (const auto& f : r.findings)
        if (touches(f, catalog)) mine.push_back(&f);
      REQUIRE(!mine.empty());
      for (const Finding* f : mine) {
        INFO(describe(*f));
        CHECK((f->severity == "medium" || f->severity == "high" || f->severity == "critical"));
      }
    }
}

TEST_CASE(
    "post-mortem noisy-bundle: the broken pod first, hygiene after it, one per rule and namespace",
    "[postmortem]") {
  const std::string orders = pods("noisy-bundle", "orders-").front();
  for (const auto& v : variants("noisy-bundle")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v);
      INFO("variant " << v.name << "\n" << describe(r));
      REQUIRE(!r.findings.empty());
      const Finding& first = r.findings.front();
      CHECK(first.subject_name == orders);
      CHECK_FALSE(hygiene(first));
      CHECK(has(first.message, "orders-db"));
      int last_cause = 0, first_hygiene = 1 << 30;
      std::map<std::pair<std::string, std::string>, int> per_rule_ns;
      for (const auto& f : r.findings) {
        if (!hygiene(f)) {
          last_cause = std::max(last_cause, f.rank);
          continue;
        }
        first_hygiene = std::min(first_hygiene, f.rank);
        ++per_rule_ns[{f.rule, ns_of(f)}];
        CHECK(!f.affected.empty());
      }
      CHECK(last_cause < first_hygiene);
      for (const auto& [key, n] : per_rule_ns) {
        INFO(key.first << " in " << key.second);
        CHECK(n == 1);
      }
      // The objects without a memory limit, one finding per namespace naming them.
      auto limits = [&](const std::string& ns) -> const Finding* {
        for (const auto& f : r.findings)
          if (f.rule == "memory-limit-missing" && ns_of(f) == ns) return &f;
        return nullptr;
      };
      const Finding* shop = limits("shop");
      CHECK(shop != nullptr);
      if (shop) {
        CHECK(lists_prefix(*shop, "storefront"));
        CHECK_FALSE(lists_prefix(*shop, "orders"));
      }
      if (v.name != "text") {  // kubectl printed the namespace shop only
        const Finding* system = limits("kube-system");
        CHECK(system != nullptr);
        if (system) {
          for (const char* w : {"kube-proxy", "metrics-server", "local-path-provisioner"}) {
            INFO(w);
            CHECK(lists_prefix(*system, w));
          }
          CHECK_FALSE(lists_prefix(*system, "coredns"));  // it has one (170Mi)
        }
        const Finding* flannel = limits("kube-flannel");
        CHECK(flannel != nullptr);
        if (flannel) CHECK(lists_prefix(*flannel, "kube-flannel"));
      }
    }
}

TEST_CASE("post-mortem noisy-bundle: --hygiene off reports the runtime causes only",
          "[postmortem]") {
  const std::string orders = pods("noisy-bundle", "orders-").front();
  for (const auto& v : variants("noisy-bundle")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v, {"--hygiene", "off"});
      INFO("variant " << v.name << "\n" << describe(r));
      REQUIRE(!r.findings.empty());
      CHECK(r.findings.front().subject_name == orders);
      for (const auto& f : r.findings) CHECK_FALSE(hygiene(f));
    }
}

// Every client pod (`pod_count` of them) of the workloads whose names start
// with `prefixes` is
// listed by one finding, the only one touching them, which names the
// dependency (postgres, 10.96.12.7).
static void check_shared_dependency(const std::vector<const char*>& prefixes, size_t pod_count) {
  std::vector<std::string> clients;
  for (const char* w : prefixes) {
    auto p = pods("shared-dependency", w);
    clients.insert(clients.end(), p.begin(), p.end());
  }
  REQUIRE(clients.size() == pod_count);
  for (const auto& v : variants("shared-dependency")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v);
      INFO("variant " << v.name << "\n" << describe(r));
      std::vector<const Finding*> touching;
      for (const auto& f : r.findings) {
        bool any = false;
        for (const auto& c : clients) any |= touches(f, c);
        if (any) touching.push_back(&f);
      }
      CHECK(touching.size() == 1);
      REQUIRE(!touching.empty());
      // The one that accounts for the most client pods.
      const Finding* best = touching.front();
      auto count = [&](const Finding* g) {
        return std::count_if(clients.begin(), clients.end(),
                             [&](const std::string& c) { return touches(*g, c); });
      };
      for (const Finding* g : touching)
        if (count(g) > count(best)) best = g;
      const Finding& f = *best;
      for (const auto& c : clients) {
        INFO(c);
        CHECK(lists(f, c));
      }
      CHECK((has(f.message, "postgres") || has(f.message, "10.96.12.7")));
    }
}

// The clients whose failing line names the dependency (dial tcp
// 10.96.12.7:5432): one finding.
TEST_CASE(
    "post-mortem shared-dependency: one finding for the dependency, every client pod affected",
    "[postmortem]") {
  check_shared_dependency({"orders-", "inventory-"}, 3);
}

// Known gap: libpq says "could not connect to server: Connection refused"
// and names the host and port on the next line ("Is the server running on
// host "postgres.shop.svc" (10.96.12.7) … port 5432?"); the signature's
// line does not name the dependency, so billing is not joined yet.
TEST_CASE(
    "post-mortem shared-dependency, libpq: a client that names the host on the next line joins it",
    "[postmortem][!mayfail]") {
  check_shared_dependency({"orders-", "billing-", "inventory-"}, 4);
}

TEST_CASE("post-mortem pull-secret-missing: the 401 and the missing regcred, named",
          "[postmortem]") {
  const std::string pod = pods("pull-secret-missing", "payments-api-").front();
  for (const auto& v : variants("pull-secret-missing")) DYNAMIC_SECTION("from " << v.name) {
      Result r = run(v);
      INFO("variant " << v.name << "\n" << describe(r));
      REQUIRE(!r.findings.empty());
      const Finding& f = r.findings.front();
      CHECK(f.subject_name == pod);
      CHECK_CITES(f, "Unable to retrieve some image pull secrets (regcred)");
      CHECK_CITES(f, "401 Unauthorized");
      CHECK(has(f.message, "regcred"));
      CHECK_FALSE(has(f.message, "[REDACTED]"));
    }
}
