// Shared by unit tests that need the graph of a few inputs: each
// (path, content) parsed as kubesift parses it, then the graph built.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kubesift/correlate/graph.h"
#include "kubesift/model/store.h"
#include "kubesift/parse/parse.h"

namespace unit_test {

struct GraphFixture {
  kubesift::model::Store store;
  kubesift::correlate::Graph graph;
  using Inputs = std::vector<std::pair<std::string, std::string>>;
  explicit GraphFixture(const Inputs& inputs) {
    for (auto& [path, content] : inputs) {
      kubesift::model::DocId id = store.add_document(path, content);
      kubesift::model::Facts f;
      kubesift::parse::parse_document(store.doc(id), f);
      store.facts.append(std::move(f));
    }
    graph = kubesift::correlate::build_graph(store);
  }
};

}  // namespace unit_test
