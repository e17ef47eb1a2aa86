// A missing environment variable or file against the container's env, its
// envFrom sources, its mounts and the keys of the ConfigMaps/Secrets behind
// them.
#include "explain_env.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "kubesift/core/text.h"

namespace kubesift::engine {
namespace {

std::string var_of(const Signal& s, std::string_view name) {
  for (const auto& [k, v] : s.vars)
    if (k == name) return v;
  return {};
}

// An env name as Spring's relaxed binding and shells see it: upper case,
// `.` and `-` as `_`.
std::string env_form(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '.' || ch == '-')
      out += '_';
    else
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return out;
}

std::string without(std::string_view s, char drop) {
  std::string out;
  for (char ch : s)
    if (ch != drop) out += ch;
  return out;
}

std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  for (auto t : text::split(s, '_'))
    if (!t.empty()) out.emplace_back(t);
  return out;
}

// `longer` is `shorter` with one more token at either end.
bool one_token_more(const std::vector<std::string>& shorter,
                    const std::vector<std::string>& longer) {
  if (shorter.empty() || longer.size() != shorter.size() + 1) return false;
  if (shorter.size() == 1 && shorter[0].size() < 4) return false;
  return std::equal(shorter.begin(), shorter.end(), longer.begin()) ||
         std::equal(shorter.begin(), shorter.end(), longer.begin() + 1);
}

// A ConfigMap or Secret as the input shows it: its key names.
struct Source {
  std::string kind, name;
  std::vector<std::string> keys;
  model::SourceRef at;
  bool found = false;
  bool has(std::string_view key) const {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  }
};

Source find_source(const model::Store& store, std::string_view kind, std::string_view ns,
                   std::string_view name) {
  Source s;
  s.kind = std::string(kind);
  s.name = std::string(name);
  const auto& list = kind == "Secret" ? store.facts.secrets : store.facts.configmaps;
  for (const auto& cs : list) {
    if (cs.meta.name != name) continue;
    if (!ns.empty() && !cs.meta.ns.empty() && cs.meta.ns != ns) continue;
    if (!s.found) s.at = cs.meta.at;
    s.found = true;
    for (const auto& k : cs.keys)
      if (!s.has(k)) s.keys.push_back(k);
  }
  return s;
}

// Names, near ones first, at most 8.
std::string list_names(const std::vector<std::string>& names,
                       const std::vector<std::string>& near_first) {
  std::vector<std::string> order = near_first;
  for (const auto& n : names)
    if (std::find(order.begin(), order.end(), n) == order.end()) order.push_back(n);
  std::string out;
  for (size_t i = 0; i < order.size(); ++i) {
    if (i == 8) return out + ", …";
    out += (i ? ", " : "") + order[i];
  }
  return out;
}

std::string keys_phrase(const std::vector<std::string>& keys) {
  return keys.size() == 1 ? "key " : "keys ";
}

std::string ns_of(const ContainerCase& c) {
  return c.pod ? c.pod->pod.meta.ns : "";
}

void explain_var(const model::Store& store, const ContainerCase& c, Signal& sig,
                 const std::string& var) {
  const model::ContainerSpec& spec = *c.container->spec;
  std::string ns = ns_of(c);
  // Spring binds property db.url to DB_URL, my-prop to MYPROP.
  std::vector<std::string> wanted = {var};
  if (env_form(var) != var) wanted.push_back(env_form(var));
  if (var.find('-') != std::string::npos) wanted.push_back(env_form(without(var, '-')));
  auto is_wanted = [&](std::string_view n) {
    return std::find(wanted.begin(), wanted.end(), n) != wanted.end();
  };
  auto is_near = [&](std::string_view n) {
    for (const auto& w : wanted)
      if (near_env_name(w, n)) return true;
    return false;
  };
  std::string shown = var + (wanted.size() > 1 ? " (" + wanted[1] + " in the environment)" : "");

  // Set by name: nothing near to say, unless it refers to a key its
  // ConfigMap/Secret does not have (an optional reference: then unset).
  for (const auto& e : spec.env) {
    if (!is_wanted(e.name)) continue;
    if ((e.from_kind == "ConfigMap" || e.from_kind == "Secret") && !e.from_key.empty()) {
      Source src = find_source(store, e.from_kind, ns, e.from_name);
      if (src.found && !src.has(e.from_key)) {
        std::vector<std::string> near;
        for (const auto& k : src.keys)
          if (near_env_name(e.from_key, k) || near_file_name(e.from_key, k)) near.push_back(k);
        std::string detail = shown + " refers to key " + e.from_key + " of " + src.kind + " " +
                             src.name + ", which has no such key";
        if (!src.keys.empty())
          detail += " (it has " + keys_phrase(src.keys) + list_names(src.keys, near) + ")";
        sig.vars.emplace_back("env_detail", detail + ".");
        if (!near.empty())
          sig.vars.emplace_back("env_fix", "Point " + e.name + " at key " + near.front() + " of " +
                                               src.kind + " " + src.name + ", or add key " +
                                               e.from_key + " to it.");
        sig.evidence.push_back({e.at, "config"});
        if (src.at.valid()) sig.evidence.push_back({src.at, "config"});
      }
    }
    return;
  }

  std::vector<const model::EnvVar*> near_env;
  for (const auto& e : spec.env)
    if (is_near(e.name)) near_env.push_back(&e);
  struct FromNear {
    const model::EnvFromSource* from;
    Source src;
    std::vector<std::string> names, near;
  };
  std::vector<FromNear> near_from;
  for (const auto& f : spec.env_from) {
    Source src = find_source(store, f.kind, ns, f.name);
    if (!src.found) continue;
    FromNear fn{&f, src, {}, {}};
    for (const auto& k : src.keys) {
      std::string n = f.prefix + k;
      if (is_wanted(n)) return;  // set by this source
      fn.names.push_back(n);
      if (is_near(n)) fn.near.push_back(n);
    }
    if (!fn.near.empty()) near_from.push_back(std::move(fn));
  }
  if (near_env.empty() && near_from.empty()) return;

  std::string detail = shown + " is not set: ";
  std::string nearest, origin;
  if (!near_env.empty()) {
    detail += "the container's env has ";
    for (size_t i = 0; i < near_env.size(); ++i) {
      detail += (i ? ", " : "") + near_env[i]->name;
      sig.evidence.push_back({near_env[i]->at, "config"});
    }
    nearest = near_env.front()->name;
    origin = "the container's env";
  }
  for (size_t i = 0; i < near_from.size(); ++i) {
    const auto& fn = near_from[i];
    detail += std::string(!near_env.empty() || i ? ", and " : "") + fn.src.kind + " " +
              fn.src.name + " (envFrom" +
              (fn.from->prefix.empty() ? "" : ", prefix " + fn.from->prefix) + ") has " +
              keys_phrase(fn.names) + list_names(fn.names, fn.near);
    sig.evidence.push_back({fn.from->at, "config"});
    if (fn.src.at.valid()) sig.evidence.push_back({fn.src.at, "config"});
    if (nearest.empty()) {
      nearest = fn.near.front();
      origin = fn.src.kind + " " + fn.src.name;
    }
  }
  sig.vars.emplace_back("env_detail", detail + ".");
  sig.vars.emplace_back("env_fix", "The nearest name the container has is " + nearest + " (" +
                                       origin + "): rename it to " + wanted.back() +
                                       ", or make the app read " + nearest + ".");
}

std::string trim_slashes(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  return std::string(p);
}

void explain_path(const model::Store& store, const ContainerCase& c, Signal& sig,
                  const std::string& path) {
  const model::ContainerSpec& spec = *c.container->spec;
  std::string ns = ns_of(c);
  auto volume = [&](std::string_view name) -> const model::PodVolume* {
    if (!c.pod) return nullptr;
    for (const auto& v : c.pod->pod.volumes)
      if (v.name == name) return &v;
    return nullptr;
  };
  // The ConfigMap/Secret behind a mount, when the input shows its keys.
  auto source_of = [&](const model::VolumeMount& m, const model::PodVolume*& v) -> Source {
    v = volume(m.name);
    if (!v || (v->configmap.empty() && v->secret.empty())) return {};
    return v->configmap.empty() ? find_source(store, "Secret", ns, v->secret)
                                : find_source(store, "ConfigMap", ns, v->configmap);
  };
  auto cite = [&](const model::VolumeMount& m, const model::PodVolume* v, const Source& src) {
    sig.evidence.push_back({m.at, "config"});
    if (v && v->at.valid()) sig.evidence.push_back({v->at, "config"});
    if (src.at.valid()) sig.evidence.push_back({src.at, "config"});
  };

  const model::VolumeMount* covering = nullptr;
  for (const auto& m : spec.mounts) {
    std::string mp = trim_slashes(m.mount_path);
    if (mp.empty() || mp == "/") continue;
    bool under =
        path.size() > mp.size() && path.compare(0, mp.size(), mp) == 0 && path[mp.size()] == '/';
    if ((under || path == mp) &&
        (!covering || mp.size() > trim_slashes(covering->mount_path).size()))
      covering = &m;
  }

  if (covering) {
    const model::PodVolume* v = nullptr;
    Source src = source_of(*covering, v);
    if (!src.found) return;
    std::string mp = trim_slashes(covering->mount_path);
    if (path.size() <= mp.size() + 1) return;
    std::string rel = path.substr(mp.size() + 1);
    if (src.has(rel)) return;  // the key is there: the projection (items) decides
    std::vector<std::string> near;
    for (const auto& k : src.keys)
      if (near_file_name(rel, k)) near.push_back(k);
    if (near.empty()) return;
    sig.vars.emplace_back(
        "env_detail", path + " is not there: " + src.kind + " " + src.name + ", mounted at " + mp +
                          ", has " + keys_phrase(src.keys) + list_names(src.keys, near) + ".");
    sig.vars.emplace_back("env_fix", "Name the key " + rel + " (it is " + near.front() +
                                         "), or point the app at " + mp + "/" + near.front() + ".");
    cite(*covering, v, src);
    return;
  }

  // Nothing mounted there: a ConfigMap/Secret with that file, mounted elsewhere.
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos || slash + 1 >= path.size()) return;
  std::string dir = slash ? path.substr(0, slash) : "/", base = path.substr(slash + 1);
  const model::VolumeMount* best = nullptr;
  const model::PodVolume* best_v = nullptr;
  Source best_src;
  std::string best_key;
  bool best_exact = false;
  for (const auto& m : spec.mounts) {
    const model::PodVolume* v = nullptr;
    Source src = source_of(m, v);
    if (!src.found) continue;
    for (const auto& k : src.keys) {
      bool exact = k == base;
      if (!exact && !near_file_name(base, k)) continue;
      if (best && (best_exact || !exact)) continue;
      best = &m;
      best_v = v;
      best_src = src;
      best_key = k;
      best_exact = exact;
    }
  }
  if (!best) return;
  std::string mp = trim_slashes(best->mount_path);
  sig.vars.emplace_back("env_detail", "Nothing is mounted at " + dir + "; " + best_src.kind + " " +
                                          best_src.name + ", which has key " + best_key +
                                          ", is mounted at " + mp + ".");
  sig.vars.emplace_back("env_fix", "Mount " + best_src.kind + " " + best_src.name + " at " + dir +
                                       ", or point the app at " + mp + "/" + best_key + ".");
  cite(*best, best_v, best_src);
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool near_env_name(std::string_view wanted, std::string_view have) {
  if (wanted == have || wanted.empty() || have.empty()) return false;
  std::string a = env_form(wanted), b = env_form(have);
  if (a == b || without(a, '_') == without(b, '_')) return true;
  auto ta = tokens(a), tb = tokens(b);
  if (one_token_more(ta, tb) || one_token_more(tb, ta)) return true;
  // One name the other plus a short tail: DB_HOST, DB_HOSTNAME; DB_PASS, DB_PASSWORD.
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  if (shorter.size() >= 4 && longer.compare(0, shorter.size(), shorter) == 0 &&
      longer.size() - shorter.size() <= 4)
    return true;
  // A typo: one edit (two in long names).
  if (shorter.size() >= 5 && edit_distance(a, b) <= (shorter.size() >= 10 ? 2u : 1u)) return true;
  return false;
}

bool near_file_name(std::string_view wanted, std::string_view have) {
  if (wanted == have || wanted.empty() || have.empty()) return false;
  std::string a = text::lower(wanted), b = text::lower(have);
  if (a == b) return true;
  size_t da = a.find_last_of('.'), db = b.find_last_of('.');
  if (da != std::string::npos && db != std::string::npos && da > 0 && db > 0 &&
      a.compare(0, da, b, 0, db) == 0)
    return true;
  size_t shorter = std::min(a.size(), b.size());
  return shorter >= 5 && edit_distance(a, b) <= 2;
}

void explain_env(const model::Store& store, const ContainerCase& c, Signal& sig) {
  if (!sig.rule || !c.container || !c.container->spec) return;
  if (sig.rule->category == Category::BadEnvVar) {
    std::string var = var_of(sig, "var");
    if (!var.empty()) explain_var(store, c, sig, var);
  } else if (sig.rule->category == Category::MissingFile) {
    std::string path = var_of(sig, "path");
    if (path.size() > 1 && path[0] == '/') explain_path(store, c, sig, path);
  }
}

}  // namespace kubesift::engine
