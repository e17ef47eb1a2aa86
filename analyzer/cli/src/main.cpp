#include <unistd.h>

#include <iostream>

#include "kubesift/cli/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  return kubesift::cli::run(args, std::cout, std::cerr, isatty(STDOUT_FILENO) == 1);
}
