// One check, pumped by a driver (in the spirit of nghttp2's session): the session runs the probe's
// step loop under one bound, keeps the evidence of every request, registers the secrets the probe
// learns, redacts the final verdict and writes internal-error verdicts with the provider and the
// time. Drivers only perform the I/O the session asks for and feed the results back.
//
// Every piece of I/O is an Action with an id, and results come back by id: a driver takes the
// actions, performs each at once (a probe may have several requests in flight: SendAllStep),
// and feeds each result back in any order. The session hands the answers to the probe in the
// order the requests were made, so a probe reads them as if they had come one after another.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "credprobe/check.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/redact.hpp"

namespace credprobe {

using ActionId = std::uint64_t;

// Perform the request and feed back its HttpResult.
struct SendAction {
  ActionId id = 0;
  SendStep send;
};

// Sign the data and feed back the SignResult.
struct SignAction {
  ActionId id = 0;
  SignStep sign;
};

// Wait `seconds` (a provider's documented rate limit: Lambda's readiness paces its requests one
// second apart) and feed back feed_waited(id). Every driver performs the wait without blocking
// its loop; the scripted driver's time is scripted, so it feeds it back at once.
struct WaitAction {
  ActionId id = 0;
  int seconds = 0;
};

using Action = std::variant<SendAction, SignAction, WaitAction>;

class CheckSession {
 public:
  // Probes never take more steps than this; one that does ends as an internal error.
  static constexpr int kMaxSteps = 64;

  // Runs the prepared check's probe, or holds the verdict prepare_check already decided.
  explicit CheckSession(PreparedCheck prepared);
  CheckSession(CheckSession&&) = default;
  CheckSession& operator=(CheckSession&&) = default;

  // Starts the probe (once); then the actions the driver must perform, each handed out once.
  std::vector<Action> take_actions();

  void feed_response(ActionId id, const HttpResult& result);
  void feed_signature(ActionId id, const SignResult& result);
  void feed_waited(ActionId id);
  // The driver gives up (its deadline): every outstanding action fails with `why`, and the probe
  // gets to say what that means, within the step bound.
  void abandon(const std::string& why);
  // The driver cannot go on (a script ran out, a bug): the check ends as an internal error.
  void fail(const std::string& why) { internal_error(why); }

  bool done() const { return verdict_.has_value(); }
  // The verdict, redacted, with the session's evidence. Only when done().
  const Verdict& verdict() const { return *verdict_; }
  const std::string& provider() const { return provider_; }
  const Redactor& redactor() const { return redactor_; }

 private:
  struct Outstanding {
    ActionId id = 0;
    Action action;
    std::optional<HttpResult> result;  // a send's answer, arrived before an earlier send's
  };

  void advance(Step step);
  void add_action(Action action);
  // Hands the probe every answer that is next in request order, until one is still missing.
  void read_answers_in_order();
  bool sends_outstanding() const;
  void finish(Verdict verdict);
  void internal_error(const std::string& what);
  void absorb_probe_notes();
  std::optional<Outstanding> take_outstanding(ActionId id);

  std::string provider_;
  std::int64_t now_ = 0;
  Redactor redactor_;
  std::unique_ptr<Probe> probe_;
  bool started_ = false;
  int steps_ = 0;
  ActionId next_id_ = 1;
  std::vector<Outstanding> outstanding_;  // handed out, waiting for results
  std::vector<Action> fresh_;             // not yet handed out
  std::vector<Evidence> evidence_;
  std::optional<Verdict> verdict_;
};

// Redacts every text of a verdict with `redactor`.
void redact_verdict(Verdict& verdict, const Redactor& redactor);

}  // namespace credprobe
