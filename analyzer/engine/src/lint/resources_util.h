// Internal to the engine: requests against limits, for the resource rules.
#pragma once

#include <string>
#include <vector>

#include "context.h"

namespace kubesift::engine::lint {

// Reports each container whose request of `resource` is not equal to its
// limit. An unset request is the limit (Kubernetes defaults it so); an
// unset limit is none. With `both_set`, only containers that set both are
// compared.
void request_differs_from_limit(const Context& ctx, const Rule& rule, const std::string& resource,
                                bool both_set, std::vector<Hit>& out);

}  // namespace kubesift::engine::lint
