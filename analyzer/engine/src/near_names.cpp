#include "near_names.h"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <set>
#include <tuple>

namespace kubesift::engine {
namespace {

char lower_char(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool is_upper(char c) {
  return std::isupper(static_cast<unsigned char>(c)) != 0;
}
bool is_lower(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_separator(char c) {
  return c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == ' ';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_char(c);
  return out;
}

// The name in lower case without separators: equal skeletons differ only
// in case and separators.
std::string skeleton(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!is_separator(c)) out += lower_char(c);
  return out;
}

// The name with every run of digits replaced by one '#'.
std::string without_digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_digit(c)) {
      if (out.empty() || out.back() != '#') out += '#';
    } else {
      out += lower_char(c);
    }
  }
  return out;
}

size_t chars(const std::vector<std::string>& tokens) {
  size_t n = 0;
  for (const auto& t : tokens) n += t.size();
  return n;
}

// Whether `small` appears in `big` as a run of whole tokens.
bool token_run(const std::vector<std::string>& small, const std::vector<std::string>& big) {
  if (small.empty() || small.size() >= big.size()) return false;
  for (size_t i = 0; i + small.size() <= big.size(); ++i)
    if (std::equal(small.begin(), small.end(), big.begin() + static_cast<long>(i))) return true;
  return false;
}

// The characters of the tokens both names have (as a multiset).
size_t shared_chars(const std::vector<std::string>& a, const std::vector<std::string>& b,
                    size_t* shared_tokens) {
  std::multiset<std::string> rest(b.begin(), b.end());
  size_t n = 0, k = 0;
  for (const auto& t : a) {
    auto it = rest.find(t);
    if (it == rest.end()) continue;
    n += t.size();
    ++k;
    rest.erase(it);
  }
  if (shared_tokens) *shared_tokens = k;
  return n;
}

// The edits allowed between names whose shorter one has `n` characters.
size_t edit_budget(size_t n) {
  if (n <= 3) return 0;
  if (n <= 7) return 1;
  if (n <= 12) return 2;
  return 3;
}

// How much farther than the first a second suggestion may be.
constexpr double kSecondMargin = 0.3;

}  // namespace

size_t osa_distance(std::string_view a, std::string_view b) {
  size_t la = a.size(), lb = b.size();
  std::vector<size_t> pp(lb + 1), p(lb + 1), c(lb + 1);
  std::iota(p.begin(), p.end(), size_t{0});
  for (size_t i = 1; i <= la; ++i) {
    c[0] = i;
    for (size_t j = 1; j <= lb; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      c[j] = std::min({p[j] + 1, c[j - 1] + 1, p[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        c[j] = std::min(c[j], pp[j - 2] + 1);
    }
    std::swap(pp, p);
    std::swap(p, c);
  }
  return p[lb];
}

std::vector<std::string> name_tokens(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (is_separator(c)) {
      flush();
      continue;
    }
    if (is_upper(c) && i > 0) {
      char prev = name[i - 1];
      bool next_lower = i + 1 < name.size() && is_lower(name[i + 1]);
      // dbHost → db|Host; HTTPServer → HTTP|Server; Host2 stays.
      if (is_lower(prev) || is_digit(prev) || (is_upper(prev) && next_lower)) flush();
    }
    cur += lower_char(c);
  }
  flush();
  return out;
}

NameCloseness name_closeness(std::string_view missing, std::string_view candidate) {
  NameCloseness r;
  if (missing.empty() || candidate.empty() || missing == candidate) return r;
  std::string a = lower(missing), b = lower(candidate);
  r.distance = osa_distance(a, b);
  size_t longest = std::max(a.size(), b.size()), shortest = std::min(a.size(), b.size());
  std::vector<std::string> ta = name_tokens(missing), tb = name_tokens(candidate);
  size_t shared_tokens = 0;
  size_t shared = shared_chars(ta, tb, &shared_tokens);
  size_t all = chars(ta) + chars(tb);
  double overlap = all ? 2.0 * static_cast<double>(shared) / static_cast<double>(all) : 0.0;
  double nd = static_cast<double>(r.distance) / static_cast<double>(longest);
  if (skeleton(a) == skeleton(b)) {
    r.close = true;
    r.cost = 0.01 * static_cast<double>(std::min<size_t>(r.distance, 9));
    return r;
  }
  // Siblings by number: replicas' claims, numbered shards.
  if (without_digits(a) == without_digits(b)) return r;
  const auto& small = ta.size() <= tb.size() ? ta : tb;
  const auto& big = ta.size() <= tb.size() ? tb : ta;
  const std::string& sa = a.size() <= b.size() ? a : b;
  const std::string& sb = a.size() <= b.size() ? b : a;
  bool edits = r.distance <= edit_budget(shortest);
  // One short token inside a longer name (`host` in `db-host`) says little.
  bool run = token_run(small, big) && chars(small) >= 4 && (small.size() >= 2 || chars(small) >= 5);
  bool prefix = sb.starts_with(sa) && sa.size() >= 4 && 2 * sa.size() >= sb.size();
  bool tokens = shared_tokens >= 2 && overlap >= 0.45;
  r.close = edits || run || prefix || tokens;
  if (!r.close) return r;
  r.cost = 0.05 + 0.6 * nd + 0.35 * (1.0 - overlap);
  // A name contained whole in the other reads as the same thing said
  // shorter or longer: ranked before a mere overlap of the same distance.
  if (run || prefix) r.cost -= 0.05;
  r.cost = std::clamp(r.cost, 0.02, 1.0);
  return r;
}

std::vector<size_t> rank_near_names(std::string_view missing,
                                    const std::vector<std::string_view>& candidates, size_t max) {
  std::vector<std::tuple<double, size_t, std::string_view, size_t>> near;
  std::set<std::string_view> seen;
  for (size_t i = 0; i < candidates.size(); ++i) {
    std::string_view c = candidates[i];
    if (c == missing || !seen.insert(c).second) continue;
    NameCloseness nc = name_closeness(missing, c);
    if (nc.close) near.emplace_back(nc.cost, nc.distance, c, i);
  }
  std::sort(near.begin(), near.end());
  std::vector<size_t> out;
  for (const auto& [cost, d, name, i] : near) {
    if (out.size() >= max) break;
    // A second suggestion only when it is nearly as close as the first.
    if (!out.empty() && cost > std::get<0>(near.front()) + kSecondMargin) break;
    out.push_back(i);
  }
  return out;
}

bool cluster_scoped_kind(std::string_view kind) {
  static constexpr std::string_view kCluster[] = {"StorageClass",
                                                  "PersistentVolume",
                                                  "PriorityClass",
                                                  "ClusterRole",
                                                  "ClusterRoleBinding",
                                                  "IngressClass",
                                                  "Namespace",
                                                  "Node",
                                                  "RuntimeClass",
                                                  "CSIDriver",
                                                  "VolumeSnapshotClass",
                                                  "CustomResourceDefinition",
                                                  "ClusterIssuer",
                                                  "ValidatingWebhookConfiguration",
                                                  "MutatingWebhookConfiguration"};
  return std::find(std::begin(kCluster), std::end(kCluster), kind) != std::end(kCluster);
}

namespace {

// One object the input shows: its name and defining line.
struct Shown {
  std::string_view name;
  model::SourceRef at;
};

bool looks_from(const model::ObjectMeta& m, std::string_view kind, std::string_view ns) {
  if (m.name.empty()) return false;
  if (cluster_scoped_kind(kind) || ns.empty() || m.ns.empty()) return true;
  return m.ns == ns;
}

// Objects of `kind` seen from `ns`: typed facts first (objects, describe),
// then the generic ones (tables, other kinds), each in input order.
std::vector<Shown> shown(const model::Store& store, std::string_view kind, std::string_view ns) {
  std::vector<Shown> out;
  const model::Facts& f = store.facts;
  auto add = [&](const model::ObjectMeta& m) {
    if (looks_from(m, kind, ns)) out.push_back({m.name, m.at});
  };
  if (kind == "ConfigMap")
    for (const auto& c : f.configmaps) add(c.meta);
  if (kind == "Secret")
    for (const auto& c : f.secrets) add(c.meta);
  if (kind == "PersistentVolumeClaim")
    for (const auto& c : f.claims) add(c.meta);
  for (const auto& g : f.others)
    if (g.meta.kind == kind) add(g.meta);
  return out;
}

std::vector<NearName> pick(std::string_view missing, const std::vector<Shown>& all) {
  std::vector<std::string_view> names;
  names.reserve(all.size());
  for (const auto& s : all) {
    if (s.name == missing) return {};  // it exists
    names.push_back(s.name);
  }
  std::vector<NearName> out;
  for (size_t i : rank_near_names(missing, names))
    out.push_back({std::string(all[i].name), all[i].at});
  return out;
}

}  // namespace

bool object_shown(const model::Store& store, std::string_view kind, std::string_view ns,
                  std::string_view name) {
  for (const auto& s : shown(store, kind, ns))
    if (s.name == name) return true;
  return false;
}

std::vector<NearName> near_objects(const model::Store& store, std::string_view kind,
                                   std::string_view ns, std::string_view missing) {
  if (missing.empty()) return {};
  return pick(missing, shown(store, kind, ns));
}

std::vector<NearName> near_keys(const model::Store& store, std::string_view kind,
                                std::string_view ns, std::string_view source_name,
                                std::string_view missing_key) {
  if (missing_key.empty() || source_name.empty()) return {};
  const std::vector<model::ConfigSource>* sources = nullptr;
  if (kind == "ConfigMap") sources = &store.facts.configmaps;
  if (kind == "Secret") sources = &store.facts.secrets;
  if (!sources) return {};
  bool secret = kind == "Secret";
  std::vector<Shown> keys;
  for (const auto& c : *sources) {
    if (c.meta.name != source_name || !looks_from(c.meta, kind, ns)) continue;
    for (size_t i = 0; i < c.keys.size(); ++i) {
      model::SourceRef at = secret || i >= c.key_at.size() ? c.meta.at : c.key_at[i];
      keys.push_back({c.keys[i], at});
    }
  }
  return pick(missing_key, keys);
}

}  // namespace kubesift::engine
