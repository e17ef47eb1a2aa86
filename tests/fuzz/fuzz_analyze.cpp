// libFuzzer target: one input through every layer, as `kubesift analyze`
// and `kubesift lint` take it: ingest (archives too) → parse → correlate →
// engine (with the timeline) → the JSON, text, HTML, Markdown, SARIF and
// JUnit printers. The JSON report must be valid JSON (valid UTF-8 included),
// the text, HTML and Markdown reports must hold no control character but
// newlines, and the HTML no markup from the input and no address to load:
// whatever the input holds.
#include <simdjson.h>

#include <sstream>

#include "cli/src/common.h"
#include "fuzz_common.h"
#include "kubesift/core/text.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/engine/engine.h"
#include "kubesift/ingest/ingest.h"
#include "kubesift/parse/log_line.h"
#include "kubesift/parse/parse.h"
#include "kubesift/report/report.h"

namespace {

using namespace kubesift;

const engine::Engine& the_engine() {
  static const std::unique_ptr<engine::Engine> eng = [] {
    std::vector<engine::CatalogError> cat_errors;
    engine::Catalog cat = engine::Catalog::builtin(cat_errors);
    std::vector<std::string> errors;
    auto e = engine::Engine::create(std::move(cat), parse::log_line_reader(), errors);
    if (!e || !cat_errors.empty() || !errors.empty()) fuzz::broken("the built-in catalog");
    return e;
  }();
  return *eng;
}

void check_json(const std::string& s, const char* what) {
  static simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(s).get(root) != simdjson::SUCCESS)
    fuzz::broken(std::string(what) + " report is not valid JSON");
}

// What report::terminal_safe lets through: valid UTF-8 with no control
// character but newlines and tabs, no C1 control, no bidirectional override.
void check_terminal(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = text::utf8_sequence(s, i, cp);
    if (n == 0) fuzz::broken("invalid UTF-8 in the text report");
    bool control =
        (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
    bool bidi = (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
    if (control || bidi)
      fuzz::broken("a control character in the text report: U+" + std::to_string(cp));
    i += n;
  }
}

// The HTML page: nothing of the input acts as markup or as an address.
void check_html(const std::string& s) {
  check_terminal(s);
  for (const char* bad : {"<script", "<img", "<iframe", "<link", "<object", "<embed"})
    if (s.find(bad) != std::string::npos) fuzz::broken(std::string("the HTML report holds ") + bad);
  for (size_t i = 0; i + 5 <= s.size(); ++i) {
    auto lower = [&](size_t k) { return static_cast<char>(s[k] | 0x20); };
    if (lower(i) == 'h' && lower(i + 1) == 't' && lower(i + 2) == 't' && lower(i + 3) == 'p' &&
        (s[i + 4] == ':' || (i + 5 < s.size() && lower(i + 4) == 's' && s[i + 5] == ':')))
      fuzz::broken("the HTML report holds an address (http:)");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const engine::Engine& eng = the_engine();
  model::Store store;
  ingest::Options opts;
  opts.max_member_bytes = 1 << 20;
  opts.max_input_bytes = 4 << 20;
  opts.max_archive_entries = 1000;
  ingest::ingest_bytes("in", fuzz::view(data, size), store, opts);
  std::vector<model::Facts> facts(store.doc_count());
  for (size_t i = 0; i < store.doc_count(); ++i) {
    model::Document& d = store.doc(static_cast<model::DocId>(i));
    if (d.error.empty()) parse::parse_document(d, facts[i]);
  }
  for (auto& f : facts) store.facts.append(std::move(f));
  correlate::Graph graph = correlate::build_graph(store);

  engine::AnalyzeOptions ao;
  ao.timeline = true;
  engine::Analysis a = eng.analyze(graph, ao);
  report::ReportData r;
  r.tool_version = "fuzz";
  r.inputs = cli::input_infos(store);
  r.findings = std::move(a.findings);
  r.notes = std::move(a.notes);
  cli::fill_unknown_errors(a.unknown_errors, r);
  cli::add_rule_infos(eng, r);
  r.timeline = std::move(a.timeline);
  cli::fill_excerpts(store, r);
  std::ostringstream json, text, html, md;
  report::write_json(r, json);
  check_json(json.str(), "the analyze");
  report::write_text(r, text);
  check_terminal(text.str());
  report::write_html(r, html);
  check_html(html.str());
  report::write_markdown(r, md);
  check_terminal(md.str());

  engine::LintOptions lo;
  lo.all_checks = true;
  engine::LintResult l = eng.lint(store, lo);
  report::ReportData lr;
  lr.tool_version = "fuzz";
  lr.command = "lint";
  lr.inputs = r.inputs;
  lr.findings = std::move(l.findings);
  lr.suppressed = std::move(l.suppressed);
  lr.notes = std::move(l.notes);
  cli::add_rule_infos(eng, lr);
  std::ostringstream sarif, junit, ltext;
  report::write_sarif(lr, sarif);
  check_json(sarif.str(), "the SARIF");
  report::write_junit(lr, junit);
  report::write_text(lr, ltext);
  check_terminal(ltext.str());
  return 0;
}
