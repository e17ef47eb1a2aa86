// Reports: what the analysis concluded, as text or JSON.
//
// Printers only format. Everything they print is in ReportData, computed by
// the layers before; a printer never parses input and never decides.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "kubesift/core/finding.h"

namespace kubesift::report {

struct InputInfo {
  std::string path;
  std::string format;
  std::string error;  // empty when the input was read
  uint32_t error_line = 0;
};

struct ReportData {
  std::string tool_version;
  std::vector<InputInfo> inputs;
  std::map<std::string, size_t> objects;  // kind → distinct objects
  size_t events = 0;
  uint64_t log_lines = 0;
  std::vector<Finding> findings;  // ranked
  std::vector<std::string> notes;

  size_t unreadable() const;
};

// What `kubesift inventory` prints: each input, its detected format, what
// the inputs hold, and what could not be read.
struct Inventory {
  std::string tool_version;
  std::vector<InputInfo> inputs;
  std::map<std::string, size_t> objects;
  size_t events = 0;
  size_t logs = 0;                  // container logs found (a file may hold several)
  size_t unmatched_logs = 0;        // logs no pod of the input claims
  size_t containers_with_logs = 0;  // observed containers with at least one log
  size_t containers_with_previous_logs = 0;
  std::vector<std::string> notes;

  size_t unreadable() const;
};

void write_inventory_text(const Inventory& inv, std::ostream& out);
void write_inventory_json(const Inventory& inv, std::ostream& out);

// The JSON report: the contract documented in README.md and checked by
// schema/report.schema.json.
void write_json(const ReportData& r, std::ostream& out);

struct TextOptions {
  bool color = false;
};
void write_text(const ReportData& r, std::ostream& out, const TextOptions& opts = {});

// "path:12: message" (or "path: message" when the line is unknown).
std::string describe_input_error(const InputInfo& in);

}  // namespace kubesift::report
