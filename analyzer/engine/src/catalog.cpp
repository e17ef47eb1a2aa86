#include "kubesift/engine/catalog.h"

#include <re2/re2.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kubesift/engine/embedded_rules.h"

namespace kubesift::engine {
namespace {

unsigned line_of(const YAML::Node& n) {
  return n.Mark().is_null() ? 0 : static_cast<unsigned>(n.Mark().line + 1);
}

// True if the pattern has a \n escape (an escaped backslash followed by n,
// `\\n`, is a literal backslash and n: how JSON logs write a newline).
bool escapes_newline(std::string_view p) {
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] != '\\') continue;
    if (p[i + 1] == 'n') return true;
    ++i;  // skip the escaped character
  }
  return false;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// A rules file's node count with its aliases expanded, counted from
// yaml-cpp's events (no tree is built): aliases of aliases grow
// exponentially ("billion laughs"), and the loader walks what they name.
class Expansion : public YAML::EventHandler {
 public:
  struct TooLarge {
    unsigned line;
  };
  explicit Expansion(uint64_t budget) : budget_(budget) {}
  void OnDocumentStart(const YAML::Mark&) override { stack_.assign(1, {0, 0}); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { leaf(m, a, 1); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override {
    leaf(m, 0, a < sizes_.size() ? sizes_[a] : 1);
  }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                const std::string&) override {
    leaf(m, a, 1);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t a,
                       YAML::EmitterStyle::value) override {
    open(a);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t a,
                  YAML::EmitterStyle::value) override {
    open(a);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    uint64_t nodes;
    YAML::anchor_t anchor;
  };
  void leaf(const YAML::Mark& m, YAML::anchor_t a, uint64_t n) {
    if (a) remember(a, n);
    add(n, m);
  }
  void open(YAML::anchor_t a) {
    stack_.push_back({1, a});
    count(1);
  }
  // A closed container's values were counted as they came: its size only
  // goes to its parent (and to its anchor, for the aliases of it).
  void close() {
    Open o = stack_.back();
    stack_.pop_back();
    if (o.anchor) remember(o.anchor, o.nodes);
    if (stack_.empty()) stack_.push_back({0, 0});
    stack_.back().nodes += o.nodes;
  }
  void remember(YAML::anchor_t a, uint64_t n) {
    if (a >= sizes_.size()) sizes_.resize(a + 1, 1);
    sizes_[a] = n;
  }
  // A scalar (1) or an alias (its anchor's size, expanded) at `m`.
  void add(uint64_t n, const YAML::Mark& m) {
    if (!m.is_null()) last_ = m;
    if (stack_.empty()) stack_.push_back({0, 0});
    stack_.back().nodes += n;
    count(n);
  }
  // Every value once, an alias as the values it stands for.
  void count(uint64_t n) {
    total_ += n;
    if (n > budget_ || total_ > budget_)
      throw TooLarge{last_.is_null() ? 0u : static_cast<unsigned>(last_.line + 1)};
  }
  uint64_t budget_;
  uint64_t total_ = 0;
  std::vector<Open> stack_;
  std::vector<uint64_t> sizes_;
  YAML::Mark last_ = YAML::Mark::null_mark();
};

struct Loader {
  std::string_view path;
  std::vector<CatalogError>& errors;
  bool ok = true;

  void error(const YAML::Node& at, std::string msg) {
    errors.push_back({std::string(path), line_of(at), std::move(msg)});
    ok = false;
  }

  std::string str(const YAML::Node& parent, const char* key, bool required) {
    YAML::Node n = parent[key];
    if (!n || n.IsNull()) {
      if (required) error(parent, std::string("missing field '") + key + "'");
      return {};
    }
    if (!n.IsScalar()) {
      error(n, std::string("field '") + key + "' must be a string");
      return {};
    }
    return n.Scalar();
  }

  void check_regex(const YAML::Node& at, const std::string& pattern, bool ci) {
    if (pattern.empty()) return;
    if (escapes_newline(pattern)) {
      error(at, "pattern must not match across lines ('\\n' is not allowed)");
      return;
    }
    RE2::Options o;
    o.set_never_nl(true);
    o.set_case_sensitive(!ci);
    o.set_log_errors(false);
    RE2 re(pattern, o);
    if (!re.ok()) error(at, "invalid RE2 pattern: " + re.error());
  }

  std::optional<Matcher> matcher(const YAML::Node& m) {
    if (!m.IsMap()) {
      error(m, "a matcher must be a map (log, waiting, terminated or event)");
      return std::nullopt;
    }
    Matcher out;
    int kinds = 0;
    if (YAML::Node log = m["log"]) {
      ++kinds;
      out.kind = Matcher::Kind::Log;
      if (!log.IsScalar()) {
        error(log, "'log' must be a regular expression");
        return std::nullopt;
      }
      out.pattern = log.Scalar();
    }
    for (auto [key, kind] : {std::pair{"waiting", Matcher::Kind::Waiting},
                             std::pair{"terminated", Matcher::Kind::Terminated},
                             std::pair{"event", Matcher::Kind::Event},
                             std::pair{"condition", Matcher::Kind::Condition},
                             std::pair{"status", Matcher::Kind::Status}}) {
      YAML::Node n = m[key];
      if (!n) continue;
      ++kinds;
      out.kind = kind;
      if (!n.IsMap()) {
        error(n, std::string("'") + key + "' must be a map with reason/message");
        return std::nullopt;
      }
      out.reason = str(n, "reason", false);
      out.pattern = str(n, "message", false);
      out.type = str(n, "type", false);
      out.status = str(n, "status", false);
      out.phase = str(n, "phase", false);
      if (YAML::Node ec = n["exit_code"]) {
        try {
          out.exit_code = ec.as<long long>();
        } catch (const YAML::Exception&) {
          error(ec, "exit_code must be an integer");
        }
      }
      if (out.reason.empty() && out.pattern.empty() && !out.exit_code && out.type.empty() &&
          out.phase.empty())
        error(n, std::string("'") + key +
                     "' needs a reason, a message, a type, a phase or an exit_code");
      if (kind == Matcher::Kind::Condition && out.type.empty())
        error(n, "a condition matcher needs the condition's type");
    }
    if (kinds != 1) {
      error(m, "a matcher has exactly one of: log, waiting, terminated, event, condition, status");
      return std::nullopt;
    }
    if (YAML::Node ci = m["ignore_case"]) out.case_insensitive = ci.as<bool>(false);
    if (out.kind == Matcher::Kind::Log && out.pattern.empty()) error(m, "empty log pattern");
    check_regex(m, out.pattern, out.case_insensitive);
    return out;
  }

  void examples(const YAML::Node& n, std::vector<std::string>& out) {
    if (!n) return;
    if (!n.IsSequence()) {
      error(n, "examples must be a list of strings");
      return;
    }
    for (const auto& e : n) out.push_back(e.as<std::string>(""));
  }

  std::vector<std::string> str_list(const YAML::Node& n, const char* what) {
    std::vector<std::string> out;
    if (!n) return out;
    if (n.IsScalar()) {
      out.push_back(n.Scalar());
    } else if (n.IsSequence()) {
      for (const auto& e : n) {
        if (!e.IsScalar())
          error(e, std::string(what) + " must be a list of strings");
        else
          out.push_back(e.Scalar());
      }
    } else {
      error(n, std::string(what) + " must be a string or a list of strings");
    }
    return out;
  }

  // kinds, containers, equivalents, optional, params: what manifest rules add.
  void manifest_fields(const YAML::Node& r, Rule& out) {
    bool manifest = is_manifest_scope(out.scope);
    for (const char* key :
         {"kinds", "skip_kinds", "containers", "optional", "params", "manifests_only"})
      if (r[key] && !manifest)
        error(r[key], std::string("'") + key +
                          "' is for manifest rules (scope object, pod-spec "
                          "or container-spec)");
    out.kinds = str_list(r["kinds"], "kinds");
    out.skip_kinds = str_list(r["skip_kinds"], "skip_kinds");
    if (YAML::Node c = r["containers"]) {
      out.containers = c.IsScalar() ? c.Scalar() : std::string();
      if (out.containers != "all" && out.containers != "main" && out.containers != "init")
        error(c, "containers must be all, main or init");
      if (out.scope != Scope::ContainerSpec) error(c, "'containers' needs scope container-spec");
    }
    out.equivalents = str_list(r["equivalents"], "equivalents");
    for (const auto& e : out.equivalents) {
      size_t colon = e.find(':');
      std::string tool = e.substr(0, colon);
      if (colon == std::string::npos || colon + 1 == e.size() ||
          (tool != "kube-linter" && tool != "kube-score" && tool != "polaris"))
        error(r["equivalents"],
              "an equivalent is tool:id with tool kube-linter, kube-score or "
              "polaris, not '" +
                  e + "'");
    }
    if (YAML::Node o = r["optional"]) out.optional = o.as<bool>(false);
    if (YAML::Node m = r["manifests_only"]) out.manifests_only = m.as<bool>(false);
    if (YAML::Node p = r["params"]) {
      if (!p.IsMap()) {
        error(p, "params must be a map of name: default value");
      } else {
        for (const auto& kv : p) {
          if (!kv.second.IsScalar())
            error(kv.second, "a param's default must be a scalar");
          else
            out.params[kv.first.Scalar()] = kv.second.Scalar();
        }
      }
    }
  }

  std::optional<FieldCheck> field_check(const YAML::Node& n, int depth) {
    if (depth > 16) {
      error(n, "check nested too deeply");
      return std::nullopt;
    }
    if (!n.IsMap()) {
      error(n, "a check is a map: {field: PATH, <condition>} or {all|any: [...]} or {not: ...}");
      return std::nullopt;
    }
    FieldCheck c;
    for (auto [key, op] :
         {std::pair{"all", FieldCheck::Op::All}, std::pair{"any", FieldCheck::Op::Any}}) {
      if (YAML::Node list = n[key]) {
        c.op = op;
        if (!list.IsSequence() || list.size() == 0) {
          error(list, std::string("'") + key + "' must be a non-empty list of checks");
          return std::nullopt;
        }
        for (const auto& e : list)
          if (auto ch = field_check(e, depth + 1)) c.children.push_back(std::move(*ch));
        return c;
      }
    }
    if (YAML::Node inner = n["not"]) {
      c.op = FieldCheck::Op::Not;
      if (auto ch = field_check(inner, depth + 1)) c.children.push_back(std::move(*ch));
      return c;
    }
    YAML::Node f = n["field"];
    if (!f || !f.IsScalar() || f.Scalar().empty()) {
      error(n, "a check needs 'field: PATH' (or all, any, not)");
      return std::nullopt;
    }
    c.path = f.Scalar();
    if (!valid_path(c.path)) error(f, "invalid field path '" + c.path + "'");
    int conditions = 0;
    auto flag = [&](const char* key, FieldCheck::Op op) {
      if (YAML::Node v = n[key]) {
        ++conditions;
        c.op = op;
        if (!v.IsScalar() || v.Scalar() != "true")
          error(v, std::string("'") + key + "' takes true");
      }
    };
    flag("absent", FieldCheck::Op::Absent);
    flag("present", FieldCheck::Op::Present);
    flag("empty", FieldCheck::Op::Empty);
    for (auto [key, op] : {std::pair{"equals", FieldCheck::Op::Equals},
                           std::pair{"contains", FieldCheck::Op::Contains}}) {
      if (YAML::Node v = n[key]) {
        ++conditions;
        c.op = op;
        c.values = str_list(v, key);
      }
    }
    if (YAML::Node v = n["matches"]) {
      ++conditions;
      c.op = FieldCheck::Op::Matches;
      c.pattern = v.IsScalar() ? v.Scalar() : std::string();
      if (YAML::Node ci = n["ignore_case"]) c.case_insensitive = ci.as<bool>(false);
      check_regex(v, c.pattern, c.case_insensitive);
    }
    for (auto [key, op] : {std::pair{"less_than", FieldCheck::Op::LessThan},
                           std::pair{"greater_than", FieldCheck::Op::GreaterThan}}) {
      if (YAML::Node v = n[key]) {
        ++conditions;
        c.op = op;
        try {
          c.number = v.as<double>();
        } catch (const YAML::Exception&) {
          error(v, std::string("'") + key + "' takes a number");
        }
      }
    }
    if (conditions != 1) {
      error(n,
            "a field check has exactly one of: absent, present, empty, equals, contains, "
            "matches, less_than, greater_than");
      return std::nullopt;
    }
    return c;
  }

  static bool valid_path(std::string_view p) {
    if (p.starts_with("$object.") || p.starts_with("$pod.") || p.starts_with("$template."))
      p = p.substr(p.find('.') + 1);
    if (p.empty() || p.front() == '.' || p.back() == '.') return false;
    for (size_t i = 0; i < p.size(); ++i) {
      char ch = p[i];
      if (ch == '[') {
        if (p.substr(i, 3) != "[*]") return false;
        i += 2;
      } else if (ch == '.' && p[i - 1] == '.') {
        return false;
      } else if (ch == ']' || ch == '$') {
        return false;
      }
    }
    return true;
  }

  // `explained_by:` a list of {rule: ID | category: CAT | any: runtime,
  // join: container|pod|workload|node-time, within: SECONDS}.
  void explained_by(const YAML::Node& by, Rule& out) {
    if (!by.IsSequence()) {
      error(by, "'explained_by' must be a list of {rule|category|any, join}");
      return;
    }
    for (const auto& e : by) {
      if (!e.IsMap()) {
        error(e, "an 'explained_by' entry is a map: {rule|category|any, join}");
        continue;
      }
      CauseLink l;
      int named = 0;
      if (e["rule"]) l.rule = e["rule"].as<std::string>(""), ++named;
      if (e["category"]) {
        ++named;
        std::string c = e["category"].as<std::string>("");
        if (auto cat = parse_category(c))
          l.category = *cat;
        else
          error(e["category"], "unknown category '" + c + "' (see the taxonomy)");
      }
      if (e["any"]) {
        ++named;
        if (e["any"].as<std::string>("") != "runtime")
          error(e["any"], "'any' takes one value: runtime");
        l.any_runtime = true;
      }
      if (named != 1) error(e, "an 'explained_by' entry names one of rule, category or any");
      std::string join = e["join"] ? e["join"].as<std::string>("") : "";
      if (join == "container")
        l.join = CauseLink::Join::Container;
      else if (join == "pod")
        l.join = CauseLink::Join::Pod;
      else if (join == "workload")
        l.join = CauseLink::Join::Workload;
      else if (join == "node-time")
        l.join = CauseLink::Join::NodeTime;
      else
        error(e["join"] ? e["join"] : e, "join must be container, pod, workload or node-time");
      if (YAML::Node w = e["within"]) {
        try {
          l.within = w.as<long long>();
        } catch (const YAML::Exception&) {
          error(w, "within must be a number of seconds");
        }
        if (l.within < 0) error(w, "within must be a number of seconds");
      }
      out.explained_by.push_back(std::move(l));
    }
  }

  std::optional<Rule> rule(const YAML::Node& r) {
    Rule out;
    size_t before = errors.size();
    out.source = std::string(path) + ":" + std::to_string(line_of(r));
    out.id = str(r, "id", true);
    if (!out.id.empty() && !valid_id(out.id))
      error(r["id"], "rule id '" + out.id + "' must be kebab-case (a-z, 0-9, -)");
    std::string cat = str(r, "category", true);
    if (auto c = parse_category(cat))
      out.category = *c;
    else if (!cat.empty())
      error(r["category"], "unknown category '" + cat + "' (see the taxonomy)");
    std::string sev = str(r, "severity", true);
    if (auto s = parse_severity(sev))
      out.severity = *s;
    else if (!sev.empty())
      error(r["severity"], "unknown severity '" + sev + "'");
    if (YAML::Node c = r["confidence"]) {
      try {
        out.confidence = c.as<double>();
      } catch (const YAML::Exception&) {
        error(c, "confidence must be a number");
      }
      if (out.confidence < 0 || out.confidence > 1) error(c, "confidence must be within 0..1");
    }
    std::string scope = str(r, "scope", false);
    if (scope.empty() || scope == "container")
      out.scope = Scope::Container;
    else if (scope == "pod")
      out.scope = Scope::Pod;
    else if (scope == "node")
      out.scope = Scope::Node;
    else if (scope == "claim")
      out.scope = Scope::Claim;
    else if (scope == "workload")
      out.scope = Scope::Workload;
    else if (scope == "object")
      out.scope = Scope::Object;
    else if (scope == "pod-spec")
      out.scope = Scope::PodSpec;
    else if (scope == "container-spec")
      out.scope = Scope::ContainerSpec;
    else
      error(r["scope"],
            "scope must be container, pod, node, claim or workload (runtime), or object, "
            "pod-spec or container-spec (manifests)");
    out.title = str(r, "title", true);
    out.message = str(r, "message", true);
    out.remediation = str(r, "remediation", true);
    out.symptom = r["symptom"] && r["symptom"].as<bool>(false);
    if (YAML::Node sec = r["secondary"]) {
      if (sec.Scalar() == "true")
        out.secondary = 1;
      else if (sec.Scalar() == "false")
        out.secondary = 0;
      else
        try {
          out.secondary = sec.as<int>();
        } catch (const YAML::Exception&) {
          error(sec, "secondary must be true/false or a level 0..9");
        }
      if (out.secondary < 0 || out.secondary > 9) error(sec, "secondary must be within 0..9");
    }
    out.fallback = r["fallback"] && r["fallback"].as<bool>(false);
    out.confirm_at_runtime = r["confirm_at_runtime"] && r["confirm_at_runtime"].as<bool>(false);
    if (YAML::Node ex = r["explains"]) {
      if (!ex.IsSequence())
        error(ex, "'explains' must be a list of rule ids");
      else
        for (const auto& e : ex) out.explains.push_back(e.as<std::string>(""));
    }
    if (YAML::Node by = r["explained_by"]) explained_by(by, out);
    YAML::Node doc = r["doc"];
    if (!doc || !doc.IsMap()) {
      error(r, "missing 'doc' (what, why, evidence, example)");
    } else {
      out.doc.what = str(doc, "what", true);
      out.doc.why = str(doc, "why", true);
      out.doc.evidence = str(doc, "evidence", true);
      out.doc.example = str(doc, "example", true);
    }
    manifest_fields(r, out);
    YAML::Node m = r["match"];
    if (r["check"]) {
      if (m) error(r, "a rule has either 'match' or 'check', not both");
      if (!is_manifest_scope(out.scope))
        error(r["check"], "'check' needs a manifest scope (object, pod-spec or container-spec)");
      if (auto c = field_check(r["check"], 0)) out.check = std::move(*c);
    } else if (!m) {
      error(r, "missing 'match' (a matcher, a list of matchers, or 'code') or 'check'");
    } else if (is_manifest_scope(out.scope) && !(m.IsScalar() && m.Scalar() == "code")) {
      error(m, "a manifest rule matches with 'check' (fields) or 'match: code'");
    } else if (m.IsScalar() && m.Scalar() == "code") {
      out.code = true;
    } else if (m.IsSequence()) {
      for (const auto& e : m)
        if (auto mm = matcher(e)) out.match.push_back(std::move(*mm));
    } else if (auto mm = matcher(m)) {
      out.match.push_back(std::move(*mm));
    }
    if (YAML::Node un = r["unless"]) {
      if (un.IsSequence()) {
        for (const auto& e : un)
          if (auto mm = matcher(e)) out.unless.push_back(std::move(*mm));
      } else if (auto mm = matcher(un)) {
        out.unless.push_back(std::move(*mm));
      }
    }
    if (YAML::Node ex = r["examples"]) {
      examples(ex["fire"], out.fire_examples);
      examples(ex["dont_fire"], out.dont_fire_examples);
    }
    bool has_log = std::any_of(out.match.begin(), out.match.end(),
                               [](const Matcher& x) { return x.kind == Matcher::Kind::Log; });
    for (const auto& mm : out.match) {
      bool container_only = mm.kind == Matcher::Kind::Log || mm.kind == Matcher::Kind::Waiting ||
                            mm.kind == Matcher::Kind::Terminated;
      if (container_only && out.scope != Scope::Container)
        error(r, "log, waiting and terminated matchers need scope: container");
      if (mm.kind == Matcher::Kind::Condition && out.scope == Scope::Container)
        error(r, "a condition matcher needs scope pod, node or workload");
      if (mm.kind == Matcher::Kind::Status &&
          !(out.scope == Scope::Pod || out.scope == Scope::Claim))
        error(r, "a status matcher needs scope pod or claim");
    }
    if (has_log && (out.fire_examples.empty() || out.dont_fire_examples.empty()))
      error(r, "a log rule needs examples.fire and examples.dont_fire lines");
    if (errors.size() != before) return std::nullopt;
    return out;
  }
};

}  // namespace

std::string_view to_string(Scope s) {
  switch (s) {
    case Scope::Container: return "container";
    case Scope::Pod: return "pod";
    case Scope::Node: return "node";
    case Scope::Claim: return "claim";
    case Scope::Workload: return "workload";
    case Scope::Object: return "object";
    case Scope::PodSpec: return "pod-spec";
    case Scope::ContainerSpec: return "container-spec";
  }
  return "container";
}

bool is_manifest_scope(Scope s) {
  return s == Scope::Object || s == Scope::PodSpec || s == Scope::ContainerSpec;
}

std::string describe(const FieldCheck& c) {
  using Op = FieldCheck::Op;
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : " | ") + x;
    return out;
  };
  auto num = [](double d) {
    std::string s = std::to_string(d);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  switch (c.op) {
    case Op::All:
    case Op::Any: {
      std::string out = c.op == Op::All ? "all of (" : "any of (";
      for (size_t i = 0; i < c.children.size(); ++i)
        out += (i ? "; " : "") + describe(c.children[i]);
      return out + ")";
    }
    case Op::Not:
      return "not (" + (c.children.empty() ? std::string() : describe(c.children[0])) + ")";
    case Op::Absent: return c.path + " is absent";
    case Op::Present: return c.path + " is set";
    case Op::Empty: return c.path + " is empty or absent";
    case Op::Equals: return c.path + " = " + list(c.values);
    case Op::Matches: return c.path + " matches /" + c.pattern + "/";
    case Op::LessThan: return c.path + " < " + num(c.number);
    case Op::GreaterThan: return c.path + " > " + num(c.number);
    case Op::Contains: return c.path + " contains " + list(c.values);
  }
  return c.path;
}

std::string describe(const Matcher& m) {
  static const char* kNames[] = {"log", "waiting", "terminated", "event", "condition", "status"};
  std::string out = kNames[static_cast<int>(m.kind)];
  if (m.kind == Matcher::Kind::Log) return out + ": " + m.pattern;
  auto add = [&](std::string_view key, const std::string& v) {
    if (!v.empty()) out.append(" ").append(key).append("=").append(v);
  };
  add("type", m.type);
  add("status", m.status);
  add("phase", m.phase);
  add("reason", m.reason);
  if (m.exit_code) add("exit_code", std::to_string(*m.exit_code));
  add("message", m.pattern);
  return out;
}

const Rule* Catalog::find(std::string_view id) const {
  for (const auto& r : rules_)
    if (r.id == id) return &r;
  return nullptr;
}

void Catalog::load(std::string_view path, std::string_view content,
                   std::vector<CatalogError>& errors) {
  Loader l{path, errors};
  if (content.size() > kMaxRulesFileBytes) {
    errors.push_back({std::string(path), 0,
                      "a rules file of " + std::to_string(content.size()) +
                          " bytes exceeds the limit of " + std::to_string(kMaxRulesFileBytes) +
                          " bytes"});
    return;
  }
  std::string text(content);
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    Expansion count(kMaxRulesFileNodes);
    while (parser.HandleNextDocument(count)) {
    }
  } catch (const Expansion::TooLarge& e) {
    errors.push_back({std::string(path), e.line,
                      "its aliases expand past " + std::to_string(kMaxRulesFileNodes) +
                          " values (an alias bomb, \"billion laughs\"?): refused"});
    return;
  } catch (const YAML::Exception&) {
    // Said below, where the file is loaded.
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    errors.push_back({std::string(path), e.mark.is_null() ? 0u : unsigned(e.mark.line + 1),
                      "invalid YAML: " + e.msg});
    return;
  }
  // (operator[] throws on a scalar or a sequence: the shape comes first)
  YAML::Node list = root.IsMap() ? root["rules"] : YAML::Node();
  if (!root.IsMap() || !list || !list.IsSequence()) {
    errors.push_back({std::string(path), 1, "a rules file is a map with a 'rules:' list"});
    return;
  }
  for (const auto& kv : root) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    // The built-in data tables (rules/api-*.yaml) are read by the lint rules.
    bool table = key == "apis" || key == "kinds" || key == "types" || key == "kubernetes";
    if (key != "rules" && !(builtin_ && table))
      l.error(kv.first, "unknown key '" + key + "' (a rules file holds one key, 'rules:')");
  }
  if (list.size() > kMaxRules) {
    l.error(list, "more than " + std::to_string(kMaxRules) + " rules in one file");
    return;
  }
  for (const auto& r : list) {
    std::optional<Rule> rule;
    try {
      rule = l.rule(r);
    } catch (const YAML::Exception& e) {
      l.error(r, "invalid rule: " + e.msg);
    }
    if (!rule) continue;
    if (find(rule->id)) {
      l.error(r["id"], "duplicate rule id '" + rule->id + "'");
      continue;
    }
    rule->builtin = builtin_;
    rules_.push_back(std::move(*rule));
  }
}

Catalog Catalog::builtin(std::vector<CatalogError>& errors) {
  Catalog c;
  c.builtin_ = true;
  for (const auto& f : embedded_rule_files()) c.load(f.path, f.content, errors);
  c.builtin_ = false;
  return c;
}

void Catalog::load_dir(const std::string& dir, std::vector<CatalogError>& errors) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_regular_file(dir, ec)) {
    files.push_back(dir);
  } else {
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file() &&
          (it->path().extension() == ".yaml" || it->path().extension() == ".yml"))
        files.push_back(it->path());
    if (ec) {
      errors.push_back({dir, 0, "cannot read rules directory: " + ec.message()});
      return;
    }
  }
  std::sort(files.begin(), files.end());
  uint64_t total = 0;
  for (const auto& f : files) {
    uint64_t size = fs::file_size(f, ec);
    if (ec) {
      errors.push_back({f.string(), 0, "cannot read: " + ec.message()});
      continue;
    }
    if (size > kMaxRulesFileBytes) {
      errors.push_back({f.string(), 0,
                        "a rules file of " + std::to_string(size) + " bytes exceeds the limit of " +
                            std::to_string(kMaxRulesFileBytes) + " bytes"});
      continue;
    }
    total += size;
    if (total > kMaxRulesDirBytes) {
      errors.push_back({f.string(), 0,
                        "the rules given pass " + std::to_string(kMaxRulesDirBytes) +
                            " bytes in all here: this file and the ones after it are not read"});
      return;
    }
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    load(f.string(), ss.str(), errors);
  }
}

}  // namespace kubesift::engine
