// The HTML report: one self-contained page a post-mortem can be read from
// and shared (an e-mail attachment, a ticket): no script, no style sheet,
// font or image to load; <details> for what folds.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "html_text.h"
#include "kubesift/core/time.h"
#include "kubesift/report/report.h"

namespace kubesift::report {

namespace html {
void write_timeline(const ReportData& r, std::ostream& out);
}  // namespace html

namespace {

using html::esc;

constexpr const char* kStyle = R"(
:root{--fg:#1d232a;--muted:#5b6570;--line:#d8dde3;--bg:#fff;--soft:#f4f6f8;
--critical:#8b0a1a;--high:#c0392b;--medium:#b8620b;--low:#1f6f9b;--info:#5b6570;
--ok:#3d8b3d;--warn:#c77c02;--bad:#c0392b;--log:#2c5fb3}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--fg);background:var(--bg);margin:0;padding:0 1.5rem 3rem;max-width:1200px;margin:auto}
header{border-bottom:3px solid var(--fg);padding:1.2rem 0 .6rem;margin-bottom:1rem}
h1{font-size:1.5rem;margin:0}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.05rem;margin:0 0 .3rem}
.sub{color:var(--muted);margin:.2rem 0 0}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.86em}
table{border-collapse:collapse;margin:.4rem 0}th,td{border:1px solid var(--line);padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;min-width:8rem;background:var(--soft)}
.card b{display:block;font-size:1.3rem}
.sev{display:inline-block;border-radius:3px;color:#fff;font-weight:700;font-size:.75rem;padding:.05rem .4rem;letter-spacing:.03em;vertical-align:middle}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}
.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.finding{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:4px;padding:.7rem 1rem;margin:.8rem 0}
.finding.critical{border-left-color:var(--critical)}.finding.high{border-left-color:var(--high)}
.finding.medium{border-left-color:var(--medium)}.finding.low{border-left-color:var(--low)}
.meta{color:var(--muted);font-size:.88rem;margin:.1rem 0 .4rem}
.fix{background:#eef6ee;border-radius:4px;padding:.3rem .6rem}
.evidence{margin:.5rem 0;border:1px solid var(--line);border-radius:4px;overflow:hidden}
.evidence .loc{display:flex;gap:.6rem;align-items:baseline;background:var(--soft);padding:.2rem .6rem;font-size:.85rem}
.evidence .loc code{user-select:all;word-break:break-all}
.role{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.evidence pre{margin:0;padding:.3rem 0;overflow-x:auto;white-space:pre}
.evidence pre span{display:block;padding:0 .6rem}
.evidence pre span.hit{background:#fff3c4;font-weight:600}
.evidence pre i{display:inline-block;min-width:3.5em;color:var(--muted);font-style:normal;text-align:right;margin-right:.8em;user-select:none}
details{margin:.4rem 0}summary{cursor:pointer;color:var(--muted)}
details.doc div{border-left:3px solid var(--line);padding:.1rem .8rem;margin:.3rem 0}
ul.plain{margin:.2rem 0;padding-left:1.2rem}
.track{margin:1rem 0;border:1px solid var(--line);border-radius:4px;padding:.4rem .6rem}
.track figcaption{font-weight:600;margin-bottom:.2rem}
svg.timeline{width:100%;height:auto;display:block}
svg text{font-family:system-ui,sans-serif;font-size:11px;fill:var(--fg)}
svg .axis line{stroke:var(--line)}svg .axis text{fill:var(--muted)}
svg .lane-label{font-size:10.5px}svg .lane-sub{fill:var(--muted);font-size:10px}svg .lane-warning{fill:var(--warn)}
svg .mark-running{fill:#8fc98f}svg .mark-terminated{fill:var(--ok)}svg .mark-terminated.warning{fill:var(--bad)}
svg .mark-waiting{fill:var(--warn)}svg .mark-event{stroke:#8a949e;fill:#8a949e}
svg .mark-event.warning{stroke:var(--warn);fill:var(--warn)}svg .mark-event line.approx{stroke-dasharray:3 2}
svg .mark-log{fill:var(--log)}svg .mark-log.warning{fill:#173f80}svg .mark-podstart{fill:#6d6d6d}
svg .now line{stroke:var(--bad);stroke-dasharray:4 3}svg .now text{fill:var(--bad)}
svg .stripe{fill:var(--soft)}
.legend{display:flex;flex-wrap:wrap;gap:1rem;color:var(--muted);font-size:.85rem;margin:.3rem 0}
.legend span::before{content:"";display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:-.05em;border-radius:2px;background:currentColor}
.lg-running{color:#8fc98f}.lg-term{color:var(--bad)}.lg-waiting{color:var(--warn)}.lg-event{color:#8a949e}.lg-log{color:var(--log)}
.lg-running,.lg-term,.lg-waiting,.lg-event,.lg-log{font-weight:600}
footer{margin-top:2.5rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.5rem}
@media print{details{display:block}details>*{display:block}.finding{break-inside:avoid}}
)";

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

std::string subject(const ObjectRef& r) {
  std::string s = r.kind + " " + (r.ns.empty() ? "" : r.ns + "/") + r.name;
  if (!r.container.empty()) s += ", container " + r.container;
  return s;
}

std::string sev_badge(Severity s) {
  std::string n(to_string(s));
  return "<span class=\"sev sev-" + n + "\">" + upper(n) + "</span>";
}

void write_summary(const ReportData& r, std::ostream& out) {
  size_t counts[5] = {};
  for (const auto& f : r.findings) ++counts[static_cast<size_t>(f.severity)];
  size_t objects = 0;
  for (const auto& [k, n] : r.objects) objects += n;
  out << "<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">";
  auto card = [&](std::string_view label, std::string value) {
    out << "<div class=\"card\"><b>" << value << "</b>" << label << "</div>";
  };
  card("findings", std::to_string(r.findings.size()));
  for (int s = 4; s >= 0; --s)
    if (counts[s]) card(to_string(static_cast<Severity>(s)), std::to_string(counts[s]));
  card("inputs read", std::to_string(r.inputs.size() - r.unreadable()));
  if (r.unreadable()) card("unreadable", std::to_string(r.unreadable()));
  card("objects", std::to_string(objects));
  if (r.command != "lint") {
    card("events", std::to_string(r.events));
    card("log lines", std::to_string(r.log_lines));
  }
  if (!r.suppressed.empty()) card("suppressed", std::to_string(r.suppressed.size()));
  out << "</div>\n";
  if (r.timeline.now)
    out << "<p>Snapshot time: <b>" << html::clock(r.timeline.now) << " UTC</b>, from "
        << esc(r.timeline.now_source) << " (never this machine's clock).</p>\n";
  if (!r.objects.empty()) {
    out << "<details open><summary>Objects by kind</summary><table><tr><th>kind</th><th>"
           "objects</th></tr>";
    for (const auto& [k, n] : r.objects)
      out << "<tr><td>" << esc(k) << "</td><td class=\"n\">" << n << "</td></tr>";
    out << "</table></details>\n";
  }
  // What the inputs say they could not collect, and what could not be read.
  std::vector<const InputInfo*> missing;
  for (const auto& in : r.inputs)
    if (!in.error.empty() || in.format == "collection-errors") missing.push_back(&in);
  if (!missing.empty()) {
    out << "<details open><summary>Not collected or not readable (" << missing.size()
        << ")</summary><ul class=\"plain\">";
    for (const auto* in : missing) {
      out << "<li><code>" << esc(in->path) << "</code>: ";
      if (!in->error.empty())
        out << esc(describe_input_error(*in));
      else
        out << "the collector's record of what it could not collect";
      out << "</li>";
    }
    out << "</ul></details>\n";
  }
  out << "</section>\n";
}

void write_doc(const ReportData& r, const Finding& f, std::ostream& out) {
  const RuleInfo* ri = r.rule(f.rule);
  // The command that shows the whole rule (a user rule's names its file).
  std::string cmd = ri && !ri->explain.empty() ? ri->explain : "kubesift explain " + f.rule;
  out << "<details class=\"doc\" data-explain=\"" << esc(cmd) << "\"><summary>About <code>"
      << esc(f.rule) << "</code> (<code>" << esc(cmd) << "</code>)</summary><div>";
  if (ri) {
    if (!ri->what.empty()) out << "<p><b>What:</b> " << esc(ri->what) << "</p>";
    if (!ri->why.empty()) out << "<p><b>Why:</b> " << esc(ri->why) << "</p>";
    if (!ri->remediation.empty()) out << "<p><b>Fix:</b> " << esc(ri->remediation) << "</p>";
    if (!ri->equivalents.empty()) {
      out << "<p><b>Same check elsewhere:</b> ";
      for (size_t i = 0; i < ri->equivalents.size(); ++i)
        out << (i ? ", " : "") << "<code>" << esc(ri->equivalents[i]) << "</code>";
      out << "</p>";
    }
  } else {
    out << "<p>Run <code>" << esc(cmd) << "</code> for this rule.</p>";
  }
  out << "</div></details>\n";
}

void write_evidence(const ReportData& r, const Evidence& e, std::ostream& out) {
  std::string loc = e.path + ":" + std::to_string(e.line);
  if (e.column) loc += ":" + std::to_string(e.column);
  out << "<div class=\"evidence\" data-path=\"" << esc(e.path) << "\" data-line=\"" << e.line
      << "\"><div class=\"loc\"><code>" << esc(loc) << "</code><span class=\"role\">" << esc(e.role)
      << "</span>";
  if (!e.field.empty()) out << "<code>" << esc(e.field) << "</code>";
  out << "</div><pre>";
  const Excerpt* x = r.excerpt(e.path, e.line);
  uint32_t prev = 0;
  auto row = [&](uint32_t n, std::string_view text, bool hit) {
    if (prev && n > prev + 1) out << "<span><i>\u22ee</i></span>";
    out << "<span" << (hit ? " class=\"hit\"" : "") << "><i>" << n << "</i>" << esc(text)
        << "</span>";
    prev = n;
  };
  bool shown = false;
  if (x) {
    for (const auto& [n, text] : x->lines) {
      // The cited line as the finding quotes it (a value a rule hid stays
      // hidden), its neighbours as the input has them, redacted.
      if (n == e.line) {
        row(n, e.text, true);
        shown = true;
      } else {
        if (n > e.line && !shown) {
          row(e.line, e.text, true);
          shown = true;
        }
        row(n, text, false);
      }
    }
  }
  if (!shown) row(e.line, e.text, true);
  out << "</pre></div>\n";
}

void write_finding(const ReportData& r, const Finding& f, std::ostream& out, bool suppressed,
                   size_t index) {
  std::string sev(to_string(f.severity));
  out << "<article class=\"finding " << sev << "\" id=\""
      << (suppressed ? "suppressed-" : "finding-") << index << "\" data-rank=\"" << f.rank
      << "\" data-rule=\"" << esc(f.rule) << "\" data-severity=\"" << sev << "\">\n";
  out << "<h3>" << (suppressed ? "" : "#" + std::to_string(f.rank) + " ") << sev_badge(f.severity)
      << " " << esc(f.title) << "</h3>\n";
  out << "<p class=\"meta\"><code>" << esc(f.rule) << "</code> · " << esc(to_string(f.category))
      << " · confidence " << fmt::format("{:.2f}", f.confidence) << " · " << esc(subject(f.subject))
      << "</p>\n";
  out << "<p>" << esc(f.message) << "</p>\n";
  if (f.suppression)
    out << "<p class=\"meta\">"
        << esc("Suppressed by " + f.suppression->kind + " " + f.suppression->source +
               (f.suppression->reason.empty() ? "" : ": " + f.suppression->reason))
        << "</p>\n";
  if (f.affected.size() > 1) {
    out << "<details><summary>Affects " << f.affected.size()
        << " objects</summary><ul class=\"plain\">";
    for (const auto& a : f.affected) out << "<li>" << esc(subject(a)) << "</li>";
    out << "</ul></details>\n";
  }
  if (f.logs) {
    const LogAggregate& l = *f.logs;
    out << "<p class=\"meta\">" << l.count << " matching line(s) in " << l.files << " file(s)";
    if (!l.first_seen.empty())
      out << ", first " << esc(l.first_seen) << ", last " << esc(l.last_seen);
    out << "</p>";
    if (l.top_files.size() > 1) {
      out << "<table><tr><th>file</th><th>lines</th></tr>";
      for (const auto& tf : l.top_files)
        out << "<tr><td><code>" << esc(tf.path) << "</code></td><td class=\"n\">" << tf.count
            << "</td></tr>";
      out << "</table>\n";
    }
  }
  for (const Evidence& e : f.evidence) write_evidence(r, e, out);
  out << "<p class=\"fix\"><b>Fix:</b> " << esc(f.remediation) << "</p>\n";
  write_doc(r, f, out);
  out << "</article>\n";
}

void write_inputs(const ReportData& r, std::ostream& out) {
  out << "<section id=\"inventory\"><h2>Inputs</h2>\n";
  std::map<std::string, size_t> by_format;
  for (const auto& in : r.inputs) ++by_format[in.format.empty() ? "unknown" : in.format];
  out << "<p>";
  bool first = true;
  for (const auto& [f, n] : by_format) {
    out << (first ? "" : " · ") << n << " " << esc(f);
    first = false;
  }
  out << "</p>\n<details" << (r.inputs.size() <= 60 ? " open" : "") << "><summary>"
      << r.inputs.size()
      << " input(s), as read</summary><table><tr><th>input</th><th>format</th><th>lines "
         "matched</th><th>problem</th></tr>\n";
  for (const auto& in : r.inputs) {
    out << "<tr><td><code>" << esc(in.path) << "</code></td><td>" << esc(in.format)
        << "</td><td class=\"n\">"
        << (in.matched_lines >= 0 ? std::to_string(in.matched_lines) : std::string()) << "</td><td>"
        << (in.error.empty() ? "" : esc(describe_input_error(in))) << "</td></tr>\n";
  }
  out << "</table></details></section>\n";
}

}  // namespace

void write_html(const ReportData& r, std::ostream& out) {
  std::string title = "kubesift " + r.command + ": " + std::to_string(r.findings.size()) +
                      " finding" + (r.findings.size() == 1 ? "" : "s");
  if (!r.findings.empty()) title += " \u2014 " + r.findings.front().title;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"generator\" content=\"kubesift "
      << esc(r.tool_version) << "\"><title>" << esc(title) << "</title><style>" << kStyle
      << "</style></head>\n<body>\n<header><h1>kubesift " << esc(r.command) << " report</h1>";
  out << "<p class=\"sub\">kubesift " << esc(r.tool_version) << " · " << r.inputs.size()
      << " input(s)";
  if (!r.shard.empty()) out << " · shard " << esc(r.shard);
  if (!r.fail_on.empty()) out << " · --fail-on " << esc(r.fail_on);
  out << "</p></header>\n<main>\n";
  write_summary(r, out);
  if (!r.timeline.tracks.empty()) html::write_timeline(r, out);
  out << "<section id=\"findings\"><h2>Findings</h2>\n";
  if (r.findings.empty()) out << "<p>No findings.</p>\n";
  for (const Finding& f : r.findings) write_finding(r, f, out, false, f.rank);
  out << "</section>\n";
  if (!r.suppressed.empty()) {
    out << "<section id=\"suppressed\"><h2>Suppressed (" << r.suppressed.size()
        << ")</h2><details><summary>Findings an annotation or the config file suppresses"
           "</summary>\n";
    for (size_t i = 0; i < r.suppressed.size(); ++i)
      write_finding(r, r.suppressed[i], out, true, i + 1);
    out << "</details></section>\n";
  }
  if (!r.unknown_errors.empty()) {
    out << "<section id=\"unknown-errors\"><h2>Errors no rule explains</h2><p>"
        << r.unknown_error_lines
        << " line(s); the largest groups:</p><table><tr><th>lines</th><th>files</th><th>"
           "template</th><th>example</th></tr>\n";
    for (size_t i = 0; i < std::min(r.unknown_errors.size(), kUnknownErrorsShown); ++i) {
      const UnknownError& u = r.unknown_errors[i];
      out << "<tr><td class=\"n\">" << u.count << "</td><td class=\"n\">" << u.files
          << "</td><td><code>" << esc(u.template_text) << "</code></td><td><code>"
          << esc(u.path + ":" + std::to_string(u.line)) << "</code><br><code>" << esc(u.text)
          << "</code></td></tr>\n";
    }
    out << "</table></section>\n";
  }
  write_inputs(r, out);
  if (!r.notes.empty()) {
    out << "<section id=\"notes\"><h2>Notes</h2><ul class=\"plain\">\n";
    for (const auto& n : r.notes) out << "<li>" << esc(n) << "</li>\n";
    out << "</ul></section>\n";
  }
  out << "</main>\n<footer>Written by kubesift " << esc(r.tool_version)
      << " from the inputs alone (no cluster, no network). Times are UTC. Secret values are "
         "redacted.</footer>\n</body></html>\n";
}

}  // namespace kubesift::report
