// Scheduling failures explained from the input's node and pod facts
// (explain_scheduling.h). The nodes are taken through the scheduler's
// filters in its order (NodeUnschedulable, TaintToleration, NodeAffinity,
// NodeResourcesFit): a node is counted under the first filter it fails, as
// the scheduler counts it, so the counts can be checked against the message.

#include "explain_scheduling.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "explain_scheduling_facts.h"
#include "kubesift/core/text.h"

namespace kubesift::engine {
namespace {

using Kind = SchedulerReason::Kind;
using namespace sched;

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string names(const std::vector<const model::Node*>& nodes) {
  std::vector<std::string> v;
  for (const auto* n : nodes) v.push_back(n->meta.name);
  return join(v, ", ");
}

class Explainer {
 public:
  Explainer(const correlate::Graph& g, const correlate::PodView& pv, std::string_view message)
      : g_(g), pod_(pv.pod), pv_(pv), msg_(parse_scheduler_message(message)) {
    for (const auto& nv : g.nodes) nodes_.push_back(&nv.node);
    for (const auto& r : msg_.reasons)
      if (r.kind == Kind::Resources) resources_.push_back(r.resource);
    for (const auto* n : nodes_) stage_[n] = stage_of(*n, pod_, resources_);
  }

  SchedulingExplanation run() {
    if (nodes_.empty())
      say("The input has no node facts (describe node, get nodes -o json/yaml, a cluster-info "
          "dump), so this reads the scheduler's message alone.");
    if (msg_.no_nodes) {
      say("The scheduler had no node at all to consider.");
      fix("add nodes to the cluster (or check that the kubelets register)");
    }
    for (const auto& r : msg_.reasons) reason(r);
    if (msg_.unbound_claims || !msg_.claim_not_found.empty()) claims();
    counts();
    if (fixes_.empty())
      fix("act on the scheduler's reasons: lower the pod's requests or add capacity, tolerate or "
          "remove the taint, fix the nodeSelector/affinity labels, free the host port, or bind "
          "the pod's PersistentVolumeClaim");
    SchedulingExplanation out;
    out.explanation = join(sentences_, " ");
    std::string r = join(fixes_, "; ");
    if (!r.empty()) r[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(r[0])));
    out.remediation = r + ".";
    out.evidence = std::move(evidence_);
    return out;
  }

 private:
  void say(std::string s) { sentences_.push_back(std::move(s)); }
  void fix(std::string s) {
    if (std::find(fixes_.begin(), fixes_.end(), s) == fixes_.end()) fixes_.push_back(std::move(s));
  }
  void cite(const model::SourceRef& at) {
    if (!at.valid()) return;
    for (const auto& e : evidence_)
      if (e.doc == at.doc && e.line == at.line) return;
    evidence_.push_back(at);
  }

  std::vector<const model::Node*> at_stage(Stage s) const {
    std::vector<const model::Node*> v;
    for (const auto* n : nodes_)
      if (stage_.at(n) == s) v.push_back(n);
    return v;
  }

  // "(the input's facts give 1)" when they disagree with the message.
  static std::string check(long long said, size_t computed) {
    if (said < 0 || static_cast<size_t>(said) == computed) return "";
    return " (the message counts " + std::to_string(said) + ", the input's facts give " +
           std::to_string(computed) + ")";
  }

  void reason(const SchedulerReason& r) {
    switch (r.kind) {
      case Kind::Taint: taint(r); break;
      case Kind::NodeAffinity: affinity(r); break;
      case Kind::Resources: resource(r); break;
      case Kind::Unschedulable: cordoned(r); break;
      case Kind::NotReady: not_ready(r); break;
      default: other(r); break;
    }
  }

  // -------------------------------------------------------------------------
  // Taints

  void taint(const SchedulerReason& r) {
    // The nodes held off by this taint (or, unnamed, by any taint).
    std::vector<std::pair<const model::Node*, const model::Taint*>> hits;
    for (const auto* n : nodes_) {
      // The scheduler names a node's first untolerated taint.
      const model::Taint* t = stage_.at(n) == Stage::Taint ? untolerated(*n, pod_) : nullptr;
      if (!t || (r.taint_named && (t->key != r.taint_key || t->value != r.taint_value))) continue;
      hits.emplace_back(n, t);
    }
    std::string shown = r.taint_named
                            ? r.taint_key + (r.taint_value.empty() ? "" : "=" + r.taint_value)
                            : std::string("of the nodes");
    if (hits.empty()) {
      if (!nodes_.empty())
        say("No node of the input carries an untolerated taint " + shown + check(r.count, 0) + ".");
      else if (r.taint_named)
        say("Untolerated taint " + shown + " on " +
            (r.count >= 0 ? std::to_string(r.count) + " node(s)" : std::string("some nodes")) +
            pod_tolerations_of(r.taint_key) + ".");
      if (r.taint_named) taint_fix(r.taint_key, r.taint_value, "", {});
      return;
    }
    // One sentence per taint as written (key=value:effect), nodes grouped.
    std::vector<std::pair<std::string, std::vector<const model::Node*>>> groups;
    for (auto [n, t] : hits) {
      std::string s = taint_text(*t);
      auto it =
          std::find_if(groups.begin(), groups.end(), [&](const auto& p) { return p.first == s; });
      if (it == groups.end())
        groups.push_back({s, {n}});
      else
        it->second.push_back(n);
      cite(t->at);
    }
    for (const auto& tol : pod_.tolerations)
      if (tol.key == hits.front().second->key) cite(tol.at);
    const model::Taint& t0 = *hits.front().second;
    std::vector<const model::Node*> held;
    for (auto [n, t] : hits) held.push_back(n);
    std::vector<std::string> parts;
    for (const auto& [s, ns] : groups) parts.push_back(names(ns) + ": taint " + s);
    std::string what = join(parts, "; ");
    std::string key = t0.key;
    if (key == "node.kubernetes.io/unreachable" || key == "node.kubernetes.io/not-ready") {
      std::vector<std::string> why;
      for (const auto* n : held) {
        const model::Condition* c = ready_condition(*n);
        if (c) cite(c->at);
        why.push_back(n->meta.name + (c ? " Ready=" + c->status +
                                              (c->message.empty() ? "" : " (" + c->message + ")")
                                        : std::string(" not ready")));
      }
      say(what + ": the node is not ready: " + join(why, ", ") + check(r.count, hits.size()) + ".");
      fix("bring " + names(held) +
          " back (its kubelet stopped reporting) or remove it from the cluster; "
          "the taint goes when the node is Ready");
    } else if (key == "node.kubernetes.io/unschedulable") {
      say(what + ": cordoned" + check(r.count, hits.size()) + ".");
      for (const auto* n : held) fix("kubectl uncordon " + n->meta.name);
    } else if (key.starts_with("node.kubernetes.io/") && key.ends_with("-pressure")) {
      say(what + ": the node reports " + key.substr(19) + check(r.count, hits.size()) + ".");
      fix("relieve the " + key.substr(19) + " on " + names(held) +
          " (evict or move pods, add capacity)");
    } else if (key == "node-role.kubernetes.io/control-plane" ||
               key == "node-role.kubernetes.io/master") {
      say(what + " (control-plane nodes, kept free of workloads)" + check(r.count, hits.size()) +
          ".");
      // Only the answer when nothing else is wrong: a one-node cluster.
      if (msg_.reasons.size() == 1) taint_fix(t0.key, t0.value, t0.effect, held);
    } else {
      say(what + ", not tolerated" + pod_tolerations_of(key) + check(r.count, hits.size()) + ".");
      taint_fix(t0.key, t0.value, t0.effect, held);
    }
  }

  // ", the pod tolerates dedicated=batch:NoSchedule" for the same key.
  std::string pod_tolerations_of(const std::string& key) {
    std::vector<std::string> same;
    for (const auto& tol : pod_.tolerations)
      if (tol.key == key) {
        same.push_back(toleration_text(tol));
        cite(tol.at);
      }
    if (same.empty()) return "";
    return " (the pod tolerates " + join(same, ", ") + ")";
  }

  void taint_fix(const std::string& key, const std::string& value, const std::string& effect,
                 const std::vector<const model::Node*>& held) {
    std::string tol =
        "tolerations: [{key: " + key +
        (value.empty() ? ", operator: Exists" : ", operator: Equal, value: " + value) +
        (effect.empty() ? "" : ", effect: " + effect) + "}]";
    std::string on = held.empty() ? "" : " if it belongs on " + names(held);
    std::string untaint =
        held.empty()
            ? ""
            : ", or remove the taint (kubectl taint nodes " + held.front()->meta.name + " " + key +
                  (value.empty() ? "" : "=" + value) + (effect.empty() ? "" : ":" + effect) + "-)";
    fix("add " + tol + " to the pod template" + on + untaint);
  }

  // -------------------------------------------------------------------------
  // Node selector and required node affinity

  void affinity(const SchedulerReason& r) {
    std::vector<const model::Node*> failing = at_stage(Stage::Affinity);
    // The nodes the affinity filter saw: all but the cordoned and tainted.
    std::vector<const model::Node*> seen;
    for (const auto* n : nodes_)
      if (stage_.at(n) != Stage::Unschedulable && stage_.at(n) != Stage::Taint) seen.push_back(n);
    bool explained = false;
    for (const auto& [key, val] : pod_.node_selector) {
      cite(val.at);
      std::vector<const model::Node*> with;
      for (const auto* n : nodes_) {
        auto it = n->meta.labels.find(key);
        if (it != n->meta.labels.end() && it->second == val.value) with.push_back(n);
      }
      bool usable = std::any_of(with.begin(), with.end(), [&](const model::Node* n) {
        return std::find(seen.begin(), seen.end(), n) != seen.end();
      });
      if (usable) continue;
      explained = true;
      std::string pair = key + "=" + val.value;
      std::string carried = carriers(key, seen);
      if (nodes_.empty()) {
        say("The pod's nodeSelector asks for " + pair + ".");
        fix("label the nodes meant for it (kubectl label node <node> " + pair +
            ") or change the nodeSelector to a label the nodes carry");
        continue;
      }
      if (with.empty()) {
        say(carried.empty() ? "No node has the label key " + key + "."
                            : "No node has " + pair + "; " + carried + ".");
      } else {
        for (const auto* n : with) cite_label(*n, key);
        say(pair + " is only on " + names(with) + ", held off by " + excluded_by(with) +
            (carried.empty() ? "" : "; " + carried) + ".");
        std::string ex = excluded_fix(with);
        if (!ex.empty()) fix(ex);
      }
      std::string target = seen.empty() ? "<node>" : seen.front()->meta.name;
      std::string alt = alternative_value(key, seen);
      fix("label a node meant for it (kubectl label node " + target + " " + pair + ")" +
          (alt.empty() ? "" : " or select a value the nodes carry (" + key + "=" + alt + ")"));
    }
    if (pod_.node_affinity_known && nodes_.empty() && !pod_.node_affinity.empty()) {
      std::vector<std::string> terms;
      for (const auto& term : pod_.node_affinity) {
        std::vector<std::string> reqs;
        for (const auto& req : term.requirements) {
          reqs.push_back(requirement_text(req));
          cite(req.at);
        }
        terms.push_back(join(reqs, " and "));
      }
      say("The pod's required node affinity asks for " + join(terms, ", or ") + ".");
      fix("label the nodes meant for it to match the pod's required node affinity, or relax it");
    } else if (pod_.node_affinity_known) {
      explained |= affinity_terms(seen);
    } else if (!explained) {
      say("The pod's required node affinity is not in the input (describe does not print it; get "
          "pod -o yaml does)" +
          std::string(pod_.node_selector.empty() ? ""
                                                 : ", and its nodeSelector matches some node") +
          ".");
      fix("compare the pod's spec.affinity.nodeAffinity with the nodes' labels (kubectl get nodes "
          "--show-labels)");
    }
    if (!nodes_.empty() && (explained || !pod_.node_affinity_known)) {
      std::string c = check(r.count, failing.size());
      if (!c.empty()) say("Nodes outside the pod's node selector/affinity:" + c.substr(1) + ".");
    }
  }

  // Terms of required node affinity no node the filter saw satisfies.
  bool affinity_terms(const std::vector<const model::Node*>& seen) {
    const auto& terms = pod_.node_affinity;
    if (terms.empty()) return false;
    bool any = std::any_of(seen.begin(), seen.end(),
                           [&](const model::Node* n) { return affinity_ok(*n, terms); });
    if (any || seen.empty()) return false;
    for (size_t i = 0; i < terms.size(); ++i) {
      const auto& term = terms[i];
      std::string label = terms.size() > 1 ? " (term " + std::to_string(i + 1) + ")" : "";
      std::vector<std::string> parts;
      for (const auto& req : term.requirements) {
        bool none = std::none_of(seen.begin(), seen.end(),
                                 [&](const model::Node* n) { return requirement_ok(*n, req); });
        if (!none) continue;
        cite(req.at);
        std::string carried = req.field ? "" : carriers(req.key, seen);
        parts.push_back("no node has " + requirement_text(req) +
                        (carried.empty()
                             ? (req.field ? "" : " (no node has the label key " + req.key + ")")
                             : "; " + carried));
        if (!req.field && (req.op == "In" || req.op == "Exists") && !seen.empty())
          fix("label a node meant for it (kubectl label node " + seen.front()->meta.name + " " +
              req.key + "=" + (req.values.empty() ? "<value>" : req.values.front()) +
              ") or change the required node affinity to values the nodes carry");
        else
          fix("change the pod's required node affinity (" + requirement_text(req) +
              ") to match a node");
      }
      if (parts.empty()) {
        cite(term.at);
        std::vector<std::string> reqs;
        for (const auto& req : term.requirements) reqs.push_back(requirement_text(req));
        parts.push_back(term.requirements.empty() ? "the term is empty and matches no node"
                                                  : "no node satisfies all of " + join(reqs, ", "));
        fix("change the pod's required node affinity so that one node satisfies a whole term");
      }
      say("Required node affinity" + label + ": " + join(parts, "; ") + ".");
    }
    return true;
  }

  // "nodes carry disktype=hdd (worker-1, worker-2); worker-3 has no disktype"
  std::string carriers(const std::string& key, const std::vector<const model::Node*>& among) {
    std::vector<std::pair<std::string, std::vector<const model::Node*>>> by_value;
    std::vector<const model::Node*> without;
    for (const auto* n : among) {
      auto it = n->meta.labels.find(key);
      if (it == n->meta.labels.end()) {
        without.push_back(n);
        continue;
      }
      cite_label(*n, key);
      auto v = std::find_if(by_value.begin(), by_value.end(),
                            [&](const auto& p) { return p.first == it->second; });
      if (v == by_value.end())
        by_value.push_back({it->second, {n}});
      else
        v->second.push_back(n);
    }
    if (by_value.empty()) return "";
    std::vector<std::string> parts;
    for (const auto& [v, ns] : by_value) parts.push_back(key + "=" + v + " (" + names(ns) + ")");
    std::string s = "nodes carry " + join(parts, ", ");
    if (!without.empty()) s += ", " + names(without) + " no " + key + " label";
    return s;
  }

  // The value of `key` most nodes carry, for "or select …".
  static std::string alternative_value(const std::string& key,
                                       const std::vector<const model::Node*>& among) {
    std::map<std::string, int> n;
    for (const auto* node : among)
      if (auto it = node->meta.labels.find(key); it != node->meta.labels.end()) ++n[it->second];
    std::string best;
    int most = 0;
    for (const auto& [v, c] : n)
      if (c > most) {
        most = c;
        best = v;
      }
    return best;
  }

  void cite_label(const model::Node& n, const std::string& key) {
    auto it = n.label_at.find(key);
    cite(it != n.label_at.end() ? it->second : n.labels_at);
  }

  // "the untolerated taint dedicated=gpu:NoSchedule", "a cordon".
  std::string excluded_by(const std::vector<const model::Node*>& ns) {
    std::vector<std::string> why;
    for (const auto* n : ns) {
      std::string w;
      if (stage_.at(n) == Stage::Unschedulable) {
        w = "a cordon";
        cite(n->unschedulable.at);
      } else if (const model::Taint* t = untolerated(*n, pod_)) {
        w = "the untolerated taint " + taint_text(*t);
        cite(t->at);
      }
      if (!w.empty() && std::find(why.begin(), why.end(), w) == why.end()) why.push_back(w);
    }
    return why.empty() ? "the scheduler's other filters" : join(why, " and ");
  }

  std::string excluded_fix(const std::vector<const model::Node*>& ns) {
    std::vector<const model::Node*> tainted;
    for (const auto* n : ns) {
      if (stage_.at(n) == Stage::Unschedulable) fix("kubectl uncordon " + n->meta.name);
      if (stage_.at(n) == Stage::Taint) tainted.push_back(n);
    }
    if (tainted.empty()) return "";
    const model::Taint* t = untolerated(*tainted.front(), pod_);
    taint_fix(t->key, t->value, t->effect, tainted);
    return "";
  }

  // -------------------------------------------------------------------------
  // Resources

  void resource(const SchedulerReason& r) {
    const std::string& res = r.resource;
    Amount want = pod_request(pod_, res);
    if (want.at.valid()) cite(want.at);
    std::vector<std::string> figures;
    std::optional<double> best_free;
    const model::Node* best = nullptr;
    size_t short_nodes = 0;
    // The nodes the resource filter saw (past cordons, taints, affinity);
    // all of them when none got that far.
    std::vector<const model::Node*> seen;
    for (const auto* n : nodes_)
      if (stage_.at(n) == Stage::Resources || stage_.at(n) == Stage::Fits) seen.push_back(n);
    if (seen.empty()) seen = nodes_;
    for (const auto* n : seen) {
      auto it = n->resources.find(res);
      if (it == n->resources.end()) continue;
      const model::NodeResource& nr = it->second;
      if (!nr.allocatable.has() && !nr.requested.has()) continue;
      std::string f = n->meta.name + " " + res + " requested " +
                      (nr.requested.has() ? nr.requested.value : "?") + " of " +
                      (nr.allocatable.has() ? nr.allocatable.value : "?") + " allocatable";
      std::optional<double> free = free_of(nr);
      if (free) {
        f += " (" + format_amount(res, *free) + " free)";
        if (stage_.at(n) == Stage::Resources || stage_.at(n) == Stage::Fits)
          if (!best_free || *free > *best_free) {
            best_free = free;
            best = n;
          }
        if (want.known && *free < want.value) ++short_nodes;
      }
      figures.push_back(f);
      if (nr.requested.has()) cite(nr.requested.at);
      if (nr.allocatable.has()) cite(nr.allocatable.at);
    }
    std::string asks = want.known ? "the pod requests " + res + " " + format_amount(res, want.value)
                                  : "the pod's " + res + " request is not in the input";
    if (figures.empty()) {
      say("Insufficient " + res + ": " + asks +
          (nodes_.empty() ? "" : "; no node of the input shows its " + res + " figures") + ".");
    } else {
      say("Insufficient " + res + ": " + asks + "; " + join(figures, "; ") +
          (want.known ? check(r.count, short_nodes) : "") + ".");
    }
    std::string need =
        want.known ? " with " + format_amount(res, want.value) + " " + res + " free" : "";
    if (best_free && want.known && *best_free > 0)
      fix("lower the pod's " + res + " request to " + format_amount(res, *best_free) +
          " or less (the most free on one node, " + best->meta.name + "), or add a node" + need);
    else
      fix("lower the pod's " + res + " request or add a node" + need);
  }

  // -------------------------------------------------------------------------
  // Cordoned and not-ready nodes

  void cordoned(const SchedulerReason& r) {
    std::vector<const model::Node*> ns = at_stage(Stage::Unschedulable);
    for (const auto* n : ns) cite(n->unschedulable.at);
    if (ns.empty()) {
      say("No node of the input is cordoned" + check(r.count, 0) + ".");
      fix("kubectl uncordon the cordoned node(s) (kubectl get nodes shows SchedulingDisabled)");
      return;
    }
    say(names(ns) + (ns.size() == 1 ? " is" : " are") + " cordoned (Unschedulable: true)" +
        check(r.count, ns.size()) + ".");
    for (const auto* n : ns)
      fix("kubectl uncordon " + n->meta.name + " when its maintenance is done");
  }

  void not_ready(const SchedulerReason& r) {
    std::vector<const model::Node*> ns;
    for (const auto* n : nodes_)
      if (const model::Condition* c = ready_condition(*n); c && c->status != "True") {
        ns.push_back(n);
        cite(c->at);
      }
    say(ns.empty() ? "No node of the input is NotReady" + check(r.count, 0) + "."
                   : names(ns) + " not ready" + check(r.count, ns.size()) + ".");
    fix("bring the NotReady node(s) back" + (ns.empty() ? std::string() : " (" + names(ns) + ")"));
  }

  // -------------------------------------------------------------------------
  // What the model holds no facts for: said and fixed from the message.

  void other(const SchedulerReason& r) {
    std::string zones, pods;
    if (r.kind == Kind::VolumeNodeAffinity) zones = carriers("topology.kubernetes.io/zone", nodes_);
    if (r.kind == Kind::TooManyPods) pods = pods_allocatable();
    std::string sentence, change;
    explain_from_message(r, claim_names(), zones, pods, sentence, change);
    if (!sentence.empty()) say(std::move(sentence));
    if (!change.empty()) fix(std::move(change));
  }

  std::string claim_names() const {
    std::vector<std::string> v;
    for (const auto& vol : pod_.volumes)
      if (!vol.claim.empty()) v.push_back(vol.claim);
    return v.empty() ? "" : " (" + join(v, ", ") + ")";
  }

  std::string pods_allocatable() {
    std::vector<std::string> v;
    for (const auto* n : nodes_)
      if (auto it = n->resources.find("pods");
          it != n->resources.end() && it->second.allocatable.has()) {
        v.push_back(n->meta.name + " " + it->second.allocatable.value);
        cite(it->second.allocatable.at);
      }
    return v.empty() ? "" : ": " + join(v, ", ");
  }

  void claims() {
    std::vector<std::string> pending;
    for (size_t k : pv_.claims) {
      const auto& c = g_.claims[k].claim;
      if (c.phase.has() && c.phase.value != "Bound") {
        pending.push_back(c.meta.name + " " + c.phase.value);
        cite(c.phase.at);
      }
    }
    if (!msg_.claim_not_found.empty()) {
      say("The pod's PersistentVolumeClaim " + msg_.claim_not_found + " does not exist.");
      fix("create the PersistentVolumeClaim " + msg_.claim_not_found + " or fix the claimName");
      return;
    }
    say("The pod's PersistentVolumeClaim" + claim_names() + " is not bound" +
        (pending.empty() ? "" : " (" + join(pending, ", ") + ")") + ".");
    fix("bind the claim" + claim_names() + " (its events say why it is Pending)");
  }

  // The message's node count against the input's nodes.
  void counts() {
    if (msg_.total < 0 || nodes_.empty() || static_cast<size_t>(msg_.total) == nodes_.size())
      return;
    say("The message counts " + std::to_string(msg_.total) + " node(s); the input shows " +
        std::to_string(nodes_.size()) + " (" + names(nodes_) + ").");
  }

  const correlate::Graph& g_;
  const model::Pod& pod_;
  const correlate::PodView& pv_;
  SchedulerMessage msg_;
  std::vector<const model::Node*> nodes_;
  std::vector<std::string> resources_;
  std::map<const model::Node*, Stage> stage_;
  std::vector<std::string> sentences_, fixes_;
  std::vector<model::SourceRef> evidence_;
};

}  // namespace

SchedulingExplanation explain_scheduling(const correlate::Graph& graph,
                                         const correlate::PodView& pod, std::string_view message) {
  return Explainer(graph, pod, message).run();
}

std::string scheduler_message(const correlate::PodView& pod) {
  for (auto it = pod.events.rbegin(); it != pod.events.rend(); ++it)
    if ((*it)->reason == "FailedScheduling" && !(*it)->message.empty()) return (*it)->message;
  for (const auto& c : pod.pod.conditions)
    if (c.type == "PodScheduled" && c.status == "False" && !c.message.empty()) return c.message;
  return "";
}

}  // namespace kubesift::engine
