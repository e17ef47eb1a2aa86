#include "kubesift/cli/cli.h"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kubesift/core/parallel.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/engine/engine.h"
#include "kubesift/ingest/ingest.h"
#include "kubesift/parse/parse.h"
#include "kubesift/report/report.h"

namespace kubesift::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "kubesift: offline analyzer of Kubernetes failures\n"
    "\n"
    "usage:\n"
    "  kubesift analyze PATH... [--format text|json] [--output FILE] [--fail-on SEVERITY]\n"
    "                           [--rules DIR]\n"
    "  kubesift inventory PATH... [--format text|json] [--output FILE]\n"
    "  kubesift rules [--format text|json|patterns] [--rules DIR]\n"
    "  kubesift explain RULE [--rules DIR]\n"
    "  kubesift --help | --version\n"
    "\n"
    "PATH is a file, a directory (read recursively, in a stable order) or - for stdin.\n"
    "Formats are recognised from content (and, inside support bundles, must-gathers\n"
    "and cluster-info dumps, from where a file sits): kubectl get/describe output,\n"
    "-o json|yaml objects and Lists, manifests, container logs, archives.\n"
    "`inventory` lists what was recognised in each input, without running rules.\n"
    "\n"
    "exit codes: 0 no finding at or above --fail-on (default: none fails),\n"
    "            1 findings at or above --fail-on, 2 usage error or unreadable input\n";

struct Loaded {
  std::unique_ptr<engine::Engine> engine;
  bool ok = false;
};

// The built-in catalog plus every --rules DIR, compiled into an engine.
Loaded load_engine(const po::variables_map& vm, std::ostream& err) {
  std::vector<engine::CatalogError> cerrs;
  engine::Catalog cat = engine::Catalog::builtin(cerrs);
  if (vm.count("rules"))
    for (const auto& d : vm["rules"].as<std::vector<std::string>>()) cat.load_dir(d, cerrs);
  for (const auto& e : cerrs)
    err << fmt::format("kubesift: {}:{}: {}\n", e.path, e.line, e.message);
  if (!cerrs.empty()) return {};
  std::vector<std::string> errors;
  auto eng = engine::Engine::create(std::move(cat), errors);
  for (const auto& e : errors) err << "kubesift: " << e << "\n";
  if (!eng) return {};
  return {std::move(eng), true};
}

bool write_output(const std::string& path, const std::string& content, std::ostream& out,
                  std::ostream& err) {
  if (path.empty() || path == "-") {
    out << content;
    out.flush();
    return true;
  }
  std::error_code sec;
  auto st = std::filesystem::status(path, sec);
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    // A device or pipe (/dev/null, /dev/stdout, a FIFO): write in place.
    std::ofstream f(path, std::ios::binary);
    if (!f || !(f << content) || !f.flush()) {
      err << "kubesift: cannot write " << path << "\n";
      return false;
    }
    return true;
  }
  // A regular file is written beside the target and renamed over it: a
  // failed run never leaves half a report.
  std::string tmp = path + ".kubesift-tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f || !(f << content) || !f.flush()) {
      err << "kubesift: cannot write " << path << "\n";
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    err << "kubesift: cannot write " << path << ": " << ec.message() << "\n";
    std::filesystem::remove(tmp, ec);
    return false;
  }
  return true;
}

// Everything read from the inputs: documents, facts, and the graph over
// them (which points into the store, so the two live and die together).
struct Inputs {
  model::Store store;
  correlate::Graph graph;
};

std::unique_ptr<Inputs> load_inputs(const std::vector<std::string>& paths) {
  auto in = std::make_unique<Inputs>();
  ingest::ingest_paths(paths, in->store);
  // Documents are parsed in parallel and their facts appended in input
  // order, so the report never depends on thread scheduling.
  std::vector<model::Facts> facts(in->store.doc_count());
  parallel_for(in->store.doc_count(), [&](size_t i) {
    model::Document& d = in->store.doc(static_cast<model::DocId>(i));
    if (d.error.empty()) parse::parse_document(d, facts[i]);  // else: not read at all
  });
  for (auto& f : facts) in->store.facts.append(std::move(f));
  in->graph = correlate::build_graph(in->store);
  return in;
}

std::vector<report::InputInfo> input_infos(const model::Store& store) {
  std::vector<report::InputInfo> out;
  for (const auto& d : store.documents())
    out.push_back({d.path, std::string(model::to_string(d.format)), d.error, d.error_line});
  return out;
}

// `kubesift inventory`: what was recognised in the inputs, without rules.
int cmd_inventory(const po::variables_map& vm, const std::vector<std::string>& paths,
                  std::ostream& out, std::ostream& err) {
  std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    err << "kubesift: --format must be text or json\n";
    return kError;
  }
  if (paths.empty()) {
    err << "kubesift: inventory needs at least one PATH\n";
    return kError;
  }
  auto in = load_inputs(paths);
  report::Inventory inv;
  inv.tool_version = KUBESIFT_VERSION;
  inv.inputs = input_infos(in->store);
  inv.objects = in->graph.object_counts;
  inv.events = in->graph.event_count;
  for (const auto& pv : in->graph.pods)
    for (const auto& cv : pv.containers) {
      inv.containers_with_logs += !cv.current_logs.empty() || !cv.previous_logs.empty();
      inv.containers_with_previous_logs += !cv.previous_logs.empty();
    }
  inv.logs = in->store.facts.logs.size();
  inv.unmatched_logs = in->graph.unmatched_logs.size();
  inv.notes = in->graph.notes;
  for (const auto& input : inv.inputs)
    if (!input.error.empty()) err << "kubesift: " << report::describe_input_error(input) << "\n";
  std::ostringstream buf;
  if (format == "json")
    report::write_inventory_json(inv, buf);
  else
    report::write_inventory_text(inv, buf);
  std::string output = vm.count("output") ? vm["output"].as<std::string>() : "";
  if (!write_output(output, buf.str(), out, err)) return kError;
  return inv.unreadable() > 0 ? kError : kOk;
}

int cmd_analyze(const po::variables_map& vm, const std::vector<std::string>& paths,
                std::ostream& out, std::ostream& err, bool tty) {
  std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    err << "kubesift: --format must be text or json\n";
    return kError;
  }
  std::optional<Severity> fail_on;
  if (vm.count("fail-on")) {
    fail_on = parse_severity(vm["fail-on"].as<std::string>());
    if (!fail_on) {
      err << "kubesift: --fail-on must be one of critical, high, medium, low, info\n";
      return kError;
    }
  }
  if (paths.empty()) {
    err << "kubesift: analyze needs at least one PATH (a file, a directory or -)\n";
    return kError;
  }
  Loaded l = load_engine(vm, err);
  if (!l.ok) return kError;

  auto in = load_inputs(paths);
  engine::Analysis analysis = l.engine->analyze(in->graph);
  const model::Store& store = in->store;
  const correlate::Graph& graph = in->graph;

  report::ReportData data;
  data.tool_version = KUBESIFT_VERSION;
  data.inputs = input_infos(store);
  data.objects = graph.object_counts;
  data.events = graph.event_count;
  data.log_lines = analysis.log_lines;
  data.findings = std::move(analysis.findings);
  data.notes = std::move(analysis.notes);
  for (const auto& input : data.inputs)
    if (!input.error.empty()) {
      err << "kubesift: " << report::describe_input_error(input) << "\n";
      data.notes.push_back("Could not read " + report::describe_input_error(input));
    }

  std::ostringstream buf;
  std::string output = vm.count("output") ? vm["output"].as<std::string>() : "";
  if (format == "json") {
    report::write_json(data, buf);
  } else {
    bool color = tty && output.empty() && std::getenv("NO_COLOR") == nullptr;
    report::write_text(data, buf, {color});
  }
  if (!write_output(output, buf.str(), out, err)) return kError;
  if (data.unreadable() > 0) return kError;
  if (fail_on)
    for (const auto& f : data.findings)
      if (f.severity >= *fail_on) return kFindings;
  return kOk;
}

int cmd_rules(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
  Loaded l = load_engine(vm, err);
  if (!l.ok) return kError;
  const auto& rules = l.engine->catalog().rules();
  std::string format = vm["format"].as<std::string>();
  if (format == "patterns") {
    // Every log signature, one RE2 pattern a line: what `analyze` scans
    // logs for, for use with other tools (and the grep/ripgrep benchmark).
    for (const auto& r : rules)
      for (const auto& m : r.match)
        if (m.kind == engine::Matcher::Kind::Log)
          out << (m.case_insensitive ? "(?i)" : "") << m.pattern << "\n";
    return kOk;
  }
  if (format != "text" && format != "json") {
    err << "kubesift: rules --format must be text, json or patterns\n";
    return kError;
  }
  if (format == "json") {
    out << "[";
    for (size_t i = 0; i < rules.size(); ++i) {
      const auto& r = rules[i];
      out << (i ? ",\n " : "\n ")
          << fmt::format(R"({{"id": "{}", "category": "{}", "severity": "{}", "kind": "{}"}})",
                         r.id, to_string(r.category), to_string(r.severity),
                         r.code ? "code" : "data");
    }
    out << "\n]\n";
    return kOk;
  }
  out << fmt::format("{:<32} {:<24} {:<9} {}\n", "ID", "CATEGORY", "SEVERITY", "TITLE");
  for (const auto& r : rules)
    out << fmt::format("{:<32} {:<24} {:<9} {}\n", r.id, to_string(r.category),
                       to_string(r.severity), r.title);
  out << fmt::format("\n{} rules. `kubesift explain RULE` shows one.\n", rules.size());
  return kOk;
}

int cmd_explain(const po::variables_map& vm, const std::vector<std::string>& args,
                std::ostream& out, std::ostream& err) {
  if (args.size() != 1) {
    err << "kubesift: explain takes one rule id (see `kubesift rules`)\n";
    return kError;
  }
  Loaded l = load_engine(vm, err);
  if (!l.ok) return kError;
  const engine::Rule* r = l.engine->catalog().find(args[0]);
  if (!r) {
    err << "kubesift: no rule '" << args[0] << "' (see `kubesift rules`)\n";
    return kError;
  }
  out << fmt::format("{}: {}\n\ncategory: {}   severity: {}   confidence: {:.2f}   kind: {}\n",
                     r->id, r->title, to_string(r->category), to_string(r->severity), r->confidence,
                     r->code ? "code" : "data");
  out << "\nWhat it finds\n  " << r->doc.what << "\n";
  out << "\nWhy it matters\n  " << r->doc.why << "\n";
  out << "\nEvidence used\n  " << r->doc.evidence << "\n";
  out << "\nExample\n  " << r->doc.example << "\n";
  out << "\nRemediation\n  " << r->remediation << "\n";
  if (!r->match.empty()) {
    out << "\nMatchers\n";
    for (const auto& m : r->match) out << "  " << engine::describe(m) << "\n";
  }
  out << "\nDefined in " << r->source << "\n";
  return kOk;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        bool stdout_is_tty) {
  po::options_description opts("options");
  opts.add_options()("help,h", "show help")("version", "show the version")(
      "format,f", po::value<std::string>()->default_value("text"), "text or json")(
      "output,o", po::value<std::string>(), "write the report to FILE")(
      "fail-on", po::value<std::string>(), "exit 1 if a finding is at least this severe")(
      "rules", po::value<std::vector<std::string>>()->composing(),
      "also load rules from DIR (repeatable)")("command", po::value<std::string>(), "")(
      "args", po::value<std::vector<std::string>>(), "");
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
  if (cmd == "analyze") return cmd_analyze(vm, rest, out, err, stdout_is_tty);
  if (cmd == "inventory") return cmd_inventory(vm, rest, out, err);
  if (cmd == "rules") return cmd_rules(vm, out, err);
  if (cmd == "explain") return cmd_explain(vm, rest, out, err);
  err << "kubesift: unknown command '" << cmd << "'\n\n" << kUsage;
  return kError;
}

}  // namespace kubesift::cli
