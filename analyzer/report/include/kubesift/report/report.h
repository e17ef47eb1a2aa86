// Reports: what the analysis concluded, as text or JSON.
//
// Printers only format. Everything they print is in ReportData, computed by
// the layers before; a printer never parses input and never decides.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/core/finding.h"
#include "kubesift/core/timeline.h"

namespace kubesift::report {

struct InputInfo {
  std::string path;
  std::string format;
  std::string error;  // empty when the input was read
  uint32_t error_line = 0;
  uint32_t error_col = 0;
  struct Problem {
    std::string message;
    uint32_t line = 0, col = 0;
  };
  std::vector<Problem> errors;  // every problem, the first (`error`) included
  // The unit of the inputs this input came from, when the run is a shard
  // (--shard): a merge puts the inputs back in the order of one run.
  int64_t unit = -1;
  // A log: the lines at least one signature matched (-1: not a log).
  int64_t matched_lines = -1;
};

// What a report says of a rule (SARIF's rule metadata, the doc of a finding).
struct RuleInfo {
  std::string id, title, category, severity;
  std::string what, why, remediation;
  std::vector<std::string> equivalents;
  // The command that shows the whole rule: `kubesift explain ID`, with the
  // rules file after --rules for a user rule ("": `kubesift explain ID`).
  std::string explain;
};

// An object lint checked (JUnit lists the ones that passed too).
struct CheckedObject {
  std::string path;
  uint32_t line = 0;
  ObjectRef ref;
};

// Error lines no rule explains, grouped by template (bulk log scans).
struct UnknownError {
  std::string template_text;
  uint64_t count = 0, files = 0;
  std::string path;  // the sample line: where, and as written (redacted)
  uint32_t line = 0;
  std::string text;
};

// A line of evidence in its context: the lines around it as the input
// holds them (quoted and redacted as evidence is), for the HTML report.
struct Excerpt {
  std::string path;
  uint32_t line = 0;
  std::vector<std::pair<uint32_t, std::string>> lines;  // (line, text), by line
};

// How many of them the reports list (NDJSON carries every group: a merge of
// partial runs needs them all).
inline constexpr size_t kUnknownErrorsShown = 20;

struct ReportData {
  std::string tool_version;
  std::string command = "analyze";  // or "lint"
  std::vector<InputInfo> inputs;
  std::map<std::string, size_t> objects;  // kind → distinct objects
  size_t events = 0;
  uint64_t log_lines = 0;
  std::vector<Finding> findings;    // ranked
  std::vector<Finding> suppressed;  // each with its suppression
  std::vector<std::string> notes;
  std::vector<RuleInfo> rules;               // every rule a finding names (or that ran)
  std::vector<CheckedObject> checked;        // lint: the objects checked
  std::string fail_on;                       // the threshold in force ("high", "none", "")
  std::vector<UnknownError> unknown_errors;  // the largest groups
  uint64_t unknown_error_lines = 0;          // error lines no rule explains, in all
  std::string shard;                         // "K/N" for a partial run (NDJSON header)
  // Logs no pod claims (NDJSON summary: a merge adds them up and notes it).
  uint64_t unmatched_logs = 0;
  std::string first_unmatched_log;
  // For the reports that show them (HTML): the failing workloads in time
  // (analyze), and each evidence line in its context, by (path, line).
  Timeline timeline;
  std::vector<Excerpt> excerpts;

  size_t unreadable() const;
  const RuleInfo* rule(std::string_view id) const;
  const Excerpt* excerpt(std::string_view path, uint32_t line) const;
};

// The report formats: one printer each, chosen here and nowhere else.
enum class Format { Text, Json, Sarif, Junit, Github, Ndjson, Markdown, Html };
std::optional<Format> parse_format(std::string_view name);
std::string_view to_string(Format f);
// "text, json, sarif, junit, github, ndjson, markdown"
std::string format_names();

// What `kubesift inventory` prints: each input, its detected format, what
// the inputs hold, and what could not be read.
struct Inventory {
  std::string tool_version;
  std::vector<InputInfo> inputs;
  std::map<std::string, size_t> objects;
  size_t events = 0;
  size_t logs = 0;                  // container logs found (a file may hold several)
  size_t unmatched_logs = 0;        // logs no pod of the input claims
  size_t containers_with_logs = 0;  // observed containers with at least one log
  size_t containers_with_previous_logs = 0;
  std::vector<std::string> notes;

  size_t unreadable() const;
};

void write_inventory_text(const Inventory& inv, std::ostream& out);
void write_inventory_json(const Inventory& inv, std::ostream& out);

// The JSON report: the contract documented in README.md and checked by
// schema/report.schema.json.
void write_json(const ReportData& r, std::ostream& out);

struct TextOptions {
  bool color = false;
};
void write_text(const ReportData& r, std::ostream& out, const TextOptions& opts = {});

// SARIF 2.1.0: rule metadata with help, regions with line and column,
// relative artifact URIs, stable partialFingerprints, suppressions.
void write_sarif(const ReportData& r, std::ostream& out);
// JUnit XML: a test suite per input file, a test case per finding (failed)
// and per object checked without one (passed), input errors as errors.
void write_junit(const ReportData& r, std::ostream& out);
// GitHub Actions workflow commands: one ::error/::warning/::notice line per
// finding, placed on its file and line.
void write_github(const ReportData& r, std::ostream& out);

// Markdown (GitHub Flavored) for tickets and pull-request comments: a
// summary table, a section per finding with its evidence in code blocks,
// then notes, unknown errors and input errors. Input text is escaped (no
// raw HTML, no fence it could close).
void write_markdown(const ReportData& r, std::ostream& out);

// NDJSON: one record a line, each with its "type": a header, the inputs
// (with the index of their unit when the run is a shard), the rules the
// findings name (a merge needs no --rules), the findings (each with its
// merge group and score), the suppressed findings, every
// group of unknown errors, the notes, and the summary last.
void write_ndjson(const ReportData& r, std::ostream& out);
// The same in three parts, for a run that writes its inputs as it reads
// them: the header (tool, command, shard of `r`), one input record, and the
// rest (findings to summary). head + every input + tail = write_ndjson.
void write_ndjson_head(const ReportData& r, std::ostream& out);
void write_ndjson_input(const InputInfo& in, std::ostream& out);
void write_ndjson_tail(const ReportData& r, std::ostream& out);

// HTML: one self-contained page (no script, style sheet, font or image to
// load; readable without JavaScript): the summary, the ranked findings with
// their evidence in context and their rule's documentation, the timeline
// of the failing workloads as inline SVG, the inputs and the notes.
void write_html(const ReportData& r, std::ostream& out);

// Any format by name.
void write(Format f, const ReportData& r, std::ostream& out, const TextOptions& opts = {});

// "path:12: message" (or "path: message" when the line is unknown).
std::string describe_input_error(const InputInfo& in);

// Text from the inputs made safe for a terminal or a CI log: control
// characters (escape sequences, carriage returns, backspaces) shown as
// `\x1b`, C1 controls and bidirectional overrides as `\u202e`, invalid
// UTF-8 bytes as `\xff`; tabs and valid text unchanged. The text, GitHub,
// Markdown and inventory printers write every input-derived string through it.
std::string terminal_safe(std::string_view s);

}  // namespace kubesift::report
