// The engine: runs the catalog over the correlated graph and returns ranked
// findings, each with the lines that prove it.
//
// Per container it collects signals (log signatures, waiting/terminated
// reasons, events, code rules), separates causes from symptoms, attaches the
// symptoms to the cause, collapses replicas failing the same way into one
// finding and ranks the result deterministically.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "kubesift/core/finding.h"
#include "kubesift/core/timeline.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/engine/catalog.h"
#include "kubesift/engine/lint.h"
#include "kubesift/engine/log_scan.h"

namespace kubesift::engine {

struct EngineCompiled;

struct Analysis {
  std::vector<Finding> findings;   // ranked, rank 1 first
  std::vector<std::string> notes;  // evidence that was missing
  uint64_t log_lines = 0;          // lines of every log scanned
  ScanStats scan;
  // Error lines of every log that no signature matched, by template.
  UnknownErrors unknown_errors;
  // Per log document: the lines at least one signature matched.
  std::vector<std::pair<model::DocId, uint64_t>> matched_lines;
  // Logs no pod and container of the input claims: how many, the first.
  size_t unmatched_logs = 0;
  std::string first_unmatched_log;
  // The failing workloads in time (AnalyzeOptions::timeline).
  Timeline timeline;
};

// The note that says so ("" when there are none).
std::string unmatched_logs_note(size_t count, const std::string& first);

// Orders findings as a report lists them (score, then rule id, then
// subject) and numbers their ranks from 1. Deterministic: the order of the
// input does not matter, so a merge of partial runs ranks as one run does.
void rank_findings(std::vector<Finding>& findings);

// Two findings of partial runs with the same group, as one (counts, files
// and top files add; the earlier first and the later last evidence stay).
// `lines` reads the time of the evidence lines (parse::log_line_reader()).
void merge_log_findings(Finding& into, Finding&& other, const model::LogLineReader& lines);

// One log document scanned (Engine::scan_log): all analyze needs of its
// text, so that the text can go before the next documents are read.
struct LogScan {
  std::vector<LogHit> hits;
  std::vector<uint64_t> counts;  // lines by catalog rule index
  ScanStats stats;
  UnknownErrors unknown;
  uint32_t lines = 0;
  // The lines a finding may quote (the hits'): what Document::compact keeps.
  std::vector<uint32_t> quoted_lines() const;
};

// A log scanned as it is read (Engine::scan_log_stream): feed() whole
// lines in order; finish() gives what scan_log gives for the whole text.
class LogScanFeed {
 public:
  LogScanFeed(const LogScanner& scanner, std::string path);
  ~LogScanFeed();
  void feed(std::string_view lines);
  // The lines the hits kept so far are on (see LogScanner::Stream).
  void kept_lines(std::vector<uint32_t>& out) const;
  LogScan finish();

 private:
  std::string path_;
  LogScan r_;
  std::unique_ptr<LogScanner::Stream> stream_;
};

struct AnalyzeOptions {
  // Hygiene findings (limits, probes, image policy, security) of objects
  // that are not failing: grouped per rule and namespace, ranked below every
  // runtime cause (true), or left out (false: `--hygiene off`).
  bool hygiene = true;
  // The timeline of the failing workloads (build_timeline): for the reports
  // that draw it.
  bool timeline = false;
};

class Engine {
 public:
  // Validates the catalog against the code rules compiled in (a `match:
  // code` rule without C++ logic, or C++ logic without a catalog entry, is
  // an error) and compiles the log signatures. nullptr + errors on failure.
  // `lines` is how the engine reads the level and time of the log lines
  // that hit: the engine knows no log format, the caller hands it the parse
  // layer's reader (parse::log_line_reader()).
  static std::unique_ptr<Engine> create(Catalog catalog, const model::LogLineReader& lines,
                                        std::vector<std::string>& errors);

  // The runtime rules over the graph, and the manifest rules over the
  // objects the inputs declare (without a status), ranked together.
  Analysis analyze(const correlate::Graph& graph, const AnalyzeOptions& opts = {}) const;
  // The same, with log documents scanned already (by document id; the
  // others are scanned here). The scans are consumed.
  Analysis analyze(const correlate::Graph& graph,
                   std::unordered_map<model::DocId, LogScan>& scanned,
                   const AnalyzeOptions& opts = {}) const;
  // Scans one log document as analyze() does.
  LogScan scan_log(const model::Document& d) const;
  // The same for a log whose text comes in pieces, named `path`.
  std::unique_ptr<LogScanFeed> scan_log_stream(const std::string& path) const;

  // The manifest rules alone, over every object of `store`.
  LintResult lint(const model::Store& store, const LintOptions& opts) const;
  // Problems with the options: an id in include/exclude/severity/params/
  // ignores that names no rule (or peer check), an unknown Kubernetes
  // version. Each is "where: what".
  std::vector<std::string> check_lint_options(const LintOptions& opts) const;
  // The rules `lint` runs with these options, in catalog order.
  std::vector<const Rule*> lint_rules(const LintOptions& opts) const;

  const Catalog& catalog() const { return catalog_; }
  const LogScanner& scanner() const { return *scanner_; }
  // The reader given to create().
  const model::LogLineReader& log_lines() const { return scanner_->lines(); }

  // Ids of the rules implemented in C++.
  static std::vector<std::string> code_rule_ids();

 private:
  Engine() = default;
  Catalog catalog_;
  std::unique_ptr<LogScanner> scanner_;
  std::shared_ptr<const EngineCompiled> compiled_;
};

}  // namespace kubesift::engine
