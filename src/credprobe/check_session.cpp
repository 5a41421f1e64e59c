#include "credprobe/check_session.hpp"

#include <algorithm>

namespace credprobe {

CheckSession::CheckSession(PreparedCheck prepared)
    : provider_(std::move(prepared.provider)),
      now_(prepared.now),
      redactor_(std::move(prepared.redactor)),
      probe_(std::move(prepared.probe)) {
  if (prepared.verdict) {
    finish(std::move(*prepared.verdict));
  } else if (!probe_) {
    internal_error("the check has neither a probe nor a verdict");
  }
}

std::vector<Action> CheckSession::take_actions() {
  if (!started_ && !done()) {
    started_ = true;
    advance(probe_->start());
  }
  std::vector<Action> out = std::move(fresh_);
  fresh_.clear();
  return out;
}

std::optional<CheckSession::Outstanding> CheckSession::take_outstanding(ActionId id) {
  for (auto it = outstanding_.begin(); it != outstanding_.end(); ++it) {
    if (it->id == id) {
      Outstanding found = std::move(*it);
      outstanding_.erase(it);
      return found;
    }
  }
  return std::nullopt;
}

void CheckSession::feed_response(ActionId id, const HttpResult& result) {
  if (done()) return;
  for (auto& outstanding : outstanding_) {
    if (outstanding.id != id) continue;
    // Not a send's id, or answered twice: ignored.
    if (!std::holds_alternative<SendAction>(outstanding.action) || outstanding.result) return;
    outstanding.result = result;
    return read_answers_in_order();
  }
}

void CheckSession::read_answers_in_order() {
  while (!done()) {
    auto first_send = std::find_if(outstanding_.begin(), outstanding_.end(), [](const auto& o) {
      return std::holds_alternative<SendAction>(o.action);
    });
    if (first_send == outstanding_.end() || !first_send->result) return;
    const Outstanding answered = std::move(*first_send);
    outstanding_.erase(first_send);
    const HttpRequest& request = std::get<SendAction>(answered.action).send.request;
    Step step = probe_->on_response(*answered.result);
    evidence_.push_back(evidence_for(request, *answered.result, probe_->noted_code_));
    advance(std::move(step));
  }
}

bool CheckSession::sends_outstanding() const {
  return std::any_of(outstanding_.begin(), outstanding_.end(),
                     [](const auto& o) { return std::holds_alternative<SendAction>(o.action); });
}

void CheckSession::feed_signature(ActionId id, const SignResult& result) {
  if (done()) return;
  auto found = take_outstanding(id);
  if (!found || !std::holds_alternative<SignAction>(found->action)) return;
  advance(probe_->on_signature(result));
}

void CheckSession::feed_waited(ActionId id) {
  if (done()) return;
  auto found = take_outstanding(id);
  if (!found || !std::holds_alternative<WaitAction>(found->action)) return;
  advance(probe_->on_waited());
}

void CheckSession::abandon(const std::string& why) {
  // Every outstanding action fails; the probe may answer a failure with another request, which
  // fails the same way, until it decides (the step bound holds throughout).
  HttpResult timeout;
  timeout.error = TransportError::timeout;
  timeout.error_detail = why;
  while (!done() && !outstanding_.empty()) {
    const Outstanding next = outstanding_.front();
    if (std::holds_alternative<SendAction>(next.action)) {
      for (auto& outstanding : outstanding_) {
        if (std::holds_alternative<SendAction>(outstanding.action) && !outstanding.result) {
          outstanding.result = timeout;
        }
      }
      read_answers_in_order();
    } else if (std::holds_alternative<SignAction>(next.action)) {
      feed_signature(next.id, SignResult{"", why});
    } else {
      feed_waited(next.id);
    }
  }
  fresh_.clear();
  if (!done()) internal_error("the check was abandoned: " + why);
}

void CheckSession::absorb_probe_notes() {
  probe_->noted_code_.clear();
  for (const auto& secret : probe_->learned_secrets_) redactor_.add(secret);
  probe_->learned_secrets_.clear();
}

void CheckSession::advance(Step step) {
  absorb_probe_notes();
  if (done()) return;
  if (++steps_ > kMaxSteps) return internal_error("the probe did not finish");
  if (auto* finished = std::get_if<DoneStep>(&step)) return finish(std::move(finished->verdict));
  if (std::holds_alternative<AwaitStep>(step)) {
    if (!sends_outstanding()) internal_error("the probe awaits an answer to no request");
    return;
  }
  if (auto* all = std::get_if<SendAllStep>(&step)) {
    if (all->sends.empty()) return internal_error("the probe sent an empty set of requests");
    if (all->sends.size() > static_cast<std::size_t>(kMaxSteps))
      return internal_error("the probe sent too many requests");
    for (auto& send : all->sends) add_action(SendAction{0, std::move(send)});
    return;
  }
  if (auto* send = std::get_if<SendStep>(&step)) {
    add_action(SendAction{0, std::move(*send)});
  } else if (auto* sign = std::get_if<SignStep>(&step)) {
    add_action(SignAction{0, std::move(*sign)});
  } else if (auto* wait = std::get_if<WaitStep>(&step)) {
    add_action(WaitAction{0, wait->seconds});
  }
}

void CheckSession::add_action(Action action) {
  const ActionId id = next_id_++;
  std::visit([id](auto& a) { a.id = id; }, action);
  outstanding_.push_back({id, action, std::nullopt});
  fresh_.push_back(std::move(action));
}

void CheckSession::finish(Verdict verdict) {
  if (verdict.provider.empty()) verdict.provider = provider_;
  if (verdict.checked_at.empty()) verdict.checked_at = iso8601_utc(now_);
  // The evidence is the session's: every request that was answered, in order. A verdict decided
  // before anything was sent has none.
  if (!evidence_.empty()) verdict.evidence = std::move(evidence_);
  evidence_.clear();
  redact_verdict(verdict, redactor_);
  outstanding_.clear();
  fresh_.clear();
  verdict_ = std::move(verdict);
  probe_.reset();  // what the probe holds (secrets, tokens) goes with it
}

void CheckSession::internal_error(const std::string& what) {
  Verdict v = new_verdict(provider_, Status::indeterminate, "internal error: " + what, now_);
  v.hint = "This is a bug in credprobe; nothing is known about the credential.";
  finish(std::move(v));
}

void redact_verdict(Verdict& v, const Redactor& redactor) {
  if (redactor.empty()) return;
  auto clean = [&](std::string& text) { text = redactor.apply(text); };
  clean(v.summary);
  clean(v.hint);
  for (auto& fact : v.identity) {
    clean(fact.key);
    clean(fact.value);
  }
  for (auto& permission : v.permissions) {
    clean(permission.scope);
    for (auto& access : permission.access) clean(access);
  }
  auto clean_evidence = [&](Evidence& e) {
    clean(e.host);
    clean(e.path);
    clean(e.provider_code);
    clean(e.transport_error);
  };
  for (auto& e : v.evidence) clean_evidence(e);
  // Readiness texts carry what the provider answered (names, messages): redacted the same way.
  if (v.readiness) {
    for (auto& r : *v.readiness) {
      clean(r.label);
      clean(r.detail);
      clean(r.hint);
      for (auto& e : r.evidence) clean_evidence(e);
    }
  }
}

}  // namespace credprobe
