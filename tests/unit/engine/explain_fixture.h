// Shared by the explain_* tests: a rule fixture case (its rendered kubectl
// output, or its scenario's JSON and logs) parsed as kubesift parses it, the
// graph built, and one container of it as the engine sees it.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/src/signal.h"
#include "kubesift/correlate/graph.h"
#include "kubesift/engine/catalog.h"
#include "kubesift/model/store.h"
#include "kubesift/parse/parse.h"

namespace explain_test {

namespace fs = std::filesystem;
using namespace kubesift;

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Case {
  model::Store store;
  correlate::Graph graph;
  engine::ContainerCase cc;

  // `variant`: "rendered" (describe text, tables, logs) or "scenario" (the
  // JSON the renderer served, and its logs).
  // `logs`: when not empty, these (path, text) stand for the case's own logs.
  using Logs = std::vector<std::pair<std::string, std::string>>;
  Case(const std::string& dir, const std::string& variant, const std::string& container,
       const Logs& logs = {}) {
    fs::path root = fs::path(KUBESIFT_SOURCE_DIR) / dir / variant;
    std::vector<fs::path> files;
    for (const auto& sub : {root, root / "cluster", root / "logs"}) {
      if (!fs::is_directory(sub)) continue;
      for (const auto& e : fs::directory_iterator(sub))
        if (e.is_regular_file() && e.path().filename() != "commands.txt" &&
            e.path().filename() != "scenario.json" && fs::file_size(e.path()) > 0)
          files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    auto add = [&](std::string path, std::string text) {
      model::DocId id = store.add_document(std::move(path), std::move(text));
      model::Facts facts;
      parse::parse_document(store.doc(id), facts);
      store.facts.append(std::move(facts));
    };
    for (const auto& f : files) {
      bool log =
          f.parent_path().filename() == "logs" || f.filename().string().rfind("logs-", 0) == 0;
      if (log && !logs.empty()) continue;
      add(fs::relative(f, KUBESIFT_SOURCE_DIR).string(), slurp(f));
    }
    for (const auto& [path, text] : logs) add(dir + "/" + variant + "/" + path, text);
    graph = correlate::build_graph(store);
    for (const auto& pv : graph.pods)
      if (const auto* cv = pv.container(container); cv && cv->spec) {
        cc.pod = &pv;
        cc.container = cv;
        const auto* st = cv->status;
        cc.healthy_now = st && st->state.kind == model::ContainerState::Kind::Running &&
                         st->ready.has() && st->ready.value;
        cc.troubled = st && st->restart_count.has() && st->restart_count.value > 0;
        cc.crash_looping = st && st->state.kind == model::ContainerState::Kind::Waiting;
        break;
      }
  }

  // The text of the line `at` points to.
  std::string line(model::SourceRef at) const {
    return std::string(store.doc(at.doc).line(at.line));
  }
};

inline const engine::Catalog& catalog() {
  static const engine::Catalog c = [] {
    std::vector<engine::CatalogError> errors;
    return engine::Catalog::builtin(errors);
  }();
  return c;
}

inline std::string var(const engine::Signal& s, const std::string& name) {
  for (const auto& [k, v] : s.vars)
    if (k == name) return v;
  return {};
}

// Whether some evidence of `role` quotes a line holding `needle`.
inline bool cites(const Case& c, const engine::Signal& s, const std::string& role,
                  const std::string& needle) {
  for (const auto& e : s.evidence)
    if (e.role == role && e.at.valid() && c.line(e.at).find(needle) != std::string::npos)
      return true;
  return false;
}

}  // namespace explain_test
