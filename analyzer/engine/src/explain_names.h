// Internal to the engine: "did you mean" for a runtime finding that names
// an object (or a key of one) that does not exist, when the input shows one
// with a close name (near_names.h) where the reference looks.
#pragma once

#include <string_view>

#include "kubesift/model/store.h"
#include "signal.h"

namespace kubesift::engine {

// Reads the names a signal's variables give (the captures of its rule and
// the message its matcher read):
//   secret, configmap, service_account, service, storage_class, claim: an
//     object of that kind (`name` or `namespace/name`);
//   key, with configmap or secret: a key of that object;
//   message, detail, error: kubectl's `<resource> "<name>" not found`
//     (secret, configmap, persistentvolumeclaim, storageclass.storage.k8s.io,
//     serviceaccount, service, persistentvolume, priorityclass, ...);
//   pull_secrets ("imagePullSecrets: a, b"): Secrets the pod pulls with.
// For each name the input does not show but shows a close one of (in `ns`,
// the namespace of the subject, unless the name says its own; anywhere for
// cluster-scoped kinds), it sets the variable `did_you_mean` ("Secret
// orders-db-credentials exists", several joined with "; ") and adds the
// line defining each near name to the evidence (role "config", after the
// first line and the cause lines that follow it). Only signals whose rule's message uses
// {did_you_mean} are read, and a signal that has the variable already is left alone. With no near
// name nothing changes, so `[[; {did_you_mean}]]` drops out.
void suggest_near_names(const model::Store& store, std::string_view ns, Signal& s);

}  // namespace kubesift::engine
