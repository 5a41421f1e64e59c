// Readiness after the credential (DESIGN.md "Readiness"), for every provider: once the credential
// probe says `valid`, a provider's readiness check takes that verdict, sends its read-only
// requests and finishes the verdict with the requirements it found. The credential's status is
// never changed by readiness: a token granted proves the credential whatever the reads after it
// say.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "credprobe/answer_effect.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/readiness_rows.hpp"
#include "credprobe/readiness_text.hpp"

namespace credprobe {

class ReadinessCheck {
 public:
  virtual ~ReadinessCheck() = default;
  // `credential` is the credential probe's valid verdict; the check returns it, with
  // `readiness` set, in its DoneStep.
  virtual Step start(Verdict credential) = 0;
  virtual Step on_response(const HttpResult& result) = 0;
  // Only checks that pace their requests (WaitStep: a provider's documented rate limit) need
  // to override this.
  virtual Step on_waited();

  // The provider's error code in the answer just read, for that answer's line in the verdict's
  // evidence (what Probe::note_code is for a credential probe); taken once per answer.
  std::string take_noted_code() { return std::exchange(noted_code_, {}); }

 protected:
  void note_code(std::string code) { noted_code_ = std::move(code); }

 private:
  std::string noted_code_;
};

// The requests a readiness check has in flight, in the order they were sent, which is the order
// their answers arrive in (check_session.hpp). A check sends what it can ahead of need, all at
// once, and still reads the answers in its own order, and only those it turns out to need:
// want(name) names the one it reads next; an answer that arrives before it is held, for a later
// take_held(name), or dropped with the check when it is never read (a quota when the type is
// not offered).
class InFlight {
 public:
  struct Answer {
    std::string name;
    HttpRequest request;
    HttpResult result;
    bool held = false;  // read after other answers: the session's evidence line has no code
  };

  // Sent now, and read next.
  SendStep send(std::string name, SendStep step);
  // Sent now, to be read after those in flight that the check reads first.
  SendStep send_ahead(std::string name, SendStep step);
  // Sent all at once (in this order); the first is read next.
  SendAllStep send_all(std::vector<std::pair<std::string, SendStep>> named);
  bool has(std::string_view name) const;
  // `name`, in flight, is read next: wait for its answer.
  AwaitStep want(std::string_view name);
  // The answer to the first request in flight: the one the check wants, or nothing (held).
  std::optional<Answer> take(const HttpResult& result);
  // An answer that arrived before the check wanted it.
  std::optional<Answer> take_held(std::string_view name);

 private:
  struct Entry {
    std::string name;
    HttpRequest request;
  };
  std::vector<Entry> entries_;
  std::vector<Answer> held_;
  std::string wanted_;
};

// A readiness check that sends requests ahead of need (InFlight): its answers reach
// read_answer() in the check's own order, and read(name) asks for the next one by name.
// What every provider's readiness check keeps in the same words: the requirements it lists from
// its specs (labels filled), the facts their texts are filled from, and the credential's verdict,
// handed back with the requirements as they stand.
class RequirementReadiness : public ReadinessCheck {
 protected:
  // `text` (a label, a row's detail or hint) filled from the facts and from the check's own
  // inputs, which win (TemplateFacts): each check names its inputs.
  virtual std::string fill(std::string_view text) const = 0;
  void set(std::string_view name, std::string_view value) { facts_.set(name, value); }

  // requirements_, one a spec, each unknown until an answer decides it, its label filled. It
  // fills through the check's own fill(): call it from the check's constructor body or later.
  void list_requirements(Table<ReadinessRequirementSpec> specs);
  Requirement& requirement_named(std::string_view id);
  // The credential's verdict with the requirements as they stand.
  Step finish();

  Verdict verdict_;  // the credential probe's, until finish() adds the requirements
  std::vector<Requirement> requirements_;
  TemplateFacts facts_;  // what the answers taught the check
};

class ParallelReadiness : public RequirementReadiness {
 public:
  Step on_response(const HttpResult& result) final {
    auto answer = in_flight_.take(result);
    if (!answer) return AwaitStep{};  // held: an answer this check reads later, if at all
    return read_answer(*answer);
  }

 protected:
  virtual Step read_answer(const InFlight::Answer& answer) = 0;
  // The request `name` stands for, when the check sends it at the moment it needs it.
  virtual SendStep request_for(const std::string& name) = 0;

  // `name`'s answer next: held already, in flight, or sent now.
  Step read(std::string_view name) {
    if (auto held = in_flight_.take_held(name)) return read_answer(*held);
    if (in_flight_.has(name)) return in_flight_.want(name);
    const std::string named(name);
    return in_flight_.send(named, request_for(named));
  }

  InFlight in_flight_;
};

// Runs `credential` to its verdict, then `readiness` when that verdict is valid. With a null
// `readiness` (no compute fields given) the credential probe is returned as it is.
// What the credential probe hands to its readiness check (a granted token, the whoami-v2
// exchange) is owned by the check and written by the probe through a plain pointer: both live in
// the one chain, the probe writes only while it runs, and std::shared_ptr's control blocks would
// pull the C++ runtime's type-info machinery into the wasm (2 KB).
std::unique_ptr<Probe> with_readiness(std::unique_ptr<Probe> credential,
                                      std::unique_ptr<ReadinessCheck> readiness);

// What one row of a readiness answer table does to its requirement, the row's texts already
// filled: met, unmet and unknown set the state, detail and hint; next leaves the requirement to a
// later request; annotate keeps the state and appends the detail and the hint.
void apply_answer_effect(Requirement& requirement, AnswerEffect effect, const std::string& detail,
                         const std::string& hint);

// The requirement `id` among a check's requirements; the first when none is (ids are each
// check's own constants, so that is a slip the tests catch, not an answer's doing).
Requirement& requirement_named(std::vector<Requirement>& requirements, std::string_view id);

// A ParallelReadiness that classifies its answers through a ReadinessAnswerRow table
// (readiness_rows.hpp): the EC2, Azure and GCP checks. What each of them did with its rows, in
// the same words, is here once: the facts every answer sets, a row applied to a requirement.
class TableReadiness : public ParallelReadiness {
 protected:
  // The facts every row's texts may name about the answer just read: {host}, {code} ("no error
  // code" when it has none) and {status} ("none" when there was no HTTP answer).
  void set_answer_facts(const HttpRequest& request, const std::string& code, int status);
  // `row`'s effect on `requirement`, with the row's texts filled (apply_answer_effect).
  void apply(Requirement& requirement, const ReadinessAnswerRow& row);
};

}  // namespace credprobe
