// Internal to the engine: a failing probe checked against what the
// container itself says it serves.
//
// The kubelet only says that a probe failed ("HTTP probe failed with
// statuscode: 404", "connect: connection refused"). The container's own
// facts often say why: the ports it declares, and what its log prints at
// start-up and per request (a route table, the address it listens on, access
// lines with the status of each path). explain_probe compares the probe's
// path and port with them and, when they disagree, says so with the lines
// that show it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kubesift/model/store.h"
#include "signal.h"

namespace kubesift::engine {

// What one log line says the application serves.
struct ServedLine {
  enum class Kind {
    None,
    Route,     // a route table entry: `method` `path` (gin debug, Spring MVC, NestJS)
    Access,    // a request served: `method` `path` `status` (access logs of any kind)
    Listen,    // the address it listens on: `host` (may be empty: all) and `port`
    BasePath,  // Spring Boot actuator's base path (`path`): it serves <base>/health
  };
  Kind kind = Kind::None;
  std::string framework;  // who printed it, for the message ("gin route table", …)
  std::string method;
  std::string path;
  int status = 0;
  std::string host;
  long long port = 0;
  // Listen lines of servlet containers also give the context path every
  // route is under (Tomcat "with context path '/api'"); "" or "/" = none.
  std::string context_path;
};

// A request path as compared: without its query or fragment, without a
// trailing slash ("/healthz/?full=1" → "/healthz").
std::string clean_path(std::string_view p);

// Reads one log line (its envelope may be there: a CRI or docker json-file
// line, a timestamp prefix); Kind::None when it says nothing of the above.
ServedLine read_served_line(std::string_view line);

// The lines of `lf` that explain_probe reads: its first and last lines (route
// tables and listen addresses are printed at start-up, access lines repeat).
// Bounded, so that a huge log costs no more than a small one.
inline constexpr uint32_t kServedWindowLines = 1000;
void for_each_window_line(const model::Document& d, const model::LogFile& lf,
                          const std::function<void(uint32_t, std::string_view)>& fn);

// The line numbers of `lf` whose text read_served_line() understands, within
// the window above. A log compacted after its scan (Document::compact, the
// streaming analyze) keeps only the lines its hits quote: these must be kept
// too for explain_probe to read them later (explained_log_lines() in
// kubesift/engine/explained_lines.h gives them for all the logs of a document).
std::vector<uint32_t> serving_lines(const model::Document& d, const model::LogFile& lf);

// For a signal about a probe (its vars name the probe: {probe} = Liveness,
// readiness, …; the rules probe-failing, probe-port-undeclared,
// liveness-kills-slow-start): compares the probe of `c`'s container with its
// declared ports, its Unhealthy events and its logs' route tables, listen
// addresses and access lines. When they disagree it adds
//   {probe_detail}  a sentence: what the probe asks, what the app serves,
//                   with file:line of the lines that show it
//   {probe_fix}     a sentence naming the path/port to probe instead
// and the lines as evidence (role "log"; declared ports "config"). Adds
// nothing when nothing disagrees or the inputs do not tell.
void explain_probe(const model::Store& store, const ContainerCase& c, Signal& sig);

}  // namespace kubesift::engine
