#include "kubesift/cli/cli.h"

#include "commands.h"

namespace kubesift::cli {
namespace {

constexpr const char* kUsage =
    "kubesift: offline analyzer of Kubernetes failures and manifests\n"
    "\n"
    "usage:\n"
    "  kubesift analyze PATH... [--format F] [--output [F=]FILE]... [--fail-on SEVERITY]\n"
    "                           [--hygiene on|off] [--rules DIR] [--quiet]\n"
    "  kubesift lint PATH...    [--format F] [--output [F=]FILE]... [--fail-on SEVERITY|none]\n"
    "                           [--all-checks] [--include ID]... [--exclude ID]...\n"
    "                           [--config FILE] [--no-suppressions] [--strict-refs]\n"
    "                           [--kubernetes-version X.Y] [--rules DIR]\n"
    "  kubesift analyze --shard K/N PATH... --format ndjson   (one share of the inputs)\n"
    "  kubesift merge PART.ndjson... [--format F] [--output [F=]FILE]...\n"
    "  kubesift inventory PATH... [--format text|json] [--output FILE]\n"
    "  kubesift rules [--format text|json|patterns|migration] [--rules DIR]\n"
    "  kubesift explain RULE [--rules DIR]\n"
    "  kubesift --help | --version\n"
    "\n"
    "PATH is a file, a directory (read recursively, in a stable order), an archive or -\n"
    "for stdin. Formats are recognised from content (and, inside support bundles,\n"
    "must-gathers and cluster-info dumps, from where a file sits): kubectl get/describe\n"
    "output, -o json|yaml objects and Lists, manifests, container logs, archives.\n"
    "`analyze` finds what failed and why; `lint` checks manifests before they are\n"
    "deployed; `inventory` lists what was recognised, without rules.\n"
    "\n"
    "report formats (F): text, json, sarif, junit, github, ndjson, markdown; several at once with\n"
    "--output json=report.json --output sarif=report.sarif\n"
    "\n"
    "exit codes: 0 no finding at or above --fail-on (analyze: none fails by default;\n"
    "            lint: high), 1 findings at or above it, 2 usage error, bad rules or\n"
    "            config, or an input that could not be read\n";

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        bool stdout_is_tty) {
  po::options_description opts("options");
  opts.add_options()("help,h", "show help")("version", "show the version")(
      "format,f", po::value<std::string>()->default_value("text"), "report format")(
      "output,o", po::value<std::vector<std::string>>()->composing(),
      "write the report to FILE, or FORMAT=FILE (repeatable)")(
      "fail-on", po::value<std::string>(), "exit 1 if a finding is at least this severe")(
      "rules", po::value<std::vector<std::string>>()->composing(),
      "also load rules from DIR (repeatable)")("all-checks", "lint: every rule, optional ones too")(
      "include", po::value<std::vector<std::string>>()->composing(),
      "lint: also run rule ID (or a peer's check id)")(
      "exclude", po::value<std::vector<std::string>>()->composing(), "lint: do not run rule ID")(
      "config", po::value<std::string>(),
      "lint: the config file (default: .kubesift.yaml upwards)")(
      "no-suppressions", "lint: ignore every annotation and config ignore")(
      "strict-refs", "lint: report references to objects the input does not hold, always")(
      "kubernetes-version", po::value<std::string>(), "lint: the version the manifests target")(
      "shard", po::value<std::string>(), "analyze: only the K-th of N shares of the inputs")(
      "quiet,q", "analyze: no progress on stderr (shown only when stderr is a terminal)")(
      "hygiene", po::value<std::string>()->default_value("on"),
      "analyze: hygiene findings (limits, probes, image policy) of objects that are not "
      "failing, grouped per rule and namespace (on) or left out (off)")(
      "command", po::value<std::string>(), "")("args", po::value<std::vector<std::string>>(), "");
  po::positional_options_description pos;
  pos.add("command", 1).add("args", -1);
  po::variables_map vm;
  try {
    std::vector<std::string> a = args;
    po::store(po::command_line_parser(a).options(opts).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "kubesift: " << e.what() << "\n\n" << kUsage;
    return kError;
  }
  if (vm.count("version")) {
    out << "kubesift " << KUBESIFT_VERSION << "\n";
    return kOk;
  }
  if (vm.count("help") || !vm.count("command")) {
    (vm.count("help") ? out : err) << kUsage;
    return vm.count("help") ? kOk : kError;
  }
  std::string cmd = vm["command"].as<std::string>();
  std::vector<std::string> rest;
  if (vm.count("args")) rest = vm["args"].as<std::vector<std::string>>();
  bool lint_only = vm.count("all-checks") || vm.count("include") || vm.count("exclude") ||
                   vm.count("config") || vm.count("no-suppressions") || vm.count("strict-refs") ||
                   vm.count("kubernetes-version");
  if (vm.count("shard") && cmd != "analyze") {
    err << "kubesift: --shard is an option of `analyze`\n";
    return kError;
  }
  if (lint_only && cmd != "lint") {
    err << "kubesift: --all-checks, --include, --exclude, --config, --no-suppressions, "
           "--strict-refs and --kubernetes-version are options of `lint`\n";
    return kError;
  }
  if (cmd == "analyze") return cmd_analyze(vm, rest, out, err, stdout_is_tty);
  if (cmd == "lint") return cmd_lint(vm, rest, out, err, stdout_is_tty);
  if (cmd == "inventory") return cmd_inventory(vm, rest, out, err);
  if (cmd == "merge") return cmd_merge(vm, rest, out, err, stdout_is_tty);
  if (cmd == "rules") return cmd_rules(vm, out, err);
  if (cmd == "explain") return cmd_explain(vm, rest, out, err);
  err << "kubesift: unknown command '" << cmd << "'\n\n" << kUsage;
  return kError;
}

}  // namespace kubesift::cli
