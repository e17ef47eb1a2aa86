// `kubesift __complete WORD...`: the candidates for the last word of a
// command line, from the command table (spec.h), in the form kubectl reads
// from a plugin's completion helper (`kubectl_complete-sift`, run by
// `kubectl sift <TAB>`): one candidate a line, then `:N`, cobra's directive
// (0: the shell may offer files too; 4: it may not).
#include <algorithm>
#include <sstream>

#include "commands.h"
#include "kubesift/cli/cli.h"
#include "spec.h"

namespace kubesift::cli {
namespace {

constexpr int kFiles = 0, kNoFiles = 4;

std::vector<std::string> rule_ids() {
  std::ostringstream out, err;
  run({"rules", "--format", "ids"}, out, err, false);
  std::vector<std::string> ids;
  std::istringstream in(out.str());
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) ids.push_back(l);
  return ids;
}

// The candidates of a value of `kind`; false when the shell's own file
// completion is the answer.
bool values_of(spec::Kind kind, const std::vector<std::string>& values,
               std::vector<std::string>& out) {
  switch (kind) {
    case spec::Kind::Choice: out = values; return true;
    case spec::Kind::RuleId: out = rule_ids(); return true;
    case spec::Kind::None:
    case spec::Kind::Word: return true;
    case spec::Kind::File:
    case spec::Kind::Dir:
    case spec::Kind::Path: return false;
  }
  return false;
}

}  // namespace

int cmd_complete_words(const std::vector<std::string>& words, std::ostream& out) {
  const spec::Spec& s = spec::table();
  std::string partial = words.empty() ? "" : words.back();
  std::vector<std::string> before(words.begin(), words.end() - (words.empty() ? 0 : 1));
  std::vector<std::string> candidates;
  int directive = kNoFiles;
  auto emit = [&]() {
    for (const auto& c : candidates)
      if (c.starts_with(partial)) out << c << "\n";
    out << ":" << directive << "\n";
    return kOk;
  };
  // The command: the first word that is not an option.
  const spec::Command* cmd = nullptr;
  for (const auto& w : before)
    if (!w.starts_with("-")) {
      cmd = s.command(w);
      break;
    }
  if (!cmd) {
    if (partial.starts_with("-")) {
      for (const auto& g : s.global) candidates.push_back("--" + g);
      return emit();
    }
    bool named =
        std::any_of(before.begin(), before.end(), [](auto& w) { return !w.starts_with("-"); });
    if (!named)
      for (const auto& c : s.commands) candidates.push_back(c.name);
    return emit();
  }
  std::vector<spec::Option> opts = s.options_of(*cmd);
  auto find = [&](std::string_view w) -> const spec::Option* {
    for (const auto& o : opts)
      if (w == "--" + o.name || (o.short_name && w == std::string{'-', o.short_name})) return &o;
    return nullptr;
  };
  // The value of the option before it.
  if (!before.empty())
    if (const spec::Option* o = find(before.back()); o && !o->flag()) {
      if (!values_of(o->kind, o->values, candidates)) directive = kFiles;
      return emit();
    }
  // `--format=js`: the value after the `=`.
  if (size_t eq = partial.find('='); partial.starts_with("--") && eq != std::string::npos) {
    if (const spec::Option* o = find(partial.substr(0, eq)); o && !o->flag()) {
      std::vector<std::string> vals;
      if (!values_of(o->kind, o->values, vals)) directive = kFiles;
      for (const auto& v : vals) candidates.push_back(partial.substr(0, eq + 1) + v);
    }
    return emit();
  }
  if (partial.starts_with("-")) {
    for (const auto& o : opts) candidates.push_back("--" + o.name);
    return emit();
  }
  // An operand.
  if (!values_of(cmd->operand, cmd->operand_values, candidates)) directive = kFiles;
  return emit();
}

}  // namespace kubesift::cli
