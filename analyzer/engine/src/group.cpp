#include "group.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>

namespace kubesift::engine {

namespace {

constexpr size_t kGroupEvidence = 6;  // lines of the other members a group cites

bool add_unique(std::vector<ObjectRef>& to, const ObjectRef& r) {
  if (std::find(to.begin(), to.end(), r) != to.end()) return false;
  to.push_back(r);
  return true;
}

}  // namespace

std::string dependency_of(const Candidate& c) {
  if (!c.runtime || c.sig.rule->category != Category::Network) return {};
  static const RE2 host_port(R"(([A-Za-z0-9][\w.\-]*:\d{1,5}))");
  std::string target;
  for (const auto& [k, v] : c.sig.vars) {
    if (k == "target" || k == "host") return v;
    if (target.empty() && (k == "error" || k == "detail")) RE2::PartialMatch(v, host_port, &target);
  }
  return target;
}

void group_shared_dependencies(std::vector<Candidate>& candidates) {
  std::map<std::string, std::set<std::string>> by_target;  // dependency → workloads
  std::vector<std::string> target(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    target[i] = dependency_of(candidates[i]);
    std::string w = var_of(candidates[i].sig.vars, "workload");
    if (!target[i].empty() && !w.empty()) by_target[target[i]].insert(w);
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (target[i].empty() || by_target[target[i]].size() < 2) continue;
    Candidate& c = candidates[i];
    c.group = "D|" + target[i];
    c.sig.vars.emplace_back("dependency", target[i]);
  }
}

void group_hygiene(std::vector<Candidate>& candidates, const std::set<size_t>& failing) {
  for (auto& c : candidates) {
    if (c.runtime || !is_hygiene_rule(*c.sig.rule)) continue;
    bool of_failing =
        std::any_of(c.pods.begin(), c.pods.end(), [&](size_t p) { return failing.count(p) > 0; });
    if (of_failing) continue;
    c.group = "H|" + c.sig.rule->id + "|" + c.subject.ns;
  }
}

std::vector<Candidate> collapse_groups(std::vector<Candidate> candidates) {
  std::map<std::string, size_t> by_group;
  std::vector<Candidate> merged;
  auto add_workload = [](Candidate& m, const Candidate& c) {
    std::string w = var_of(c.sig.vars, "workload");
    if (!w.empty() && std::find(m.workloads.begin(), m.workloads.end(), w) == m.workloads.end())
      m.workloads.push_back(w);
  };
  for (auto& c : candidates) {
    auto [it, fresh] = by_group.emplace(c.group, merged.size());
    if (fresh) {
      Candidate& m = merged.emplace_back(std::move(c));
      add_workload(m, m);
      continue;
    }
    Candidate& m = merged[it->second];
    add_workload(m, c);
    if (m.agg && c.agg && merge_aggregate(*m.agg, *c.agg)) {
      // The earliest line speaks: its captures fill the finding's words.
      m.sig.vars = c.sig.vars;
    }
    bool other_kind = m.group.starts_with("D|") || m.group.starts_with("H|");
    bool new_object = false;
    for (const auto& a : c.affected) new_object |= add_unique(m.affected, a);
    for (size_t p : c.pods)
      if (std::find(m.pods.begin(), m.pods.end(), p) == m.pods.end()) m.pods.push_back(p);
    // A group of different problems (workloads, objects) cites each one's
    // first line, a few of them.
    if (other_kind && new_object && !c.sig.evidence.empty() && m.sig.evidence.size() < 64 &&
        m.workloads.size() <= kGroupEvidence)
      m.sig.evidence.push_back(c.sig.evidence.front());
    m.severity = std::max(m.severity, c.severity);
    m.restarts = std::max(m.restarts, c.restarts);
    m.sig.confidence = std::max(m.sig.confidence, c.sig.confidence);
    if (m.history.empty() || c.history.empty()) m.history.clear();
  }
  for (auto& m : merged) std::sort(m.workloads.begin(), m.workloads.end());
  return merged;
}

void group_hygiene_findings(std::vector<Finding>& findings,
                            const std::function<bool(const Finding&)>& hygiene) {
  std::map<std::string, size_t> by_key;
  std::vector<Finding> out;
  std::vector<size_t> members;
  for (auto& f : findings) {
    if (!hygiene(f)) {
      out.push_back(std::move(f));
      members.push_back(1);
      continue;
    }
    auto [it, fresh] = by_key.emplace(f.rule + "|" + f.subject.ns, out.size());
    if (fresh) {
      out.push_back(std::move(f));
      members.push_back(1);
      continue;
    }
    Finding& m = out[it->second];
    bool added = false;
    for (const auto& a : f.affected) added |= add_unique(m.affected, a);
    if (added) ++members[it->second];
    if (added && !f.evidence.empty() && m.evidence.size() < 10)
      m.evidence.push_back(f.evidence.front());
    m.severity = std::max(m.severity, f.severity);
    m.score = std::max(m.score, f.score);
  }
  for (size_t i = 0; i < out.size(); ++i)
    if (members[i] > 1) {
      std::sort(out[i].affected.begin(), out[i].affected.end());
      out[i].message +=
          " (the same for " + std::to_string(out[i].affected.size()) + " objects of namespace " +
          (out[i].subject.ns.empty() ? std::string("(none)") : out[i].subject.ns) + ")";
    }
  findings = std::move(out);
}

}  // namespace kubesift::engine
