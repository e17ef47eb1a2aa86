// `kubectl describe` lines about scheduling: a node's taints, a pod's
// tolerations, as kubectl prints them (one per line, in a block that starts
// on the "Taints:" / "Tolerations:" line and goes on in indented lines).
#pragma once

#include <string_view>

#include "kubesift/model/objects.h"

namespace kubesift::parse {

// "dedicated=gpu:NoSchedule", "node-role.kubernetes.io/control-plane:NoSchedule"
// (a taint's key[=value]:effect). False for "<none>" and anything else.
bool parse_describe_taint(std::string_view text, model::Taint& out);

// "dedicated=batch:NoSchedule", "example.com/maintenance:NoSchedule op=Exists",
// "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s", "op=Exists"
// (key[=value][:effect][ op=Exists][ for Ns]; Equal unless op=Exists is
// printed). False for "<none>" and anything else.
bool parse_describe_toleration(std::string_view text, model::Toleration& out);

}  // namespace kubesift::parse
