// `kubectl get` tables → model facts.
//
// kubectl prints a table through text/tabwriter: every column starts at the
// same rune offset as its header, cells are padded with at least three
// spaces, and values may hold single spaces ("14 (5m25s ago)"). Cells are cut
// at the header's offsets; a row that does not line up (watch output, a
// hand-edited file) falls back to splitting on runs of spaces. `get all`
// prints one table per kind, separated by blank lines, each with a header.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kubectl_text.h"
#include "kubesift/core/text.h"
#include "kubesift/parse/parse.h"

namespace kubesift::parse {
namespace {

using std::string;
using std::string_view;
constexpr size_t kNone = static_cast<size_t>(-1);

bool is_header_name(string_view n) {
  bool upper = false;
  for (char c : n) {
    if (c >= 'A' && c <= 'Z')
      upper = true;
    else if (!((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '_' || c == '/' || c == '(' ||
               c == ')' || c == '.'))
      return false;
  }
  return upper;
}

// clang-format off
// Multi-word column names, for headers whose spacing was collapsed.
constexpr std::pair<string_view, string_view> kTwoWordColumns[] = {
    {"LAST", "SEEN"}, {"FIRST", "SEEN"}, {"NOMINATED", "NODE"}, {"READINESS", "GATES"},
    {"NODE", "SELECTOR"}, {"LAST", "SCHEDULE"}, {"ACCESS", "MODES"}};

// Columns whose values are one word, or one of the known multi-word shapes;
// only tables made of these can be read without the alignment.
constexpr string_view kFlatSafeColumns[] = {
    "NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE",
    "READINESS GATES", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE", "DESIRED", "CURRENT",
    "UP-TO-DATE", "AVAILABLE"};

constexpr string_view kKnownColumns[] = {
    "READY", "STATUS", "RESTARTS", "AGE", "TYPE", "REASON", "OBJECT", "MESSAGE", "DESIRED",
    "CURRENT", "AVAILABLE", "UP-TO-DATE", "NODE", "IP", "ROLES", "VERSION", "DATA", "SEEN"};
// clang-format on

struct Header {
  std::vector<string> names;
  std::vector<size_t> offs;  // rune offsets; empty for a flat (single-spaced) header
  bool flat = false;
  size_t col(string_view name) const {
    for (size_t k = 0; k < names.size(); ++k)
      if (names[k] == name) return k;
    return kNone;
  }
};

bool read_header(string_view line, Header& h) {
  h = Header{};
  if (line.empty() || line[0] == ' ') return false;
  std::vector<string_view> cols = text::split_columns(line);
  if (cols.size() >= 2) {
    size_t pos = 0;
    for (string_view c : cols) {
      if (!is_header_name(c)) return false;
      pos = line.find(c, pos);
      h.names.emplace_back(c);
      h.offs.push_back(pos);
      pos += c.size();
    }
  } else {
    // "NAME READY STATUS RESTARTS AGE" as pasted into a chat or a document.
    std::vector<string_view> words;
    for (string_view w : text::split(line, ' '))
      if (!w.empty()) words.push_back(w);
    if (words.size() < 3) return false;
    size_t known = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      if (!is_header_name(words[i])) return false;
      string name(words[i]);
      for (auto [a, b] : kTwoWordColumns) {
        if (words[i] == a && i + 1 < words.size() && words[i + 1] == b) {
          name += ' ';
          name += b;
          ++i;
          break;
        }
      }
      if (in(words[i], kKnownColumns)) ++known;
      h.names.push_back(std::move(name));
    }
    if (known < 2) return false;
    for (const auto& n : h.names)
      if (!in(n, kFlatSafeColumns)) return false;
    h.flat = true;
  }
  const string& first = h.names.front();
  return first == "NAME" || first == "NAMESPACE" || first == "LAST SEEN";
}

// Single-spaced row: one word per column, except "14 (5m25s ago)",
// "2m (x3 over 10m)" and the MESSAGE, which runs to the end of the line.
bool split_flat(string_view s, const Header& h, std::vector<string_view>& cells) {
  cells.clear();
  size_t i = 0;
  for (size_t k = 0; k < h.names.size(); ++k) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) break;
    if (h.names[k] == "MESSAGE" && k + 1 == h.names.size()) {
      cells.push_back(text::trim(s.substr(i)));
      return true;
    }
    size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if ((h.names[k] == "RESTARTS" || h.names[k] == "LAST SEEN") && i + 2 < s.size() &&
        s[i + 1] == '(') {
      size_t close = s.find(')', i);
      if (close != string_view::npos) i = close + 1;
    }
    cells.push_back(s.substr(start, i - start));
  }
  return cells.size() + 1 >= h.names.size();
}

// "pod/x", "deployment.apps/x" → kind; OBJECT of events is "pod/x".
string kind_of_resource(string_view res) {
  res = res.substr(0, res.find('.'));
  // clang-format off
  static constexpr std::pair<string_view, string_view> kKinds[] = {
      {"pod", "Pod"}, {"deployment", "Deployment"}, {"replicaset", "ReplicaSet"},
      {"statefulset", "StatefulSet"}, {"daemonset", "DaemonSet"}, {"job", "Job"},
      {"cronjob", "CronJob"}, {"replicationcontroller", "ReplicationController"},
      {"service", "Service"}, {"node", "Node"}, {"namespace", "Namespace"},
      {"configmap", "ConfigMap"}, {"secret", "Secret"},
      {"persistentvolumeclaim", "PersistentVolumeClaim"},
      {"persistentvolume", "PersistentVolume"}, {"endpoints", "Endpoints"},
      {"endpointslice", "EndpointSlice"}, {"serviceaccount", "ServiceAccount"},
      {"horizontalpodautoscaler", "HorizontalPodAutoscaler"},
      {"poddisruptionbudget", "PodDisruptionBudget"}, {"ingress", "Ingress"},
      {"networkpolicy", "NetworkPolicy"}, {"storageclass", "StorageClass"}, {"event", "Event"}};
  // clang-format on
  string low = text::lower(res);
  for (auto [r, k] : kKinds)
    if (low == r) return string(k);
  string k(res);
  if (!k.empty() && k[0] >= 'a' && k[0] <= 'z') k[0] = static_cast<char>(k[0] - 'a' + 'A');
  return k;
}

// The kind a table lists, from its columns, when names carry no "kind/".
string kind_of_table(const Header& h) {
  auto has = [&](string_view n) { return h.col(n) != kNone; };
  if (has("LAST SEEN") && (has("OBJECT") || has("KIND"))) return "Event";
  if (has("READY") && has("STATUS") && has("RESTARTS")) return "Pod";
  if (has("DESIRED") && has("CURRENT") && has("UP-TO-DATE")) return "DaemonSet";
  if (has("DESIRED") && has("CURRENT")) return "ReplicaSet";
  if (has("READY") && has("UP-TO-DATE") && has("AVAILABLE")) return "Deployment";
  if (has("COMPLETIONS")) return "Job";
  if (has("SCHEDULE") && has("SUSPEND")) return "CronJob";
  if (has("ROLES") && has("VERSION")) return "Node";
  if (has("CLUSTER-IP")) return "Service";
  if (has("TYPE") && has("DATA")) return "Secret";
  if (has("DATA")) return "ConfigMap";
  if (has("RECLAIM POLICY")) return "PersistentVolume";
  if (has("VOLUME") && has("CAPACITY")) return "PersistentVolumeClaim";
  if (has("SECRETS")) return "ServiceAccount";
  if (has("ENDPOINTS")) return "Endpoints";
  if (has("READY") && h.names.size() <= 4) return "StatefulSet";
  return "";
}

bool leading_int(string_view v, long long& n) {
  size_t e = 0;
  while (e < v.size() && v[e] >= '0' && v[e] <= '9') ++e;
  return e > 0 && text::to_int(v.substr(0, e), n);
}

// "0/2" → (0, 2).
bool ratio(string_view v, long long& a, long long& b) {
  size_t slash = v.find('/');
  return slash != string_view::npos && text::to_int(v.substr(0, slash), a) &&
         text::to_int(v.substr(slash + 1), b);
}

bool present(string_view v) {
  return !v.empty() && v != "<none>" && v != "<unknown>";
}

class TableReader {
 public:
  TableReader(const model::Document& doc, model::Facts& out) : doc_(doc), out_(out) {}

  void run() {
    uint32_t n = doc_.line_count();
    bool in_table = false;
    for (uint32_t i = 1; i <= n; ++i) {
      string_view line = text::trim_right(doc_.line(i));
      if (text::trim(line).empty()) {
        in_table = false;
        continue;
      }
      Header h;
      if (read_header(line, h)) {
        end_table();
        header_ = std::move(h);
        table_kind_ = kind_of_table(header_);
        table_events_ = out_.events.size();
        ages_count_ = false;
        in_table = true;
        continue;
      }
      if (in_table) row(i, line);
    }
    end_table();
  }

 private:
  string_view cell(string_view name) const {
    size_t k = header_.col(name);
    return k < cells_.size() ? cells_[k] : string_view{};
  }

  void row(uint32_t no, string_view line) {
    size_t n = header_.names.size();
    bool ok = false;
    if (header_.flat) {
      ok = split_flat(line, header_, cells_);
    } else {
      ok = cut_at(line, header_.offs, cells_);
      if (!ok) {
        cells_ = split_cells(line, n);
        // Without the alignment an empty cell cannot be placed; such a row
        // is only usable when nothing is missing.
        ok = cells_.size() == n || (cells_.size() + 1 == n && header_.names.back() == "MESSAGE");
      }
    }
    if (!ok || cells_.empty()) return;
    model::SourceRef at{doc_.id, no};
    string_view name = cell("NAME");
    string kind = table_kind_;
    if (kind == "Event") {
      event(at);
      return;
    }
    size_t slash = name.find('/');
    if (slash != string_view::npos) {
      kind = kind_of_resource(name.substr(0, slash));
      name = name.substr(slash + 1);
    }
    if (kind.empty() || name.empty()) return;
    model::ObjectMeta meta;
    meta.kind = kind;
    meta.name = string(name);
    meta.ns = string(cell("NAMESPACE"));
    meta.at = at;
    if (string_view labels = cell("LABELS"); present(labels))
      for (string_view kv : text::split(labels, ',')) {
        size_t eq = kv.find('=');
        if (eq != string_view::npos)
          meta.labels[string(kv.substr(0, eq))] = string(kv.substr(eq + 1));
      }
    if (kind == "Pod") {
      pod(std::move(meta), at);
    } else if (in(kind, {"Deployment", "ReplicaSet", "ReplicationController", "StatefulSet",
                         "DaemonSet", "Job", "CronJob"})) {
      workload(std::move(meta), at);
    } else {
      model::GenericObject g;
      g.meta = std::move(meta);
      out_.others.push_back(std::move(g));
    }
  }

  void pod(model::ObjectMeta meta, model::SourceRef at) {
    model::Pod p;
    p.meta = std::move(meta);
    if (string_view v = cell("READY"); !v.empty()) p.table_ready.set(string(v), at);
    if (string_view v = cell("STATUS"); !v.empty()) p.table_status.set(string(v), at);
    long long n = 0;
    if (leading_int(cell("RESTARTS"), n)) p.table_restarts.set(n, at);
    if (string_view v = cell("NODE"); present(v)) p.node.set(string(v), at);
    out_.pods.push_back(std::move(p));
  }

  void workload(model::ObjectMeta meta, model::SourceRef at) {
    model::Workload w;
    w.meta = std::move(meta);
    long long a = 0, b = 0;
    if (ratio(cell("READY"), a, b)) {  // Deployment, StatefulSet: "ready/desired"
      w.ready_replicas.set(a, at);
      w.replicas.set(b, at);
    } else if (text::to_int(cell("READY"), a)) {  // ReplicaSet, DaemonSet
      w.ready_replicas.set(a, at);
    }
    if (text::to_int(cell("DESIRED"), a)) w.replicas.set(a, at);
    if (text::to_int(cell("UP-TO-DATE"), a)) w.updated_replicas.set(a, at);
    if (text::to_int(cell("AVAILABLE"), a)) w.available_replicas.set(a, at);
    // -o wide: CONTAINERS, IMAGES, SELECTOR.
    std::vector<string_view> names = text::split(cell("CONTAINERS"), ',');
    std::vector<string_view> images = text::split(cell("IMAGES"), ',');
    if (present(cell("CONTAINERS"))) {
      for (size_t i = 0; i < names.size(); ++i) {
        model::ContainerSpec c;
        c.name = string(names[i]);
        c.at = at;
        if (i < images.size() && !images[i].empty()) c.image.set(string(images[i]), at);
        w.containers.push_back(std::move(c));
      }
    }
    if (string_view sel = cell("SELECTOR"); present(sel) && sel.find('(') == string_view::npos)
      for (string_view kv : text::split(sel, ',')) {
        size_t eq = kv.find('=');
        if (eq != string_view::npos && kv.find("!=") == string_view::npos)
          w.selector[string(kv.substr(0, eq))] = string(kv.substr(eq + 1));
      }
    out_.workloads.push_back(std::move(w));
  }

  void event(model::SourceRef at) {
    model::Event e;
    e.at = at;
    e.ns = string(cell("NAMESPACE"));
    e.involved_ns = e.ns;
    e.type = string(cell("TYPE"));
    e.reason = string(cell("REASON"));
    e.message = string(cell("MESSAGE"));
    e.field_path = string(cell("SUBOBJECT"));
    string_view src = cell("SOURCE");
    e.source = string(src.substr(0, src.find(", ")));
    // LAST SEEN is "2m", or "2m (x12 over 9m)" from `kubectl events`. The
    // count is unknown (0) unless a COUNT column (`get events -o wide`, old
    // kubectl) or the age says it (end_table() for the bare ages).
    string_view last, first;
    if (split_event_age(cell("LAST SEEN"), last, first, e.count)) {
      e.first_seen = string(first);
      ages_count_ = true;
    }
    e.last_seen = string(last);
    if (string_view f = cell("FIRST SEEN"); !f.empty()) e.first_seen = string(f);
    long long n = 0;
    if (text::to_int(cell("COUNT"), n) && n > 0) e.count = n;
    string_view obj = cell("OBJECT");
    if (size_t slash = obj.find('/'); slash != string_view::npos) {
      e.involved_kind = kind_of_resource(obj.substr(0, slash));
      e.involved_name = string(obj.substr(slash + 1));
    } else if (!obj.empty()) {
      e.involved_kind = kind_of_resource(obj);
    }
    // Old kubectl: "… NAME  KIND  SUBOBJECT …" where NAME is the object's.
    if (string_view k = cell("KIND"); !k.empty()) {
      e.involved_kind = string(k);
      e.involved_name = string(cell("NAME"));
    }
    out_.events.push_back(std::move(e));
  }

  // `kubectl events` prints "(xN over …)" beside the age of an event seen
  // more than once and a bare age otherwise; `kubectl get events` prints a
  // bare age whatever the count, under the same header. A table in which
  // some age carries a count is the first: its bare ages mean once.
  void end_table() {
    if (!ages_count_) return;
    for (size_t k = table_events_; k < out_.events.size(); ++k)
      if (out_.events[k].count == 0) out_.events[k].count = 1;
    ages_count_ = false;
  }

  const model::Document& doc_;
  model::Facts& out_;
  Header header_;
  string table_kind_;
  size_t table_events_ = 0;  // the first event of the current table
  bool ages_count_ = false;  // an age of the current table carried "(xN over …)"
  std::vector<string_view> cells_;
};

}  // namespace

bool looks_like_get_table(std::string_view content) {
  content = content.substr(0, std::min<size_t>(content.size(), 8192));
  size_t pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    string_view line = text::trim_right(
        content.substr(pos, nl == string_view::npos ? string_view::npos : nl - pos));
    pos = nl == string_view::npos ? content.size() : nl + 1;
    if (text::trim(line).empty() || is_kubectl_noise(line)) continue;
    Header h;
    return read_header(line, h);
  }
  return false;
}

ParseError parse_get_table(const model::Document& doc, model::Facts& out) {
  TableReader r(doc, out);
  r.run();
  return {};
}

}  // namespace kubesift::parse
