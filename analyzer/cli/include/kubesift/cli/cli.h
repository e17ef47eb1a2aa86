// The command line: the only layer that prints and decides the exit code.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace kubesift::cli {

enum ExitCode { kOk = 0, kFindings = 1, kError = 2 };

// Runs kubesift with `args` (without the program name). `out` receives the
// report (unless --output is given), `err` diagnostics. `stdout_is_tty`
// decides colour for text reports (NO_COLOR always wins).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        bool stdout_is_tty = false);

}  // namespace kubesift::cli
