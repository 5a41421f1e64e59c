// The native driver: runs probes concurrently over one libcurl multi handle. TLS verification
// stays on, proxy environment variables are honoured (libcurl reads them), redirects are never
// followed, every request has its own timeout and the whole run an overall deadline.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "credprobe/check_session.hpp"

namespace credprobe::native {

using Signer = std::function<SignResult(const SignStep&)>;

struct DriverOptions {
  double request_timeout_seconds = 10;
  double deadline_seconds = 30;  // for the whole run; probes still running then time out
  size_t max_response_bytes = 4 * 1024 * 1024;
  Signer signer;  // answers Sign steps; without one they fail with a clear verdict
  // Called with (session index, "GET host/path") as requests start, for progress display.
  std::function<void(size_t, const std::string&)> on_request;
};

// Runs every session to its verdict (session.verdict()), all of them concurrently. The driver
// only performs the I/O each session asks for; the step bound, the evidence and the redaction
// are the sessions'.
void run_checks(std::vector<CheckSession>& sessions, const DriverOptions& options);

}  // namespace credprobe::native
