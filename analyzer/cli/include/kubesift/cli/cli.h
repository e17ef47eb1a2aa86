// The command line: the only layer that prints and decides the exit code.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kubesift::cli {

enum ExitCode { kOk = 0, kFindings = 1, kError = 2 };

// Runs kubesift with `args` (without the program name). `out` receives the
// report (unless --output is given), `err` diagnostics. `stdout_is_tty`
// decides colour for text reports (NO_COLOR always wins). `program` is the
// command as the user types it, named so in the usage and in hints:
// "kubesift", or "kubectl sift" for the kubectl plugin (program_name).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        bool stdout_is_tty = false, std::string_view program = "kubesift");

// The command as typed, from argv[0]: "kubectl sift" when its basename is
// kubectl-sift (kubectl runs `kubectl sift ARGS` as `kubectl-sift ARGS`),
// else "kubesift".
std::string program_name(std::string_view argv0);

}  // namespace kubesift::cli
