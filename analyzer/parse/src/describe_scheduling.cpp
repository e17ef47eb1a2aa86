#include "describe_scheduling.h"

#include "kubesift/core/text.h"

namespace kubesift::parse {
namespace {

bool is_effect(std::string_view e) {
  return e == "NoSchedule" || e == "PreferNoSchedule" || e == "NoExecute";
}

// A label key or value as the API allows them: no blanks, no '=' or ':'
// (a key's prefix may hold '/', '.').
bool plain(std::string_view s) {
  for (char c : s)
    if (c == ' ' || c == '\t' || c == '=' || c == ':' || c == ',' || c == '{' || c == '}')
      return false;
  return true;
}

// "key[=value]" → key, value.
bool split_key_value(std::string_view kv, std::string& key, std::string& value) {
  size_t eq = kv.find('=');
  std::string_view k = kv.substr(0, eq);
  std::string_view v = eq == std::string_view::npos ? std::string_view{} : kv.substr(eq + 1);
  if (!plain(k) || !plain(v)) return false;
  key = std::string(k);
  value = std::string(v);
  return true;
}

}  // namespace

bool parse_describe_taint(std::string_view text, model::Taint& out) {
  text = text::trim(text);
  size_t colon = text.rfind(':');
  if (text.empty() || colon == std::string_view::npos || colon == 0) return false;
  std::string_view effect = text.substr(colon + 1);
  if (!is_effect(effect)) return false;
  model::Taint t;
  if (!split_key_value(text.substr(0, colon), t.key, t.value) || t.key.empty()) return false;
  t.effect = std::string(effect);
  t.at = out.at;
  out = std::move(t);
  return true;
}

bool parse_describe_toleration(std::string_view text, model::Toleration& out) {
  text = text::trim(text);
  if (text.empty() || text == "<none>") return false;
  model::Toleration t;
  t.at = out.at;
  // " for 300s" (tolerationSeconds) at the end.
  if (size_t f = text.rfind(" for "); f != std::string_view::npos && text.ends_with("s")) {
    long long secs = 0;
    if (text::to_int(text.substr(f + 5, text.size() - f - 6), secs)) text = text.substr(0, f);
  }
  // "op=Exists" after the key (with a space), or alone for the toleration
  // that tolerates everything.
  if (text == "op=Exists") {
    t.op = "Exists";
    out = std::move(t);
    return true;
  }
  if (text.ends_with(" op=Exists")) {
    t.op = "Exists";
    text = text.substr(0, text.size() - 10);
  }
  size_t colon = text.rfind(':');
  std::string_view kv = text;
  if (colon != std::string_view::npos) {
    std::string_view effect = text.substr(colon + 1);
    if (!is_effect(effect)) return false;
    t.effect = std::string(effect);
    kv = text.substr(0, colon);
  }
  if (!split_key_value(kv, t.key, t.value)) return false;
  // An empty key is printed only with op=Exists (or an effect alone).
  if (t.key.empty() && t.op != "Exists" && t.effect.empty()) return false;
  out = std::move(t);
  return true;
}

}  // namespace kubesift::parse
