// The scheduler's FailedScheduling message, reason by reason
// (explain_scheduling.h).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "explain_scheduling.h"
#include "kubesift/core/text.h"

namespace kubesift::engine {
namespace {

using Kind = SchedulerReason::Kind;

bool has(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

// Splits on ", " outside braces: "{k: v}" holds ": " but never ", ".
std::vector<std::string_view> split_reasons(std::string_view body) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '{') ++depth;
    if (body[i] == '}' && depth > 0) --depth;
    if (depth == 0 && body[i] == ',' && i + 1 < body.size() && body[i + 1] == ' ') {
      out.push_back(text::trim(body.substr(start, i - start)));
      start = i + 2;
    }
  }
  if (start < body.size()) out.push_back(text::trim(body.substr(start)));
  return out;
}

// The wording of each reason, newest first; the predicate names of the
// schedulers before 1.10 ("MatchNodeSelector (2)") too.
void classify(SchedulerReason& r) {
  std::string_view t = r.text;
  if (t.starts_with("Insufficient ")) {
    r.kind = Kind::Resources;
    r.resource = std::string(text::trim(t.substr(13)));
  } else if (has(t, "untolerated taint") || has(t, "had taint") || has(t, "had taints") ||
             t == "PodToleratesNodeTaints" || t == "PodToleratesNodeNoExecuteTaints") {
    r.kind = Kind::Taint;
    size_t open = t.find('{'), close = t.rfind('}');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
      std::string_view kv = t.substr(open + 1, close - open - 1);
      size_t colon = kv.find(':');
      r.taint_key = std::string(text::trim(kv.substr(0, colon)));
      if (colon != std::string_view::npos)
        r.taint_value = std::string(text::trim(kv.substr(colon + 1)));
      r.taint_named = !r.taint_key.empty();
    }
  } else if (has(t, "were unschedulable") || t == "NodeUnschedulable" ||
             t == "CheckNodeUnschedulable") {
    r.kind = Kind::Unschedulable;
  } else if (has(t, "were not ready") || has(t, "not-ready") || t == "NodeNotReady" ||
             t == "CheckNodeCondition") {
    r.kind = Kind::NotReady;
  } else if (has(t, "node affinity/selector") || has(t, "node selector") ||
             has(t, "Pod's node affinity") || t == "MatchNodeSelector") {
    r.kind = Kind::NodeAffinity;
  } else if (has(t, "PersistentVolume's node affinity") || has(t, "volume node affinity") ||
             t == "NoVolumeNodeConflict" || t == "VolumeNodeAffinityConflict") {
    r.kind = Kind::VolumeNodeAffinity;
  } else if (has(t, "persistent volumes to bind") || has(t, "enough free storage") ||
             has(t, "volume zone") || has(t, "max volume count") || t == "NoVolumeZoneConflict" ||
             t == "VolumeBindingNoMatch") {
    r.kind = Kind::VolumeBinding;
  } else if (has(t, "anti-affinity")) {
    r.kind = Kind::PodAntiAffinity;
  } else if (has(t, "pod affinity") || t == "MatchInterPodAffinity") {
    r.kind = Kind::PodAffinity;
  } else if (has(t, "topology spread")) {
    r.kind = Kind::TopologySpread;
  } else if (has(t, "free ports") || t == "PodFitsHostPorts") {
    r.kind = Kind::Ports;
  } else if (t == "Too many pods") {
    r.kind = Kind::TooManyPods;
  }
}

}  // namespace

SchedulerMessage parse_scheduler_message(std::string_view message) {
  SchedulerMessage m;
  std::string_view msg = text::trim(message);
  if (has(msg, "no nodes available to schedule pods")) m.no_nodes = true;
  if (has(msg, "unbound immediate PersistentVolumeClaims")) m.unbound_claims = true;
  if (size_t p = msg.find("persistentvolumeclaim \""); p != std::string_view::npos) {
    std::string_view rest = msg.substr(p + 23);
    size_t q = rest.find('"');
    if (q != std::string_view::npos && has(rest.substr(q), "not found"))
      m.claim_not_found = std::string(rest.substr(0, q));
  }
  if (size_t p = msg.find(" preemption:"); p != std::string_view::npos) msg = msg.substr(0, p);
  std::string_view body;
  bool old_style = false;
  if (size_t p2 = msg.find("following predicates:"); p2 != std::string_view::npos) {
    // "No nodes are available that match all of the following predicates::
    // Insufficient cpu (3), MatchNodeSelector (2)."
    body = msg.substr(p2 + 21);
    while (!body.empty() && body.front() == ':') body.remove_prefix(1);
    old_style = true;
  } else if (size_t p = msg.find(" nodes are available"); p != std::string_view::npos) {
    // "0/5 nodes are available: …"
    size_t b = msg.rfind(' ', p == 0 ? 0 : p - 1);
    std::string_view ratio = msg.substr(b == std::string_view::npos ? 0 : b + 1,
                                        p - (b == std::string_view::npos ? 0 : b + 1));
    if (size_t slash = ratio.find('/'); slash != std::string_view::npos) {
      long long a = 0, n = 0;
      if (text::to_int(ratio.substr(0, slash), a) && text::to_int(ratio.substr(slash + 1), n)) {
        m.available = a;
        m.total = n;
      }
    }
    size_t colon = msg.find(':', p);
    if (colon != std::string_view::npos) body = msg.substr(colon + 1);
  }
  body = text::trim(body);
  while (!body.empty() && body.back() == '.') body.remove_suffix(1);
  std::vector<std::string_view> parts = split_reasons(body);
  // "had taint {k: v}, that the pod didn't tolerate": one reason, with a comma.
  for (size_t i = 1; i < parts.size(); ++i)
    if (parts[i].starts_with("that the pod didn't tolerate")) {
      const char* b = parts[i - 1].data();
      parts[i - 1] =
          std::string_view(b, static_cast<size_t>(parts[i].data() + parts[i].size() - b));
      parts.erase(parts.begin() + static_cast<long>(i));
      --i;
    }
  for (std::string_view part : parts) {
    if (part.empty()) continue;
    SchedulerReason r;
    long long n = 0;
    size_t sp = part.find(' ');
    if (!old_style && sp != std::string_view::npos && text::to_int(part.substr(0, sp), n)) {
      r.count = n;
      part = part.substr(sp + 1);
    } else if (part.ends_with(")")) {
      size_t open = part.rfind(" (");
      if (open != std::string_view::npos &&
          text::to_int(part.substr(open + 2, part.size() - open - 3), n)) {
        r.count = n;
        part = part.substr(0, open);
      }
    }
    r.text = std::string(text::trim(part));
    if (r.text.empty()) continue;
    if (r.text.find("unbound immediate PersistentVolumeClaims") != std::string::npos) continue;
    classify(r);
    m.reasons.push_back(std::move(r));
  }
  return m;
}

void explain_from_message(const SchedulerReason& r, const std::string& claims,
                          const std::string& zones, const std::string& pods_allocatable,
                          std::string& sentence, std::string& fix) {
  std::string n = r.count >= 0 ? std::to_string(r.count) + " node(s)" : "some nodes";
  switch (r.kind) {
    case Kind::Ports:
      sentence = n + ": the host port the pod asks for is taken by another pod there.";
      fix =
          "drop hostPort from the pod (a Service reaches it without one) or run no more "
          "replicas than nodes";
      break;
    case Kind::PodAntiAffinity:
      sentence = n + ": the pod's anti-affinity (or an existing pod's) rules them out.";
      fix =
          "relax the required pod anti-affinity (preferredDuringScheduling) or add nodes: each "
          "replica needs its own node or zone";
      break;
    case Kind::PodAffinity:
      sentence = n + ": none runs the pods the pod's required pod affinity asks for.";
      fix = "start the pods it must sit with first, or relax its required pod affinity";
      break;
    case Kind::TopologySpread:
      sentence = n + ": placing it there would break its topology spread constraints.";
      fix =
          "raise maxSkew or set whenUnsatisfiable: ScheduleAnyway, or add nodes in the missing "
          "topology domains";
      break;
    case Kind::VolumeNodeAffinity:
      sentence = n + ": the PersistentVolume of the pod's claim" + claims +
                 " is pinned (its nodeAffinity, usually a zone) away from them" +
                 (zones.empty() ? "" : "; " + zones) + ".";
      fix =
          "run the pod in the volume's zone (a node there), or recreate the claim with a "
          "StorageClass of volumeBindingMode: WaitForFirstConsumer";
      break;
    case Kind::VolumeBinding:
      sentence = n + ": " + r.text + claims + ".";
      fix = "give the pod's claim" + claims +
            " a volume it can bind (a matching PersistentVolume, a StorageClass that provisions "
            "in the nodes' zones)";
      break;
    case Kind::TooManyPods:
      sentence = n + " run as many pods as they allow (allocatable pods" + pods_allocatable + ").";
      fix = "add nodes or raise the kubelets' maxPods";
      break;
    default: sentence = n + ": " + r.text + "."; break;
  }
}

}  // namespace kubesift::engine
