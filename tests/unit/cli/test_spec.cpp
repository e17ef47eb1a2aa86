// The command table (cli/src/spec.h) and what is generated from it: the
// help, the completion scripts, the man page; the kubectl plugin's name.
#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "cli/src/spec.h"
#include "kubesift/cli/cli.h"

using kubesift::cli::run;
namespace spec = kubesift::cli::spec;

namespace {

struct Run {
  int code;
  std::string out, err;
};

Run cli(const std::vector<std::string>& args, std::string_view program = "kubesift") {
  std::ostringstream out, err;
  int code = run(args, out, err, false, program);
  return {code, out.str(), err.str()};
}

bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// An option as roff writes it: each dash escaped.
std::string roff(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

}  // namespace

TEST_CASE("the table is consistent: every option a command uses exists, names are unique") {
  const auto& s = spec::table();
  std::set<std::string> names, shorts;
  for (const auto& o : s.options) {
    CHECK(names.insert(o.name).second);
    if (o.short_name) CHECK(shorts.insert(std::string(1, o.short_name)).second);
    CHECK_FALSE(o.help.empty());
    if (o.kind == spec::Kind::Choice) CHECK_FALSE(o.values.empty());
  }
  for (const auto& c : s.commands) {
    CHECK_FALSE(c.summary.empty());
    for (const auto& u : c.uses) {
      INFO(c.name << " uses --" << u.option);
      CHECK(s.option(u.option) != nullptr);
    }
  }
  // Every option but the global ones belongs to a command.
  for (const auto& o : s.options)
    if (o.name != "help" && o.name != "version") CHECK_FALSE(s.commands_of(o.name).empty());
}

TEST_CASE("--help lists every command and every option of the table, and every report format") {
  Run r = cli({"--help"});
  REQUIRE(r.code == 0);
  for (const auto& c : spec::table().commands) {
    INFO(c.name);
    CHECK(has(r.out, "  kubesift " + c.name));
    CHECK(has(r.out, c.summary));
  }
  for (const auto& o : spec::table().options) {
    INFO(o.name);
    CHECK(has(r.out, "--" + o.name));
    if (o.short_name) CHECK(has(r.out, std::string("-") + o.short_name + ", --" + o.name));
  }
  for (const auto& f : spec::report_formats()) CHECK(has(r.out, f));
  CHECK(spec::report_formats().size() >= 6);
  // The usage is on stderr, and the exit code 2, when no command is given.
  Run none = cli({});
  CHECK(none.code == 2);
  CHECK(none.out.empty());
  CHECK(none.err == r.out);
}

TEST_CASE("completion bash, zsh and fish name every command, every option and every format") {
  for (const char* shell : {"bash", "zsh", "fish"}) {
    Run r = cli({"completion", shell});
    INFO(shell);
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    for (const auto& c : spec::table().commands) CHECK(has(r.out, c.name));
    for (const auto& o : spec::table().options) {
      INFO(o.name);
      if (std::string(shell) == "fish") {  // fish spells them -l NAME, -s X
        CHECK(has(r.out, "-l " + o.name));
        if (o.short_name) CHECK(has(r.out, std::string("-s ") + o.short_name));
      } else {
        CHECK(has(r.out, "--" + o.name));
        if (o.short_name) CHECK(has(r.out, std::string("-") + o.short_name));
      }
    }
    for (const auto& f : spec::report_formats()) CHECK(has(r.out, f));
    for (const auto& sev : spec::severities()) CHECK(has(r.out, sev));
    CHECK(has(r.out, "rules --format ids"));  // rule ids are asked of kubesift
    CHECK(has(r.out, "kubectl-sift"));        // the plugin's name completes too
  }
}

TEST_CASE("completion of an unknown shell, or of none, is a usage error") {
  Run r = cli({"completion", "tcsh"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(has(r.err, "tcsh"));
  CHECK(has(r.err, "bash, zsh or fish"));
  CHECK(cli({"completion"}).code == 2);
  CHECK(cli({"completion", "bash", "zsh"}).code == 2);
}

TEST_CASE("man prints a section 1 page with every section and every option") {
  Run r = cli({"man"});
  REQUIRE(r.code == 0);
  CHECK(has(r.out, ".TH KUBESIFT 1 "));
  for (const char* sec : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS",
                          ".SH OPTIONS", ".SH \"EXIT STATUS\"", ".SH EXAMPLES", ".SH \"SEE ALSO\""})
    CHECK(has(r.out, sec));
  for (const auto& o : spec::table().options) {
    INFO(o.name);
    CHECK(has(r.out, "\\fB" + roff("--" + o.name) + "\\fR"));
  }
  for (const auto& c : spec::table().commands) CHECK(has(r.out, ".TP\n\\fB" + roff(c.name)));
  for (const auto& [code, meaning] : spec::table().exit_codes)
    CHECK(has(r.out, ".TP\n\\fB" + code));
  // No line may start with a quote or a dot that is not a request.
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK_FALSE(line.starts_with("'"));
  }
  CHECK(cli({"man", "extra"}).code == 2);
}

TEST_CASE("rules --format ids lists one rule id a line, every rule of the catalog") {
  Run ids = cli({"rules", "--format", "ids"});
  REQUIRE(ids.code == 0);
  Run json = cli({"rules", "--format", "json"});
  REQUIRE(json.code == 0);
  std::istringstream in(ids.out);
  size_t n = 0;
  for (std::string id; std::getline(in, id); ++n) {
    INFO(id);
    CHECK_FALSE(id.empty());
    CHECK(id.find(' ') == std::string::npos);
    CHECK(has(json.out, "{\"id\": \"" + id + "\""));
  }
  size_t in_json = 0;
  for (size_t at = 0; (at = json.out.find("{\"id\": ", at)) != std::string::npos; ++at) ++in_json;
  CHECK(n == in_json);
  CHECK(n > 50);
}

TEST_CASE("every --format value the table gives rules and inventory is one they take") {
  const auto& s = spec::table();
  for (const auto& o : s.options_of(*s.command("rules")))
    if (o.name == "format")
      for (const auto& v : o.values) {
        INFO(v);
        CHECK(cli({"rules", "--format", v}).code == 0);
      }
  for (const auto& o : s.options_of(*s.command("inventory")))
    if (o.name == "format")
      for (const auto& v : o.values) {
        INFO(v);
        CHECK(cli({"inventory", "samples/demo-ng/get-pods.txt", "--format", v}).code == 0);
      }
}

TEST_CASE("an option the command does not take is a usage error naming the commands that do") {
  Run r = cli({"inventory", "samples/demo-ng", "--rules", "rules"});
  CHECK(r.code == 2);
  CHECK(has(r.err, "--rules is an option of `analyze`"));
  CHECK(has(r.err, "not of `inventory`"));
  Run shard = cli({"lint", "samples/demo-ng", "--shard", "1/2"});
  CHECK(shard.code == 2);
  CHECK(has(shard.err, "--shard is an option of `analyze`, not of `lint`"));
  Run lint_only = cli({"analyze", "samples/demo-ng", "--strict-refs"});
  CHECK(lint_only.code == 2);
  CHECK(has(lint_only.err, "--strict-refs is an option of `lint`"));
  // Defaults (--format text, --hygiene on) are not options given.
  CHECK(cli({"explain", "oom-killed"}).code == 0);
}

TEST_CASE("as kubectl-sift, the help and the hints name `kubectl sift`") {
  using kubesift::cli::program_name;
  CHECK(program_name("kubectl-sift") == "kubectl sift");
  CHECK(program_name("/usr/local/bin/kubectl-sift") == "kubectl sift");
  CHECK(program_name("/usr/bin/kubesift") == "kubesift");
  CHECK(program_name("build/kubectl-sift-old") == "kubesift");
  Run r = cli({"--help"}, "kubectl sift");
  REQUIRE(r.code == 0);
  for (const auto& c : spec::table().commands) CHECK(has(r.out, "  kubectl sift " + c.name));
  CHECK_FALSE(has(r.out, "  kubesift analyze"));
  CHECK(has(r.out, "kubectl sift --help | --version"));
  Run bad = cli({"explain"}, "kubectl sift");
  CHECK(bad.code == 2);
  CHECK(has(bad.err, "`kubectl sift rules`"));
  Run opt = cli({"rules", "--shard", "1/2"}, "kubectl sift");
  CHECK(has(opt.err, "`kubectl sift --help`"));
  Run unknown = cli({"frobnicate"}, "kubectl sift");
  CHECK(unknown.code == 2);
  CHECK(has(unknown.err, "  kubectl sift analyze"));
}
