// `kubesift merge PARTS...`: the NDJSON reports of partial runs (--shard
// K/N) as the report of one run: inputs back in the order one run reads
// them, findings of the same group (a log signature across files) joined,
// unknown-error groups added, everything ranked as one run ranks it.
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>

#include "commands.h"

namespace kubesift::cli {
namespace {

namespace sj = simdjson;

// A member of a record, or an error result when it is absent (a default
// dom::element must never be read).
using Member = sj::simdjson_result<sj::dom::element>;
Member field(sj::dom::object o, std::string_view k) {
  return o[k];
}

std::string str(Member e) {
  std::string_view v;
  return e.get(v) == sj::SUCCESS ? std::string(v) : std::string();
}
uint64_t num(Member e) {
  uint64_t u = 0;
  if (e.get(u) == sj::SUCCESS) return u;
  int64_t i = 0;
  return e.get(i) == sj::SUCCESS && i > 0 ? static_cast<uint64_t>(i) : 0;
}
double real(Member e) {
  double d = 0;
  if (e.get(d) == sj::SUCCESS) return d;
  return static_cast<double>(num(e));
}
bool has(sj::dom::object o, std::string_view k) {
  sj::dom::element e;
  return o[k].get(e) == sj::SUCCESS && !e.is_null();
}

ObjectRef ref(Member e) {
  sj::dom::object o;
  if (e.get(o) != sj::SUCCESS) return {};
  return {str(field(o, "kind")), str(field(o, "namespace")), str(field(o, "name")),
          str(field(o, "container"))};
}

bool read_finding(sj::dom::object rec, Finding& f, std::string& problem) {
  sj::dom::object o;
  if (field(rec, "finding").get(o) != sj::SUCCESS) {
    problem = "a finding record without its \"finding\" object";
    return false;
  }
  f.rank = static_cast<int>(num(field(o, "rank")));
  f.rule = str(field(o, "rule"));
  auto cat = parse_category(str(field(o, "category")));
  auto sev = parse_severity(str(field(o, "severity")));
  if (f.rule.empty() || !cat || !sev) {
    problem = "a finding without a known rule, category or severity";
    return false;
  }
  f.category = *cat;
  f.severity = *sev;
  f.confidence = real(field(o, "confidence"));
  f.title = str(field(o, "title"));
  f.message = str(field(o, "message"));
  f.remediation = str(field(o, "remediation"));
  f.subject = ref(field(o, "subject"));
  sj::dom::array arr;
  if (field(o, "affected").get(arr) == sj::SUCCESS)
    for (sj::dom::element a : arr) f.affected.push_back(ref(Member(sj::dom::element(a))));
  if (field(o, "evidence").get(arr) == sj::SUCCESS)
    for (sj::dom::element a : arr) {
      sj::dom::object e;
      if (a.get(e) != sj::SUCCESS) continue;
      Evidence ev;
      ev.path = str(field(e, "path"));
      ev.line = static_cast<uint32_t>(num(field(e, "line")));
      ev.column = static_cast<uint32_t>(num(field(e, "column")));
      ev.text = str(field(e, "text"));
      ev.role = str(field(e, "role"));
      ev.field = str(field(e, "field"));
      f.evidence.push_back(std::move(ev));
    }
  sj::dom::object s;
  if (field(o, "suppression").get(s) == sj::SUCCESS)
    f.suppression =
        Suppression{str(field(s, "kind")), str(field(s, "source")), str(field(s, "reason"))};
  if (has(o, "count")) {
    LogAggregate a;
    a.count = num(field(o, "count"));
    a.files = num(field(o, "files"));
    a.first_seen = str(field(o, "first_seen"));
    a.last_seen = str(field(o, "last_seen"));
    if (field(o, "top_files").get(arr) == sj::SUCCESS)
      for (sj::dom::element t : arr) {
        sj::dom::object to;
        if (t.get(to) == sj::SUCCESS)
          a.top_files.push_back({str(field(to, "path")), num(field(to, "count"))});
      }
    f.logs = std::move(a);
  }
  f.group = str(field(rec, "group"));
  f.score = real(field(rec, "score"));
  return true;
}

struct Part {
  std::vector<std::pair<int64_t, report::InputInfo>> inputs;
  std::vector<Finding> findings, suppressed;
  std::vector<engine::UnknownErrorGroup> unknown;
  std::vector<std::string> notes;
  std::map<std::string, report::RuleInfo> rules;  // the rule records, by id
  std::map<std::string, size_t> objects;
  uint64_t events = 0, log_lines = 0, unknown_lines = 0, unmatched = 0;
  std::string first_unmatched;
};

// One part; false with "path:line: what" in `problem`.
bool read_part(const std::string& path, Part& part, std::string& problem) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    problem = path + ": cannot read";
    return false;
  }
  sj::dom::parser parser;
  std::string line;
  size_t n = 0;
  bool header = false, summary = false;
  while (std::getline(f, line)) {
    ++n;
    if (line.empty()) continue;
    auto fail = [&](const std::string& what) {
      problem = path + ":" + std::to_string(n) + ": " + what;
      return false;
    };
    if (summary) return fail("a record after the summary (the summary is the last record)");
    sj::dom::element doc;
    if (parser.parse(line).get(doc) != sj::SUCCESS) return fail("not a JSON record");
    sj::dom::object rec;
    if (doc.get(rec) != sj::SUCCESS) return fail("not a JSON object");
    std::string type = str(field(rec, "type"));
    if (!header && type != "header") return fail("the first record is not the header");
    if (type == "header") {
      if (header) return fail("a second header");
      header = true;
      if (str(field(rec, "command")) != "analyze")
        return fail("not a part of `kubesift analyze` (merge joins analyze runs)");
    } else if (type == "input") {
      sj::dom::object in;
      if (field(rec, "input").get(in) != sj::SUCCESS) return fail("an input without \"input\"");
      report::InputInfo info;
      info.path = str(field(in, "path"));
      info.format = str(field(in, "format"));
      info.error = str(field(in, "error"));
      info.error_line = static_cast<uint32_t>(num(field(in, "error_line")));
      info.error_col = static_cast<uint32_t>(num(field(in, "error_column")));
      if (has(in, "matched_lines"))
        info.matched_lines = static_cast<int64_t>(num(field(in, "matched_lines")));
      sj::dom::array errs;
      if (field(in, "errors").get(errs) == sj::SUCCESS)
        for (sj::dom::element e : errs) {
          sj::dom::object eo;
          if (e.get(eo) == sj::SUCCESS)
            info.errors.push_back({str(field(eo, "message")),
                                   static_cast<uint32_t>(num(field(eo, "line"))),
                                   static_cast<uint32_t>(num(field(eo, "column")))});
        }
      if (!info.error.empty() && info.errors.empty())
        info.errors.push_back({info.error, info.error_line, info.error_col});
      int64_t unit = -1;
      if (field(rec, "unit").get(unit) != sj::SUCCESS) unit = -1;
      part.inputs.emplace_back(unit, std::move(info));
    } else if (type == "finding" || type == "suppressed") {
      Finding fd;
      std::string what;
      if (!read_finding(rec, fd, what)) return fail(what);
      (type == "finding" ? part.findings : part.suppressed).push_back(std::move(fd));
    } else if (type == "rule") {
      sj::dom::object ro;
      if (field(rec, "rule").get(ro) != sj::SUCCESS) return fail("a rule record without \"rule\"");
      report::RuleInfo ri;
      ri.id = str(field(ro, "id"));
      if (ri.id.empty()) return fail("a rule record without its id");
      ri.title = str(field(ro, "title"));
      ri.category = str(field(ro, "category"));
      ri.severity = str(field(ro, "severity"));
      ri.what = str(field(ro, "what"));
      ri.why = str(field(ro, "why"));
      ri.remediation = str(field(ro, "remediation"));
      ri.explain = str(field(ro, "explain"));
      sj::dom::array eq;
      if (field(ro, "equivalents").get(eq) == sj::SUCCESS)
        for (sj::dom::element e : eq) ri.equivalents.push_back(str(Member(sj::dom::element(e))));
      part.rules.emplace(ri.id, std::move(ri));
    } else if (type == "unknown_error") {
      sj::dom::object s;
      engine::UnknownErrorGroup g;
      g.template_text = str(field(rec, "template"));
      g.count = num(field(rec, "count"));
      g.files = num(field(rec, "files"));
      if (field(rec, "sample").get(s) == sj::SUCCESS) {
        g.sample_path = str(field(s, "path"));
        g.sample_line = static_cast<uint32_t>(num(field(s, "line")));
        g.sample_text = str(field(s, "text"));
      }
      part.unknown.push_back(std::move(g));
    } else if (type == "note") {
      part.notes.push_back(str(field(rec, "text")));
    } else if (type == "summary") {
      summary = true;
      sj::dom::object objs;
      if (field(rec, "objects").get(objs) == sj::SUCCESS)
        for (auto [k, v] : objs) part.objects[std::string(k)] += num(Member(sj::dom::element(v)));
      part.events = num(field(rec, "events"));
      part.log_lines = num(field(rec, "log_lines"));
      part.unknown_lines = num(field(rec, "unknown_error_lines"));
      part.unmatched = num(field(rec, "unmatched_logs"));
      part.first_unmatched = str(field(rec, "first_unmatched_log"));
    } else {
      return fail("unknown record type '" + type + "'");
    }
  }
  if (!summary) {
    problem = path + ": no summary record at the end (a part cut short?)";
    return false;
  }
  return true;
}

}  // namespace

int cmd_merge(const po::variables_map& vm, const std::vector<std::string>& parts, std::ostream& out,
              std::ostream& err, bool tty) {
  std::vector<Output> outs;
  if (!parse_outputs(vm, outs, err)) return kError;
  std::optional<Severity> fail_on;
  if (vm.count("fail-on") && !parse_fail_on(vm["fail-on"].as<std::string>(), fail_on, err))
    return kError;
  if (parts.empty()) {
    err << "kubesift: merge needs the NDJSON reports of the shards (kubesift analyze --shard "
           "K/N --format ndjson)\n";
    return kError;
  }
  auto eng = load_engine(vm, err);
  if (!eng) return kError;
  report::ReportData data;
  data.tool_version = KUBESIFT_VERSION;
  data.command = "analyze";
  std::vector<std::pair<int64_t, report::InputInfo>> inputs;
  std::map<std::string, report::RuleInfo> rules;  // of the parts: the first part's of an id
  std::map<std::string, size_t> by_group;
  engine::UnknownErrors unknown;
  uint64_t unknown_lines = 0;
  int64_t first_unmatched_unit = INT64_MAX;
  for (const auto& path : parts) {
    Part p;
    std::string problem;
    if (!read_part(path, p, problem)) {
      err << "kubesift: " << problem << "\n";
      return kError;
    }
    // The first unmatched log of one run: of the part that holds the
    // earliest unit.
    if (p.unmatched) {
      int64_t unit = p.inputs.empty() ? -1 : INT64_MAX;
      for (const auto& [u, in] : p.inputs)
        if (in.path == p.first_unmatched) unit = u;
      if (data.unmatched_logs == 0 || unit < first_unmatched_unit) {
        data.first_unmatched_log = p.first_unmatched;
        first_unmatched_unit = unit;
      }
      data.unmatched_logs += p.unmatched;
    }
    for (auto& in : p.inputs) inputs.push_back(std::move(in));
    for (auto& [id, ri] : p.rules) rules.emplace(id, std::move(ri));
    for (auto& f : p.findings) {
      if (!f.group.empty()) {
        auto [it, fresh] = by_group.emplace(f.group, data.findings.size());
        if (!fresh) {
          engine::merge_log_findings(data.findings[it->second], std::move(f), eng->log_lines());
          continue;
        }
      }
      data.findings.push_back(std::move(f));
    }
    for (auto& f : p.suppressed) data.suppressed.push_back(std::move(f));
    for (const auto& g : p.unknown) unknown.add_group(g);
    // The part's own count of unmatched logs is said again for the whole.
    const std::string own = engine::unmatched_logs_note(p.unmatched, p.first_unmatched);
    for (auto& n : p.notes)
      if (n != own) data.notes.push_back(std::move(n));
    for (const auto& [k, n] : p.objects) data.objects[k] += n;
    data.events += p.events;
    data.log_lines += p.log_lines;
    unknown_lines += p.unknown_lines;
  }
  if (std::string n = engine::unmatched_logs_note(data.unmatched_logs, data.first_unmatched_log);
      !n.empty())
    data.notes.push_back(std::move(n));
  // Inputs in the order of one run: by unit, and within a unit as read.
  std::stable_sort(inputs.begin(), inputs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [unit, in] : inputs) data.inputs.push_back(std::move(in));
  engine::rank_findings(data.findings);
  fill_unknown_errors(unknown, data);
  // Lines past the cap of groups are in the parts' totals, not in a group.
  data.unknown_error_lines = std::max(unknown_lines, data.unknown_error_lines);
  settle_notes(data);
  data.fail_on = fail_on ? std::string(to_string(*fail_on)) : std::string();
  // The rules as the parts' runs described them (their --rules files too).
  add_rule_infos(*eng, data, &rules);
  return finish_report(outs, data, fail_on, out, err, tty);
}

}  // namespace kubesift::cli
