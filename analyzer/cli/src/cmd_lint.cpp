// `kubesift lint`: the manifest rules alone, with CI defaults.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands.h"

namespace kubesift::cli {
namespace {

// .kubesift.yaml (or .yml) in the working directory or the nearest parent.
std::string find_config() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return {};
  for (;;) {
    for (const char* name : {".kubesift.yaml", ".kubesift.yml"}) {
      fs::path p = dir / name;
      if (fs::is_regular_file(p, ec)) return p.string();
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

std::string today_utc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

bool load_config(const po::variables_map& vm, engine::LintConfig& cfg, std::ostream& err) {
  std::string path = vm.count("config") ? vm["config"].as<std::string>() : find_config();
  if (path.empty()) return true;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    err << "kubesift: cannot read the config file " << path << "\n";
    return false;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  std::vector<engine::ConfigError> errors;
  cfg = engine::parse_lint_config(path, ss.str(), errors);
  for (const auto& e : errors)
    err << "kubesift: " << path << ":" << e.line << ": " << e.message << "\n";
  return errors.empty();
}

std::vector<std::string> strings(const po::variables_map& vm, const char* key) {
  return vm.count(key) ? vm[key].as<std::vector<std::string>>() : std::vector<std::string>();
}

}  // namespace

int cmd_lint(const po::variables_map& vm, const std::vector<std::string>& paths, std::ostream& out,
             std::ostream& err, bool tty) {
  std::vector<Output> outs;
  if (!parse_outputs(vm, outs, err)) return kError;
  if (paths.empty()) {
    err << "kubesift: lint needs at least one PATH (a file, a directory, an archive or -)\n";
    return kError;
  }
  auto eng = load_engine(vm, err);
  if (!eng) return kError;
  engine::LintOptions opts;
  if (!load_config(vm, opts.config, err)) return kError;
  const engine::LintConfig& cfg = opts.config;
  // The command line wins over the config file, which wins over defaults.
  std::string fail_on_name =
      vm.count("fail-on") ? vm["fail-on"].as<std::string>() : cfg.fail_on.value_or("high");
  std::optional<Severity> fail_on;
  if (!parse_fail_on(fail_on_name, fail_on, err)) return kError;
  opts.all_checks = vm.count("all-checks") > 0;
  opts.include = strings(vm, "include");
  opts.exclude = strings(vm, "exclude");
  opts.kubernetes_version = vm.count("kubernetes-version")
                                ? vm["kubernetes-version"].as<std::string>()
                                : cfg.kubernetes_version;
  if (opts.kubernetes_version.starts_with("v")) opts.kubernetes_version.erase(0, 1);
  opts.strict_refs = vm.count("strict-refs") > 0 || cfg.strict_refs.value_or(false);
  opts.suppressions = vm.count("no-suppressions") == 0;
  opts.today = today_utc();
  auto problems = eng->check_lint_options(opts);
  for (const auto& p : problems) err << "kubesift: " << p << "\n";
  if (!problems.empty()) return kError;

  auto in = load_inputs(paths, false);
  // An empty file is an empty manifest set (a template that rendered to
  // nothing), not an unreadable input.
  // Each is said on stderr with its name (and in the report's notes). Only
  // empty inputs pass, as with kubeconform: a blank file is valid YAML.
  std::vector<std::string> empty;
  for (size_t i = 0; i < in->store.doc_count(); ++i) {
    model::Document& d = in->store.doc(static_cast<model::DocId>(i));
    if (d.format == model::Format::Empty) {
      d.error.clear();
      d.errors.clear();
      empty.push_back(d.path);
    }
  }
  for (const auto& p : empty)
    err << "kubesift: " << report::terminal_safe(p) << ": empty: nothing to check in it\n";
  engine::LintResult res = eng->lint(in->store, opts);

  report::ReportData data;
  data.tool_version = KUBESIFT_VERSION;
  data.command = "lint";
  data.inputs = input_infos(in->store);
  for (const auto& o : in->store.facts.objects) {
    ++data.objects[o.meta.kind];
    const model::Document& d = in->store.doc(o.meta.at.doc);
    data.checked.push_back({d.path, o.meta.at.line, {o.meta.kind, o.meta.ns, o.meta.name, ""}});
  }
  data.findings = std::move(res.findings);
  data.suppressed = std::move(res.suppressed);
  data.notes = std::move(res.notes);
  data.fail_on = fail_on ? std::string(to_string(*fail_on)) : std::string("none");
  for (const engine::Rule* r : eng->lint_rules(opts)) data.rules.push_back(rule_info(*r));
  add_rule_infos(*eng, data);  // any other rule a finding names
  size_t without = 0;
  for (const auto& d : in->store.documents())
    if (d.error.empty() && d.format != model::Format::KubeJson &&
        d.format != model::Format::KubeYaml && d.format != model::Format::Empty)
      ++without;
  if (!empty.empty()) {
    std::string n =
        std::to_string(empty.size()) + " input(s) are empty, nothing to check: " + empty[0];
    for (size_t i = 1; i < empty.size() && i < 3; ++i) n += ", " + empty[i];
    if (empty.size() > 3) n += " and " + std::to_string(empty.size() - 3) + " more";
    data.notes.push_back(n + ".");
  }
  if (without)
    data.notes.push_back(
        std::to_string(without) +
        " input(s) hold no manifest (logs, kubectl text, other data): lint "
        "checks objects written as YAML or JSON; `kubesift analyze` reads the rest.");
  // The text report on stdout lists input errors itself; elsewhere (a file,
  // JSON for a machine) stderr says them for the person running it.
  bool text_on_stdout = false;
  for (const auto& o : outs)
    text_on_stdout |= o.format == report::Format::Text && (o.path.empty() || o.path == "-");
  if (!text_on_stdout) print_input_errors(data.inputs, err);
  note_invalid_utf8(data);
  if (wants(outs, report::Format::Html)) fill_excerpts(in->store, data);

  return finish_report(outs, data, fail_on, out, err, tty);
}

}  // namespace kubesift::cli
