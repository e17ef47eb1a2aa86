#include <malloc.h>
#include <unistd.h>

#include <iostream>

#include "kubesift/cli/cli.h"

int main(int argc, char** argv) {
  // Inputs are read a batch at a time into buffers of a few MiB each and
  // freed once scanned: kept in the heap (not mapped and unmapped each
  // time), the next batch reuses their pages instead of faulting in fresh
  // zeroed ones (measured: a sixth of a bulk scan's time, bench/RESULTS.md).
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  // Run as kubectl_complete-sift, kubectl's completion helper of the plugin
  // (`kubectl sift <TAB>` runs it with the words typed): complete them.
  std::string_view self = argc > 0 ? argv[0] : "kubesift";
  if (self.substr(self.rfind('/') + 1) == "kubectl_complete-sift")
    args.insert(args.begin(), "__complete");
  // Run as kubectl-sift (the kubectl plugin), the help names it `kubectl sift`.
  int code = kubesift::cli::run(args, std::cout, std::cerr, isatty(STDOUT_FILENO) == 1,
                                kubesift::cli::program_name(argc > 0 ? argv[0] : "kubesift"));
  // Whatever a command printed (rules, explain, help) must have reached
  // stdout: a full disk or a closed pipe is an error, not a silent loss.
  std::cout.flush();
  if (!std::cout && code != kubesift::cli::kError) {
    std::cerr << "kubesift: cannot write to standard output\n";
    return kubesift::cli::kError;
  }
  return code;
}
