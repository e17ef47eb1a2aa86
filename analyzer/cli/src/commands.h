// Internal to the CLI: one function per command.
#pragma once

#include "common.h"

namespace kubesift::cli {

int cmd_analyze(const po::variables_map& vm, const std::vector<std::string>& paths,
                std::ostream& out, std::ostream& err, bool tty);
int cmd_lint(const po::variables_map& vm, const std::vector<std::string>& paths, std::ostream& out,
             std::ostream& err, bool tty);
int cmd_inventory(const po::variables_map& vm, const std::vector<std::string>& paths,
                  std::ostream& out, std::ostream& err);
int cmd_merge(const po::variables_map& vm, const std::vector<std::string>& parts, std::ostream& out,
              std::ostream& err, bool tty);
// `program`: the command as typed ("kubesift", "kubectl sift"), for hints.
int cmd_rules(const po::variables_map& vm, std::string_view program, std::ostream& out,
              std::ostream& err);
int cmd_explain(const po::variables_map& vm, const std::vector<std::string>& args,
                std::string_view program, std::ostream& out, std::ostream& err);
// `completion bash|zsh|fish` (completion.cpp) and `man` (manpage.cpp): the
// scripts and the page generated from the command table (spec.h).
int cmd_completion(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_man(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `__complete WORD...` (complete_words.cpp): the candidates for the last
// word, one a line, then cobra's `:directive` (what kubectl reads from a
// plugin's completion helper, kubectl_complete-sift).
int cmd_complete_words(const std::vector<std::string>& words, std::ostream& out);

}  // namespace kubesift::cli
