// Internal to the CLI: the one description of the command line. The
// commands, their operands and the options each takes are written once, in
// spec.cpp's table; from it come the option parser, `--help`, the
// completion scripts (completion.cpp) and the man page (manpage.cpp).
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kubesift::cli::spec {

namespace po = boost::program_options;

// What a value or an operand is, for completion.
enum class Kind {
  None,    // nothing (a flag; a command without operands)
  Word,    // free text (K/N, X.Y)
  Choice,  // one of a list of values
  File,
  Dir,
  Path,  // a file, a directory, an archive or -
  RuleId,
};

struct Option {
  std::string name = {};  // long name, without the dashes
  char short_name = 0;
  std::string arg = {};  // the value's name in a synopsis ("F"); empty for a flag
  Kind kind = Kind::None;
  std::vector<std::string> values = {};  // Kind::Choice: every allowed value
  std::string help = {};                 // one line
  bool repeatable = false;
  std::string default_value = {};  // empty: none

  bool flag() const { return arg.empty(); }
  // "--format F", "--output [F=]FILE...", "--quiet".
  std::string synopsis() const;
};

// An option as one command takes it: its value may be narrower than the
// option's own (`inventory --format text|json`, `inventory --output FILE`).
struct Use {
  std::string option = {};
  std::string arg = {};                  // empty: the option's
  std::vector<std::string> values = {};  // empty: the option's
  bool in_synopsis = true;               // shown in the command's usage line
};

struct Command {
  std::string name = {};
  std::string operands = {};  // as the usage shows them: "PATH...", "RULE"
  Kind operand = Kind::None;
  std::vector<std::string> operand_values = {};  // Kind::Choice
  std::string summary = {};                      // one line
  std::vector<Use> uses = {};
  // Further usage lines (after the program name), with a note.
  std::vector<std::string> variants = {};
};

struct Spec {
  std::string tagline;              // "offline analyzer of ..."
  std::vector<Option> options;      // every option, the global ones first
  std::vector<std::string> global;  // taken by every command (and none)
  std::vector<Command> commands;
  std::vector<std::string> description;  // paragraphs (--help, man DESCRIPTION)
  std::vector<std::pair<std::string, std::string>> exit_codes;  // code, meaning

  const Option* option(std::string_view name) const;
  const Command* command(std::string_view name) const;
  // The options `c` takes, in its order, each narrowed by its Use; then
  // the global ones.
  std::vector<Option> options_of(const Command& c) const;
  // The commands that take option `name` (global options: none).
  std::vector<std::string> commands_of(std::string_view name) const;
};

// The table (built once: the report formats come from the report layer).
const Spec& table();

// Every report format (report::format_names()), every --fail-on value.
std::vector<std::string> report_formats();
std::vector<std::string> severities();

// The --help text, naming the command as `program`.
std::string usage(std::string_view program);
// The parser's options: every option of the table, and the positionals
// `command` and `args`.
po::options_description parser_options();
// "" when every option given in `vm` is one `command` takes, else the
// message (without the "kubesift: " prefix).
std::string check_options(const po::variables_map& vm, const std::string& command);

// "a, b and c" (`last`: "or" for "a, b or c"), each in `quote`.
std::string join_and(const std::vector<std::string>& xs, std::string_view quote = "",
                     std::string_view last = "and");

}  // namespace kubesift::cli::spec
