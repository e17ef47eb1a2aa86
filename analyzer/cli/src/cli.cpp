#include "kubesift/cli/cli.h"

#include "commands.h"
#include "spec.h"

namespace kubesift::cli {

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        bool stdout_is_tty, std::string_view program) {
  // Completion of a partial line (a partial option is no error here).
  if (!args.empty() && args[0] == "__complete")
    return cmd_complete_words(std::vector<std::string>(args.begin() + 1, args.end()), out);
  // Every option and command comes from one table (spec.cpp), which also
  // gives --help, the completion scripts and the man page.
  po::options_description opts = spec::parser_options();
  po::positional_options_description pos;
  pos.add("command", 1).add("args", -1);
  po::variables_map vm;
  try {
    std::vector<std::string> a = args;
    po::store(po::command_line_parser(a).options(opts).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "kubesift: " << e.what() << "\n\n" << spec::usage(program);
    return kError;
  }
  if (vm.count("version")) {
    out << "kubesift " << KUBESIFT_VERSION << "\n";
    return kOk;
  }
  if (vm.count("help") || !vm.count("command")) {
    (vm.count("help") ? out : err) << spec::usage(program);
    return vm.count("help") ? kOk : kError;
  }
  std::string cmd = vm["command"].as<std::string>();
  std::vector<std::string> rest;
  if (vm.count("args")) rest = vm["args"].as<std::vector<std::string>>();
  if (std::string why = spec::check_options(vm, cmd); !why.empty()) {
    err << "kubesift: " << why << " (see `" << program << " --help`)\n";
    return kError;
  }
  if (cmd == "analyze") return cmd_analyze(vm, rest, out, err, stdout_is_tty);
  if (cmd == "lint") return cmd_lint(vm, rest, out, err, stdout_is_tty);
  if (cmd == "inventory") return cmd_inventory(vm, rest, out, err);
  if (cmd == "merge") return cmd_merge(vm, rest, out, err, stdout_is_tty);
  if (cmd == "rules") return cmd_rules(vm, program, out, err);
  if (cmd == "explain") return cmd_explain(vm, rest, program, out, err);
  if (cmd == "completion") return cmd_completion(rest, out, err);
  if (cmd == "man") return cmd_man(rest, out, err);
  err << "kubesift: unknown command '" << cmd << "'\n\n" << spec::usage(program);
  return kError;
}

}  // namespace kubesift::cli
