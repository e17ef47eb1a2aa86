// binding-grants-pod-create: a RoleBinding or ClusterRoleBinding lets its
// subjects create pods, directly or through a workload that makes them: its
// role has a rule with create or "*" on pods, deployments, statefulsets,
// replicasets, daemonsets, jobs, cronjobs or "*". Whoever creates a pod can
// run it as any ServiceAccount of the namespace and mount its Secrets.
// Roles are resolved as for binding-grants-secret-access.
#include "rbac_util.h"

namespace kubesift::engine::lint {
namespace {

void run(const Context& ctx, const Rule& rule, std::vector<Hit>& out) {
  rbac::run_access_rule(ctx, rule, out,
                        {"pods", "deployments", "statefulsets", "replicasets", "daemonsets", "jobs",
                         "cronjobs", "cronjob"},
                        {"create"});
}

}  // namespace

LintRule make_lint_rule_binding_grants_pod_create() {
  return {"binding-grants-pod-create", run};
}

}  // namespace kubesift::engine::lint
