// What a log line says the application serves: route tables, listen
// addresses, access lines, in the formats of common servers and frameworks;
// and which lines of a log are read for it.
#include <re2/re2.h>

#include <algorithm>

#include "explain_probe.h"
#include "kubesift/core/text.h"
#include "kubesift/engine/explained_lines.h"

namespace kubesift::engine {
namespace {

using re2::StringPiece;

std::string sp(const StringPiece& p) {
  return std::string(p.data(), p.size());
}

long long to_port(const StringPiece& p) {
  long long n = 0;
  return text::to_int(std::string_view(p.data(), p.size()), n) && n > 0 && n < 65536 ? n : 0;
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

std::string clean_path(std::string_view p) {
  if (size_t q = p.find_first_of("?#"); q != std::string_view::npos) p = p.substr(0, q);
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  return std::string(p);
}

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
        R"((?:^|["\s{,])(?:addr|address|listen|listen_addr|bind|bind_addr|port)\\?"?[=:]\s*\\?"?(?:)" KS_HOST
        R"(:)?(\d{1,5})\b)");
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

}  // namespace kubesift::engine
