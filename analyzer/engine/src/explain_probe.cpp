// A failing probe against what the container serves: its declared ports,
// and what its log says (route tables, listen addresses, access lines).
#include "explain_probe.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "explain_env.h"
#include "kubesift/core/text.h"

namespace kubesift::engine {
namespace {

using re2::StringPiece;

std::string var_of(const Signal& s, std::string_view name) {
  for (const auto& [k, v] : s.vars)
    if (k == name) return v;
  return {};
}

// What the container's logs say it serves.
struct Served {
  struct Path {
    std::string path, framework;
    model::SourceRef at;
  };
  std::vector<Path> routes;  // route tables, actuator paths, paths answered < 400
  bool route_table = false;  // a route table was printed (its paths are all there is)
  struct Answer {
    int status = 0;
    model::SourceRef at;
    long long count = 0;
  };
  std::map<std::string, Answer> answers;  // path → the last status logged for it
  struct Addr {
    std::string host, framework;
    long long port = 0;
    model::SourceRef at;
  };
  std::vector<Addr> listens;
};

void add_route(Served& s, std::string path, std::string framework, model::SourceRef at) {
  for (const auto& r : s.routes)
    if (r.path == path) return;
  s.routes.push_back({std::move(path), std::move(framework), at});
}

Served read_served(const model::Store& store, const correlate::ContainerView& cv) {
  Served s;
  std::string context;
  std::vector<std::pair<std::string, model::SourceRef>> bases;
  for (const auto* logs : {&cv.previous_logs, &cv.current_logs}) {
    for (const model::LogFile* lf : *logs) {
      if (!lf || lf->doc == model::kNoDoc) continue;
      const model::Document& d = store.doc(lf->doc);
      for_each_window_line(d, *lf, [&](uint32_t l, std::string_view text) {
        ServedLine x = read_served_line(text);
        model::SourceRef at{lf->doc, l, 0};
        switch (x.kind) {
          case ServedLine::Kind::Route:
            if (x.method.empty() || x.method == "GET") {
              add_route(s, x.path, x.framework, at);
              s.route_table = true;
            }
            break;
          case ServedLine::Kind::Access: {
            if (x.method != "GET" && x.method != "HEAD") break;
            auto& ans = s.answers[x.path];
            ans.status = x.status;
            ans.at = at;
            ++ans.count;
            break;
          }
          case ServedLine::Kind::Listen:
            s.listens.push_back({x.host, x.framework, x.port, at});
            if (!x.context_path.empty() && x.context_path != "/") context = x.context_path;
            break;
          case ServedLine::Kind::BasePath: bases.push_back({x.path, at}); break;
          case ServedLine::Kind::None: break;
        }
      });
    }
  }
  // Spring Boot serves the health endpoint under the actuator's base path
  // (under the servlet context path too), with the liveness and readiness
  // groups it enables by itself on Kubernetes.
  for (const auto& [base, at] : bases) {
    std::string b = context + (base == "/" ? "" : base);
    for (const char* p : {"/health/liveness", "/health/readiness", "/health"})
      add_route(s, b + p, "Spring Boot actuator", at);
  }
  for (const auto& [path, ans] : s.answers)
    if (ans.status >= 200 && ans.status < 400) add_route(s, path, "access log", ans.at);
  return s;
}

// Whether a route (which may hold parameters: gin's :id and *rest, Spring's
// {id}) serves `path`.
bool route_serves(std::string_view route, std::string_view path) {
  auto rs = text::split(route, '/'), ps = text::split(path, '/');
  for (size_t i = 0; i < rs.size(); ++i) {
    if (!rs[i].empty() && rs[i][0] == '*') return true;
    if (i >= ps.size()) return false;
    bool param = !rs[i].empty() && (rs[i][0] == ':' || rs[i][0] == '{');
    if (!param && rs[i] != ps[i]) return false;
  }
  return rs.size() == ps.size();
}

// How much a path looks like a health endpoint for this kind of probe
// (0 = not at all): readiness prefers /ready…, liveness /live…, both /health.
int health_score(std::string_view path, std::string_view kind) {
  std::string p = text::lower(path);
  bool ready = p.find("ready") != std::string::npos || p.find("readiness") != std::string::npos;
  bool live = p.find("live") != std::string::npos || p.find("alive") != std::string::npos;
  bool health = p.find("health") != std::string::npos || p.find("healthz") != std::string::npos;
  bool other = p.find("ping") != std::string::npos || p.find("status") != std::string::npos;
  if (kind == "readiness" && ready) return 4;
  if (kind != "readiness" && live) return 4;
  if (health) return 3;
  if (other) return 2;
  if (ready || live) return 1;
  return 0;
}

std::string where(const model::Store& store, model::SourceRef at) {
  std::string_view path = store.doc(at.doc).path;
  if (size_t slash = path.find_last_of("/:"); slash != std::string_view::npos)
    path = path.substr(slash + 1);
  return std::string(path) + ":" + std::to_string(at.line);
}

std::string kind_of(const Signal& sig) {
  std::string k = text::lower(var_of(sig, "probe"));
  // liveness-kills-slow-start names no {probe}: its rule is about liveness.
  if (k.empty() && sig.rule && sig.rule->category == Category::ProbeMisconfig &&
      sig.rule->id.starts_with("liveness-"))
    k = "liveness";
  return k == "liveness" || k == "readiness" || k == "startup" ? k : "";
}

// The failure the kubelet reports for this kind of probe.
struct Failure {
  int status = 0;
  bool refused = false;
  bool plain_http = false;  // an HTTPS probe answered in plain HTTP
  const model::Event* event = nullptr;
};

Failure failure_of(const correlate::ContainerView& cv, std::string_view kind) {
  Failure f;
  static const RE2 code(R"(statuscode: (\d{3}))");
  for (const model::Event* e : cv.events) {
    if (e->reason != "Unhealthy") continue;
    std::string_view m = e->message;
    size_t pos = m.find(" probe ");
    if (pos == std::string_view::npos || text::lower(m.substr(0, pos)) != kind) continue;
    Failure g;
    g.event = e;
    StringPiece c;
    if (RE2::PartialMatch(StringPiece(m.data(), m.size()), code, &c))
      g.status = std::atoi(std::string(c.data(), c.size()).c_str());
    g.refused = m.find("connection refused") != std::string_view::npos;
    // Go's TLS client on a plain HTTP answer.
    g.plain_http = m.find("server gave HTTP response to HTTPS client") != std::string_view::npos;
    // The latest event of the kind says the most (events are oldest first),
    // but a status code or a refusal beats a message that has neither.
    if (!f.event || g.status || g.refused || g.plain_http ||
        (!f.status && !f.refused && !f.plain_http))
      f = g;
  }
  return f;
}

bool loopback(std::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::string declared_text(const model::ContainerSpec& spec) {
  std::string out;
  for (const auto& cp : spec.ports)
    out += (out.empty() ? "" : ", ") + std::to_string(cp.port) +
           (cp.name.empty() ? "" : " (" + cp.name + ")");
  return out;
}

}  // namespace

void explain_probe(const model::Store& store, const ContainerCase& c, Signal& sig) {
  std::string kind = kind_of(sig);
  if (kind.empty() || !c.container || !c.container->spec) return;
  const model::ContainerSpec& spec = *c.container->spec;
  const auto& probe = kind == "liveness"    ? spec.liveness
                      : kind == "readiness" ? spec.readiness
                                            : spec.startup;
  if (!probe) return;
  const model::Probe& p = *probe;
  bool http = p.handler == "httpGet";
  if (!http && p.handler != "tcpSocket" && p.handler != "grpc") return;

  // The port the probe connects to, named ports resolved.
  long long port = 0;
  if (!text::to_int(p.port, port)) {
    port = 0;
    for (const auto& cp : spec.ports)
      if (cp.name == p.port) port = cp.port;
  }
  Failure f = failure_of(*c.container, kind);
  Served s = read_served(store, *c.container);
  std::string path = clean_path(p.path.empty() ? "/" : p.path);
  std::string asks =
      (http ? "GET " + path + " on port " : "port ") + (port ? std::to_string(port) : p.port) +
      (port && !p.port.empty() && p.port != std::to_string(port) ? " (" + p.port + ")" : "");
  std::string detail, fix;

  // The port: refused connections while the app says it listens elsewhere,
  // or only on the loopback address (the kubelet connects to the pod's IP).
  if (f.refused && port && !s.listens.empty()) {
    const Served::Addr* on_port = nullptr;
    for (const auto& a : s.listens)
      if (a.port == port && (!on_port || loopback(on_port->host))) on_port = &a;
    if (!on_port) {
      const Served::Addr& a = s.listens.back();
      std::string others;
      std::vector<long long> seen;
      for (const auto& l : s.listens) {
        if (std::find(seen.begin(), seen.end(), l.port) != seen.end()) continue;
        seen.push_back(l.port);
        others += (others.empty() ? "" : ", ") + std::to_string(l.port);
      }
      detail = "The probe connects to port " + std::to_string(port) +
               " and is refused; the app logs that it listens on " + others + " (" +
               where(store, a.at) + ")";
      if (!spec.ports.empty()) detail += ", while the container declares " + declared_text(spec);
      detail += ".";
      sig.evidence.push_back({a.at, "log"});
      for (const auto& cp : spec.ports) sig.evidence.push_back({cp.at, "config"});
      fix = "Probe port " + std::to_string(a.port) + (http ? " (path " + path + ")" : "") +
            ", where the app listens, and declare it as a containerPort.";
    } else if (loopback(on_port->host)) {
      detail = "The probe connects to port " + std::to_string(port) +
               " and is refused; the app logs that it listens on " + on_port->host + ":" +
               std::to_string(port) + " only (" + where(store, on_port->at) +
               "), which the kubelet cannot reach: it connects to the pod's IP.";
      sig.evidence.push_back({on_port->at, "log"});
      fix = "Make the app listen on 0.0.0.0 (all addresses) instead of " + on_port->host + ".";
    }
  }

  // The scheme: HTTPS asked of a server that speaks plain HTTP.
  if (http && detail.empty() && f.plain_http) {
    detail = "The probe asks " + asks + " over HTTPS (scheme " +
             (p.scheme.empty() ? "HTTPS" : p.scheme) + "), and the app answers in plain HTTP.";
    fix =
        "Set the probe's scheme to HTTP (the kubelet does not check the certificate of an HTTPS "
        "probe, but the port must speak TLS).";
  }

  // The path: a 4xx (404 above all) for a path the app does not serve.
  auto answered = s.answers.find(path);
  bool rejected_by_app = answered != s.answers.end() && answered->second.status >= 400 &&
                         answered->second.status < 500;
  if (http && detail.empty() && ((f.status >= 400 && f.status < 500) || rejected_by_app)) {
    bool served = false;
    for (const auto& r : s.routes)
      if (route_serves(r.path, path)) served = true;
    std::vector<const Served::Path*> ranked;
    for (const auto& r : s.routes) ranked.push_back(&r);
    std::stable_sort(ranked.begin(), ranked.end(), [&](const auto* a, const auto* b) {
      int sa = health_score(a->path, kind), sb = health_score(b->path, kind);
      if (sa != sb) return sa > sb;
      return edit_distance(a->path, path) < edit_distance(b->path, path);
    });
    const Served::Path* best =
        !ranked.empty() && health_score(ranked.front()->path, kind) > 0 ? ranked.front() : nullptr;
    std::string said;
    if (rejected_by_app) {
      said = "the app logs " + std::to_string(answered->second.status) + " for " + path + " (" +
             where(store, answered->second.at) + ")";
      sig.evidence.push_back({answered->second.at, "log"});
    }
    if (!served && (best || (s.route_table && !ranked.empty()))) {
      std::string list;
      size_t shown = 0;
      for (const auto* r : ranked) {
        if (shown == 5) {
          list += ", …";
          break;
        }
        list += (list.empty() ? "" : ", ") + r->path;
        ++shown;
      }
      const Served::Path& cite = best ? *best : *ranked.front();
      said += std::string(said.empty() ? "the app" : " and") + " serves " + list + " (" +
              cite.framework + ", " + where(store, cite.at) + ")";
      sig.evidence.push_back({cite.at, "log"});
      if (best)
        fix = "Probe GET " + best->path + " on port " + (port ? std::to_string(port) : p.port) +
              ", the path the app serves.";
    }
    if (!said.empty() && !served) detail = "The probe asks " + asks + "; " + said + ".";
  }
  if (detail.empty()) return;
  sig.vars.emplace_back("probe_detail", detail);
  if (!fix.empty()) sig.vars.emplace_back("probe_fix", fix);
}

}  // namespace kubesift::engine
