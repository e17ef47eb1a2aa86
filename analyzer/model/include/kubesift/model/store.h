// The evidence store: every document read and every fact parsed from them.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "kubesift/model/document.h"
#include "kubesift/model/objects.h"

namespace kubesift::model {

// The facts one parser run produced. Parsers fill a Facts of their own
// (so documents can be parsed in parallel) and the store appends them in
// input order, which keeps every later stage deterministic.
struct Facts {
  std::vector<Pod> pods;
  std::vector<Workload> workloads;
  std::vector<Event> events;
  std::vector<ConfigSource> configmaps;
  std::vector<ConfigSource> secrets;
  std::vector<GenericObject> others;
  std::vector<Node> nodes;
  std::vector<PersistentVolumeClaim> claims;
  std::vector<LogFile> logs;
  std::vector<DeclaredObject> objects;  // every JSON/YAML object, as written
  std::vector<std::string> notes;       // what the input says is missing

  void append(Facts&& other);
  // Forgets the objects read from a cluster (DeclaredObject::observed) and
  // so the trees only they held: the typed facts decoded from them stay.
  void drop_observed_objects();
};

class Store {
 public:
  // Adds a document and returns its id. References stay valid for the
  // store's lifetime.
  DocId add_document(std::string path, std::string content);
  Document& doc(DocId id) { return docs_[id]; }
  const Document& doc(DocId id) const { return docs_[id]; }
  size_t doc_count() const { return docs_.size(); }
  const std::deque<Document>& documents() const { return docs_; }

  Facts facts;

 private:
  std::deque<Document> docs_;
};

}  // namespace kubesift::model
