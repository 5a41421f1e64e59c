#include "credprobe/scripted_driver.hpp"

namespace credprobe {

ScriptedDriver::ScriptedDriver(std::vector<HttpResult> results, Signer signer)
    : results_(std::move(results)), signer_(std::move(signer)) {}

Verdict ScriptedDriver::run(Probe& probe) {
  constexpr int kMaxSteps = 64;
  Step step = probe.start();
  for (int i = 0; i < kMaxSteps; ++i) {
    if (auto* done = std::get_if<DoneStep>(&step)) return done->verdict;
    if (auto* send = std::get_if<SendStep>(&step)) {
      sent_.push_back(*send);
      if (next_ >= results_.size()) break;
      step = probe.on_response(results_[next_++]);
    } else if (auto* sign = std::get_if<SignStep>(&step)) {
      signed_.push_back(*sign);
      if (!signer_) break;
      step = probe.on_signature(signer_(*sign));
    }
  }
  Verdict v;
  v.status = Status::indeterminate;
  v.summary = "scripted driver: the probe asked for more than the script holds";
  return v;
}

HttpResult http_answer(int status, std::string body, Headers headers) {
  HttpResult r;
  r.response.status = status;
  r.response.body = std::move(body);
  r.response.headers = std::move(headers);
  r.latency_ms = 12;
  return r;
}

HttpResult transport_failure(TransportError error) {
  HttpResult r;
  r.error = error;
  r.latency_ms = 5;
  return r;
}

}  // namespace credprobe
