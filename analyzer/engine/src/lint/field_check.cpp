#include "field_check.h"

#include <cmath>
#include <cstdlib>

#include "context.h"

namespace kubesift::engine::lint {
namespace {

using Op = FieldCheck::Op;

// One way a path resolves: the value at its end (absent when the path
// breaks off) and the last value that exists on the way.
struct Branch {
  model::Value end;
  model::Value deepest;
};

std::vector<std::string_view> split_path(std::string_view p) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= p.size()) {
    size_t dot = p.find('.', pos);
    std::string_view seg = p.substr(pos, dot == std::string_view::npos ? p.npos : dot - pos);
    // "containers[*]" is two steps: the key, then every element.
    if (seg.ends_with("[*]")) {
      if (seg.size() > 3) out.push_back(seg.substr(0, seg.size() - 3));
      out.push_back("[*]");
    } else {
      out.push_back(seg);
    }
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return out;
}

void resolve(model::Value v, const std::vector<std::string_view>& steps, size_t i,
             std::vector<Branch>& out) {
  if (i == steps.size()) {
    out.push_back({v, v});
    return;
  }
  if (steps[i] == "[*]") {
    if (!v.is_seq()) {
      out.push_back({{}, v});  // breaks off here
      return;
    }
    for (model::Value e : v) resolve(e, steps, i + 1, out);
    return;
  }
  model::Value next = v.get(steps[i]);
  if (!next) {
    out.push_back({{}, v});
    return;
  }
  resolve(next, steps, i + 1, out);
}

std::vector<Branch> branches(const FieldCheck& c, const Roots& r) {
  std::string_view p = c.path;
  model::Value start = r.scope;
  for (auto [prefix, root] : {std::pair{std::string_view("$object."), r.object},
                              std::pair{std::string_view("$pod."), r.pod},
                              std::pair{std::string_view("$template."), r.tmpl}}) {
    if (p.starts_with(prefix)) {
      p.remove_prefix(prefix.size());
      start = root;
    }
  }
  std::vector<Branch> out;
  if (!start) return out;
  resolve(start, split_path(p), 0, out);
  return out;
}

bool present(model::Value v) {
  return v && !v.is_null();
}

bool equals_one(model::Value v, const std::vector<std::string>& values) {
  if (!v.is_scalar()) return false;
  for (const auto& want : values) {
    if (want == "true" || want == "false") {
      if (auto b = v.as_bool(); b && *b == (want == "true")) return true;
      continue;
    }
    if (v.scalar() == want) return true;
    // Numbers compare as numbers (8080 = "8080" written unquoted or not).
    char* end = nullptr;
    double w = std::strtod(want.c_str(), &end);
    if (end && *end == '\0' && !want.empty()) {
      auto q = quantity(v.scalar());
      if (q && *q == w) return true;
    }
  }
  return false;
}

Outcome leaf(const FieldCheck& c, const Roots& r, const CompiledChecks& compiled) {
  Outcome o;
  std::vector<Branch> bs = branches(c, r);
  for (const auto& b : bs) {
    bool h = false;
    model::Value cite = present(b.end) ? b.end : b.deepest;
    switch (c.op) {
      case Op::Absent: h = !present(b.end); break;
      case Op::Present: h = present(b.end); break;
      case Op::Empty:
        h = !present(b.end) || (b.end.is_scalar() && b.end.scalar().empty()) ||
            ((b.end.is_map() || b.end.is_seq()) && b.end.size() == 0);
        break;
      case Op::Equals: h = equals_one(b.end, c.values); break;
      case Op::Matches:
        if (const RE2* re = compiled.regex(c); re && b.end.is_scalar()) {
          std::string_view s = b.end.scalar();
          h = RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re);
        }
        break;
      case Op::LessThan:
      case Op::GreaterThan:
        if (b.end.is_scalar())
          if (auto q = quantity(b.end.scalar()))
            h = c.op == Op::LessThan ? *q < c.number : *q > c.number;
        break;
      case Op::Contains:
        for (model::Value e : b.end)
          if (b.end.is_seq() && equals_one(e, c.values)) {
            h = true;
            cite = e;
            break;
          }
        break;
      default: break;
    }
    if (h && !o.holds) o.cites.clear();
    if (h || !o.holds) o.cites.push_back(cite);
    o.holds |= h;
  }
  // A path that resolves nowhere (a list that is not there) is looked for
  // at the scope itself.
  if (bs.empty() && r.scope) o.cites.push_back(r.scope);
  return o;
}

}  // namespace

void CompiledChecks::add(const FieldCheck& c) {
  if (c.op == Op::Matches) {
    RE2::Options o;
    o.set_case_sensitive(!c.case_insensitive);
    o.set_log_errors(false);
    re_[&c] = std::make_unique<RE2>(c.pattern, o);
  }
  for (const auto& ch : c.children) add(ch);
}

const RE2* CompiledChecks::regex(const FieldCheck& c) const {
  auto it = re_.find(&c);
  return it == re_.end() ? nullptr : it->second.get();
}

Outcome evaluate(const FieldCheck& c, const Roots& roots, const CompiledChecks& compiled) {
  switch (c.op) {
    case Op::All: {
      Outcome o{true, {}};
      std::vector<model::Value> failed;
      for (const auto& ch : c.children) {
        Outcome x = evaluate(ch, roots, compiled);
        auto& into = x.holds ? o.cites : failed;
        into.insert(into.end(), x.cites.begin(), x.cites.end());
        o.holds &= x.holds;
      }
      if (!o.holds) o.cites = std::move(failed);
      return o;
    }
    case Op::Any: {
      Outcome o{false, {}};
      std::vector<model::Value> looked;
      for (const auto& ch : c.children) {
        Outcome x = evaluate(ch, roots, compiled);
        if (x.holds) {
          o.holds = true;
          o.cites.insert(o.cites.end(), x.cites.begin(), x.cites.end());
        } else {
          looked.insert(looked.end(), x.cites.begin(), x.cites.end());
        }
      }
      if (!o.holds) o.cites = std::move(looked);
      return o;
    }
    case Op::Not: {
      Outcome x = evaluate(c.children.front(), roots, compiled);
      x.holds = !x.holds;
      return x;
    }
    default: return leaf(c, roots, compiled);
  }
}

}  // namespace kubesift::engine::lint
