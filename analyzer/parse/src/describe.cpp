// `kubectl describe` text → model facts.
//
// kubectl writes describe output through a PrefixWriter (two spaces per
// nesting level) into a text/tabwriter, so a line is "<indent>Key:<pad>value"
// with values aligned per column block. Most of the structure is therefore in
// the indentation, but not all of it: a multi-line value (a termination
// message, an event message) is written verbatim, so its continuation lines
// start in column 0 and break the column alignment of everything after them.
// The parser is a line state machine that keeps such values open until a line
// arrives that can only be the next field.
//
// Text pasted from chat or documents often loses its indentation. When an
// object has no indented line at all ("flat"), the same machine runs on the
// names of the keys instead of their depth.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "describe_scheduling.h"
#include "kubectl_text.h"
#include "kubesift/core/text.h"
#include "kubesift/parse/parse.h"

namespace kubesift::parse {
namespace {

using std::string;
using std::string_view;
constexpr size_t kNone = static_cast<size_t>(-1);

// ---------------------------------------------------------------------------
// Lines

struct Ln {
  uint32_t no = 0;    // 1-based line number
  string_view raw;    // the line, trailing blanks removed
  size_t indent = 0;  // leading spaces
  string_view text;   // raw without the indentation
  string_view key;    // "Key" of "Key:  value"; empty when the line is not one
  string_view value;  // trimmed value after the colon
  bool blank() const { return text.empty(); }
  bool is_key() const { return !key.empty(); }
  bool key_only() const { return !key.empty() && value.empty(); }
};

// A describe key never holds two spaces in a row (the tabwriter pads with at
// least two), so table rows such as "Warning  Failed  3m  kubelet  Error: x"
// are not mistaken for a key.
void split_key(Ln& l) {
  string_view t = l.text;
  for (size_t p = 0; p < t.size(); ++p) {
    if (t[p] != ':') continue;
    if (p + 1 < t.size() && t[p + 1] != ' ' && t[p + 1] != '\t') continue;
    string_view key = text::trim_right(t.substr(0, p));
    if (key.empty() || key.size() > 120 || key.find("  ") != string_view::npos) return;
    l.key = key;
    l.value = text::trim(t.substr(p + 1));
    return;
  }
}

std::vector<Ln> index_lines(const model::Document& doc) {
  std::vector<Ln> out;
  uint32_t n = doc.line_count();
  out.reserve(n);
  for (uint32_t i = 1; i <= n; ++i) {
    Ln l;
    l.no = i;
    l.raw = text::trim_right(doc.line(i));
    l.indent = text::indent_of(l.raw);
    l.text = l.raw.substr(l.indent);
    split_key(l);
    out.push_back(l);
  }
  return out;
}

// clang-format off
// Keys kubectl prints at the top level of the objects we read. Only needed
// when the indentation is gone.
constexpr string_view kTopKeys[] = {
    "Name", "Namespace", "Priority", "Priority Class Name", "Runtime Class Name",
    "Service Account", "Node", "Start Time", "Labels", "Annotations", "Status",
    "Termination Grace Period", "Reason", "Message", "SeccompProfile", "IP", "IPs",
    "Controlled By", "NominatedNodeName", "Resources", "Init Containers", "Containers",
    "Ephemeral Containers", "Readiness Gates", "Conditions", "Volumes", "QoS Class",
    "Node-Selectors", "Tolerations", "Topology Spread Constraints", "Events", "Selector",
    "Replicas", "Pods Status", "Pod Template", "CreationTimestamp", "StrategyType",
    "MinReadySeconds", "RollingUpdateStrategy", "OldReplicaSets", "NewReplicaSet",
    "Update Strategy", "Volume Claims", "Roles", "Taints", "Unschedulable", "Lease", "Addresses",
    "Capacity", "Allocatable", "System Info", "Type", "Node-Selector"};

// Keys at the level of a container.
constexpr string_view kFieldKeys[] = {
    "Container ID", "Image", "Image ID", "Port", "Ports", "Host Port", "Host Ports",
    "SeccompProfile", "Command", "Args", "State", "Last State", "Ready", "Restart Count",
    "Limits", "Requests", "Liveness", "Readiness", "Startup", "Environment Variables from",
    "Environment", "Mounts", "Devices", "Restart Policy", "Resize Policy"};

// Keys under State: / Last State:.
constexpr string_view kStateKeys[] = {
    "Reason", "Message", "Exit Code", "Signal", "Started", "Finished"};

// Keys directly under Pod Template:.
constexpr string_view kTemplateKeys[] = {
    "Labels", "Annotations", "Service Account", "Init Containers", "Containers", "Volumes",
    "Node-Selectors", "Tolerations", "Priority Class Name", "Topology Spread Constraints"};

// The line after an object's "Name:" in the describers that print one.
constexpr string_view kSecondKeys[] = {
    "Namespace", "Labels", "Roles", "Value", "Annotations", "Priority", "Service Account", "Node",
    "StorageClass", "Selector"};
// clang-format on

void add_label(std::map<string, string>& to, string_view kv) {
  kv = text::trim(kv);
  if (kv.empty() || kv == "<none>") return;
  size_t eq = kv.find('=');
  if (eq == string_view::npos || eq == 0) return;
  to[string(kv.substr(0, eq))] = string(kv.substr(eq + 1));
}

// "app=api,tier=backend" (set-based terms such as "tier in (a,b)" are skipped).
void add_selector(std::map<string, string>& to, string_view sel) {
  if (sel.find('(') != string_view::npos) {
    // Commas inside "in (a,b)" would split the term; keep only plain k=v terms.
    for (string_view term : text::split(sel, ',')) {
      term = text::trim(term);
      if (term.find(' ') == string_view::npos && term.find("!=") == string_view::npos)
        add_label(to, term);
    }
    return;
  }
  for (string_view term : text::split(sel, ',')) {
    if (term.find("!=") == string_view::npos) add_label(to, term);
  }
}

// ---------------------------------------------------------------------------
// Table headers of the Events and Conditions tables (cells: columns.h).

struct Header {
  std::vector<string> names;
  std::vector<size_t> offs;  // rune offsets of the column starts
  bool flat = false;         // single spaces between names (pasted text)
};

Header read_header(string_view raw) {
  Header h;
  size_t i = 0;
  while (i < raw.size()) {
    while (i < raw.size() && raw[i] == ' ') ++i;
    if (i >= raw.size()) break;
    size_t start = i;
    while (i < raw.size() && !(raw[i] == ' ' && i + 1 < raw.size() && raw[i + 1] == ' ')) ++i;
    h.names.emplace_back(text::trim_right(raw.substr(start, i - start)));
    h.offs.push_back(start);
  }
  if (h.names.size() == 1 && h.names[0].find(' ') != string::npos) {
    h.flat = true;
    h.names.clear();
    h.offs.clear();
    for (string_view w : text::split(text::trim(raw), ' '))
      if (!w.empty()) h.names.emplace_back(w);
  }
  return h;
}

// ---------------------------------------------------------------------------
// Probes: "http-get http://:8081/healthz delay=0s timeout=1s period=10s
// #success=1 #failure=3", "tcp-socket :8080 …", "exec [cat /tmp/healthy] …",
// "grpc <pod>:9091 <service> …".

long long attr_num(string_view v) {
  if (!v.empty() && v.back() == 's') v.remove_suffix(1);
  long long n = 0;
  return text::to_int(v, n) ? n : 0;
}

void split_host_port(string_view hp, string& host, string& port) {
  if (!hp.empty() && hp.front() == '[') {
    size_t close = hp.find(']');
    if (close != string_view::npos) {
      host = string(hp.substr(1, close - 1));
      if (close + 1 < hp.size() && hp[close + 1] == ':') port = string(hp.substr(close + 2));
      return;
    }
  }
  size_t colon = hp.rfind(':');
  if (colon == string_view::npos) {
    host = string(hp);
    return;
  }
  host = string(hp.substr(0, colon));
  port = string(hp.substr(colon + 1));
}

model::Probe parse_probe(string_view v, model::SourceRef at) {
  model::Probe p;
  p.at = at;
  size_t attrs = v.rfind(" delay=");
  string_view head = text::trim(attrs == string_view::npos ? v : v.substr(0, attrs));
  if (attrs != string_view::npos) {
    for (string_view a : text::split(v.substr(attrs + 1), ' ')) {
      size_t eq = a.find('=');
      if (eq == string_view::npos) continue;
      string_view k = a.substr(0, eq), val = a.substr(eq + 1);
      if (k == "delay")
        p.initial_delay = attr_num(val);
      else if (k == "timeout")
        p.timeout = attr_num(val);
      else if (k == "period")
        p.period = attr_num(val);
      else if (k == "#success")
        p.success_threshold = attr_num(val);
      else if (k == "#failure")
        p.failure_threshold = attr_num(val);
    }
  }
  if (head.starts_with("http-get ")) {
    p.handler = "httpGet";
    string_view url = text::trim(head.substr(9));
    size_t sep = url.find("://");
    if (sep != string_view::npos) {
      // The API spells the scheme "HTTP"/"HTTPS"; describe prints a URL.
      for (char c : url.substr(0, sep))
        p.scheme += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      url = url.substr(sep + 3);
    }
    size_t slash = url.find('/');
    split_host_port(url.substr(0, slash), p.host, p.port);
    if (slash != string_view::npos) p.path = string(url.substr(slash));
  } else if (head.starts_with("tcp-socket ")) {
    p.handler = "tcpSocket";
    split_host_port(text::trim(head.substr(11)), p.host, p.port);
  } else if (head.starts_with("exec ")) {
    p.handler = "exec";
    string_view cmd = text::trim(head.substr(5));
    if (cmd.size() >= 2 && cmd.front() == '[' && cmd.back() == ']')
      cmd = cmd.substr(1, cmd.size() - 2);
    // Go prints the []string with single spaces, so arguments that held
    // spaces cannot be told apart; this is the best split there is.
    for (string_view w : text::split(cmd, ' '))
      if (!w.empty()) p.command.emplace_back(w);
  } else if (head.starts_with("grpc ")) {
    p.handler = "grpc";
    string_view rest = text::trim(head.substr(5));
    size_t colon = rest.find(':');
    if (colon != string_view::npos) {
      string_view port = rest.substr(colon + 1);
      p.port = string(port.substr(0, port.find(' ')));
    }
  }
  return p;
}

// ---------------------------------------------------------------------------
// Containers

bool is_container_name(const std::vector<Ln>& lines, size_t i, size_t end) {
  const Ln& l = lines[i];
  if (!l.key_only() || l.key.find(' ') != string_view::npos) return false;
  for (size_t j = i + 1; j < end; ++j) {
    if (lines[j].blank()) continue;
    return lines[j].key == "Container ID" || lines[j].key == "Image";
  }
  return false;
}

// One "Containers:" / "Init Containers:" block, of a pod (with the runtime
// status interleaved) or of a pod template (spec only).
class ContainerBlock {
 public:
  ContainerBlock(model::DocId doc, bool init, bool flat) : doc_(doc), init_(init), flat_(flat) {}

  // True while a multi-line message is open and `l` continues it: the caller
  // must then not read `l` as a new section even when it starts in column 0.
  bool absorbs(const std::vector<Ln>& lines, size_t i, size_t end) const {
    return msg_ != nullptr && !ends_message(lines, i, end);
  }

  void feed(const std::vector<Ln>& lines, size_t i, size_t end) {
    const Ln& l = lines[i];
    if (msg_) {
      if (!ends_message(lines, i, end)) {
        if (l.blank()) {
          ++msg_blanks_;
        } else {
          if (!msg_text_.empty()) msg_text_.append(msg_blanks_ + 1, '\n');
          msg_text_ += text::trim(l.raw);
          msg_blanks_ = 0;
        }
        return;
      }
      close_message();
    }
    if (l.blank()) return;
    if ((field_indent_ == kNone || l.indent < field_indent_ || flat_) &&
        is_container_name(lines, i, end)) {
      start(l);
      return;
    }
    if (items_.empty()) return;
    Item& c = items_.back();
    if (expect_field_indent_) {
      field_indent_ = l.indent;
      expect_field_indent_ = false;
    }
    bool field = flat_ ? in(l.key, kFieldKeys) : l.indent <= field_indent_;
    if (field) {
      on_field(c, l);
    } else {
      on_sub(c, l);
    }
  }

  void finish(std::vector<model::ContainerSpec>& specs,
              std::vector<model::ContainerStatus>* statuses) {
    close_message();
    for (auto& it : items_) {
      if (statuses && it.has_status) statuses->push_back(std::move(it.status));
      specs.push_back(std::move(it.spec));
    }
    items_.clear();
  }

 private:
  enum class Sub { None, State, LastState, Limits, Requests, Command, Args, Env, EnvFrom, Mounts };
  struct Item {
    model::ContainerSpec spec;
    model::ContainerStatus status;
    bool has_status = false;
    bool resources_at_set = false;
  };

  model::SourceRef ref(const Ln& l) const { return {doc_, l.no}; }

  bool ends_message(const std::vector<Ln>& lines, size_t i, size_t end) const {
    const Ln& l = lines[i];
    if (!l.is_key()) return false;
    if (in(l.key, kStateKeys) && (flat_ || l.indent == msg_indent_)) return true;
    if (in(l.key, kFieldKeys) && (flat_ || l.indent == field_indent_)) return true;
    if (l.indent == 0 && in(l.key, kTopKeys)) return true;
    if (l.indent < field_indent_ && is_container_name(lines, i, end)) return true;
    return false;
  }

  void close_message() {
    if (!msg_) return;
    msg_->value = std::move(msg_text_);
    msg_ = nullptr;
    msg_text_.clear();
    msg_blanks_ = 0;
  }

  void start(const Ln& l) {
    Item it;
    it.spec.name = string(l.key);
    it.spec.init = init_;
    it.spec.at = ref(l);
    // describe shows a container's resources and probes whenever it has
    // any, so their absence is itself the answer.
    it.spec.resources.known = true;
    it.spec.resources.at = ref(l);
    it.spec.probes_known = true;
    it.status.name = it.spec.name;
    it.status.init = init_;
    it.status.at = ref(l);
    items_.push_back(std::move(it));
    sub_ = Sub::None;
    expect_field_indent_ = field_indent_ == kNone;
    env_indent_ = kNone;
  }

  static model::ContainerState::Kind state_kind(string_view v) {
    using K = model::ContainerState::Kind;
    if (v.starts_with("Waiting")) return K::Waiting;
    if (v.starts_with("Running")) return K::Running;
    if (v.starts_with("Terminated")) return K::Terminated;
    return K::None;
  }

  void on_field(Item& c, const Ln& l) {
    sub_ = Sub::None;
    string_view k = l.key, v = l.value;
    model::SourceRef at = ref(l);
    if (k == "Container ID") {
      c.has_status = true;
    } else if (k == "Image") {
      c.spec.image.set(string(v), at);
    } else if (k == "Port" || k == "Ports") {
      c.spec.ports_known = true;
      c.spec.port_names_known = false;  // describe prints no port names
      if (v == "<none>" || v.empty()) return;
      for (string_view p : text::split(v, ',')) {
        p = text::trim(p);
        size_t slash = p.find('/');
        model::ContainerPort cp;
        if (!text::to_int(p.substr(0, slash), cp.port)) continue;
        if (slash != string_view::npos) cp.protocol = string(p.substr(slash + 1));
        cp.at = at;
        c.spec.ports.push_back(std::move(cp));
      }
    } else if (k == "Command") {
      sub_ = Sub::Command;
      c.spec.command_at = at;
    } else if (k == "Args") {
      sub_ = Sub::Args;
      c.spec.args_at = at;
    } else if (k == "State" || k == "Last State") {
      c.has_status = true;
      model::ContainerState& s = k == "State" ? c.status.state : c.status.last_state;
      s.kind = state_kind(v);
      s.at = at;
      sub_ = k == "State" ? Sub::State : Sub::LastState;
    } else if (k == "Ready") {
      c.has_status = true;
      c.status.ready.set(v == "True" || v == "true", at);
    } else if (k == "Restart Count") {
      c.has_status = true;
      long long n = 0;
      if (text::to_int(v, n)) c.status.restart_count.set(n, at);
    } else if (k == "Limits" || k == "Requests") {
      sub_ = k == "Limits" ? Sub::Limits : Sub::Requests;
      if (!c.resources_at_set) {
        c.spec.resources.at = at;
        c.resources_at_set = true;
      }
    } else if (k == "Liveness") {
      c.spec.liveness = parse_probe(v, at);
    } else if (k == "Readiness") {
      c.spec.readiness = parse_probe(v, at);
    } else if (k == "Startup") {
      c.spec.startup = parse_probe(v, at);
    } else if (k == "Environment Variables from") {
      sub_ = Sub::EnvFrom;
    } else if (k == "Environment") {
      c.spec.env_known = true;
      sub_ = Sub::Env;
      env_indent_ = kNone;
    } else if (k == "Mounts") {
      sub_ = Sub::Mounts;
    }
  }

  void on_sub(Item& c, const Ln& l) {
    model::SourceRef at = ref(l);
    switch (sub_) {
      case Sub::State:
      case Sub::LastState: {
        model::ContainerState& s = sub_ == Sub::State ? c.status.state : c.status.last_state;
        string_view k = l.key, v = l.value;
        long long n = 0;
        if (k == "Reason") {
          s.reason.set(string(v), at);
        } else if (k == "Message") {
          s.message.set(string(v), at);
          msg_ = &s.message;
          msg_text_ = string(v);
          msg_indent_ = l.indent;
          msg_blanks_ = 0;
        } else if (k == "Exit Code") {
          if (text::to_int(v, n)) s.exit_code.set(n, at);
        } else if (k == "Signal") {
          if (text::to_int(v, n)) s.signal.set(n, at);
        } else if (k == "Started") {
          s.started_at = string(v);
        } else if (k == "Finished") {
          s.finished_at = string(v);
        }
        break;
      }
      case Sub::Limits:
      case Sub::Requests: {
        bool lim = sub_ == Sub::Limits;
        model::Resources& r = c.spec.resources;
        if (l.key == "cpu") (lim ? r.cpu_limit : r.cpu_request).set(string(l.value), at);
        if (l.key == "memory") (lim ? r.memory_limit : r.memory_request).set(string(l.value), at);
        if (!lim && l.is_key() && l.key != "cpu" && l.key != "memory")
          r.other_requests[string(l.key)].set(string(l.value), at);
        break;
      }
      case Sub::Command: c.spec.command.emplace_back(l.text); break;
      case Sub::Args: c.spec.args.emplace_back(l.text); break;
      case Sub::Env: on_env(c, l); break;
      case Sub::EnvFrom: {
        std::vector<string_view> cols = text::split_columns(l.text);
        if (cols.size() < 2) {
          // Collapsed spacing: "name Secret with prefix 'X_' Optional: true".
          string_view t = l.text;
          size_t sp = t.find(' '), opt = t.rfind(" Optional:");
          if (sp == string_view::npos || opt == string_view::npos || opt <= sp) break;
          cols = {t.substr(0, sp), t.substr(sp + 1, opt - sp - 1), t.substr(opt + 1)};
        }
        model::EnvFromSource f;
        f.name = string(cols[0]);
        string_view kind = cols[1];
        size_t pre = kind.find(" with prefix '");
        if (pre != string_view::npos) {
          string_view p = kind.substr(pre + 14);
          f.prefix = string(p.substr(0, p.find('\'')));
          kind = kind.substr(0, pre);
        }
        f.kind = string(kind);
        if (cols.size() >= 3) f.optional = cols[2].find("true") != string_view::npos;
        f.at = at;
        c.spec.env_from.push_back(std::move(f));
        break;
      }
      case Sub::Mounts: {
        // "/data from data (rw)", "/cache from data (rw,path=\"cache\")"
        string_view t = l.text;
        size_t paren = t.rfind(" (");
        if (paren == string_view::npos) break;
        string_view flags = t.substr(paren + 2);
        string_view left = t.substr(0, paren);
        size_t from = left.rfind(" from ");
        if (from == string_view::npos) break;
        model::VolumeMount m;
        m.mount_path = string(left.substr(0, from));
        m.name = string(left.substr(from + 6));
        m.read_only = flags.starts_with("ro");
        m.at = at;
        c.spec.mounts.push_back(std::move(m));
        break;
      }
      case Sub::None: break;
    }
  }

  void on_env(Item& c, const Ln& l) {
    if (env_indent_ == kNone) env_indent_ = l.indent;
    bool item = l.is_key() && (flat_ || l.indent == env_indent_);
    if (!item) {
      // The next line of a multi-line literal value, aligned under it.
      if (!c.spec.env.empty() && c.spec.env.back().from_kind.empty()) {
        c.spec.env.back().value += '\n';
        c.spec.env.back().value += l.text;
      }
      return;
    }
    model::EnvVar e;
    e.name = string(l.key);
    e.at = ref(l);
    string_view v = l.value;
    if (v.starts_with("<set to the key '")) {
      string_view rest = v.substr(17);
      size_t q = rest.find('\'');
      e.from_key = string(rest.substr(0, q));
      rest = q == string_view::npos ? string_view{} : rest.substr(q + 1);
      if (rest.starts_with(" in secret '")) {
        e.from_kind = "Secret";
        rest = rest.substr(12);
      } else if (rest.starts_with(" of config map '")) {
        e.from_kind = "ConfigMap";
        rest = rest.substr(16);
      }
      e.from_name = string(rest.substr(0, rest.find('\'')));
      size_t opt = rest.find("Optional:");
      if (opt != string_view::npos) e.optional = text::trim(rest.substr(opt + 9)) == "true";
    } else if (!v.empty() && v.back() == ')' && v.rfind('(') != string_view::npos) {
      // "name (v1:metadata.name)" for a field ref, "500 (limits.cpu)" for a
      // resource ref; any other value ending in ")" is a literal.
      size_t open = v.rfind('(');
      string_view inner = v.substr(open + 1, v.size() - open - 2);
      string_view before = open == 0 ? string_view{} : text::trim(v.substr(0, open));
      bool at_start = open == 0 || v[open - 1] == ' ';
      size_t colon = inner.find(':');
      if (at_start && colon != string_view::npos && inner.find(' ') == string_view::npos &&
          inner.substr(0, colon).find_first_of("0123456789") != string_view::npos) {
        e.from_kind = "Field";
        e.from_key = string(inner.substr(colon + 1));
        e.value = string(before);
      } else if (at_start && (inner.starts_with("limits.") || inner.starts_with("requests.")) &&
                 inner.find(' ') == string_view::npos) {
        e.from_kind = "Resource";
        e.from_key = string(inner);
        e.value = string(before);
      } else {
        e.value = string(v);
      }
    } else {
      e.value = string(v);
    }
    c.spec.env.push_back(std::move(e));
  }

  model::DocId doc_;
  bool init_, flat_;
  std::vector<Item> items_;
  Sub sub_ = Sub::None;
  size_t field_indent_ = kNone;
  bool expect_field_indent_ = false;
  size_t env_indent_ = kNone;
  // The open multi-line message: where it goes and what has been read.
  model::Sourced<string>* msg_ = nullptr;
  string msg_text_;
  size_t msg_indent_ = 0;
  size_t msg_blanks_ = 0;
};

// ---------------------------------------------------------------------------
// Events: "Type  Reason  Age  From  Message" rows; very old kubectl printed
// "FirstSeen  LastSeen  Count  From  SubObjectPath  Type  Reason  Message".

void split_field_path(model::Event& e) {
  for (string_view p : {"spec.containers{", "spec.initContainers{", "spec.ephemeralContainers{"}) {
    if (!string_view(e.message).starts_with(p)) continue;
    size_t close = e.message.find("}: ");
    if (close == string::npos) return;
    if (e.field_path.empty()) e.field_path = e.message.substr(0, close + 1);
    e.message.erase(0, close + 3);
    return;
  }
}

// "2m1s (x12 over 9m1s)" or "40m".
void read_age(string_view age, model::Event& e) {
  string_view last, first;
  if (split_event_age(age, last, first, e.count)) {
    e.last_seen = string(last);
    e.first_seen = string(first);
    return;
  }
  // A single age is the first (and only) occurrence: describe prints
  // "(xN over …)" whenever the count is above 1.
  e.last_seen = string(age);
  e.first_seen = string(age);
  e.count = 1;
}

// A shell prompt pasted after the output ("$ kubectl get pods") is not a
// line of the last event's message.
bool is_prompt(string_view t) {
  if (t == "$" || t == "#") return true;
  size_t k = t.find("kubectl ");
  if (k == string_view::npos || k == 0) return false;
  string_view before = text::trim_right(t.substr(0, k));
  return !before.empty() && string_view("$#%>").find(before.back()) != string_view::npos;
}

class EventsTable {
 public:
  explicit EventsTable(model::DocId doc) : doc_(doc) {}

  void feed(const Ln& l) {
    if (stopped_) return;
    if (l.blank()) {
      if (!events_.empty()) ++blanks_;
      return;
    }
    if (l.indent == 0 && is_prompt(l.text)) {
      stopped_ = true;
      return;
    }
    if (!have_header_) {
      if (l.text.starts_with("Type") || l.text.starts_with("FirstSeen")) {
        header_ = read_header(l.raw);
        header_indent_ = l.indent;
        have_header_ = true;
      }
      return;
    }
    if (l.text.starts_with("----") || l.text.starts_with("---------")) return;
    std::vector<string_view> cells;
    if (l.indent == header_indent_ && read_row(l, cells)) {
      add(l, cells);
      blanks_ = 0;
      return;
    }
    // A message that held newlines goes on in column 0.
    if (events_.empty()) return;
    string& m = events_.back().message;
    m.append(blanks_ + 1, '\n');
    m += text::trim(l.raw);
    blanks_ = 0;
  }

  std::vector<model::Event> take() {
    for (auto& e : events_) split_field_path(e);
    return std::move(events_);
  }

 private:
  bool read_row(const Ln& l, std::vector<string_view>& cells) const {
    size_t n = header_.names.size();
    if (n < 2) return false;
    if (header_.flat) return read_flat_row(l.text, cells);
    bool aligned = cut_at(l.raw, header_.offs, cells);
    if (!aligned) cells = split_cells(l.raw, n);
    if (cells.size() + 1 < n) return false;
    size_t tc = col("Type");
    if (tc >= cells.size()) return false;
    string_view type = cells[tc];
    bool typed = type == "Normal" || type == "Warning";
    return typed || (aligned && cells.size() == n);
  }

  // Pasted text: single spaces everywhere. Type and Reason are one word, Age
  // may carry "(x12 over 9m)", From may be "kubelet, node-1".
  bool read_flat_row(string_view t, std::vector<string_view>& cells) const {
    if (header_.names.size() != 5 || header_.names[0] != "Type") return false;
    cells.clear();
    size_t i = 0;
    auto word = [&]() {
      while (i < t.size() && t[i] == ' ') ++i;
      size_t s = i;
      while (i < t.size() && t[i] != ' ') ++i;
      return std::pair<size_t, size_t>{s, i};
    };
    auto [ts, te] = word();
    auto [rs, re] = word();
    auto [as, ae] = word();
    size_t save = i;
    auto [xs, xe] = word();
    if (t.substr(xs, xe - xs).starts_with("(x")) {
      while (i < t.size() && t[i - 1] != ')') word();
      ae = i;
    } else {
      i = save;
    }
    auto [fs, fe] = word();
    if (fe > fs && t[fe - 1] == ',') fe = word().second;
    if (te == ts || re == rs || ae == as || fe == fs) return false;
    cells = {t.substr(ts, te - ts), t.substr(rs, re - rs), t.substr(as, ae - as),
             t.substr(fs, fe - fs), text::trim(t.substr(std::min(fe, t.size())))};
    string_view type = cells[0];
    return type == "Normal" || type == "Warning";
  }

  size_t col(string_view name) const {
    for (size_t k = 0; k < header_.names.size(); ++k)
      if (header_.names[k] == name) return k;
    return 0;
  }

  void add(const Ln& l, const std::vector<string_view>& cells) {
    model::Event e;
    e.at = {doc_, l.no};
    for (size_t k = 0; k < header_.names.size() && k < cells.size(); ++k) {
      const string& name = header_.names[k];
      string_view v = cells[k];
      if (name == "Type") {
        e.type = string(v);
      } else if (name == "Reason") {
        e.reason = string(v);
      } else if (name == "Age") {
        read_age(v, e);
      } else if (name == "From") {
        e.source = string(v.substr(0, v.find(", ")));
      } else if (name == "Message") {
        e.message = string(v);
      } else if (name == "FirstSeen") {
        e.first_seen = string(v);
      } else if (name == "LastSeen") {
        e.last_seen = string(v);
      } else if (name == "Count") {
        long long n = 0;
        if (text::to_int(v, n)) e.count = n;
      } else if (name == "SubObjectPath") {
        e.field_path = string(v);
      }
    }
    events_.push_back(std::move(e));
  }

  model::DocId doc_;
  Header header_;
  size_t header_indent_ = 0;
  bool have_header_ = false;
  bool stopped_ = false;
  size_t blanks_ = 0;
  std::vector<model::Event> events_;
};

// ---------------------------------------------------------------------------
// One described object.

class ObjectParser {
 public:
  ObjectParser(const model::Document& doc, const std::vector<Ln>& lines, size_t begin, size_t end,
               model::Facts& out)
      : doc_(doc), lines_(lines), begin_(begin), end_(end), out_(out), events_(doc.id) {}

  ParseError run() {
    flat_ = true;
    for (size_t i = begin_ + 1; i < end_; ++i)
      if (!lines_[i].blank() && lines_[i].indent > 0) flat_ = false;
    for (size_t i = begin_; i < end_; ++i) step(i);
    bool cut = in_containers();
    close_block();
    ParseError err;
    size_t last = end_;
    while (last > begin_ && lines_[last - 1].blank()) --last;
    uint32_t last_no = last > begin_ ? lines_[last - 1].no : lines_[begin_].no;
    if (content_lines_ == 0) cut = true;
    // A pod always lists its containers; a header without them was cut.
    if (!saw_template_ && !saw_containers_ && (has("Node") || has("Start Time"))) cut = true;
    if (cut) err = {"truncated describe output", last_no};
    emit();
    return err;
  }

 private:
  enum class Sec {
    Header,
    Labels,
    Containers,
    InitContainers,
    Ephemeral,
    Conditions,
    Events,
    Template,
    Volumes,
    Allocatable,
    Allocated,
    Data,
    BinaryData,
    Taints,
    NodeSelectors,
    Tolerations,
    Other
  };
  enum class TSub { None, Labels, Containers, Other };

  model::SourceRef ref(const Ln& l) const { return {doc_.id, l.no}; }

  bool in_containers() const {
    if (sec_ == Sec::Containers || sec_ == Sec::InitContainers) return true;
    return sec_ == Sec::Template && tsub_ == TSub::Containers;
  }

  void step(size_t i) {
    const Ln& l = lines_[i];
    if (i == begin_) {
      name_ = string(l.value);
      name_at_ = ref(l);
      return;
    }
    if (!l.blank()) ++content_lines_;
    if (sec_ == Sec::Events) {
      events_.feed(l);
      return;
    }
    if (block_ && block_->absorbs(lines_, i, end_)) {
      block_->feed(lines_, i, end_);
      return;
    }
    if (sec_ == Sec::Data && !ends_data(i)) {
      read_data(i);
      return;
    }
    if (l.blank() || (l.indent == 0 && l.text == "====")) return;
    if (is_top(l)) {
      open_top(i);
      return;
    }
    if (sec_ == Sec::Template && is_template_key(l)) {
      open_template_key(l);
      return;
    }
    switch (sec_) {
      case Sec::Labels:
        if (!l.is_key()) read_label(l.text, l.no);
        break;
      case Sec::Taints:
        if (!l.is_key()) read_taint(l);
        break;
      case Sec::NodeSelectors:
        if (!l.is_key()) read_selector(l.text, l.no);
        break;
      case Sec::Tolerations:
        if (!l.is_key()) read_toleration(l);
        break;
      case Sec::Containers:
      case Sec::InitContainers:
      case Sec::Ephemeral:
        if (block_) block_->feed(lines_, i, end_);
        break;
      case Sec::Conditions: read_condition(l); break;
      case Sec::Volumes: read_volume(l); break;
      case Sec::Allocatable:
        if (l.is_key() && !l.value.empty())
          node_resources_[string(l.key)].allocatable.set(string(l.value), ref(l));
        break;
      case Sec::Allocated: {
        // "  cpu                1500m (37%)  0 (0%)" under Resource/Requests/Limits
        std::vector<string_view> cells = text::split_columns(l.text);
        if (cells.size() >= 3 && cells[0] != "Resource" && !cells[0].starts_with("---") &&
            !cells[0].starts_with("("))
          node_resources_[string(cells[0])].requested.set(string(cells[1]), ref(l));
        break;
      }
      case Sec::Template:
        if (tsub_ == TSub::Labels && !l.is_key()) add_label(tmpl_labels_, l.text);
        if (tsub_ == TSub::Containers && block_) block_->feed(lines_, i, end_);
        break;
      default: break;
    }
  }

  bool is_top(const Ln& l) const {
    if (!flat_) return l.indent == 0;
    if (!l.is_key()) return l.text == "Data" || l.text == "BinaryData";
    if (in_containers() && (in(l.key, kFieldKeys) || in(l.key, kStateKeys))) return false;
    if (sec_ == Sec::Template && in(l.key, kTemplateKeys)) return false;
    return in(l.key, kTopKeys);
  }

  bool is_template_key(const Ln& l) const {
    if (!l.is_key()) return false;
    if (flat_) return in(l.key, kTemplateKeys);
    return l.indent == 2;
  }

  void close_block() {
    if (!block_) return;
    if (sec_ == Sec::Containers || sec_ == Sec::InitContainers) {
      block_->finish(containers_, &statuses_);
    } else if (sec_ == Sec::Template) {
      block_->finish(tmpl_containers_, nullptr);
    } else {
      std::vector<model::ContainerSpec> drop;
      block_->finish(drop, nullptr);
    }
    block_.reset();
  }

  void open_top(size_t i) {
    const Ln& l = lines_[i];
    close_block();
    sec_ = Sec::Other;
    if (!l.is_key()) {
      top_lines_.emplace_back(l.text);
      if (l.text == "Data") sec_ = Sec::Data;
      if (l.text == "BinaryData") sec_ = Sec::BinaryData;
      return;
    }
    string key(l.key);
    if (!top_.count(key)) top_[key] = {string(l.value), l.no};
    if (key == "Namespace") {
      ns_ = string(l.value);
    } else if (key == "Labels") {
      sec_ = Sec::Labels;
      labels_line_ = l.no;
      read_label(l.value, l.no);
    } else if (key == "Taints") {
      sec_ = Sec::Taints;
      taints_seen_ = true;
      taints_line_ = l.no;
      read_taint(l);
    } else if (key == "Node-Selectors" && !saw_template_) {
      sec_ = Sec::NodeSelectors;
      selectors_seen_ = true;
      read_selector(l.value, l.no);
    } else if (key == "Tolerations" && !saw_template_) {
      sec_ = Sec::Tolerations;
      tolerations_seen_ = true;
      read_toleration(l);
    } else if (key == "Controlled By") {
      size_t slash = l.value.find('/');
      if (slash != string_view::npos) {
        model::OwnerRef o;
        o.kind = string(l.value.substr(0, slash));
        o.name = string(l.value.substr(slash + 1));
        o.controller = true;
        owners_.push_back(std::move(o));
      }
    } else if (key == "Init Containers" || key == "Containers" || key == "Ephemeral Containers") {
      sec_ = key == "Containers"        ? Sec::Containers
             : key == "Init Containers" ? Sec::InitContainers
                                        : Sec::Ephemeral;
      if (sec_ != Sec::Ephemeral) saw_containers_ = true;
      block_ = std::make_unique<ContainerBlock>(doc_.id, sec_ == Sec::InitContainers, flat_);
    } else if (key == "Conditions") {
      sec_ = Sec::Conditions;
      cond_header_.reset();
    } else if (key == "Volumes" && !saw_template_) {
      sec_ = Sec::Volumes;
    } else if (key == "Allocatable") {
      sec_ = Sec::Allocatable;
    } else if (key == "Allocated resources") {
      sec_ = Sec::Allocated;
    } else if (key == "Events") {
      sec_ = Sec::Events;
    } else if (key == "Pod Template") {
      sec_ = Sec::Template;
      saw_template_ = true;
      tsub_ = TSub::None;
    }
  }

  void open_template_key(const Ln& l) {
    close_block();
    tsub_ = TSub::Other;
    if (l.key == "Labels") {
      tsub_ = TSub::Labels;
      add_label(tmpl_labels_, l.value);
    } else if (l.key == "Containers" || l.key == "Init Containers") {
      tsub_ = TSub::Containers;
      block_ = std::make_unique<ContainerBlock>(doc_.id, l.key == "Init Containers", flat_);
    }
  }

  // Labels:, Node-Selectors: (one key=value a line) and the lines of
  // Taints: and Tolerations: (describe_scheduling.h).
  void read_label(string_view kv, uint32_t no) {
    add_label(labels_, kv);
    kv = text::trim(kv);
    if (size_t eq = kv.find('='); eq != string_view::npos && eq > 0)
      label_lines_[string(kv.substr(0, eq))] = no;
  }
  void read_selector(string_view kv, uint32_t no) {
    std::map<string, string> one;
    add_label(one, kv);
    for (auto& [k, v] : one) node_selector_[k].set(v, {doc_.id, no});
  }
  void read_taint(const Ln& l) {
    model::Taint t;
    t.at = ref(l);
    if (parse_describe_taint(l.is_key() ? l.value : l.text, t)) taints_.push_back(std::move(t));
  }
  void read_toleration(const Ln& l) {
    model::Toleration t;
    t.at = ref(l);
    if (parse_describe_toleration(l.is_key() ? l.value : l.text, t))
      tolerations_.push_back(std::move(t));
  }

  // ConfigMap data is free text; only "BinaryData" (and, for a Secret,
  // nothing at all) follows it, so everything up to there is data.
  bool ends_data(size_t i) const {
    const Ln& l = lines_[i];
    if (l.indent != 0) return false;
    if (l.text == "BinaryData") return true;
    return l.key == "Events" && i > begin_ && lines_[i - 1].blank();
  }

  void read_data(size_t i) {
    const Ln& l = lines_[i];
    if (l.text == "====") return;
    // ConfigMap: "key:" then "----"; Secret: "key:  12 bytes".
    if (l.key_only() && i + 1 < end_ && lines_[i + 1].text == "----") {
      data_keys_.emplace_back(l.key);
      data_key_at_.push_back({doc_.id, l.no});
    } else if (l.is_key() && l.value.ends_with(" bytes")) {
      data_keys_.emplace_back(l.key);
      data_key_at_.push_back({doc_.id, l.no});
      secret_data_ = true;
    }
  }

  // Volumes:
  //   data:
  //     Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim …)
  //     ClaimName:  data-postgres-0
  //     SecretName: web-tls / Name: app-config (ConfigMap) / Path: /mnt/data (HostPath)
  void read_volume(const Ln& l) {
    if (!l.is_key()) return;
    if (l.value.empty() && l.key != "Type") {
      volumes_.emplace_back();
      volumes_.back().name = string(l.key);
      volumes_.back().at = ref(l);
      return;
    }
    if (volumes_.empty()) return;
    model::PodVolume& v = volumes_.back();
    if (l.key == "Type") volume_type_ = string(l.value.substr(0, l.value.find(' ')));
    if (l.key == "ClaimName") v.claim = string(l.value);
    if (l.key == "SecretName") v.secret = string(l.value);
    if (l.key == "Name" && volume_type_ == "ConfigMap") v.configmap = string(l.value);
    if (l.key == "Path" && volume_type_ == "HostPath") v.host_path = string(l.value);
  }

  void read_condition(const Ln& l) {
    if (!cond_header_) {
      cond_header_ = read_header(l.raw);
      return;
    }
    if (l.text.starts_with("----")) return;
    std::vector<string_view> cells =
        cond_header_->flat ? text::split(l.text, ' ') : text::split_columns(l.text);
    if (cells.size() < 2) return;
    model::Condition c;
    c.type = string(cells[0]);
    c.status = string(cells[1]);
    for (size_t k = 2; k < cells.size() && k < cond_header_->names.size(); ++k) {
      if (cond_header_->names[k] == "Reason") c.reason = string(cells[k]);
      if (cond_header_->names[k] == "Message") c.message = string(cells[k]);
      if (cond_header_->names[k] == "LastHeartbeatTime" ||
          (c.latest_time.empty() && cond_header_->names[k] == "LastTransitionTime"))
        c.latest_time = string(cells[k]);
    }
    c.at = ref(l);
    conditions_.push_back(std::move(c));
  }

  // -------------------------------------------------------------------------

  const std::pair<string, uint32_t>* top(string_view key) const {
    auto it = top_.find(string(key));
    return it == top_.end() ? nullptr : &it->second;
  }
  bool has(string_view key) const { return top(key) != nullptr; }
  bool has_line(string_view t) const {
    return std::find(top_lines_.begin(), top_lines_.end(), t) != top_lines_.end();
  }

  string kind() const {
    // Jobs print "Start Time" too, but their containers sit in a template.
    if (saw_containers_ || (!saw_template_ && (has("QoS Class") || has("Start Time"))))
      return "Pod";
    if (saw_template_) {
      const auto* r = top("Replicas");
      string_view rv = r ? string_view(r->first) : string_view{};
      if (rv.find("updated") != string_view::npos || has("StrategyType") || has("NewReplicaSet"))
        return "Deployment";
      if (rv.find("current") != string_view::npos) {
        for (const auto& e : events_preview_)
          if (e == "replication-controller") return "ReplicationController";
        return "ReplicaSet";
      }
      if (rv.find("total") != string_view::npos || has("Volume Claims")) return "StatefulSet";
      if (has("Desired Number of Nodes Scheduled")) return "DaemonSet";
      if (has("Schedule")) return "CronJob";
      if (has("Completions") || has("Parallelism") || has("Pods Statuses")) return "Job";
      return "";
    }
    if (has("Roles") || has("System Info")) return "Node";
    if (has("Reclaim Policy")) return "PersistentVolume";
    if (has("Access Modes") && has("StorageClass")) return "PersistentVolumeClaim";
    if (has_line("BinaryData")) return "ConfigMap";
    if (has_line("Data") && (has("Type") || secret_data_)) return "Secret";
    if (has_line("Data")) return "ConfigMap";
    if (has("Type") && (has("IP") || has("IPs") || has("Session Affinity") ||
                        has("IP Family Policy") || has("Port")))
      return "Service";
    if (has("Mountable secrets") || has("Image pull secrets")) return "ServiceAccount";
    if (has("Ingress Class") || has("Default backend")) return "Ingress";
    if (has("Min replicas") || has("Max replicas")) return "HorizontalPodAutoscaler";
    if (has("Min available") || has("Max unavailable")) return "PodDisruptionBudget";
    if (has("Subsets")) return "Endpoints";
    if (has("Status") && (has_line("No resource quota.") || has("Resource Quotas")))
      return "Namespace";
    return "";
  }

  model::ObjectMeta meta(const string& kind) {
    model::ObjectMeta m;
    m.kind = kind;
    m.name = name_;
    m.ns = ns_;
    m.labels = std::move(labels_);
    m.owners = std::move(owners_);
    m.at = name_at_;
    return m;
  }

  void set_str(model::Sourced<string>& s, string_view key) {
    if (const auto* v = top(key); v && !v->first.empty()) s.set(v->first, {doc_.id, v->second});
  }

  void emit() {
    std::vector<model::Event> events = events_.take();
    for (const auto& e : events) events_preview_.push_back(e.source);
    string k = kind();
    if (k.empty() || name_.empty()) return;
    for (auto& e : events) {
      e.involved_kind = k;
      e.involved_name = name_;
      e.involved_ns = ns_;
      e.ns = ns_;
      out_.events.push_back(std::move(e));
    }
    if (k == "Pod") {
      model::Pod p;
      p.meta = meta(k);
      if (const auto* n = top("Node"); n && n->first != "<none>" && !n->first.empty()) {
        string_view node = n->first;
        p.node.set(string(node.substr(0, node.find('/'))), {doc_.id, n->second});
      }
      if (const auto* s = top("Status")) {
        if (in(s->first, {"Pending", "Running", "Succeeded", "Failed", "Unknown"}))
          p.phase.set(s->first, {doc_.id, s->second});
      }
      set_str(p.reason, "Reason");
      set_str(p.message, "Message");
      set_str(p.start_time, "Start Time");
      p.containers = std::move(containers_);
      p.statuses = std::move(statuses_);
      p.conditions = std::move(conditions_);
      p.volumes = std::move(volumes_);
      p.node_selector = std::move(node_selector_);
      p.node_selector_known = selectors_seen_;
      p.tolerations = std::move(tolerations_);
      p.tolerations_known = tolerations_seen_;
      out_.pods.push_back(std::move(p));
      return;
    }
    if (saw_template_) {
      model::Workload w;
      w.meta = meta(k);
      if (const auto* r = top("Replicas")) read_replicas(w, r->first, {doc_.id, r->second});
      if (const auto* d = top("Desired Number of Nodes Scheduled")) read_num(w.replicas, *d);
      if (const auto* d = top("Number of Nodes Scheduled with Up-to-date Pods"))
        read_num(w.updated_replicas, *d);
      if (const auto* d = top("Number of Nodes Scheduled with Available Pods"))
        read_num(w.available_replicas, *d);
      if (const auto* s = top("Selector")) add_selector(w.selector, s->first);
      w.template_labels = std::move(tmpl_labels_);
      w.containers = std::move(tmpl_containers_);
      w.conditions = std::move(conditions_);
      out_.workloads.push_back(std::move(w));
      return;
    }
    if (k == "ConfigMap" || k == "Secret") {
      model::ConfigSource c;
      c.meta = meta(k);
      c.keys = std::move(data_keys_);
      c.key_at = std::move(data_key_at_);
      (k == "Secret" ? out_.secrets : out_.configmaps).push_back(std::move(c));
      return;
    }
    if (k == "Node") {
      model::Node n;
      n.meta = meta(k);
      for (const auto& [key, no] : label_lines_) n.label_at[key] = {doc_.id, no};
      if (labels_line_) n.labels_at = {doc_.id, labels_line_};
      n.taints = std::move(taints_);
      n.taints_known = taints_seen_;
      if (taints_line_) n.taints_at = {doc_.id, taints_line_};
      n.conditions = std::move(conditions_);
      n.resources = std::move(node_resources_);
      if (const auto* u = top("Unschedulable"))
        n.unschedulable.set(u->first == "true", {doc_.id, u->second});
      out_.nodes.push_back(std::move(n));
      return;
    }
    if (k == "PersistentVolumeClaim") {
      model::PersistentVolumeClaim c;
      c.meta = meta(k);
      set_str(c.phase, "Status");
      set_str(c.storage_class, "StorageClass");
      set_str(c.volume_name, "Volume");
      out_.claims.push_back(std::move(c));
      return;
    }
    model::GenericObject g;
    g.meta = meta(k);
    out_.others.push_back(std::move(g));
  }

  void read_num(model::Sourced<long long>& to, const std::pair<string, uint32_t>& v) {
    long long n = 0;
    if (text::to_int(v.first, n)) to.set(n, {doc_.id, v.second});
  }

  // "2 current / 2 desired", "3 desired | 3 updated | 3 total | 0 available |
  // 3 unavailable", "1 desired | 1 total".
  static void read_replicas(model::Workload& w, string_view v, model::SourceRef at) {
    size_t i = 0;
    while (i < v.size()) {
      while (i < v.size() && (v[i] == ' ' || v[i] == '|' || v[i] == '/')) ++i;
      size_t ns = i;
      while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
      string_view num = v.substr(ns, i - ns);
      while (i < v.size() && v[i] == ' ') ++i;
      size_t ws = i;
      while (i < v.size() && v[i] != ' ' && v[i] != '|' && v[i] != '/') ++i;
      string_view word = v.substr(ws, i - ws);
      long long n = 0;
      if (num.empty() || !text::to_int(num, n)) {
        if (i == ns) ++i;
        continue;
      }
      if (word == "desired")
        w.replicas.set(n, at);
      else if (word == "updated")
        w.updated_replicas.set(n, at);
      else if (word == "available")
        w.available_replicas.set(n, at);
      else if (word == "ready")
        w.ready_replicas.set(n, at);
    }
  }

  const model::Document& doc_;
  const std::vector<Ln>& lines_;
  size_t begin_, end_;
  model::Facts& out_;
  bool flat_ = false;

  Sec sec_ = Sec::Header;
  TSub tsub_ = TSub::None;
  std::unique_ptr<ContainerBlock> block_;
  size_t content_lines_ = 0;

  string name_, ns_;
  model::SourceRef name_at_;
  std::map<string, string> labels_, tmpl_labels_;
  std::map<string, uint32_t> label_lines_;
  uint32_t labels_line_ = 0, taints_line_ = 0;
  std::vector<model::Taint> taints_;
  std::map<string, model::Sourced<string>> node_selector_;
  std::vector<model::Toleration> tolerations_;
  bool taints_seen_ = false, selectors_seen_ = false, tolerations_seen_ = false;
  std::vector<model::OwnerRef> owners_;
  std::map<string, std::pair<string, uint32_t>> top_;  // first value and line of each key
  std::vector<string> top_lines_;                      // top-level lines that are not keys
  std::vector<model::ContainerSpec> containers_, tmpl_containers_;
  std::vector<model::ContainerStatus> statuses_;
  std::vector<model::Condition> conditions_;
  std::vector<model::PodVolume> volumes_;
  std::map<string, model::NodeResource> node_resources_;
  string volume_type_;
  std::optional<Header> cond_header_;
  EventsTable events_;
  std::vector<string> events_preview_;
  std::vector<string> data_keys_;
  std::vector<model::SourceRef> data_key_at_;
  bool secret_data_ = false;
  bool saw_containers_ = false, saw_template_ = false;
};

bool is_name_line(const Ln& l) {
  return l.indent == 0 && l.key == "Name";
}

// Where each described object starts. kubectl separates objects with blank
// lines; "Name:" also appears inside objects (volumes, claim templates), but
// never in column 0 before another object's header key.
std::vector<size_t> object_starts(const std::vector<Ln>& lines) {
  std::vector<size_t> starts;
  bool seen_content = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Ln& l = lines[i];
    if (l.blank() || (!seen_content && is_kubectl_noise(l.text))) continue;
    if (is_name_line(l)) {
      size_t next = i + 1;
      while (next < lines.size() && lines[next].blank()) ++next;
      bool last = next >= lines.size();
      bool header_follows = !last && lines[next].indent == 0 && in(lines[next].key, kSecondKeys);
      bool after_blank = i > 0 && lines[i - 1].blank();
      if (!seen_content || (after_blank && (header_follows || last)) ||
          (header_follows && lines[next].key == "Namespace")) {
        starts.push_back(i);
      }
    }
    seen_content = true;
  }
  return starts;
}

}  // namespace

bool looks_like_describe(std::string_view content) {
  content = content.substr(0, std::min<size_t>(content.size(), 8192));
  size_t pos = 0, n = 0;
  bool first = true;
  while (pos < content.size() && n < 40) {
    size_t nl = content.find('\n', pos);
    string_view line = text::trim_right(
        content.substr(pos, nl == string_view::npos ? string_view::npos : nl - pos));
    pos = nl == string_view::npos ? content.size() : nl + 1;
    if (first) {
      if (text::trim(line).empty() || is_kubectl_noise(line)) continue;
      if (!line.starts_with("Name:")) return false;
      first = false;
      ++n;
      continue;
    }
    ++n;
    if (line.starts_with("Namespace:") || line.starts_with("Labels:")) return true;
  }
  return false;
}

ParseError parse_describe(const model::Document& doc, model::Facts& out) {
  std::vector<Ln> lines = index_lines(doc);
  std::vector<size_t> starts = object_starts(lines);
  ParseError first;
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t end = k + 1 < starts.size() ? starts[k + 1] : lines.size();
    ObjectParser p(doc, lines, starts[k], end, out);
    ParseError err = p.run();
    if (err && !first) first = err;
  }
  return first;
}

}  // namespace kubesift::parse
