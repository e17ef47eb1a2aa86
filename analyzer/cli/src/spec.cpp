#include "spec.h"

#include <algorithm>
#include <sstream>

#include "kubesift/cli/cli.h"
#include "kubesift/core/severity.h"
#include "kubesift/report/report.h"

namespace kubesift::cli::spec {
namespace {

Spec build() {
  const std::vector<std::string> formats = report_formats();
  std::vector<std::string> fail_on = severities();
  fail_on.push_back("none");
  Spec s;
  s.tagline = "offline analyzer of Kubernetes failures and manifests";
  // clang-format off
  s.options = {
      {"help", 'h', "", Kind::None, {}, "show this help"},
      {"version", 0, "", Kind::None, {}, "show the version"},
      {"format", 'f', "F", Kind::Choice, formats, "report format", false, "text"},
      {"output", 'o', "[F=]FILE", Kind::File, {},
       "write the report to FILE, or the report in format F to FILE", true},
      {"fail-on", 0, "SEVERITY", Kind::Choice, fail_on,
       "exit 1 if a finding is at least this severe (none: never)"},
      {"hygiene", 0, "on|off", Kind::Choice, {"on", "off"},
       "hygiene findings (limits, probes, image policy) of objects that are not failing, "
       "grouped per rule and namespace (on) or left out (off)", false, "on"},
      {"rules", 0, "DIR", Kind::Path, {}, "also load rules from DIR (or one rules file)", true},
      {"quiet", 'q', "", Kind::None, {},
       "no progress on stderr (shown only when stderr is a terminal)"},
      {"shard", 0, "K/N", Kind::Word, {}, "only the K-th of N shares of the inputs"},
      {"all-checks", 0, "", Kind::None, {}, "every rule, optional ones too"},
      {"include", 0, "ID", Kind::RuleId, {}, "also run rule ID (or a peer's check id)", true},
      {"exclude", 0, "ID", Kind::RuleId, {}, "do not run rule ID", true},
      {"config", 0, "FILE", Kind::File, {}, "the config file (default: .kubesift.yaml upwards)"},
      {"no-suppressions", 0, "", Kind::None, {}, "ignore every annotation and config ignore"},
      {"strict-refs", 0, "", Kind::None, {},
       "report references to objects the input does not hold, always"},
      {"kubernetes-version", 0, "X.Y", Kind::Word, {}, "the version the manifests target"},
  };
  s.global = {"help", "version"};
  s.commands = {
      {"analyze", "PATH...", Kind::Path, {},
       "find what failed and why, ranked, citing the lines that prove it",
       {{"format"}, {"output"}, {"fail-on"}, {"hygiene"}, {"rules"}, {"quiet"},
        {"shard", "", {}, false}},
       {"analyze --shard K/N PATH... --format ndjson   (one share of the inputs)"}},
      {"lint", "PATH...", Kind::Path, {}, "check manifests before they are deployed",
       {{"format"}, {"output"}, {"fail-on", "SEVERITY|none"}, {"all-checks"}, {"include"},
        {"exclude"}, {"config"}, {"no-suppressions"}, {"strict-refs"}, {"kubernetes-version"},
        {"rules"}}},
      {"merge", "PART.ndjson...", Kind::File, {},
       "join the NDJSON parts of sharded analyze runs into one report",
       {{"format"}, {"output"}, {"fail-on"}, {"rules"}}},
      {"inventory", "PATH...", Kind::Path, {}, "list what was recognised in the inputs, no rules",
       {{"format", "text|json", {"text", "json"}}, {"output", "FILE"}}},
      {"rules", "", Kind::None, {}, "list the rule catalog (ids: one rule id a line)",
       {{"format", "text|json|patterns|migration|ids",
         {"text", "json", "patterns", "migration", "ids"}},
        {"rules"}}},
      {"explain", "RULE", Kind::RuleId, {},
       "what a rule finds, why, its evidence, an example and the fix", {{"rules"}}},
      {"completion", "bash|zsh|fish", Kind::Choice, {"bash", "zsh", "fish"},
       "print the shell's completion script", {}},
      {"man", "", Kind::None, {}, "print the man page (roff)", {}},
  };
  // clang-format on
  s.description = {
      "PATH is a file, a directory (read recursively, in a stable order), an archive or - for "
      "stdin. Formats are recognised from content (and, inside support bundles, must-gathers "
      "and cluster-info dumps, from where a file sits): kubectl get/describe output, "
      "-o json|yaml objects and Lists, manifests, container logs, archives.",
  };
  s.exit_codes = {
      {"0", "no finding at or above --fail-on (analyze: none fails by default; lint: high)"},
      {"1", "findings at or above it"},
      {"2", "usage error, bad rules or config, or an input that could not be read"},
  };
  return s;
}

// `text` wrapped at `width`, every line but the first indented by `indent`.
std::string wrap(std::string_view text, size_t width, size_t first, size_t indent) {
  std::string out, word;
  size_t col = first;
  std::istringstream in{std::string(text)};
  bool start = true;
  while (in >> word) {
    if (!start && col + 1 + word.size() > width) {
      out += "\n" + std::string(indent, ' ');
      col = indent;
    } else if (!start) {
      out += ' ';
      ++col;
    }
    out += word;
    col += word.size();
    start = false;
  }
  return out;
}

std::vector<std::string> split_names(const std::string& names) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : names + ",") {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  return out;
}

}  // namespace

std::string Option::synopsis() const {
  return "--" + name + (flag() ? "" : " " + arg) + (repeatable ? "..." : "");
}

const Option* Spec::option(std::string_view name) const {
  for (const auto& o : options)
    if (o.name == name) return &o;
  return nullptr;
}

const Command* Spec::command(std::string_view name) const {
  for (const auto& c : commands)
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<Option> Spec::options_of(const Command& c) const {
  std::vector<Option> out;
  for (const auto& u : c.uses) {
    Option o = *option(u.option);
    if (!u.arg.empty()) o.arg = u.arg;
    if (!u.values.empty()) o.values = u.values;
    out.push_back(o);
  }
  for (const auto& g : global) out.push_back(*option(g));
  return out;
}

std::vector<std::string> Spec::commands_of(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& c : commands)
    for (const auto& u : c.uses)
      if (u.option == name) out.push_back(c.name);
  return out;
}

const Spec& table() {
  static const Spec s = build();
  return s;
}

}  // namespace kubesift::cli::spec

namespace kubesift::cli {

std::string program_name(std::string_view argv0) {
  size_t slash = argv0.rfind('/');
  std::string_view base = slash == std::string_view::npos ? argv0 : argv0.substr(slash + 1);
  return base == "kubectl-sift" ? "kubectl sift" : "kubesift";
}

}  // namespace kubesift::cli

namespace kubesift::cli::spec {

std::vector<std::string> report_formats() {
  return split_names(report::format_names());
}

std::vector<std::string> severities() {
  std::vector<std::string> out;
  for (int s = static_cast<int>(Severity::Critical); s >= static_cast<int>(Severity::Info); --s)
    out.emplace_back(to_string(static_cast<Severity>(s)));
  return out;
}

std::string join_and(const std::vector<std::string>& xs, std::string_view quote,
                     std::string_view last) {
  std::string out;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i) out += i + 1 == xs.size() ? " " + std::string(last) + " " : ", ";
    out += std::string(quote) + xs[i] + std::string(quote);
  }
  return out;
}

std::string usage(std::string_view program) {
  constexpr size_t kWidth = 89;
  const Spec& s = table();
  std::string p(program);
  std::string out = "kubesift: " + s.tagline + "\n\nusage:\n";
  const size_t column = 2 + p.size() + 17;  // where a command's options start
  for (const auto& c : s.commands) {
    std::string line = "  " + p + " " + c.name + (c.operands.empty() ? "" : " " + c.operands);
    size_t col = line.size();
    bool any = false;
    for (const auto& u : c.uses) {
      if (!u.in_synopsis) continue;
      Option o = *s.option(u.option);
      if (!u.arg.empty()) o.arg = u.arg;
      std::string item =
          "[--" + o.name + (o.flag() ? "" : " " + o.arg) + "]" + (o.repeatable ? "..." : "");
      if (!any && col < column) {
        line += std::string(column - col, ' ');
        col = column;
      } else if (any && col + 1 + item.size() > kWidth) {
        line += "\n" + std::string(column, ' ');
        col = column;
      } else {
        line += ' ';
        ++col;
      }
      line += item;
      col += item.size();
      any = true;
    }
    out += line + "\n";
    for (const auto& v : c.variants) out += "  " + p + " " + v + "\n";
  }
  out += "  " + p + " --help | --version\n\ncommands:\n";
  for (const auto& c : s.commands)
    out += "  " + c.name + std::string(12 - c.name.size(), ' ') + c.summary + "\n";
  out += "\noptions:\n";
  for (const auto& o : s.options) {
    std::string head = "  ";
    head += o.short_name ? std::string("-") + o.short_name + ", " : "    ";
    head += "--" + o.name + (o.flag() ? "" : " " + o.arg);
    std::vector<std::string> cmds = s.commands_of(o.name);
    std::string help = (cmds.size() == 1 ? cmds[0] + ": " : "") + o.help;
    if (!o.default_value.empty()) help += " (default: " + o.default_value + ")";
    if (o.repeatable) help += " (repeatable)";
    if (head.size() < 30)
      head += std::string(30 - head.size(), ' ');
    else
      head += "\n" + std::string(30, ' ');
    out += head + wrap(help, kWidth, 30, 30) + "\n";
  }
  for (const auto& para : s.description) out += "\n" + wrap(para, 84, 0, 0) + "\n";
  out += "\n" +
         wrap("report formats (F): " + report::format_names() +
                  "; several at once with --output json=report.json --output "
                  "sarif=report.sarif",
              84, 0, 0) +
         "\n\n";
  std::string codes = "exit codes:";
  for (size_t i = 0; i < s.exit_codes.size(); ++i)
    codes += " " + s.exit_codes[i].first + " " + s.exit_codes[i].second +
             (i + 1 < s.exit_codes.size() ? "," : "");
  out += wrap(codes, 84, 0, 12) + "\n";
  return out;
}

po::options_description parser_options() {
  po::options_description opts("options");
  for (const auto& o : table().options) {
    std::string names = o.name + (o.short_name ? std::string(",") + o.short_name : "");
    if (o.flag()) {
      opts.add_options()(names.c_str(), o.help.c_str());
    } else if (o.repeatable) {
      opts.add_options()(names.c_str(), po::value<std::vector<std::string>>()->composing(),
                         o.help.c_str());
    } else if (!o.default_value.empty()) {
      opts.add_options()(names.c_str(), po::value<std::string>()->default_value(o.default_value),
                         o.help.c_str());
    } else {
      opts.add_options()(names.c_str(), po::value<std::string>(), o.help.c_str());
    }
  }
  opts.add_options()("command", po::value<std::string>(), "")(
      "args", po::value<std::vector<std::string>>(), "");
  return opts;
}

std::string check_options(const po::variables_map& vm, const std::string& command) {
  const Spec& s = table();
  const Command* c = s.command(command);
  if (!c) return "";
  for (const auto& o : s.options) {
    auto it = vm.find(o.name);
    if (it == vm.end() || it->second.defaulted()) continue;
    if (std::find(s.global.begin(), s.global.end(), o.name) != s.global.end()) continue;
    auto takes = s.commands_of(o.name);
    if (std::find(takes.begin(), takes.end(), command) != takes.end()) continue;
    return "--" + o.name + " is an option of " + join_and(takes, "`") + ", not of `" + command +
           "`";
  }
  return "";
}

}  // namespace kubesift::cli::spec
