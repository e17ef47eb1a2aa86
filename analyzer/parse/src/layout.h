// What a file is, from where it sits in the layouts people save: support
// bundles, must-gathers, cluster-info dumps, insights-operator archives.
//
// A path may carry an archive prefix ("bundle.tar.gz:root/cluster-resources/
// …"); layouts are found by their markers anywhere in the path, so a bundle
// nested one folder down, or inside an archive, is read the same way.
#pragma once

#include <string>
#include <string_view>

namespace kubesift::parse {

struct PathInfo {
  enum class Role {
    Unknown,           // nothing in the path says: sniff the content
    ContainerLog,      // a container's log; ns/pod/container/previous are set
    CollectionErrors,  // a support bundle's *-errors.json: what was not collected
    LogErrors,         // a support bundle's <container>-logs-errors.log
    Metadata,          // a layout file with nothing to analyse (versions, RBAC lists, …)
  };
  Role role = Role::Unknown;
  std::string layout;     // "support-bundle", "must-gather", "insights", "" for none
  std::string kind_hint;  // for kind-less List items: the kind the file holds ("Pod", …)
  std::string ns, pod, container;
  bool previous = false;
  std::string resource;  // CollectionErrors: what was not collected ("events", "pods", …)
};

PathInfo classify_path(std::string_view path);

// The kind a resource word names, as kubectl and the layouts spell it:
// plural, singular or short ("pods", "pod", "po", "Deployment",
// "persistentvolumeclaims", "pvc"), or "".
std::string_view kind_of_resource_word(std::string_view word);

// The kind a file's name suggests for the objects in it that name none
// ("pods.json", "shop-events.ndjson"), else its nearest folder that names
// one ("deployments/shop.json"), else "". Only a hint: the objects' own
// fields decide first (kind_infer.h).
std::string_view kind_from_name(std::string_view path);

}  // namespace kubesift::parse
