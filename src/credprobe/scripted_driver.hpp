// A driver for unit tests: replays canned results in order and records what the probe sent.
// It is sans-IO like the rest of the core, so probe behaviour can be specified exactly. Like
// every driver it only performs I/O (here: hands out the next canned result) for a CheckSession.
#pragma once

#include <functional>
#include <vector>

#include "credprobe/check_session.hpp"

namespace credprobe {

class ScriptedDriver {
 public:
  using Signer = std::function<SignResult(const SignStep&)>;

  explicit ScriptedDriver(std::vector<HttpResult> results, Signer signer = {});

  // The script's results belong to the requests in the order they were sent; a driver may feed
  // the answers of requests in flight together in any order, and `reversed` feeds them last
  // first (the session must still hand them to the probe in request order).
  enum class Feed { as_sent, reversed };
  void feed_order(Feed order) { order_ = order; }

  // Runs the check to its verdict. Running out of scripted results, or a Sign step without a
  // signer, ends with the session's internal-error verdict naming the problem.
  Verdict run(PreparedCheck prepared);

  const std::vector<SendStep>& sent() const { return sent_; }
  const std::vector<SignStep>& signed_data() const { return signed_; }
  const std::vector<int>& waits() const { return waits_; }  // seconds, as the probe asked
  // How many times requests went out while none were in flight: the dependent round trips,
  // which with every answer taking the same time set the check's wall time.
  int round_trips() const { return round_trips_; }

 private:
  std::vector<HttpResult> results_;
  size_t next_ = 0;
  Signer signer_;
  Feed order_ = Feed::as_sent;
  int round_trips_ = 0;
  std::vector<SendStep> sent_;
  std::vector<SignStep> signed_;
  std::vector<int> waits_;
};

// Convenience for scripts: an HTTP answer, or a transport failure.
HttpResult http_answer(int status, std::string body, Headers headers = {});
HttpResult transport_failure(TransportError error);

}  // namespace credprobe
