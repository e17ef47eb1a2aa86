// Runs kubesift in-process and reads its JSON report.
#pragma once

#include <simdjson.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kubesift/cli/cli.h"

namespace e2e {

namespace fs = std::filesystem;

inline std::string src(const std::string& rel) {
  return std::string(KUBESIFT_SOURCE_DIR) + "/" + rel;
}
// A fresh directory under the temporary one, named for `name` and this
// process (a test case runs in a process of its own).
inline fs::path scratch(const std::string& name) {
  fs::path p =
      fs::temp_directory_path() / ("kubesift-e2e-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}
// kubesift run in-process: its stdout, then its stderr (what a person sees).
inline std::string run_output(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  kubesift::cli::run(args, out, err, false);
  return out.str() + err.str();
}
// The JSON report of `analyze dir`, its paths made relative to `dir` (the
// same report whatever the directory). `stream_after`: logs larger than
// this many bytes are read as streams (KUBESIFT_STREAM_AFTER_BYTES).
inline std::string relative_json_report(const std::string& dir, const char* stream_after) {
  if (stream_after) ::setenv("KUBESIFT_STREAM_AFTER_BYTES", stream_after, 1);
  std::ostringstream out, err;
  int rc = kubesift::cli::run({"analyze", dir, "--format", "json"}, out, err, false);
  ::unsetenv("KUBESIFT_STREAM_AFTER_BYTES");
  INFO(err.str());
  REQUIRE(rc == 0);
  std::string r = out.str();
  for (size_t at; (at = r.find(dir + "/")) != std::string::npos;) r.erase(at, dir.size() + 1);
  return r;
}

inline std::string corpus(const std::string& rel) {
  return std::string(KUBESIFT_CORPUS_DIR) + "/" + rel;
}

struct Finding {
  int rank = 0;
  std::string rule, category, severity, title, message;
  double confidence = 0;
  std::string subject_kind, subject_ns, subject_name, subject_container;
  std::vector<std::string> affected;
  struct Ev {
    std::string path;
    uint64_t line;
    std::string text;
    uint64_t column = 0;
    std::string field, role;
  };
  std::vector<Ev> evidence;
};

struct Result {
  int exit_code = -1;
  std::string out, err;
  std::vector<Finding> findings;
  std::vector<Finding> suppressed;
  std::vector<std::string> notes;
  std::map<std::string, uint64_t> objects;
  std::vector<std::pair<std::string, std::string>> input_errors;  // path, error
  uint64_t inputs = 0;
  uint64_t events = 0;

  bool fired(const std::string& rule) const {
    for (const auto& f : findings)
      if (f.rule == rule) return true;
    return false;
  }
  const Finding* first(const std::string& rule) const {
    for (const auto& f : findings)
      if (f.rule == rule) return &f;
    return nullptr;
  }
  std::string summary() const {
    std::string s;
    for (const auto& f : findings)
      s += "#" + std::to_string(f.rank) + " " + f.severity + " " + f.rule + " " + f.subject_name +
           "/" + f.subject_container + "\n";
    return s;
  }
};

// A string member, or "" when it is absent or not a string.
inline std::string str(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::string_view v;
  return e.get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
}
inline std::string str(simdjson::dom::element e) {
  std::string_view v;
  return e.get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
}

inline std::vector<Finding> read_findings(simdjson::dom::array findings) {
  std::vector<Finding> out;
  for (simdjson::dom::element f : findings) {
    Finding x;
    x.rank = static_cast<int>(f["rank"].get_int64().value());
    x.rule = str(f["rule"]);
    x.category = str(f["category"]);
    x.severity = str(f["severity"]);
    x.title = str(f["title"]);
    x.message = str(f["message"]);
    x.confidence = f["confidence"].get_double().value();
    x.subject_kind = str(f["subject"]["kind"]);
    x.subject_ns = str(f["subject"]["namespace"]);
    x.subject_name = str(f["subject"]["name"]);
    x.subject_container = str(f["subject"]["container"]);
    simdjson::dom::array affected = f["affected"].get_array().value();
    for (simdjson::dom::element a : affected) x.affected.push_back(str(a["name"]));
    simdjson::dom::array evidence = f["evidence"].get_array().value();
    for (simdjson::dom::element e : evidence) {
      Finding::Ev ev;
      ev.path = str(e["path"]);
      ev.line = e["line"].get_uint64().value();
      ev.text = str(e["text"]);
      uint64_t col = 0;
      if (e["column"].get_uint64().get(col) == simdjson::SUCCESS) ev.column = col;
      ev.field = str(e["field"]);
      ev.role = str(e["role"]);
      x.evidence.push_back(std::move(ev));
    }
    out.push_back(std::move(x));
  }
  return out;
}

// Runs the command in `args` (with --format json) and reads the report.
inline Result run_json(std::vector<std::string> args) {
  std::ostringstream out, err;
  Result r;
  r.exit_code = kubesift::cli::run(args, out, err, false);
  r.out = out.str();
  r.err = err.str();
  if (r.out.empty()) return r;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  auto ec = parser.parse(r.out).get(doc);
  INFO(r.out.substr(0, 2000));
  REQUIRE(ec == simdjson::SUCCESS);
  r.findings = read_findings(doc["findings"].get_array().value());
  simdjson::dom::array suppressed;
  if (doc["suppressed"].get_array().get(suppressed) == simdjson::SUCCESS)
    r.suppressed = read_findings(suppressed);
  simdjson::dom::array notes = doc["notes"].get_array().value();
  for (simdjson::dom::element n : notes) r.notes.push_back(str(n));
  simdjson::dom::object objects = doc["summary"]["objects"].get_object().value();
  for (auto [k, v] : objects) r.objects[std::string(k)] = v.get_uint64().value();
  r.inputs = doc["summary"]["inputs"].get_uint64().value();
  r.events = doc["summary"]["events"].get_uint64().value();
  simdjson::dom::array inputs = doc["inputs"].get_array().value();
  for (simdjson::dom::element in : inputs)
    if (!in["error"].is_null()) r.input_errors.emplace_back(str(in["path"]), str(in["error"]));
  return r;
}

inline Result analyze(std::vector<std::string> paths, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"analyze", "--format", "json"};
  args.insert(args.end(), paths.begin(), paths.end());
  args.insert(args.end(), extra.begin(), extra.end());
  return run_json(args);
}

inline Result lint(std::vector<std::string> paths, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"lint", "--format", "json"};
  args.insert(args.end(), paths.begin(), paths.end());
  args.insert(args.end(), extra.begin(), extra.end());
  return run_json(args);
}

// Files directly in `dir` whose names pass `keep`, sorted.
template <typename Pred>
std::vector<std::string> files(const fs::path& dir, Pred keep) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && keep(e.path())) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string read_line(const std::string& path, uint64_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  for (uint64_t i = 0; i < n && std::getline(in, line); ++i) {
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace e2e
