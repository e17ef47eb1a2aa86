#include "common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "kubesift/core/parallel.h"
#include "kubesift/core/redact.h"
#include "kubesift/core/text.h"
#include "kubesift/engine/explained_lines.h"
#include "kubesift/ingest/ingest.h"
#include "kubesift/parse/log_line.h"
#include "kubesift/parse/parse.h"
#include "streamed_log.h"

namespace kubesift::cli {

std::unique_ptr<engine::Engine> load_engine(const po::variables_map& vm, std::ostream& err) {
  std::vector<engine::CatalogError> cerrs;
  engine::Catalog cat = engine::Catalog::builtin(cerrs);
  if (vm.count("rules"))
    for (const auto& d : vm["rules"].as<std::vector<std::string>>()) cat.load_dir(d, cerrs);
  for (const auto& e : cerrs)
    err << fmt::format("kubesift: {}:{}: {}\n", e.path, e.line, e.message);
  if (!cerrs.empty()) return nullptr;
  std::vector<std::string> errors;
  auto eng = engine::Engine::create(std::move(cat), parse::log_line_reader(), errors);
  for (const auto& e : errors) err << "kubesift: " << e << "\n";
  return eng;
}

namespace {
void parse_all(Inputs& in, bool graph) {
  // Documents are parsed in parallel and their facts appended in input
  // order, so the report never depends on thread scheduling.
  std::vector<model::Facts> facts(in.store.doc_count());
  parallel_for(in.store.doc_count(), [&](size_t i) {
    model::Document& d = in.store.doc(static_cast<model::DocId>(i));
    if (d.error.empty()) parse::parse_document(d, facts[i]);  // else: not read at all
  });
  for (auto& f : facts) in.store.facts.append(std::move(f));
  if (graph) in.graph = correlate::build_graph(in.store);
}
}  // namespace

namespace {
bool is_log(model::Format f) {
  return f == model::Format::LogText || f == model::Format::LogJsonLines;
}
}  // namespace

std::vector<std::pair<size_t, std::string>> all_units(const std::vector<std::string>& paths,
                                                      std::vector<std::string>* notes) {
  std::vector<std::pair<size_t, std::string>> out;
  auto u = ingest::units(paths, notes);
  for (size_t i = 0; i < u.size(); ++i) out.emplace_back(i, std::move(u[i]));
  return out;
}

namespace {
// The bytes under a path (a file's size, a directory's files'), for progress.
uint64_t bytes_under(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t n = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) n += it->file_size(ec);
  return n;
}

std::string mb(uint64_t bytes) {
  return fmt::format("{:.0f} MB", static_cast<double>(bytes) / 1e6);
}
}  // namespace

Streamed load_streaming(const std::vector<std::pair<size_t, std::string>>& units, bool tag_units,
                        const engine::Engine& eng, std::ostream* progress, const OnBatch& on_batch,
                        uint32_t context) {
  Streamed s;
  uint64_t total_bytes = 0, read_bytes = 0;
  size_t read_units = 0;
  auto started = std::chrono::steady_clock::now();
  if (progress)
    for (const auto& u : units) total_bytes += bytes_under(u.second);
  auto report = [&](bool done) {
    if (!progress) return;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    double rate = secs > 0 ? static_cast<double>(read_bytes) / secs : 0;
    std::string eta =
        rate > 0 && total_bytes > read_bytes
            ? fmt::format(", {:.0f} s left", static_cast<double>(total_bytes - read_bytes) / rate)
            : std::string();
    *progress << "\rkubesift: " << read_units << "/" << units.size() << " inputs, "
              << mb(read_bytes) << " of " << mb(total_bytes) << ", "
              << mb(static_cast<uint64_t>(rate)) << "/s" << eta << "\x1b[K" << (done ? "\n" : "")
              << std::flush;
  };
  s.in = std::make_unique<Inputs>();
  model::Store& store = s.in->store;
  // 64 MiB a batch (KUBESIFT_BATCH_BYTES sets another size: tests).
  uint64_t kBatchBytes = 64ull << 20;
  if (const char* b = std::getenv("KUBESIFT_BATCH_BYTES"); b && std::atoll(b) > 0)
    kBatchBytes = static_cast<uint64_t>(std::atoll(b));
  size_t parsed = 0;
  uint64_t pending = 0;
  auto flush = [&] {
    size_t from = parsed, to = store.doc_count();
    if (from == to) return;
    // Parsed in parallel, facts appended in input order.
    std::vector<model::Facts> facts(to - from);
    // analyze checks objects as written only where they are manifests
    // (Engine::analyze lints declared objects only): the trees of objects
    // read from a cluster go as soon as they are decoded (a List's a piece
    // at a time), not at the end.
    parse::ParseOptions po;
    po.observed_trees = false;
    parallel_for(to - from, [&](size_t i) {
      model::Document& d = store.doc(static_cast<model::DocId>(from + i));
      if (d.error.empty()) parse::parse_document(d, facts[i], po);
    });
    size_t logs_before = store.facts.logs.size();
    for (auto& f : facts) store.facts.append(std::move(f));
    // Logs scanned now, their text dropped but for the lines findings quote
    // and the lines the engine reads again to explain them.
    std::map<model::DocId, std::vector<const model::LogFile*>> logs_of;
    for (size_t i = logs_before; i < store.facts.logs.size(); ++i)
      logs_of[store.facts.logs[i].doc].push_back(&store.facts.logs[i]);
    std::vector<model::DocId> logs;
    for (size_t i = from; i < to; ++i) {
      const model::Document& d = store.doc(static_cast<model::DocId>(i));
      if (d.error.empty() && is_log(d.format) && !s.scanned.count(d.id))  // not streamed
        logs.push_back(static_cast<model::DocId>(i));
    }
    std::vector<engine::LogScan> scans(logs.size());
    std::vector<std::vector<uint32_t>> explained(logs.size());
    parallel_for(logs.size(), [&](size_t k) {
      scans[k] = eng.scan_log(store.doc(logs[k]));
      if (auto it = logs_of.find(logs[k]); it != logs_of.end())
        explained[k] = engine::explained_log_lines(store.doc(logs[k]), it->second);
    });
    for (size_t k = 0; k < logs.size(); ++k) {
      std::vector<uint32_t> keep = scans[k].quoted_lines();
      if (context) {
        size_t quoted = keep.size();
        for (size_t q = 0; q < quoted; ++q)
          for (uint32_t d = 1; d <= context; ++d) {
            keep.push_back(keep[q] + d);
            if (keep[q] > d) keep.push_back(keep[q] - d);
          }
      }
      keep.insert(keep.end(), explained[k].begin(), explained[k].end());
      store.doc(logs[k]).compact(std::move(keep));
      s.scanned.emplace(logs[k], std::move(scans[k]));
    }
    parsed = to;
    pending = 0;
    if (on_batch) on_batch(s, from, to);
  };
  // Large compressed logs are scanned as they are decompressed.
  ingest::Options read_opts;
  read_opts.stream = [&](const std::string& path, std::string_view head) {
    return offer_log_stream(eng, path, head, s.scanned);
  };
  if (const char* b = std::getenv("KUBESIFT_STREAM_AFTER_BYTES"); b && std::atoll(b) > 0)
    read_opts.stream_after_bytes = static_cast<uint64_t>(std::atoll(b));  // tests
  // Units are read a batch at a time (files of a batch in parallel); a
  // directory unit is a batch of its own.
  for (size_t u = 0; u < units.size();) {
    std::vector<std::string> batch;
    std::vector<size_t> batch_units;
    uint64_t bytes = 0;
    for (; u < units.size(); ++u) {
      std::error_code ec;
      bool file = std::filesystem::is_regular_file(units[u].second, ec);
      if (!batch.empty() && (!file || bytes >= kBatchBytes)) break;
      batch.push_back(units[u].second);
      batch_units.push_back(units[u].first);
      if (!file) {
        ++u;
        break;
      }
      bytes += std::filesystem::file_size(units[u].second, ec);
    }
    // Which unit each new document came from: ingest adds each path's
    // documents in order; a path's first document names it.
    size_t before = store.doc_count();
    ingest::ingest_paths(batch, store, read_opts);
    if (tag_units) {
      size_t k = 0;
      for (size_t i = before; i < store.doc_count(); ++i) {
        const std::string& p = store.doc(static_cast<model::DocId>(i)).path;
        auto of = [&](size_t j) {
          return p == batch[j] || p.starts_with(batch[j] + "/") || p.starts_with(batch[j] + ":");
        };
        if (!of(k))
          for (size_t j = k + 1; j < batch.size(); ++j)
            if (of(j)) {
              k = j;
              break;
            }
        s.in->doc_unit.push_back(static_cast<int64_t>(batch_units[k]));
      }
    }
    for (size_t i = before; i < store.doc_count(); ++i)
      pending += store.doc(static_cast<model::DocId>(i)).text().size();
    if (pending >= kBatchBytes) flush();
    read_units += batch.size();
    if (progress)
      for (const auto& p : batch) read_bytes += bytes_under(p);
    report(false);
  }
  flush();
  report(true);
  s.in->graph = correlate::build_graph_taking_pods(store);
  return s;
}

int finish_report(const std::vector<Output>& outs, const report::ReportData& data,
                  const std::optional<Severity>& fail_on, std::ostream& out, std::ostream& err,
                  bool tty) {
  return exit_code(write_reports(outs, data, out, err, tty), data, fail_on);
}

int exit_code(bool written, const report::ReportData& data,
              const std::optional<Severity>& fail_on) {
  if (!written) return kError;
  if (data.unreadable() > 0) return kError;
  if (fail_on)
    for (const auto& f : data.findings)
      if (f.severity >= *fail_on) return kFindings;
  return kOk;
}

void add_rule_infos(const engine::Engine& eng, report::ReportData& data,
                    const std::map<std::string, report::RuleInfo>* known) {
  for (const auto* list : {&data.findings, &data.suppressed})
    for (const auto& f : *list) {
      if (data.rule(f.rule)) continue;
      if (known)
        if (auto it = known->find(f.rule); it != known->end()) {
          data.rules.push_back(it->second);
          continue;
        }
      if (const engine::Rule* r = eng.catalog().find(f.rule)) data.rules.push_back(rule_info(*r));
    }
}

void note_invalid_utf8(report::ReportData& data) {
  size_t count = 0;
  std::string first;
  auto check = [&](std::string_view s, const std::string& where) {
    if (text::valid_utf8(s)) return;
    if (count++ == 0) first = where;
  };
  for (const auto& in : data.inputs) check(in.path, "the name of an input");
  for (const auto* list : {&data.findings, &data.suppressed})
    for (const auto& f : *list) {
      check(f.message, "a finding's message");
      for (const auto& e : f.evidence)
        check(e.text, text::valid_utf8(e.path) ? e.path + ":" + std::to_string(e.line)
                                               : std::string("a line of an input"));
    }
  for (const auto& u : data.unknown_errors) check(u.text, u.path + ":" + std::to_string(u.line));
  if (count == 0) return;
  data.notes.push_back(
      std::to_string(count) +
      " text(s) quoted from the inputs hold bytes that are not UTF-8 (the first: " + first +
      "): JSON, SARIF, JUnit and NDJSON show each such byte as U+FFFD, the "
      "text report as \\xNN.");
}

void settle_notes(report::ReportData& data) {
  note_invalid_utf8(data);
  // Notes may quote inputs (a collector's error file): redacted like evidence.
  for (auto& n : data.notes) n = redact(n);
  std::sort(data.notes.begin(), data.notes.end());
  data.notes.erase(std::unique(data.notes.begin(), data.notes.end()), data.notes.end());
}

bool parse_shard(const std::string& s, size_t& k, size_t& n, std::ostream& err) {
  size_t slash = s.find('/');
  auto num = [](std::string_view v, size_t& out) {
    if (v.empty() || v.size() > 6) return false;
    out = 0;
    for (char c : v) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<size_t>(c - '0');
    }
    return true;
  };
  std::string_view sv = s;
  if (slash == std::string::npos || !num(sv.substr(0, slash), k) || !num(sv.substr(slash + 1), n) ||
      k < 1 || k > n) {
    err << "kubesift: --shard must be K/N with 1 <= K <= N (say 2/8), not '" << s << "'\n";
    return false;
  }
  return true;
}

std::unique_ptr<Inputs> load_inputs(const std::vector<std::string>& paths, bool graph) {
  auto in = std::make_unique<Inputs>();
  ingest::ingest_paths(paths, in->store);
  parse_all(*in, graph);
  return in;
}

void fill_unknown_errors(const engine::UnknownErrors& u, report::ReportData& data) {
  data.unknown_error_lines = u.lines();
  data.unknown_errors.clear();
  for (auto& g : u.top(engine::UnknownErrors::kMaxTemplates))
    data.unknown_errors.push_back({redact(g.template_text), g.count, g.files, g.sample_path,
                                   g.sample_line, redact(g.sample_text)});
}

report::InputInfo input_info(const model::Document& d) {
  report::InputInfo in;
  in.path = d.path;
  in.format = std::string(model::to_string(d.format));
  // Parse errors may quote the input: redacted like evidence.
  in.error = redact(d.error);
  in.error_line = d.error_line;
  in.error_col = d.error_col;
  for (const auto& e : d.errors) in.errors.push_back({redact(e.message), e.line, e.col});
  return in;
}

std::vector<report::InputInfo> input_infos(const model::Store& store) {
  std::vector<report::InputInfo> out;
  for (const auto& d : store.documents()) out.push_back(input_info(d));
  return out;
}

void print_input_errors(const std::vector<report::InputInfo>& inputs, std::ostream& err) {
  for (const auto& in : inputs) {
    if (in.error.empty()) continue;
    if (in.errors.size() <= 1) {
      err << "kubesift: " << report::describe_input_error(in) << "\n";
      continue;
    }
    for (const auto& p : in.errors) {
      report::InputInfo one = in;
      one.error = p.message;
      one.error_line = p.line;
      one.error_col = p.col;
      err << "kubesift: " << report::describe_input_error(one) << "\n";
    }
  }
}

namespace {
// A word for a shell: as it is when it is plain, else in single quotes.
std::string shell_word(const std::string& s) {
  bool plain = !s.empty();
  for (unsigned char c : s)
    plain &= std::isalnum(c) ||
             std::string_view("_./:@%+=,-").find(static_cast<char>(c)) != std::string_view::npos;
  if (plain) return s;
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return o + "'";
}
}  // namespace

report::RuleInfo rule_info(const engine::Rule& r) {
  report::RuleInfo ri{r.id,
                      r.title,
                      std::string(to_string(r.category)),
                      std::string(to_string(r.severity)),
                      r.doc.what,
                      r.doc.why,
                      r.remediation,
                      r.equivalents,
                      "kubesift explain " + r.id};
  // A user rule is explained with the file it came from ("path:line").
  if (!r.builtin && !r.source.empty())
    ri.explain += " --rules " + shell_word(r.source.substr(0, r.source.rfind(':')));
  return ri;
}

bool parse_outputs(const po::variables_map& vm, std::vector<Output>& outs, std::ostream& err) {
  std::string fmt_name = vm["format"].as<std::string>();
  auto format = report::parse_format(fmt_name);
  if (!format) {
    err << "kubesift: --format must be one of " << report::format_names() << "\n";
    return false;
  }
  std::vector<std::string> specs;
  if (vm.count("output")) specs = vm["output"].as<std::vector<std::string>>();
  if (specs.empty()) outs.push_back({*format, ""});
  for (const auto& s : specs) {
    // FORMAT=FILE, unless what is before '=' is no format name (a path
    // with an '=' in it).
    size_t eq = s.find('=');
    if (eq != std::string::npos) {
      if (auto f = report::parse_format(s.substr(0, eq))) {
        outs.push_back({*f, s.substr(eq + 1)});
        continue;
      }
    }
    outs.push_back({*format, s});
  }
  return true;
}

ReportSink::ReportSink(std::string path, std::ostream& out, std::ostream& err)
    : path_(std::move(path)), out_(out), err_(err) {
  if (path_.empty() || path_ == "-") return;  // stdout
  // A large buffer: reports of big inputs are hundreds of megabytes.
  buffer_.resize(1 << 20);
  file_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  std::error_code sec;
  auto st = std::filesystem::status(path_, sec);
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    // A device or pipe (/dev/null, /dev/stdout, a FIFO): written in place.
    file_.open(path_, std::ios::binary);
  } else {
    // A regular file is written beside its target and renamed over it.
    tmp_ = path_ + ".kubesift-tmp";
    file_.open(tmp_, std::ios::binary | std::ios::trunc);
  }
  if (!file_) fail("");
}

ReportSink::~ReportSink() {
  if (!closed_ && !tmp_.empty()) {
    file_.close();
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
}

bool ReportSink::fail(const std::string& why) {
  if (!failed_) {
    if (path_.empty() || path_ == "-")
      err_ << "kubesift: cannot write the report to standard output\n";
    else
      err_ << "kubesift: cannot write " << path_ << (why.empty() ? "" : ": " + why) << "\n";
  }
  failed_ = true;
  return false;
}

std::ostream& ReportSink::stream() {
  return path_.empty() || path_ == "-" ? out_ : file_;
}

bool ReportSink::close() {
  if (closed_) return !failed_;
  closed_ = true;
  std::ostream& s = stream();
  s.flush();
  if (failed_ || !s) return fail("");
  if (tmp_.empty()) return true;
  file_.close();
  std::error_code ec;
  if (!file_) {
    std::filesystem::remove(tmp_, ec);
    return fail("");
  }
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) {
    std::string why = ec.message();
    std::filesystem::remove(tmp_, ec);
    return fail(why);
  }
  return true;
}

bool write_to(const std::string& path, const std::function<void(std::ostream&)>& write,
              std::ostream& out, std::ostream& err) {
  ReportSink sink(path, out, err);
  if (!sink.ok()) return false;
  write(sink.stream());
  return sink.close();
}

bool write_file(const std::string& path, const std::string& content, std::ostream& out,
                std::ostream& err) {
  return write_to(
      path, [&](std::ostream& o) { o << content; }, out, err);
}

bool write_reports(const std::vector<Output>& outs, const report::ReportData& r, std::ostream& out,
                   std::ostream& err, bool tty) {
  bool ok = true;
  for (const auto& o : outs) {
    bool to_stdout = o.path.empty() || o.path == "-";
    bool color = tty && to_stdout && std::getenv("NO_COLOR") == nullptr;
    ok &= write_to(
        o.path, [&](std::ostream& s) { report::write(o.format, r, s, {color}); }, out, err);
  }
  return ok;
}

bool parse_fail_on(const std::string& s, std::optional<Severity>& out, std::ostream& err) {
  if (s == "none") {
    out.reset();
    return true;
  }
  out = parse_severity(s);
  if (!out) {
    err << "kubesift: --fail-on must be one of critical, high, medium, low, info, none\n";
    return false;
  }
  return true;
}

}  // namespace kubesift::cli
