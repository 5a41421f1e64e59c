// Shared state of the provider emulator: the fixtures it was started with, the faults armed
// through the control endpoint, the log of requests received, and the stop signal that wakes
// every handler that is deliberately waiting (latency, hang) so the server can shut down promptly.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct ArmedFault {
  std::string path;     // exact request path the fault applies to
  nlohmann::json spec;  // {"fault": NAME, ...params}
  long long remaining;  // how many more requests to that path it hits
  // When not empty, only requests whose body contains this text: AWS sends STS, EC2 and
  // Service Quotas calls all to "/", told apart by the action in the body.
  std::string body_contains;
};

struct EmulatorState {
  explicit EmulatorState(nlohmann::json fixtures_json);

  // Parsed once at start and never written afterwards: handlers may read it without the lock.
  const nlohmann::json fixtures;
  const std::chrono::steady_clock::time_point started;

  // Takes one use of the fault armed for `path`, if any (the oldest arming wins).
  std::optional<nlohmann::json> take_armed_fault(const std::string& path, const std::string& body);
  void arm_fault(ArmedFault fault);
  void clear_faults();

  // Logs method, path, query parameter names and header names; never a value, since values
  // carry tokens and signatures.
  void record_request(const httplib::Request& req);
  nlohmann::json request_log();
  void clear_request_log();
  std::chrono::steady_clock::time_point last_request();

  // Sleeps for `duration`, returning early (false) if the emulator is stopping.
  bool sleep_unless_stopping(std::chrono::milliseconds duration);
  void request_stop();
  bool is_stopping();

  // One line per route a provider serves, printed at start so a reader of the test log can
  // see what the emulator plays.
  void announce(const std::string& provider, const std::string& what);
  std::vector<std::string> announcements();

 private:
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::vector<ArmedFault> armed_;
  nlohmann::json log_ = nlohmann::json::array();
  std::size_t next_seq_ = 1;
  std::chrono::steady_clock::time_point last_request_;
  std::vector<std::string> announcements_;
};
