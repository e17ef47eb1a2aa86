// `kubesift analyze`: what is wrong with what the inputs show, and why.
#include "commands.h"

namespace kubesift::cli {

int cmd_analyze(const po::variables_map& vm, const std::vector<std::string>& paths,
                std::ostream& out, std::ostream& err, bool tty) {
  std::vector<Output> outs;
  if (!parse_outputs(vm, outs, err)) return kError;
  std::optional<Severity> fail_on;
  if (vm.count("fail-on") && !parse_fail_on(vm["fail-on"].as<std::string>(), fail_on, err))
    return kError;
  if (paths.empty()) {
    err << "kubesift: analyze needs at least one PATH (a file, a directory or -)\n";
    return kError;
  }
  auto eng = load_engine(vm, err);
  if (!eng) return kError;

  auto in = load_inputs(paths);
  engine::Analysis analysis = eng->analyze(in->graph);
  report::ReportData data;
  data.tool_version = KUBESIFT_VERSION;
  data.command = "analyze";
  data.inputs = input_infos(in->store);
  data.objects = in->graph.object_counts;
  data.events = in->graph.event_count;
  data.log_lines = analysis.log_lines;
  data.findings = std::move(analysis.findings);
  data.notes = std::move(analysis.notes);
  data.fail_on = fail_on ? std::string(to_string(*fail_on)) : std::string();
  for (const auto& f : data.findings)
    if (!data.rule(f.rule))
      if (const engine::Rule* r = eng->catalog().find(f.rule)) data.rules.push_back(rule_info(*r));
  print_input_errors(data.inputs, err);
  for (const auto& input : data.inputs)
    if (!input.error.empty())
      data.notes.push_back("Could not read " + report::describe_input_error(input));

  if (!write_reports(outs, data, out, err, tty)) return kError;
  if (data.unreadable() > 0) return kError;
  if (fail_on)
    for (const auto& f : data.findings)
      if (f.severity >= *fail_on) return kFindings;
  return kOk;
}

}  // namespace kubesift::cli
