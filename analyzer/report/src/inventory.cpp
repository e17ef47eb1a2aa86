#include <fmt/format.h>

#include <map>

#include "json_quote.h"
#include "kubesift/report/report.h"

namespace kubesift::report {

size_t Inventory::unreadable() const {
  size_t n = 0;
  for (const auto& i : inputs) n += !i.error.empty();
  return n;
}

void write_inventory_text(const Inventory& inv, std::ostream& out) {
  std::map<std::string, size_t> by_format;
  for (const auto& in : inv.inputs) ++by_format[in.error.empty() ? in.format : "unreadable"];
  out << fmt::format("kubesift {} inventory: {} input(s), {} unreadable\n", inv.tool_version,
                     inv.inputs.size(), inv.unreadable());
  out << "\nInputs by format:\n";
  for (const auto& [f, n] : by_format) out << fmt::format("  {:<24} {}\n", f, n);
  out << "\nObjects (each counted once, however many inputs show it):\n";
  for (const auto& [kind, n] : inv.objects) out << fmt::format("  {:<24} {}\n", kind, n);
  out << fmt::format("  {:<24} {}\n", "events", inv.events);
  out << fmt::format(
      "\nLogs: {} container log(s); {} container(s) with logs, {} with a previous log; {} log(s) "
      "matched no pod\n",
      inv.logs, inv.containers_with_logs, inv.containers_with_previous_logs, inv.unmatched_logs);
  out << "\nInputs:\n";
  for (const auto& in : inv.inputs)
    out << fmt::format("  {:<22} {}\n", in.error.empty() ? in.format : "UNREADABLE",
                       in.error.empty() ? terminal_safe(in.path) : describe_input_error(in));
  if (!inv.notes.empty()) {
    out << "\nNotes (what the inputs say was not collected):\n";
    for (const auto& n : inv.notes) out << "  - " << terminal_safe(n) << "\n";
  }
}

void write_inventory_json(const Inventory& inv, std::ostream& out) {
  out << "{\n  \"tool\": {\"name\": \"kubesift\", \"version\": " << json_quote(inv.tool_version)
      << "},\n  \"summary\": {\"inputs\": " << inv.inputs.size()
      << ", \"unreadable\": " << inv.unreadable() << ", \"objects\": ";
  write_counts(inv.objects, out);
  out << ", \"events\": " << inv.events << ", \"logs\": " << inv.logs
      << ", \"unmatched_logs\": " << inv.unmatched_logs
      << ", \"containers_with_logs\": " << inv.containers_with_logs
      << ", \"containers_with_previous_logs\": " << inv.containers_with_previous_logs << "},\n";
  write_inputs(inv.inputs, out);
  out << "  \"notes\": [";
  for (size_t i = 0; i < inv.notes.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << json_quote(inv.notes[i]);
  out << (inv.notes.empty() ? "]\n" : "\n  ]\n") << "}\n";
}

}  // namespace kubesift::report
