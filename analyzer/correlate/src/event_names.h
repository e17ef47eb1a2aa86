// Events that carry no involvedObject (a collector's reduced records: only
// namespace, reason, message, type, times): the objects their messages name.
//
// Kubernetes' controllers and the kubelet write the name of what an event
// is about into many of its messages ("Successfully assigned shop/web-1 to
// worker-1", "Back-off restarting failed container app in pod
// web-1_shop(uid)", "Created pod: web-7c9-abcde", "Scaled up replica set
// web-7c9 to 3", "create Pod db-0 in StatefulSet db successful"). A name
// joins the event only if it is an object of the input, in the event's
// namespace; otherwise the event stays unjoined.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kubesift/correlate/graph.h"

namespace kubesift::correlate {

// A name a message carries, and what the event is about given it.
struct MessageName {
  enum class About {
    Object,      // the named object itself
    Controller,  // the controller of the named object ("Created pod: x")
  };
  std::string kind;  // Pod, ReplicaSet, StatefulSet, PersistentVolumeClaim, Node, ...
  std::string ns;    // when the message names it ("shop/web-1"), else ""
  std::string name;
  std::string uid;  // when the message names it ("web-1_shop(uid)")
  About about = About::Object;
  bool prefix = false;  // a generateName prefix ("pods \"web-7c9-\" is forbidden")
};

// The names in `message`, most telling first.
std::vector<MessageName> names_in_message(std::string_view message);

// Whether an event carries nothing that says what it is about.
bool lacks_involved_object(const model::Event& e);

// What an event without involvedObject is joined to: a kind and name of
// the graph's objects ("" = unjoined).
struct EventTarget {
  std::string kind, name;
};

// For each event of `events`: the object its message names, when it lacks
// an involvedObject and the name is an object of `g` in its namespace.
// `reduced` and `joined` count those without involvedObject and those
// joined. `g` must have its pods, workloads, claims and nodes (and the pods'
// owners) set.
std::vector<EventTarget> targets_by_message(const Graph& g, const std::vector<model::Event>& events,
                                            size_t& reduced, size_t& joined);

// The note that says so (empty when no event lacked an involvedObject).
std::string reduced_events_note(size_t reduced, size_t joined);

}  // namespace kubesift::correlate
