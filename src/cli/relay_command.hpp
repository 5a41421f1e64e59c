// `credprobe relay`: a loopback relay for browser pages, for the provider endpoints that refuse
// cross-origin requests. Not an open proxy: see the help text in relay_command.cpp.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace credprobe::cli {

struct RelayArgs {
  int port = 8787;
  std::string allow_origin = "http://127.0.0.1:8000";
  std::vector<std::string> insecure_hosts;  // exact HOST:PORT on loopback, reached over http
  double timeout_seconds = 10;
  int max_concurrent = 16;
  long idle_exit_seconds = 3600;
  bool print_policy = false;  // print the policy as JSON and exit
};

// Adds the `relay` subcommand with its flags and help; returns it.
CLI::App* add_relay_subcommand(CLI::App& app, RelayArgs& args);

// Runs the relay until SIGINT/SIGTERM or --idle-exit; returns the exit code.
int run_relay(const RelayArgs& args);

}  // namespace credprobe::cli
