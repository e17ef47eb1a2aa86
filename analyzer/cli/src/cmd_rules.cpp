// `kubesift rules` and `kubesift explain`: the catalog.
#include <fmt/format.h>

#include <map>

#include "commands.h"

namespace kubesift::cli {
namespace {

std::string json_str(std::string_view s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      o += fmt::format("\\u{:04x}", c);
      continue;
    }
    o += c;
  }
  return o + "\"";
}

std::string peers_of(const engine::Rule& r, std::string_view tool) {
  std::string out;
  for (const auto& e : r.equivalents)
    if (e.starts_with(std::string(tool) + ":"))
      out += (out.empty() ? "" : ", ") + ("`" + e.substr(tool.size() + 1) + "`");
  return out;
}

// The migration table of README.md: each manifest rule and the peers'
// checks it stands for, generated from the catalog.
void migration_table(const std::vector<engine::Rule>& rules, std::ostream& out) {
  out << "| kubesift rule | category | default | kube-linter | kube-score | Polaris |\n"
      << "|---|---|---|---|---|---|\n";
  std::vector<const engine::Rule*> sorted;
  for (const auto& r : rules)
    if (engine::is_manifest_scope(r.scope) || !r.equivalents.empty()) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(), [](const engine::Rule* a, const engine::Rule* b) {
    if (a->category != b->category) return to_string(a->category) < to_string(b->category);
    return a->id < b->id;
  });
  for (const engine::Rule* r : sorted)
    out << fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", r->id, to_string(r->category),
                       r->optional ? "optional" : "on", peers_of(*r, "kube-linter"),
                       peers_of(*r, "kube-score"), peers_of(*r, "polaris"));
}

}  // namespace

int cmd_rules(const po::variables_map& vm, std::string_view program, std::ostream& out,
              std::ostream& err) {
  auto eng = load_engine(vm, err);
  if (!eng) return kError;
  const auto& rules = eng->catalog().rules();
  std::string format = vm["format"].as<std::string>();
  if (format == "patterns") {
    // Every log signature, one pattern a line, as `analyze` runs it, ready
    // for `rg -f` and `grep -P -f` (LogScanner::portable_pattern).
    for (const auto& r : rules)
      for (const auto& m : r.match)
        if (m.kind == engine::Matcher::Kind::Log)
          out << engine::LogScanner::portable_pattern(m) << "\n";
    return kOk;
  }
  if (format == "ids") {
    // One rule id a line: what shell completion offers after `explain`,
    // `--include` and `--exclude`.
    for (const auto& r : rules) out << r.id << "\n";
    return kOk;
  }
  if (format == "migration") {
    migration_table(rules, out);
    return kOk;
  }
  if (format != "text" && format != "json") {
    err << "kubesift: rules --format must be text, json, patterns, migration or ids\n";
    return kError;
  }
  if (format == "json") {
    out << "[";
    for (size_t i = 0; i < rules.size(); ++i) {
      const auto& r = rules[i];
      out << (i ? ",\n " : "\n ")
          << fmt::format(
                 R"({{"id": {}, "title": {}, "category": "{}", "severity": "{}", "scope": "{}", "kind": "{}", "manifest": {}, "default": {}, "equivalents": [)",
                 json_str(r.id), json_str(r.title), to_string(r.category), to_string(r.severity),
                 engine::to_string(r.scope), r.code ? "code" : "data",
                 engine::is_manifest_scope(r.scope) ? "true" : "false",
                 r.optional ? "false" : "true");
      for (size_t k = 0; k < r.equivalents.size(); ++k)
        out << (k ? ", " : "") << json_str(r.equivalents[k]);
      out << "]}";
    }
    out << "\n]\n";
    return kOk;
  }
  out << fmt::format("{:<40} {:<24} {:<9} {:<9} {}\n", "ID", "CATEGORY", "SEVERITY", "DEFAULT",
                     "TITLE");
  for (const auto& r : rules)
    out << fmt::format("{:<40} {:<24} {:<9} {:<9} {}\n", r.id, to_string(r.category),
                       to_string(r.severity), r.optional ? "optional" : "on", r.title);
  out << fmt::format("\n{} rules. `{} explain RULE` shows one.\n", rules.size(), program);
  return kOk;
}

int cmd_explain(const po::variables_map& vm, const std::vector<std::string>& args,
                std::string_view program, std::ostream& out, std::ostream& err) {
  if (args.size() != 1) {
    err << "kubesift: explain takes one rule id (see `" << program << " rules`)\n";
    return kError;
  }
  auto eng = load_engine(vm, err);
  if (!eng) return kError;
  const engine::Rule* r = eng->catalog().find(args[0]);
  // A peer's id finds the rule that stands for it.
  if (!r)
    for (const auto& x : eng->catalog().rules())
      for (const auto& e : x.equivalents)
        if (e == args[0] || e.substr(e.find(':') + 1) == args[0]) r = r ? r : &x;
  if (!r) {
    err << "kubesift: no rule '" << args[0] << "' (see `" << program << " rules`)\n";
    return kError;
  }
  out << fmt::format(
      "{}: {}\n\ncategory: {}   severity: {}   confidence: {:.2f}   kind: {}   scope: {}{}\n",
      r->id, r->title, to_string(r->category), to_string(r->severity), r->confidence,
      r->code ? "code" : "data", engine::to_string(r->scope),
      r->optional ? "   optional (enable with --include or --all-checks)" : "");
  out << "\nWhat it finds\n  " << r->doc.what << "\n";
  out << "\nWhy it matters\n  " << r->doc.why << "\n";
  out << "\nEvidence used\n  " << r->doc.evidence << "\n";
  out << "\nExample\n  " << r->doc.example << "\n";
  out << "\nRemediation\n  " << r->remediation << "\n";
  if (!r->match.empty()) {
    out << "\nMatchers\n";
    for (const auto& m : r->match) out << "  " << engine::describe(m) << "\n";
  }
  if (r->check) out << "\nCheck\n  " << engine::describe(*r->check) << "\n";
  if (!r->kinds.empty() || !r->skip_kinds.empty()) {
    out << "\nKinds\n ";
    for (const auto& k : r->kinds) out << " " << k;
    for (const auto& k : r->skip_kinds) out << " -" << k;
    out << "\n";
  }
  if (!r->params.empty()) {
    out << "\nParameters (set in .kubesift.yaml under params: " << r->id << ":)\n";
    for (const auto& [k, v] : r->params) out << "  " << k << ": " << v << "\n";
  }
  if (!r->equivalents.empty()) {
    out << "\nSame check in\n ";
    for (const auto& e : r->equivalents) out << " " << e;
    out << "\n";
  }
  out << "\nDefined in " << r->source << "\n";
  return kOk;
}

}  // namespace kubesift::cli
