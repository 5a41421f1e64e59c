// The credprobe subcommands. Each returns the process exit code (see exit_codes.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace credprobe::cli {

struct CheckArgs {
  std::string provider;  // empty with --all
  bool all = false;
  std::vector<std::string> fields;     // NAME=VALUE or NAME=@FILE
  std::vector<std::string> endpoints;  // URL or NAME=URL
  std::vector<std::string> options;    // NAME=VALUE provider options
  std::string profile;
  double timeout_seconds = 10;
  bool json = false;
  std::optional<long long> now;  // pretend clock, for testing clock-skew handling
};

struct LintArgs {
  std::string provider;
  std::vector<std::string> fields;
  std::string profile;
  bool json = false;
};

int run_check(const CheckArgs& args);
int run_lint(const LintArgs& args);
int run_providers(bool json, const std::string& markdown_id);

}  // namespace credprobe::cli
