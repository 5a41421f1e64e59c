// A driver for unit tests: replays canned results in order and records what the probe sent.
// It is sans-IO like the rest of the core, so probe behaviour can be specified exactly.
#pragma once

#include <functional>
#include <vector>

#include "credprobe/probe.hpp"

namespace credprobe {

class ScriptedDriver {
 public:
  using Signer = std::function<SignResult(const SignStep&)>;

  explicit ScriptedDriver(std::vector<HttpResult> results, Signer signer = {});

  // Runs the probe to its verdict. Running out of scripted results, or a probe that never
  // finishes, ends with an `indeterminate` verdict whose summary names the problem.
  Verdict run(Probe& probe);

  const std::vector<SendStep>& sent() const { return sent_; }
  const std::vector<SignStep>& signed_data() const { return signed_; }

 private:
  std::vector<HttpResult> results_;
  size_t next_ = 0;
  Signer signer_;
  std::vector<SendStep> sent_;
  std::vector<SignStep> signed_;
};

// Convenience for scripts: an HTTP answer, or a transport failure.
HttpResult http_answer(int status, std::string body, Headers headers = {});
HttpResult transport_failure(TransportError error);

}  // namespace credprobe
