// A failing probe against what the container serves: its declared ports,
// and what its log says (route tables, listen addresses, access lines).
#include "explain_probe.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>

#include "explain_env.h"
#include "kubesift/core/text.h"
#include "kubesift/engine/explained_lines.h"

namespace kubesift::engine {
namespace {

using re2::StringPiece;

std::string var_of(const Signal& s, std::string_view name) {
  for (const auto& [k, v] : s.vars)
    if (k == name) return v;
  return {};
}

std::string sp(const StringPiece& p) {
  return std::string(p.data(), p.size());
}

long long to_port(const StringPiece& p) {
  long long n = 0;
  return text::to_int(std::string_view(p.data(), p.size()), n) && n > 0 && n < 65536 ? n : 0;
}

// An access line's path without its query, and without a trailing slash.
std::string clean_path(std::string_view p) {
  if (size_t q = p.find_first_of("?#"); q != std::string_view::npos) p = p.substr(0, q);
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  return std::string(p);
}

// The request methods a probe or a route table uses.
constexpr const char* kMethod = "(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)";

ServedLine route(std::string framework, std::string method, std::string path) {
  ServedLine s;
  s.kind = ServedLine::Kind::Route;
  s.framework = std::move(framework);
  s.method = std::move(method);
  s.path = clean_path(path);
  return s;
}

ServedLine access(std::string framework, std::string method, std::string path, int status) {
  ServedLine s;
  s.kind = ServedLine::Kind::Access;
  s.framework = std::move(framework);
  s.method = std::move(method);
  s.path = clean_path(path);
  s.status = status;
  return s;
}

ServedLine listen(std::string framework, std::string host, long long port) {
  ServedLine s;
  s.kind = ServedLine::Kind::Listen;
  s.framework = std::move(framework);
  s.host = std::move(host);
  if (s.host.size() >= 2 && s.host.front() == '[' && s.host.back() == ']')
    s.host = s.host.substr(1, s.host.size() - 2);
  s.port = port;
  return s;
}

// A host as logged: a name, an IPv4 address or a bracketed IPv6 one; empty
// when the line gives only ":port".
#define KS_HOST R"((\[[0-9A-Fa-f:.]*\]|[A-Za-z0-9][A-Za-z0-9.\-]*)?)"

bool any_of(std::string_view line, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (line.find(w) != std::string_view::npos) return true;
  return false;
}

}  // namespace

ServedLine read_served_line(std::string_view line) {
  // Most lines have none of these: they cost a few substring searches.
  if (!any_of(line, {"GIN", "HTTP", "GET", "HEAD", "isten", "unning", "erving", "erver",
                     "tarted on port", "with port", "base path", "Mapped", "ound to"}))
    return {};
  StringPiece in(line.data(), line.size());
  StringPiece a, b, c;

  // gin (debug mode) prints its route table and where it listens:
  //   [GIN-debug] GET    /health    --> main.main.func1 (3 handlers)
  //   [GIN-debug] Listening and serving HTTP on :8080
  // and, per request:
  //   [GIN] 2024/03/01 - 10:00:00 | 404 |   1.2µs |  10.1.0.1 | GET      "/healthz"
  if (line.find("[GIN") != std::string_view::npos) {
    static const RE2 gin_route(std::string(R"(\[GIN-debug\] )") + kMethod + R"(\s+(/\S*)\s+-->)");
    static const RE2 gin_listen(R"(\[GIN-debug\] Listening and serving HTTPS? on )" KS_HOST
                                R"(:(\d{1,5}))");
    static const RE2 gin_access(std::string(R"(\[GIN\][^|]*\|\s*(\d{3})\s*\|.*\|\s*)") + kMethod +
                                R"(\s+\\?"(/[^"\\]*))");
    if (RE2::PartialMatch(in, gin_route, &a, &b)) return route("gin route table", sp(a), sp(b));
    if (RE2::PartialMatch(in, gin_listen, &a, &b) && to_port(b))
      return listen("gin", sp(a), to_port(b));
    if (RE2::PartialMatch(in, gin_access, &a, &b, &c))
      return access("gin access log", sp(b), sp(c), static_cast<int>(to_port(a)));
  }

  // Spring Boot: the actuator's base path, the web server's port and
  // context path, and (Spring MVC at INFO, older versions) its mappings.
  //   Exposing 1 endpoint(s) beneath base path '/actuator'
  //   Tomcat started on port(s): 8080 (http) with context path ''
  //   Tomcat started on port 8080 (http) with context path '/'
  //   Tomcat initialized with port 8080 (http)       (the port it will listen on)
  //   Mapped "{[/health],methods=[GET]}" onto public ...
  if (line.find("started on port") != std::string_view::npos ||
      line.find("initialized with port") != std::string_view::npos ||
      line.find("beneath base path") != std::string_view::npos ||
      line.find("Mapped \"{[") != std::string_view::npos) {
    static const RE2 base(R"(Exposing \d+ endpoints?(?:\(s\))? beneath base path '([^']*)')");
    static const RE2 server(
        R"((Tomcat|Jetty|Undertow|Netty) (?:started on|initialized with) port(?:\(s\))?:? (\d{1,5})(?: \([^)]*\))?(?: with context path '([^']*)')?)");
    static const RE2 mapped(R"(Mapped "\{\[([^\],]+)[^\]]*\](?:,methods=\[([A-Z]+))?)");
    if (RE2::PartialMatch(in, base, &a)) {
      ServedLine s;
      s.kind = ServedLine::Kind::BasePath;
      s.framework = "Spring Boot actuator";
      s.path = sp(a);
      return s;
    }
    if (RE2::PartialMatch(in, server, &a, &b, &c) && to_port(b)) {
      ServedLine s = listen(sp(a), "", to_port(b));
      s.context_path = c.data() ? sp(c) : "";
      return s;
    }
    if (RE2::PartialMatch(in, mapped, &a, &b))
      return route("Spring MVC mappings", b.data() ? sp(b) : "", sp(a));
  }

  // NestJS: [RouterExplorer] Mapped {/health, GET} route
  if (line.find("Mapped {") != std::string_view::npos) {
    static const RE2 nest(std::string(R"(Mapped \{(/[^,}]*), )") + kMethod + R"(\} route)");
    if (RE2::PartialMatch(in, nest, &a, &b)) return route("NestJS routes", sp(b), sp(a));
  }

  // A request line between quotes, then the status: the common and combined
  // log formats (nginx, Apache, morgan combined/common, gunicorn), werkzeug
  // (Flask) and uvicorn (FastAPI), quotes escaped inside a JSON envelope.
  //   10.1.0.1 - - [01/Mar/2024 10:00:00] "GET /healthz HTTP/1.1" 404 -
  //   INFO:     10.1.0.1:40000 - "GET /ready HTTP/1.1" 404 Not Found
  if (line.find("HTTP/") != std::string_view::npos) {
    static const RE2 quoted(std::string(R"(\\?")") + kMethod +
                            R"( (\S+) HTTP/[0-9.]+\\?" (\d{3})\b)");
    if (RE2::PartialMatch(in, quoted, &a, &b, &c))
      return access("access log", sp(a), sp(b), static_cast<int>(to_port(c)));
  }
  // morgan's dev, tiny and short formats: GET /healthz 404 1.234 ms - 145
  {
    static const RE2 morgan(
        std::string(R"((?:^|[\s\]])\x{1b}?(?:\[\d+m)?)") + kMethod +
        R"( (/\S*)(?: HTTP/[0-9.]+)? (?:\x{1b}\[\d+m)?(\d{3})(?:\x{1b}\[\d+m)? (?:[\d.]+ ms|\d+|-))");
    if (RE2::PartialMatch(in, morgan, &a, &b, &c))
      return access("access log", sp(a), sp(b), static_cast<int>(to_port(c)));
  }
  // A structured request record (JSON or logfmt): method, path and status
  // as fields, in any order.
  if (line.find("GET") != std::string_view::npos || line.find("HEAD") != std::string_view::npos) {
    static const RE2 m(
        std::string(R"((?:^|["\s{,])(?:method|http_method|req_method|verb)\\?"?[=:]\s*\\?"?)") +
        kMethod + R"(\b)");
    static const RE2 p(
        R"((?:^|["\s{,])(?:path|uri|url|request_uri|url_path|http_path)\\?"?[=:]\s*\\?"?(/[^"\s\\,]*))");
    static const RE2 st(
        R"((?:^|["\s{,])(?:status|status_code|statusCode|http_status|code)\\?"?[=:]\s*\\?"?(\d{3})\b)");
    if (RE2::PartialMatch(in, m, &a) && RE2::PartialMatch(in, p, &b) &&
        RE2::PartialMatch(in, st, &c))
      return access("request log", sp(a), sp(b), static_cast<int>(to_port(c)));
  }

  // Where a server says it listens.
  //   [2024-03-01 10:00:00 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)   gunicorn
  //   INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)       uvicorn
  //    * Running on http://127.0.0.1:5000                                            werkzeug
  //   Now listening on: http://[::]:8080                                              ASP.NET Core
  //   Listening on :9090 / Started server on 0.0.0.0:9090 / listening on port 3000    by hand
  //   {"msg":"http server listening","addr":":8080"}  addr=:8080                      structured
  std::string low = text::lower(line);
  if (any_of(low, {"listen", "running on", "running at", "serving", "server", "bound to"})) {
    static const RE2 at_addr(
        R"((?i)\b(?:listening|listen|serving|started|starting|running|bound)\b[^"\n]{0,40}?\b(?:on|at|to)\b:?\s*(?:(?:https?|tcp|h2c?)://)?)" KS_HOST
        R"(:(\d{1,5})\b)");
    static const RE2 on_port(
        R"((?i)\b(?:listening|listen|serving|started|starting|running)\b[^"\n]{0,40}?\bport:?\s+(\d{1,5})\b)");
    static const RE2 field(
        R"((?:^|["\s{,])(?:addr|address|listen|listen_addr|bind|bind_addr|port)\\?"?[=:]\s*\\?"?)" KS_HOST
        R"(:?(\d{1,5})\b)");
    std::string framework =
        low.find("gunicorn") != std::string::npos || low.find("listening at:") != std::string::npos
            ? "gunicorn"
        : low.find("uvicorn") != std::string::npos ? "uvicorn"
                                                   : "the app";
    if (RE2::PartialMatch(in, at_addr, &a, &b) && to_port(b))
      return listen(framework, a.data() ? sp(a) : "", to_port(b));
    if (RE2::PartialMatch(in, on_port, &a) && to_port(a)) return listen(framework, "", to_port(a));
    if (any_of(low, {"listen", "serving", "server start", "started server", "starting server",
                     "http server"}) &&
        RE2::PartialMatch(in, field, &a, &b) && to_port(b))
      return listen(framework, a.data() ? sp(a) : "", to_port(b));
  }
  return {};
}

#undef KS_HOST

void for_each_window_line(const model::Document& d, const model::LogFile& lf,
                          const std::function<void(uint32_t, std::string_view)>& fn) {
  if (!lf.lines.empty()) {
    size_t n = lf.lines.size();
    for (size_t i = 0; i < n; ++i) {
      if (i == kServedWindowLines && n > 2 * kServedWindowLines) i = n - kServedWindowLines;
      fn(lf.lines[i], d.line(lf.lines[i]));
    }
    return;
  }
  uint32_t first = std::max<uint32_t>(1, lf.first_line);
  uint32_t last = lf.last_line ? lf.last_line : d.line_count();
  for (uint32_t l = first; l <= last && l != 0; ++l) {
    if (l == first + kServedWindowLines && last - first + 1 > 2 * kServedWindowLines)
      l = last - kServedWindowLines + 1;
    fn(l, d.line(l));
  }
}

std::vector<uint32_t> serving_lines(const model::Document& d, const model::LogFile& lf) {
  std::vector<uint32_t> out;
  for_each_window_line(d, lf, [&](uint32_t l, std::string_view text) {
    if (read_served_line(text).kind != ServedLine::Kind::None) out.push_back(l);
  });
  return out;
}

std::vector<uint32_t> explained_log_lines(const model::Document& d,
                                          const std::vector<const model::LogFile*>& logs) {
  std::vector<uint32_t> out;
  for (const model::LogFile* lf : logs) {
    if (!lf || lf->doc != d.id) continue;
    auto more = serving_lines(d, *lf);
    out.insert(out.end(), more.begin(), more.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

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
      g.status = static_cast<int>(to_port(c));
    g.refused = m.find("connection refused") != std::string_view::npos;
    // The latest event of the kind says the most (events are oldest first),
    // but a status code or a refusal beats a message that has neither.
    if (!f.event || g.status || g.refused || (!f.status && !f.refused)) f = g;
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
      for (const auto& l : s.listens)
        if (others.find(std::to_string(l.port)) == std::string::npos)
          others += (others.empty() ? "" : ", ") + std::to_string(l.port);
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
