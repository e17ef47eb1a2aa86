// The evidence lines of a report in their context (the HTML report).
#include <algorithm>
#include <set>
#include <unordered_map>

#include "common.h"
#include "kubesift/engine/excerpt.h"

namespace kubesift::cli {

bool wants(const std::vector<Output>& outs, report::Format f) {
  return std::any_of(outs.begin(), outs.end(), [&](const Output& o) { return o.format == f; });
}

void fill_excerpts(const model::Store& store, report::ReportData& data) {
  // A report of a bulk scan may cite thousands of lines: the first ones of
  // each finding in rank order, up to a bound, get their context.
  constexpr size_t kMaxExcerpts = 4000;
  std::set<std::pair<std::string, uint32_t>> wanted;
  for (const auto* list : {&data.findings, &data.suppressed})
    for (const Finding& f : *list)
      for (const Evidence& e : f.evidence)
        if (e.line && wanted.size() < kMaxExcerpts) wanted.insert({e.path, e.line});
  if (wanted.empty()) return;
  std::unordered_map<std::string_view, const model::Document*> by_path;
  for (const model::Document& d : store.documents()) by_path.emplace(d.path, &d);
  data.excerpts.clear();
  for (const auto& [path, line] : wanted) {  // sorted by (path, line)
    auto it = by_path.find(path);
    if (it == by_path.end()) continue;
    report::Excerpt x;
    x.path = path;
    x.line = line;
    x.lines = engine::excerpt(*it->second, line, kExcerptContext);
    if (!x.lines.empty()) data.excerpts.push_back(std::move(x));
  }
}

}  // namespace kubesift::cli
