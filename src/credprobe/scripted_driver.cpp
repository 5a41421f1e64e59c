#include "credprobe/scripted_driver.hpp"

#include <algorithm>

namespace credprobe {

ScriptedDriver::ScriptedDriver(std::vector<HttpResult> results, Signer signer)
    : results_(std::move(results)), signer_(std::move(signer)) {}

Verdict ScriptedDriver::run(PreparedCheck prepared) {
  CheckSession session(std::move(prepared));
  while (!session.done()) {
    std::vector<Action> actions = session.take_actions();
    if (session.done()) break;  // the probe decided without any I/O
    if (actions.empty()) {
      session.fail("scripted driver: the session asked for nothing and did not finish");
      break;
    }
    // Every request handed out is sent, even when an earlier answer ends the check; each takes
    // the script's next result.
    std::vector<std::pair<ActionId, HttpResult>> answers;
    for (const auto& action : actions) {
      auto* send = std::get_if<SendAction>(&action);
      if (!send) continue;
      sent_.push_back(send->send);
      if (next_ < results_.size()) answers.emplace_back(send->id, results_[next_++]);
    }
    if (!answers.empty()) ++round_trips_;
    if (order_ == Feed::reversed && answers.size() > 1 && answers.size() == actions.size()) {
      for (auto it = answers.rbegin(); it != answers.rend() && !session.done(); ++it) {
        session.feed_response(it->first, it->second);
      }
      continue;
    }
    // The script answers the requests in the order they were sent.
    for (auto& action : actions) {
      if (session.done()) break;
      if (auto* send = std::get_if<SendAction>(&action)) {
        auto answer = std::find_if(answers.begin(), answers.end(),
                                   [&](const auto& a) { return a.first == send->id; });
        if (answer == answers.end()) {
          session.fail("scripted driver: the probe asked for more than the script holds");
          break;
        }
        session.feed_response(send->id, answer->second);
      } else if (auto* sign = std::get_if<SignAction>(&action)) {
        signed_.push_back(sign->sign);
        if (!signer_) {
          session.fail("scripted driver: the probe asked to sign and the script has no signer");
          break;
        }
        session.feed_signature(sign->id, signer_(sign->sign));
      } else if (auto* wait = std::get_if<WaitAction>(&action)) {
        waits_.push_back(wait->seconds);  // scripted time: the wait is over at once
        session.feed_waited(wait->id);
      }
    }
  }
  return session.verdict();
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
