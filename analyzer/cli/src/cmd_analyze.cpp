// `kubesift analyze`: what is wrong with what the inputs show, and why.
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "commands.h"
#include "kubesift/ingest/ingest.h"

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
  engine::AnalyzeOptions aopts;
  if (vm.count("hygiene")) {
    const std::string& h = vm["hygiene"].as<std::string>();
    if (h != "on" && h != "off") {
      err << "kubesift: --hygiene takes on or off, not '" << h << "'\n";
      return kError;
    }
    aopts.hygiene = h == "on";
  }
  // The HTML report draws the failing workloads in time and shows each
  // evidence line among its neighbours.
  bool html = wants(outs, report::Format::Html);
  aopts.timeline = html;
  auto eng = load_engine(vm, err);
  if (!eng) return kError;

  // --shard K/N: this run's share of the inputs (kubesift merge joins the
  // shards' NDJSON into the report of one run).
  std::string shard;
  std::vector<std::pair<size_t, std::string>> units;
  std::vector<std::string> skipped;  // what the walk passed over, and why
  if (vm.count("shard")) {
    size_t k = 0, n = 0;
    shard = vm["shard"].as<std::string>();
    if (!parse_shard(shard, k, n, err)) return kError;
    units = ingest::shard(paths, k, n, &skipped);
  } else {
    units = all_units(paths, &skipped);
  }
  // Progress on stderr for a person watching a terminal, never otherwise.
  bool show = vm.count("quiet") == 0 && isatty(STDERR_FILENO) == 1 && &err == &std::cerr;
  report::ReportData data;
  data.tool_version = KUBESIFT_VERSION;
  data.command = "analyze";
  data.shard = shard;
  // One NDJSON report is written as the inputs are read: the header first,
  // each batch's input records once it is scanned, the rest at the end.
  std::unique_ptr<ReportSink> sink;
  OnBatch on_batch;
  if (outs.size() == 1 && outs[0].format == report::Format::Ndjson) {
    sink = std::make_unique<ReportSink>(outs[0].path, out, err);
    if (!sink->ok()) return kError;
    report::write_ndjson_head(data, sink->stream());
    on_batch = [&](const Streamed& s, size_t from, size_t to) {
      std::ostream& o = sink->stream();
      for (size_t i = from; i < to; ++i) {
        report::InputInfo info = input_info(s.in->store.doc(static_cast<model::DocId>(i)));
        if (auto it = s.scanned.find(static_cast<model::DocId>(i)); it != s.scanned.end())
          info.matched_lines = static_cast<int64_t>(it->second.stats.matched_lines);
        if (i < s.in->doc_unit.size()) info.unit = s.in->doc_unit[i];
        report::write_ndjson_input(info, o);
      }
      o.flush();
    };
  }
  Streamed st = load_streaming(units, !shard.empty(), *eng, show ? &err : nullptr, on_batch,
                               html ? kExcerptContext : 0);
  std::unique_ptr<Inputs>& in = st.in;
  engine::Analysis analysis = eng->analyze(in->graph, st.scanned, aopts);
  data.inputs = input_infos(in->store);
  for (const auto& [doc, n] : analysis.matched_lines)
    if (doc < data.inputs.size()) data.inputs[doc].matched_lines = static_cast<int64_t>(n);
  for (size_t i = 0; i < in->doc_unit.size() && i < data.inputs.size(); ++i)
    data.inputs[i].unit = in->doc_unit[i];
  data.objects = in->graph.object_counts;
  data.events = in->graph.event_count;
  data.log_lines = analysis.log_lines;
  data.findings = std::move(analysis.findings);
  data.timeline = std::move(analysis.timeline);
  data.notes = std::move(analysis.notes);
  fill_unknown_errors(analysis.unknown_errors, data);
  data.unmatched_logs = analysis.unmatched_logs;
  data.first_unmatched_log = analysis.first_unmatched_log;
  if (std::string n = engine::unmatched_logs_note(data.unmatched_logs, data.first_unmatched_log);
      !n.empty())
    data.notes.push_back(std::move(n));
  data.fail_on = fail_on ? std::string(to_string(*fail_on)) : std::string();
  add_rule_infos(*eng, data);
  if (html) fill_excerpts(in->store, data);
  print_input_errors(data.inputs, err);
  for (const auto& input : data.inputs)
    if (!input.error.empty())
      data.notes.push_back("Could not read " + report::describe_input_error(input));
  for (auto& n : skipped) data.notes.push_back(std::move(n));
  if (uint64_t lost = ingest::mapped_pages_lost())
    data.notes.push_back(std::to_string(lost) +
                         " page(s) of input files were cut off by another process while read; "
                         "they were read as zero bytes.");
  // Notes in a stable order, the same for one run and for a merge of shards.
  settle_notes(data);

  if (sink) {
    report::write_ndjson_tail(data, sink->stream());
    return exit_code(sink->close(), data, fail_on);
  }
  return finish_report(outs, data, fail_on, out, err, tty);
}

}  // namespace kubesift::cli
