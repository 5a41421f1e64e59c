// The credprobe subcommands. Each returns the process exit code (see exit_codes.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/output.hpp"
#include "credprobe/check_session.hpp"
#include "credprobe/registry.hpp"

namespace credprobe::cli {

struct CheckArgs {
  std::string provider;  // empty with --all
  bool all = false;
  std::vector<std::string> fields;     // NAME=VALUE or NAME=@FILE
  std::vector<std::string> endpoints;  // URL or NAME=URL
  std::vector<std::string> options;    // NAME=VALUE provider options
  std::string profile;
  bool no_sources = false;  // only --field values: the conventional sources are not read
  double timeout_seconds = 10;
  bool json = false;
  std::optional<long long> now;  // pretend clock, for testing clock-skew handling
  std::string config;            // --config FILE: a Clustrix configuration; --profile names
                                 // one of its profiles
};

struct LintArgs {
  std::string provider;
  std::vector<std::string> fields;
  std::string profile;
  bool no_sources = false;
  bool json = false;
  std::string config;  // --config FILE
};

int run_check(const CheckArgs& args);
int run_lint(const LintArgs& args);
int run_providers(bool json, const std::string& markdown_id);

// `check --config` and `lint --config` (config_command.cpp).
int run_check_config(const CheckArgs& args);
int run_lint_config(const LintArgs& args);

// Shared by `check --all` and `check --config`: the error for an --option no provider declares
// ("" when each is declared by some provider), and running prepared sessions concurrently
// through the libcurl driver (progress on stderr, one label per session, unless --json).
std::string undeclared_option(const std::map<std::string, std::string>& options,
                              const std::vector<ProviderSpec>& registry);
std::vector<Verdict> run_concurrently(const CheckArgs& args, const std::vector<std::string>& labels,
                                      std::vector<CheckSession>& sessions, const Output& out);

}  // namespace credprobe::cli
