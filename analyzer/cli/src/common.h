// Internal to the CLI: what the commands share. Loading the engine and the
// inputs, turning the store into report data, writing reports.
#pragma once

#include <boost/program_options.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "kubesift/cli/cli.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/engine/engine.h"
#include "kubesift/model/store.h"
#include "kubesift/report/report.h"

namespace kubesift::cli {

namespace po = boost::program_options;

// The built-in catalog plus every --rules DIR, compiled into an engine;
// nullptr (errors written to `err`) when a rules file is bad.
std::unique_ptr<engine::Engine> load_engine(const po::variables_map& vm, std::ostream& err);

// Everything read from the inputs: documents, facts, and the graph over
// them (which points into the store, so the two live and die together).
struct Inputs {
  model::Store store;
  correlate::Graph graph;
  std::vector<int64_t> doc_unit;  // a shard's run: each document's unit index
};
std::unique_ptr<Inputs> load_inputs(const std::vector<std::string>& paths, bool graph = true);
// What `analyze` reads: the units of `paths` (ingest::units) read one after
// another, parsed, and each log document scanned and compacted as soon as
// its batch (~64 MiB) is parsed, so memory stays flat in the input size.
// `tag_units` records each document's unit (a shard's run).
struct Streamed {
  std::unique_ptr<Inputs> in;
  std::unordered_map<model::DocId, engine::LogScan> scanned;
};
// `progress`: where to say how far the reading is (files, bytes, rate, time
// left), one line rewritten in place; nullptr for nothing.
// `on_batch`, when set, is called after each batch is parsed and scanned
// with the range of documents it added: [from, to).
using OnBatch = std::function<void(const Streamed&, size_t from, size_t to)>;
// `context`: besides the lines findings quote, a compacted log keeps this
// many lines above and below each (the HTML report shows them).
Streamed load_streaming(const std::vector<std::pair<size_t, std::string>>& units, bool tag_units,
                        const engine::Engine& eng, std::ostream* progress = nullptr,
                        const OnBatch& on_batch = {}, uint32_t context = 0);
// Every unit of `paths`, with its index.
std::vector<std::pair<size_t, std::string>> all_units(const std::vector<std::string>& paths,
                                                      std::vector<std::string>* notes = nullptr);

// "K/N" with 1 <= K <= N, or false with a message.
bool parse_shard(const std::string& s, size_t& k, size_t& n, std::ostream& err);

report::InputInfo input_info(const model::Document& d);
std::vector<report::InputInfo> input_infos(const model::Store& store);
// Every unreadable input on stderr ("kubesift: path:line:col: what").
void print_input_errors(const std::vector<report::InputInfo>& inputs, std::ostream& err);

report::RuleInfo rule_info(const engine::Rule& r);
// The groups of error lines no rule explains, redacted, into the report,
// largest first (the printers list report::kUnknownErrorsShown of them; an
// NDJSON part carries them all, so that a merge of parts sees every group).
void fill_unknown_errors(const engine::UnknownErrors& u, report::ReportData& data);

// Where reports go: `--output FILE` (the --format given) or, repeatable,
// `--output FORMAT=FILE`; no --output: the --format to stdout.
struct Output {
  report::Format format = report::Format::Text;
  std::string path;  // "" or "-" = stdout
};
// Writes `content` to `path` ("" or "-": `out`). A regular file is written
// beside its target and renamed over it (a failed run never leaves half a
// report); a device or pipe is written in place. False (message written)
// when the write fails, stdout included.
bool write_file(const std::string& path, const std::string& content, std::ostream& out,
                std::ostream& err);
// A report's destination, open while the report is written (write_file's
// rules): stream() until close(), which flushes and, for a regular file,
// renames; false (message written) when anything failed. Not closed: a
// regular file's partial copy is removed.
class ReportSink {
 public:
  ReportSink(std::string path, std::ostream& out, std::ostream& err);
  ~ReportSink();
  ReportSink(const ReportSink&) = delete;
  ReportSink& operator=(const ReportSink&) = delete;
  bool ok() const { return !failed_; }
  std::ostream& stream();
  bool close();

 private:
  bool fail(const std::string& why);
  std::string path_, tmp_;
  std::ostream& out_;
  std::ostream& err_;
  std::ofstream file_;
  std::vector<char> buffer_;
  bool failed_ = false, closed_ = false;
};
// The same, with the content written by `write` straight into the
// destination (no copy of a large report in memory).
bool write_to(const std::string& path, const std::function<void(std::ostream&)>& write,
              std::ostream& out, std::ostream& err);
// Reads --format and --output; false (message written) on a bad one.
bool parse_outputs(const po::variables_map& vm, std::vector<Output>& outs, std::ostream& err);
// Writes `r` to every output (see write_file). False when a write fails.
bool write_reports(const std::vector<Output>& outs, const report::ReportData& r, std::ostream& out,
                   std::ostream& err, bool tty);

// Whether one of the outputs is in format `f`.
bool wants(const std::vector<Output>& outs, report::Format f);
// Lines shown around each evidence line by the reports that show context.
inline constexpr uint32_t kExcerptContext = 3;
// Each evidence line of the findings (suppressed ones too) with the lines
// around it that `store` holds, redacted, into `data.excerpts`.
void fill_excerpts(const model::Store& store, report::ReportData& data);

// --fail-on: a severity, or "none". Empty optional = nothing fails.
bool parse_fail_on(const std::string& s, std::optional<Severity>& out, std::ostream& err);

// The end of every reporting command: the reports written, then the exit
// code (2 for a failed write or an unreadable input, 1 for a finding at or
// above `fail_on`, else 0).
int finish_report(const std::vector<Output>& outs, const report::ReportData& data,
                  const std::optional<Severity>& fail_on, std::ostream& out, std::ostream& err,
                  bool tty);
// The same exit code, the reports written already (`written`: they were).
int exit_code(bool written, const report::ReportData& data, const std::optional<Severity>& fail_on);
// The rule metadata of every rule a finding or a suppressed finding names
// (SARIF, each finding's doc): from `known` (a merge: the parts' rule
// records) when it has the rule, else from the engine's catalog.
void add_rule_infos(const engine::Engine& eng, report::ReportData& data,
                    const std::map<std::string, report::RuleInfo>* known = nullptr);
// Notes sorted and once each: the same for one run and a merge of shards.
void settle_notes(report::ReportData& data);
// A note when text quoted from the inputs is not valid UTF-8 (the printers
// replace or escape those bytes: said once, with the first place).
void note_invalid_utf8(report::ReportData& data);

}  // namespace kubesift::cli
