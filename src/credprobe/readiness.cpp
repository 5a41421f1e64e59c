#include "credprobe/readiness.hpp"

#include "credprobe/url.hpp"

namespace credprobe {

namespace {

class ChainedProbe final : public Probe {
 public:
  ChainedProbe(std::unique_ptr<Probe> credential, std::unique_ptr<ReadinessCheck> readiness)
      : credential_(std::move(credential)), readiness_(std::move(readiness)) {}

  // After every step of the credential probe, what it noted (its answer's provider code, the
  // token it was granted) is taken over: the session reads this probe's notes only, so without
  // it a granted token went unredacted and codes went missing once compute fields were given.
  Step start() override { return after(credential_->start()); }

  Step on_response(const HttpResult& result) override {
    if (in_readiness_) {
      Step step = readiness_->on_response(result);
      note_code(readiness_->take_noted_code());
      return finished(std::move(step));
    }
    ++credential_responses_;
    return after(credential_->on_response(result));
  }

  Step on_signature(const SignResult& result) override {
    return after(credential_->on_signature(result));
  }

  Step on_waited() override {
    if (in_readiness_) return readiness_->on_waited();
    return after(credential_->on_waited());
  }

 private:
  Step after(Step step) {
    adopt_notes(*credential_);
    auto* done = std::get_if<DoneStep>(&step);
    if (!done || done->verdict.status != Status::valid) return step;
    in_readiness_ = true;
    return finished(readiness_->start(std::move(done->verdict)));
  }

  // The session's evidence lists every answer in order: the credential's come first.
  Step finished(Step step) {
    if (auto* done = std::get_if<DoneStep>(&step)) {
      done->verdict.credential_evidence = credential_responses_;
    }
    return step;
  }

  std::unique_ptr<Probe> credential_;
  std::unique_ptr<ReadinessCheck> readiness_;
  bool in_readiness_ = false;
  std::size_t credential_responses_ = 0;
};

}  // namespace

SendStep InFlight::send(std::string name, SendStep step) {
  wanted_ = name;
  return send_ahead(std::move(name), std::move(step));
}

SendStep InFlight::send_ahead(std::string name, SendStep step) {
  entries_.push_back({std::move(name), step.request});
  return step;
}

SendAllStep InFlight::send_all(std::vector<std::pair<std::string, SendStep>> named) {
  SendAllStep all;
  if (!named.empty()) wanted_ = named.front().first;
  for (auto& [name, step] : named)
    all.sends.push_back(send_ahead(std::move(name), std::move(step)));
  return all;
}

bool InFlight::has(std::string_view name) const {
  for (const auto& entry : entries_) {
    if (entry.name == name) return true;
  }
  return false;
}

AwaitStep InFlight::want(std::string_view name) {
  wanted_ = name;
  return {};
}

std::optional<InFlight::Answer> InFlight::take(const HttpResult& result) {
  if (entries_.empty()) return std::nullopt;
  Answer answer{std::move(entries_.front().name), std::move(entries_.front().request), result};
  entries_.erase(entries_.begin());
  if (answer.name != wanted_) {
    answer.held = true;
    held_.push_back(std::move(answer));
    return std::nullopt;
  }
  wanted_.clear();
  return answer;
}

std::optional<InFlight::Answer> InFlight::take_held(std::string_view name) {
  for (auto it = held_.begin(); it != held_.end(); ++it) {
    if (it->name != name) continue;
    Answer answer = std::move(*it);
    held_.erase(it);
    return answer;
  }
  return std::nullopt;
}

Step ReadinessCheck::on_waited() {
  Verdict verdict;
  verdict.status = Status::indeterminate;
  verdict.summary = "internal error: this readiness check does not wait";
  return DoneStep{verdict};
}

void TableReadiness::set_answer_facts(const HttpRequest& request, const std::string& code,
                                      int status) {
  if (auto url = parse_url(request.url)) set("host", url->host_and_port());
  set("code", code.empty() ? "no error code" : code);
  set("status", status ? std::to_string(status) : "none");
}

void RequirementReadiness::list_requirements(Table<ReadinessRequirementSpec> specs) {
  for (const auto& spec : specs) {
    Requirement r;
    r.id = spec.id;
    r.label = fill(spec.label);
    r.state = RequirementState::unknown;
    requirements_.push_back(std::move(r));
  }
}

void TableReadiness::apply(Requirement& requirement, const ReadinessAnswerRow& row) {
  apply_answer_effect(requirement, row.effect, fill(row.detail), fill(row.hint));
}

Requirement& RequirementReadiness::requirement_named(std::string_view id) {
  return credprobe::requirement_named(requirements_, id);
}

Step RequirementReadiness::finish() {
  verdict_.readiness = requirements_;
  return DoneStep{verdict_};
}

std::unique_ptr<Probe> with_readiness(std::unique_ptr<Probe> credential,
                                      std::unique_ptr<ReadinessCheck> readiness) {
  if (!readiness) return credential;
  return std::make_unique<ChainedProbe>(std::move(credential), std::move(readiness));
}

void apply_answer_effect(Requirement& requirement, AnswerEffect effect, const std::string& detail,
                         const std::string& hint) {
  switch (effect) {
    case AnswerEffect::met:
    case AnswerEffect::unmet:
    case AnswerEffect::unknown:
      requirement.state = effect == AnswerEffect::met     ? RequirementState::met
                          : effect == AnswerEffect::unmet ? RequirementState::unmet
                                                          : RequirementState::unknown;
      requirement.detail = detail;
      requirement.hint = hint;
      break;
    case AnswerEffect::next:
      break;
    case AnswerEffect::annotate:
      requirement.detail += "; " + detail;
      if (!hint.empty()) requirement.hint += (requirement.hint.empty() ? "" : " ") + hint;
      break;
  }
}

Requirement& requirement_named(std::vector<Requirement>& requirements, std::string_view id) {
  for (auto& r : requirements) {
    if (r.id == id) return r;
  }
  return requirements.front();
}

}  // namespace credprobe
