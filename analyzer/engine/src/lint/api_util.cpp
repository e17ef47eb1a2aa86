// The API-version table, the field table and the walker that checks objects
// against the latter (see api_util.h).
#include "api_util.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>
#include <map>

#include "kubesift/engine/embedded_rules.h"

namespace kubesift::engine::lint::api {
namespace {

std::string_view embedded(std::string_view path) {
  for (const auto& f : embedded_rule_files())
    if (f.path == path) return f.content;
  return {};
}

YAML::Node load_yaml(std::string_view path, std::vector<std::string>& errors) {
  std::string_view text = embedded(path);
  if (text.empty()) {
    errors.push_back(std::string(path) + ": not embedded");
    return {};
  }
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    errors.push_back(std::string(path) + ": " + e.what());
    return {};
  }
}

// "1.22" → 22; 0 for anything else.
int parse_release(std::string_view s) {
  if (s.starts_with("v")) s.remove_prefix(1);
  if (!s.starts_with("1.") || s.size() < 3) return 0;
  int minor = 0;
  size_t i = 2;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i)
    minor = minor * 10 + (s[i] - '0');
  if (i == 2 || minor > 999) return 0;
  // "1.29.3": a patch release targets its minor.
  if (i < s.size() && s[i] != '.') return 0;
  return minor;
}

std::string scalar(const YAML::Node& n) {
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

int release_of(const YAML::Node& n, const std::string& where, std::vector<std::string>& errors) {
  if (!n) return 0;
  int r = parse_release(scalar(n));
  if (!r) errors.push_back(where + ": '" + scalar(n) + "' is not a release like \"1.22\"");
  return r;
}

ApiTable load_api_table() {
  ApiTable t;
  YAML::Node root = load_yaml("rules/api-versions.yaml", t.errors);
  if (!root || !root.IsMap()) return t;
  t.oldest = release_of(root["kubernetes"]["oldest"], "kubernetes.oldest", t.errors);
  t.newest = release_of(root["kubernetes"]["newest"], "kubernetes.newest", t.errors);
  if (!t.oldest || !t.newest || t.oldest > t.newest) t.errors.push_back("kubernetes: bad range");
  for (const auto& a : root["apis"]) {
    ApiEntry e;
    e.api = scalar(a["api"]);
    std::string where = "apis: " + e.api;
    for (const auto& k : a["kinds"]) e.kinds.push_back(scalar(k));
    e.deprecated = release_of(a["deprecated"], where + " deprecated", t.errors);
    e.removed = release_of(a["removed"], where + " removed", t.errors);
    for (const auto& u : a["use"]) {
      Replacement r;
      r.api = scalar(u["api"]);
      r.kind = scalar(u["kind"]);
      r.since = release_of(u["since"], where + " use.since", t.errors);
      r.until = release_of(u["until"], where + " use.until", t.errors);
      e.use.push_back(std::move(r));
    }
    e.gone = scalar(a["gone"]);
    e.note = scalar(a["note"]);
    if (e.api.empty() || e.kinds.empty() || (!e.deprecated && !e.removed))
      t.errors.push_back(where + ": needs api, kinds and deprecated or removed");
    if (e.use.empty() && e.gone.empty()) t.errors.push_back(where + ": needs use or gone");
    t.apis.push_back(std::move(e));
  }
  return t;
}

// --- the field table -----------------------------------------------------

struct Schema {
  std::deque<Struct> structs;
  std::deque<Type> types;
  std::map<std::string, Struct*, std::less<>> by_name;
  std::map<std::string, const Struct*, std::less<>> kinds;  // "apps/v1 Deployment"
  std::vector<std::string> errors;

  const Type* prim(Shape s) {
    types.push_back({s, nullptr, nullptr});
    return &types.back();
  }

  const Type* parse(std::string_view spelling, const std::string& where) {
    auto inner = [&](std::string_view prefix) -> std::string_view {
      if (spelling.starts_with(prefix) && spelling.ends_with(">"))
        return spelling.substr(prefix.size(), spelling.size() - prefix.size() - 1);
      return {};
    };
    static const std::map<std::string, Shape, std::less<>> prims = {
        {"any", Shape::Any},
        {"object", Shape::Object},
        {"string", Shape::String},
        {"int", Shape::Int},
        {"bool", Shape::Bool},
        {"number", Shape::Number},
        {"int-or-string", Shape::IntOrString},
        {"quantity", Shape::Quantity}};
    if (auto it = prims.find(spelling); it != prims.end()) return prim(it->second);
    for (auto [prefix, shape] : {std::pair{std::string_view("list<"), Shape::List},
                                 std::pair{std::string_view("map<"), Shape::Map}})
      if (std::string_view in = inner(prefix); !in.empty()) {
        const Type* elem = parse(in, where);
        if (!elem) return nullptr;
        types.push_back({shape, elem, nullptr});
        return &types.back();
      }
    if (auto it = by_name.find(spelling); it != by_name.end()) {
      types.push_back({Shape::Struct, nullptr, it->second});
      return &types.back();
    }
    errors.push_back(where + ": unknown type '" + std::string(spelling) + "'");
    return nullptr;
  }

  void fields(Struct& s, const YAML::Node& body, std::vector<std::string>* extends) {
    for (const auto& kv : body) {
      std::string key = scalar(kv.first);
      std::string where = s.name + "." + key;
      if (key == "_open") {
        s.open = kv.second.as<bool>(false);
      } else if (key == "_extends") {
        if (extends) extends->push_back(scalar(kv.second));
      } else if (key == "_renamed") {
        for (const auto& r : kv.second) s.renamed.emplace_back(scalar(r.first), scalar(r.second));
      } else if (key == "_belongs") {
        for (const auto& b : kv.second) {
          std::string other = scalar(b[0]);
          auto it = by_name.find(other);
          if (it == by_name.end())
            errors.push_back(where + ": unknown struct '" + other + "'");
          else
            s.belongs.emplace_back(it->second, scalar(b[1]));
        }
      } else if (const Type* t = parse(scalar(kv.second), where)) {
        s.fields.push_back({key, t});
      }
    }
  }

  void load() {
    YAML::Node root = load_yaml("rules/api-schema.yaml", errors);
    if (!root || !root.IsMap()) return;
    YAML::Node types_node = root["types"];
    // Every struct exists before any field names one.
    for (const auto& kv : types_node) {
      structs.push_back({});
      structs.back().name = scalar(kv.first);
      by_name[structs.back().name] = &structs.back();
    }
    std::map<Struct*, std::vector<std::string>> extends;
    for (const auto& kv : types_node) {
      Struct& s = *by_name[scalar(kv.first)];
      fields(s, kv.second, &extends[&s]);
    }
    // _extends: the base's fields after the struct's own (one level is all
    // the table uses; a chain resolves in table order).
    for (auto& [s, bases] : extends)
      for (const auto& b : bases) {
        auto it = by_name.find(b);
        if (it == by_name.end()) {
          errors.push_back(s->name + "._extends: unknown struct '" + b + "'");
          continue;
        }
        for (const auto& f : it->second->fields)
          if (!s->find(f.name)) s->fields.push_back(f);
        if (s->belongs.empty()) s->belongs = it->second->belongs;
      }
    const Struct* meta = nullptr;
    if (auto it = by_name.find("ObjectMeta"); it != by_name.end()) meta = it->second;
    if (!meta) errors.push_back("types: no ObjectMeta");
    for (const auto& gv : root["kinds"]) {
      std::string api = scalar(gv.first);
      for (const auto& k : gv.second) {
        structs.push_back({});
        Struct& s = structs.back();
        s.name = api + " " + scalar(k.first);
        if (meta) {
          types.push_back({Shape::Struct, nullptr, meta});
          const Type* meta_type = &types.back();
          s.fields.push_back({"apiVersion", prim(Shape::String)});
          s.fields.push_back({"kind", prim(Shape::String)});
          s.fields.push_back({"metadata", meta_type});
          s.belongs.emplace_back(meta, "metadata");
        }
        fields(s, k.second, nullptr);
        if (const Field* spec = s.find("spec"); spec && spec->type->shape == Shape::Struct)
          s.belongs.emplace_back(spec->type->st, "spec");
        kinds[s.name] = &s;
      }
    }
  }
};

const Schema& schema() {
  static const Schema s = [] {
    Schema x;
    x.load();
    return x;
  }();
  return s;
}

// How YAML 1.1 (what kubectl's YAML reader follows) reads an unquoted scalar.
enum class Plain { Null, Bool, Int, Float, String };

bool all_of(std::string_view s, size_t from, bool (*ok)(char)) {
  if (from >= s.size()) return false;
  for (size_t i = from; i < s.size(); ++i)
    if (!ok(s[i])) return false;
  return true;
}

Plain plain_kind(std::string_view text) {
  static constexpr std::string_view kNull[] = {"~", "null", "Null", "NULL"};
  static constexpr std::string_view kBool[] = {
      "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
      "NO",   "on",   "On",   "ON",    "off",   "Off",   "OFF", "y",   "Y",   "n",  "N"};
  if (text.empty()) return Plain::Null;
  for (std::string_view n : kNull)
    if (text == n) return Plain::Null;
  for (std::string_view b : kBool)
    if (text == b) return Plain::Bool;
  // Underscores separate digits in YAML 1.1 numbers (1_000).
  std::string s;
  std::string_view v = text;
  if (text.find('_') != std::string_view::npos) {
    for (char c : text)
      if (c != '_') s += c;
    v = s;
  }
  size_t i = (!v.empty() && (v[0] == '+' || v[0] == '-')) ? 1 : 0;
  auto dec = [](char c) { return c >= '0' && c <= '9'; };
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  auto oct = [](char c) { return c >= '0' && c <= '7'; };
  auto bin = [](char c) { return c == '0' || c == '1'; };
  std::string_view body = v.substr(i);
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X') &&
      all_of(body, 2, +hex))
    return Plain::Int;
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'o' || body[1] == 'O') &&
      all_of(body, 2, +oct))
    return Plain::Int;
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'b' || body[1] == 'B') &&
      all_of(body, 2, +bin))
    return Plain::Int;
  if (!body.empty() && all_of(body, 0, +dec)) {
    // A leading 0 is octal; 08 is not, and YAML reads it as a float.
    if (body[0] == '0' && body.size() > 1 && !all_of(body, 1, +oct)) return Plain::Float;
    return Plain::Int;
  }
  // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  {
    size_t p = 0;
    size_t n = body.size();
    size_t digits = 0;
    while (p < n && dec(body[p])) ++p, ++digits;
    bool ok = true;
    if (p < n && body[p] == '.') {
      ++p;
      size_t frac = 0;
      while (p < n && dec(body[p])) ++p, ++frac;
      if (!digits && !frac) ok = false;
    } else if (!digits) {
      ok = false;
    }
    if (ok && p < n && (body[p] == 'e' || body[p] == 'E')) {
      ++p;
      if (p < n && (body[p] == '+' || body[p] == '-')) ++p;
      size_t exp = 0;
      while (p < n && dec(body[p])) ++p, ++exp;
      if (!exp) ok = false;
    }
    if (ok && p == n) return Plain::Float;
  }
  for (std::string_view f : {".inf", ".Inf", ".INF"})
    if (body == f) return Plain::Float;
  for (std::string_view f : {".nan", ".NaN", ".NAN"})
    if (v == f) return Plain::Float;
  return Plain::String;
}

// A YAML float with no fractional part (3.0, 1e1): kubectl's YAML reader
// turns it into the JSON number 3, which an integer field accepts. JSON
// input keeps 3.0 as written and the API server rejects it, but a linter
// should not guess which reader the manifest meets.
bool integral(std::string_view text) {
  std::string s;
  for (char c : text)
    if (c != '_') s += c;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  return end && *end == '\0' && std::isfinite(d) && d == std::floor(d);
}

// Kubernetes' quantity syntax: a signed decimal number and a suffix (Ki Mi
// Gi Ti Pi Ei, m k M G T P E, or an exponent e3 / E-2).
bool valid_quantity(std::string_view s) {
  size_t p = 0, n = s.size();
  if (p < n && (s[p] == '+' || s[p] == '-')) ++p;
  size_t digits = 0;
  while (p < n && std::isdigit(static_cast<unsigned char>(s[p]))) ++p, ++digits;
  if (p < n && s[p] == '.') {
    ++p;
    while (p < n && std::isdigit(static_cast<unsigned char>(s[p]))) ++p, ++digits;
  }
  if (!digits) return false;
  std::string_view suffix = s.substr(p);
  if (suffix.empty()) return true;
  for (std::string_view x : {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "m", "k", "M", "G", "T", "P", "E"})
    if (suffix == x) return true;
  if (suffix[0] == 'e' || suffix[0] == 'E') {
    size_t q = 1;
    if (q < suffix.size() && (suffix[q] == '+' || suffix[q] == '-')) ++q;
    return q < suffix.size() && all_of(
                                    suffix, q, +[](char c) { return c >= '0' && c <= '9'; });
  }
  return false;
}

bool is_null(const model::Value& v) {
  return !v || v.is_null() ||
         (v.is_scalar() && !v.quoted() && plain_kind(v.scalar()) == Plain::Null);
}

void hint_for(const Struct& s, std::string_view key, Issue& i) {
  for (const auto& [old, now] : s.renamed)
    if (old == key) {
      i.hint = Issue::Hint::Renamed;
      i.hint_to = now;
      return;
    }
  for (const auto& [other, where] : s.belongs)
    if (other->find(key)) {
      i.hint = Issue::Hint::Belongs;
      i.hint_to = where;
      return;
    }
  std::vector<std::string_view> names;
  for (const auto& f : s.fields) names.push_back(f.name);
  if (std::string c = closest(key, names); !c.empty()) {
    i.hint = Issue::Hint::Typo;
    i.hint_to = c;
  }
}

struct Walker {
  std::vector<Issue>& out;

  void wrong(const model::Value& v, const Type& t) {
    Issue i;
    i.kind = Issue::Kind::WrongType;
    i.at = v;
    i.expected = t.shape;
    out.push_back(std::move(i));
  }

  void walk(const model::Value& v, const Type& t) {
    if (is_null(v) || t.shape == Shape::Any) return;
    bool plain = v.is_scalar() && !v.quoted();
    Plain pk = plain ? plain_kind(v.scalar()) : Plain::String;
    switch (t.shape) {
      case Shape::Object:
        if (!v.is_map()) wrong(v, t);
        break;
      case Shape::Map:
        if (!v.is_map()) return wrong(v, t);
        for (model::Value m : v) walk(m, *t.elem);
        break;
      case Shape::List:
        if (!v.is_seq()) return wrong(v, t);
        for (model::Value e : v) walk(e, *t.elem);
        break;
      case Shape::Struct:
        if (!v.is_map()) return wrong(v, t);
        for (model::Value m : v) {
          if (m.key().empty()) continue;  // a key that is a map or a list: not ours to judge
          const Field* f = t.st->find(m.key());
          if (f) {
            walk(m, *f->type);
          } else if (!t.st->open) {
            Issue i;
            i.kind = Issue::Kind::UnknownField;
            i.at = m;
            hint_for(*t.st, m.key(), i);
            out.push_back(std::move(i));
          }
        }
        break;
      case Shape::String:
        if (!v.is_scalar() || (plain && pk != Plain::String)) wrong(v, t);
        break;
      case Shape::Int:
        if (!v.is_scalar() || !plain ||
            (pk != Plain::Int && !(pk == Plain::Float && integral(v.scalar()))))
          wrong(v, t);
        break;
      case Shape::Bool:
        if (!v.is_scalar() || !plain || pk != Plain::Bool) wrong(v, t);
        break;
      case Shape::Number:
        if (!v.is_scalar() || !plain || (pk != Plain::Int && pk != Plain::Float)) wrong(v, t);
        break;
      case Shape::IntOrString:
        if (!v.is_scalar() ||
            (plain && (pk == Plain::Bool || (pk == Plain::Float && !integral(v.scalar())))))
          wrong(v, t);
        break;
      case Shape::Quantity:
        if (!v.is_scalar() || (plain && pk == Plain::Bool)) return wrong(v, t);
        if (plain && (pk == Plain::Int || pk == Plain::Float)) return;
        if (!valid_quantity(v.scalar())) {
          Issue i;
          i.kind = Issue::Kind::BadQuantity;
          i.at = v;
          out.push_back(std::move(i));
        }
        break;
      default: break;
    }
  }
};

// Case-insensitive optimal-string-alignment distance (a swap counts one).
size_t distance(std::string_view a, std::string_view b) {
  auto low = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = low(a[i - 1]) == low(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && low(a[i - 1]) == low(b[j - 2]) && low(a[i - 2]) == low(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

}  // namespace

// --- API versions ---------------------------------------------------------

const ApiTable& api_table() {
  static const ApiTable t = load_api_table();
  return t;
}

std::string release(int minor) {
  return "1." + std::to_string(minor);
}

std::vector<std::string> kubernetes_versions() {
  const ApiTable& t = api_table();
  std::vector<std::string> v;
  for (int m = t.oldest; m && m <= t.newest; ++m) v.push_back(release(m));
  if (v.empty()) v.push_back(release(t.newest ? t.newest : 35));  // a broken table
  return v;
}

int target_release(const Context& ctx) {
  const LintOptions& o = ctx.options();
  const ApiTable& t = api_table();
  int r = parse_release(o.kubernetes_version);
  if (!r) r = parse_release(o.config.kubernetes_version);
  if (!r) return t.newest;
  return std::clamp(r, t.oldest, t.newest);
}

const ApiEntry* find_api(std::string_view api_version, std::string_view kind) {
  const ApiEntry* any = nullptr;
  for (const auto& e : api_table().apis) {
    if (e.api != api_version) continue;
    for (const auto& k : e.kinds) {
      if (k == kind) return &e;
      if (k == "*" && !any) any = &e;
    }
  }
  return any;
}

const Replacement* replacement_at(const ApiEntry& e, int target) {
  const Replacement* best = nullptr;
  for (const auto& r : e.use)
    if (r.since <= target && (!r.until || target < r.until)) best = &r;
  return best;
}

std::string migration(const ApiEntry& e, std::string_view kind, int target) {
  std::string out;
  if (const Replacement* r = replacement_at(e, target)) {
    if (r->kind.empty() || r->kind == kind)
      out = "Change apiVersion to " + r->api;
    else
      out = "Replace it with a " + r->api + " " + r->kind;
    out += " (served since " + release(r->since);
    if (r->until) out += ", itself no longer served from " + release(r->until);
    out += ").";
  } else if (!e.gone.empty()) {
    out = e.gone;
  } else {
    out = "Move it to an API version Kubernetes " + release(target) + " serves.";
  }
  if (!e.note.empty()) out += " " + e.note;
  return out;
}

std::string api_version_of(const Object& o) {
  return std::string(o.root.str("apiVersion"));
}

// --- Schema ---------------------------------------------------------------

const Field* Struct::find(std::string_view n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

const Struct* kind_schema(std::string_view api_version, std::string_view kind) {
  std::string key = std::string(api_version) + " " + std::string(kind);
  const auto& k = schema().kinds;
  auto it = k.find(key);
  return it == k.end() ? nullptr : it->second;
}

const std::vector<std::string>& schema_errors() {
  return schema().errors;
}

std::vector<Issue> check_object(const Object& o) {
  std::vector<Issue> out;
  if (o.decl && o.decl->observed) return out;
  const Struct* s = kind_schema(api_version_of(o), o.kind);
  if (!s || !o.root.is_map()) return out;
  Type t{Shape::Struct, nullptr, s};
  Walker{out}.walk(o.root, t);
  return out;
}

std::string closest(std::string_view name, const std::vector<std::string_view>& candidates) {
  size_t limit = name.size() <= 3 ? 0 : name.size() <= 5 ? 1 : 2;
  std::string best;
  size_t best_d = limit + 1;
  for (std::string_view c : candidates) {
    size_t d = distance(name, c);
    if (d < best_d) {
      best_d = d;
      best = std::string(c);
    }
  }
  return best;
}

// --- Words ------------------------------------------------------------------

std::string found_words(const model::Value& v) {
  if (v.is_map()) return "a map";
  if (v.is_seq()) return "a list";
  if (v.quoted()) return "a string";
  switch (plain_kind(v.scalar())) {
    case Plain::Bool: return "a boolean";
    case Plain::Int: return "an integer";
    case Plain::Float: return "a decimal number";
    default: return "a string";
  }
}

std::string expected_words(Shape s) {
  switch (s) {
    case Shape::String: return "a string";
    case Shape::Int: return "an integer";
    case Shape::Bool: return "true or false";
    case Shape::Number: return "a number";
    case Shape::IntOrString: return "an integer or a string";
    case Shape::Quantity: return "a quantity (a number, or a string like 500m or 2Gi)";
    case Shape::List: return "a list";
    case Shape::Map:
    case Shape::Object:
    case Shape::Struct: return "a map";
    default: return "anything";
  }
}

std::string parent_path(const Object& o, const model::Value& v) {
  std::string p = field_path(o.root, v);
  size_t cut = p.size();
  // The member's own step: ".key" or "[i]" for an element.
  if (!p.empty() && p.back() == ']') {
    cut = p.rfind('[');
  } else {
    size_t dot = p.rfind('.');
    cut = dot == std::string::npos ? 0 : dot;
  }
  std::string parent = p.substr(0, cut);
  return parent.empty() ? "the top level" : parent;
}

std::string unknown_hint(const Issue& i) {
  switch (i.hint) {
    case Issue::Hint::Renamed: return " (this API version has " + i.hint_to + " instead)";
    case Issue::Hint::Belongs:
      return " (" + std::string(i.at.key()) + " belongs in " + i.hint_to + ")";
    case Issue::Hint::Typo: return " (did you mean " + i.hint_to + "?)";
    default: return {};
  }
}

std::string unknown_fix(const Issue& i, const Object& o) {
  std::string key(i.at.key());
  switch (i.hint) {
    case Issue::Hint::Renamed: return "Replace " + key + " with " + i.hint_to + ".";
    case Issue::Hint::Belongs: return "Move " + key + " to " + i.hint_to + ".";
    case Issue::Hint::Typo: return "Rename " + key + " to " + i.hint_to + ".";
    default: break;
  }
  // `kubectl explain deployment.spec.template.spec` lists what the map takes.
  std::string where = parent_path(o, i.at);
  std::string path;
  if (where != "the top level") {
    bool in_index = false;
    for (char c : where) {
      if (c == '[') in_index = true;
      if (!in_index) path += c;
      if (c == ']') in_index = false;
    }
  }
  std::string kind = o.kind;
  for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "Delete " + key + ", or move it to the map it belongs to (`kubectl explain " + kind +
         (path.empty() ? "" : "." + path) + "` lists the fields " + where + " takes).";
}

std::string type_fix(const Issue& i) {
  std::string key(i.at.key());
  std::string what = key.empty() ? std::string("the value") : key;
  std::string text(i.at.scalar());
  bool scalar = i.at.is_scalar();
  switch (i.expected) {
    case Shape::String:
      if (scalar)
        return "Quote the value: " + (key.empty() ? "" : key + ": ") + "\"" + text + "\".";
      return "Set " + what + " to a single string.";
    case Shape::Int:
      if (scalar && i.at.quoted() && plain_kind(text) == Plain::Int)
        return "Remove the quotes: " + (key.empty() ? "" : key + ": ") + text + ".";
      return "Set " + what + " to a whole number, without quotes.";
    case Shape::Bool:
      if (scalar && i.at.quoted() && plain_kind(text) == Plain::Bool)
        return "Remove the quotes: " + (key.empty() ? "" : key + ": ") + text + ".";
      return "Set " + what + " to true or false, without quotes.";
    case Shape::Number: return "Set " + what + " to a number, without quotes.";
    case Shape::IntOrString:
      return "Set " + what + " to a port number (8080) or a quoted name (\"http\").";
    case Shape::Quantity: return "Set " + what + " to a quantity such as 500m or 256Mi.";
    case Shape::List:
      if (i.at.is_map())
        return "Make " + what + " a list: start each entry with \"- \" (one entry per item).";
      return "Make " + what + " a list (one \"- \" entry per item).";
    default:
      return "Make " + what + " a map of fields (name: value), not " + found_words(i.at) + ".";
  }
}

std::string quantity_fix(std::string_view written) {
  std::string s;
  for (char c : written)
    if (!std::isspace(static_cast<unsigned char>(c))) s += c;
  if (s != written && valid_quantity(s)) return "Write it without spaces: " + s + ".";
  size_t p = 0;
  while (p < s.size() && (std::isdigit(static_cast<unsigned char>(s[p])) || s[p] == '.' ||
                          ((s[p] == '+' || s[p] == '-') && p == 0)))
    ++p;
  std::string number = s.substr(0, p), suffix = s.substr(p);
  // A suffix from another convention, and Kubernetes' decimal and binary ones.
  struct Fix {
    const char* bad;
    const char* decimal;
    const char* binary;
  };
  static const Fix kFix[] = {
      {"KB", "k", "Ki"},       {"kB", "k", "Ki"},      {"kb", "k", "Ki"}, {"Kb", "k", "Ki"},
      {"K", "k", "Ki"},        {"MB", "M", "Mi"},      {"mb", "M", "Mi"}, {"Mb", "M", "Mi"},
      {"GB", "G", "Gi"},       {"gb", "G", "Gi"},      {"Gb", "G", "Gi"}, {"g", "G", "Gi"},
      {"TB", "T", "Ti"},       {"tb", "T", "Ti"},      {"Tb", "T", "Ti"}, {"t", "T", "Ti"},
      {"KiB", "", "Ki"},       {"MiB", "", "Mi"},      {"GiB", "", "Gi"}, {"TiB", "", "Ti"},
      {"ki", "", "Ki"},        {"mi", "", "Mi"},       {"gi", "", "Gi"},  {"ti", "", "Ti"},
      {"KI", "", "Ki"},        {"MI", "", "Mi"},       {"GI", "", "Gi"},  {"TI", "", "Ti"},
      {"cpu", "", ""},         {"cpus", "", ""},       {"core", "", ""},  {"cores", "", ""},
      {"millicores", "m", ""}, {"millicore", "m", ""}, {"mcpu", "m", ""}};
  bool digits = std::any_of(number.begin(), number.end(),
                            [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (digits)
    for (const auto& f : kFix) {
      if (suffix != f.bad) continue;
      std::string d = f.decimal, b = f.binary;
      if (!d.empty() && !b.empty())
        return "Write " + number + d + " (powers of 1000) or " + number + b +
               " (powers of 1024) instead of " + std::string(written) + ".";
      return "Write " + number + (d.empty() ? b : d) + " instead of " + std::string(written) + ".";
    }
  return "Write a number with an optional suffix: m (thousandths), k M G T P E (powers of 1000) "
         "or Ki Mi Gi Ti Pi Ei (powers of 1024), as in 500m, 128Mi or 2Gi.";
}

}  // namespace kubesift::engine::lint::api
