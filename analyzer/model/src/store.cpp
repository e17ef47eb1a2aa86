#include "kubesift/model/store.h"

#include <iterator>

namespace kubesift::model {

template <typename T>
static void move_into(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  from.clear();
}

void Facts::append(Facts&& o) {
  for (auto& d : o.objects) {
    if (d.pod >= 0) d.pod += static_cast<long long>(pods.size());
    if (d.workload >= 0) d.workload += static_cast<long long>(workloads.size());
  }
  move_into(pods, o.pods);
  move_into(workloads, o.workloads);
  move_into(events, o.events);
  move_into(configmaps, o.configmaps);
  move_into(secrets, o.secrets);
  move_into(others, o.others);
  move_into(nodes, o.nodes);
  move_into(claims, o.claims);
  move_into(logs, o.logs);
  move_into(objects, o.objects);
  move_into(notes, o.notes);
}

void Facts::drop_observed_objects() {
  std::erase_if(objects, [](const DeclaredObject& d) { return d.observed; });
}

DocId Store::add_document(std::string path, std::string content) {
  Document d;
  d.id = static_cast<DocId>(docs_.size());
  d.path = std::move(path);
  d.content = std::move(content);
  docs_.push_back(std::move(d));
  return docs_.back().id;
}

}  // namespace kubesift::model
