// The native driver: runs probes concurrently over one libcurl multi handle. TLS verification
// stays on, proxy environment variables are honoured (libcurl reads them), redirects are never
// followed, every request has its own timeout and the whole run an overall deadline.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "credprobe/probe.hpp"

namespace credprobe::native {

using Signer = std::function<SignResult(const SignStep&)>;

struct DriverOptions {
  double request_timeout_seconds = 10;
  double deadline_seconds = 30;  // for the whole run; probes still running then time out
  size_t max_response_bytes = 4 * 1024 * 1024;
  Signer signer;  // answers Sign steps; without one they fail with a clear verdict
  // Called with (probe index, "GET host/path") as requests start, for progress display.
  std::function<void(size_t, const std::string&)> on_request;
};

// Runs every probe to its verdict; verdicts come back in the probes' order.
std::vector<Verdict> run_probes(std::vector<std::unique_ptr<Probe>>& probes,
                                const DriverOptions& options);

}  // namespace credprobe::native
