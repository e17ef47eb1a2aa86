// `kubesift inventory`: what was recognised in the inputs, without rules.
#include <sstream>

#include "commands.h"

namespace kubesift::cli {

int cmd_inventory(const po::variables_map& vm, const std::vector<std::string>& paths,
                  std::ostream& out, std::ostream& err) {
  std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    err << "kubesift: inventory --format must be text or json\n";
    return kError;
  }
  if (paths.empty()) {
    err << "kubesift: inventory needs at least one PATH\n";
    return kError;
  }
  std::vector<std::string> outs;
  if (vm.count("output")) outs = vm["output"].as<std::vector<std::string>>();
  if (outs.size() > 1) {
    err << "kubesift: inventory writes one report: give --output once\n";
    return kError;
  }
  auto in = load_inputs(paths);
  report::Inventory inv;
  inv.tool_version = KUBESIFT_VERSION;
  inv.inputs = input_infos(in->store);
  inv.objects = in->graph.object_counts;
  inv.events = in->graph.event_count;
  for (const auto& pv : in->graph.pods)
    for (const auto& cv : pv.containers) {
      inv.containers_with_logs += !cv.current_logs.empty() || !cv.previous_logs.empty();
      inv.containers_with_previous_logs += !cv.previous_logs.empty();
    }
  inv.logs = in->store.facts.logs.size();
  inv.unmatched_logs = in->graph.unmatched_logs.size();
  inv.notes = in->graph.notes;
  print_input_errors(inv.inputs, err);
  std::ostringstream buf;
  if (format == "json")
    report::write_inventory_json(inv, buf);
  else
    report::write_inventory_text(inv, buf);
  if (!write_file(outs.empty() ? std::string() : outs.front(), buf.str(), out, err)) return kError;
  return inv.unreadable() > 0 ? kError : kOk;
}

}  // namespace kubesift::cli
