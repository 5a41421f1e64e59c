// Several requests in flight (SendAllStep): whatever order the answers arrive in, the session
// hands them to the probe in the order they were sent, keeps the evidence in that order, drops
// what is still in flight when the probe decides early, and refuses steps that make no sense.
#include <catch2/catch.hpp>

#include "credprobe/check_session.hpp"
#include "credprobe/scripted_driver.hpp"

using namespace credprobe;

namespace {

constexpr std::int64_t kNow = 1764336000;

SendStep get(const std::string& path) {
  HttpRequest request;
  request.method = "GET";
  request.url = "https://api.example.test" + path;
  return SendStep{request, "api"};
}

// Sends /a, /b and /c at once and reads them: the verdict's summary lists what it read, in the
// order it read it. With `decide_at_first`, the first answer decides.
class ThreeAtOnce final : public Probe {
 public:
  explicit ThreeAtOnce(bool decide_at_first = false) : decide_at_first_(decide_at_first) {}

  Step start() override { return SendAllStep{{get("/a"), get("/b"), get("/c")}}; }

  Step on_response(const HttpResult& result) override {
    read_ += (read_.empty() ? "" : ",") +
             (result.ok() ? result.response.body : std::string(to_string(result.error)));
    if (decide_at_first_ || ++answers_ == 3) {
      return DoneStep{new_verdict("example", Status::indeterminate, read_, kNow)};
    }
    return AwaitStep{};
  }

 private:
  bool decide_at_first_;
  int answers_ = 0;
  std::string read_;
};

// A probe that takes one step and then the given one.
class OneStep final : public Probe {
 public:
  explicit OneStep(Step step) : step_(std::move(step)) {}
  Step start() override { return step_; }
  Step on_response(const HttpResult&) override { return AwaitStep{}; }

 private:
  Step step_;
};

CheckSession session_for(std::unique_ptr<Probe> probe) {
  PreparedCheck prepared;
  prepared.provider = "example";
  prepared.now = kNow;
  prepared.probe = std::move(probe);
  return CheckSession(std::move(prepared));
}

std::vector<SendAction> sends_of(std::vector<Action> actions) {
  std::vector<SendAction> sends;
  for (auto& action : actions) {
    if (auto* send = std::get_if<SendAction>(&action)) sends.push_back(*send);
  }
  return sends;
}

std::vector<std::string> evidence_paths(const Verdict& verdict) {
  std::vector<std::string> paths;
  for (const auto& e : verdict.evidence) paths.push_back(e.path);
  return paths;
}

}  // namespace

TEST_CASE("parallel: answers arriving last first are read in the order they were asked") {
  auto session = session_for(std::make_unique<ThreeAtOnce>());
  auto sends = sends_of(session.take_actions());
  REQUIRE(sends.size() == 3);  // all three at once, before any answer
  CHECK(sends[0].send.request.url == "https://api.example.test/a");
  CHECK(sends[2].send.request.url == "https://api.example.test/c");

  session.feed_response(sends[2].id, http_answer(200, "c"));
  session.feed_response(sends[1].id, http_answer(200, "b"));
  CHECK_FALSE(session.done());  // /a is still out: nothing is read yet
  CHECK(session.take_actions().empty());
  session.feed_response(sends[0].id, http_answer(200, "a"));

  REQUIRE(session.done());
  CHECK(session.verdict().summary == "a,b,c");
  CHECK(evidence_paths(session.verdict()) == std::vector<std::string>{"/a", "/b", "/c"});
}

TEST_CASE("parallel: an answer fed twice, or for no request, changes nothing") {
  auto session = session_for(std::make_unique<ThreeAtOnce>());
  auto sends = sends_of(session.take_actions());
  REQUIRE(sends.size() == 3);
  session.feed_response(sends[1].id, http_answer(200, "b"));
  session.feed_response(sends[1].id, http_answer(200, "b again"));
  session.feed_response(999, http_answer(200, "nobody's"));
  session.feed_response(sends[0].id, http_answer(200, "a"));
  session.feed_response(sends[2].id, http_answer(200, "c"));
  REQUIRE(session.done());
  CHECK(session.verdict().summary == "a,b,c");
}

TEST_CASE("parallel: a probe that decides at the first answer drops the rest") {
  auto session = session_for(std::make_unique<ThreeAtOnce>(/*decide_at_first=*/true));
  auto sends = sends_of(session.take_actions());
  REQUIRE(sends.size() == 3);
  session.feed_response(sends[1].id, http_answer(200, "b"));  // held: /a comes first
  CHECK_FALSE(session.done());
  session.feed_response(sends[0].id, http_answer(200, "a"));
  REQUIRE(session.done());
  session.feed_response(sends[2].id, http_answer(200, "c"));  // late: ignored
  CHECK(session.verdict().summary == "a");
  // The evidence is what the probe read: /b's answer arrived but was never read.
  CHECK(evidence_paths(session.verdict()) == std::vector<std::string>{"/a"});
}

TEST_CASE("parallel: abandoning fails every request in flight, read in order") {
  auto session = session_for(std::make_unique<ThreeAtOnce>());
  auto sends = sends_of(session.take_actions());
  REQUIRE(sends.size() == 3);
  session.feed_response(sends[1].id, http_answer(200, "b"));
  session.abandon("overall deadline reached");
  REQUIRE(session.done());
  CHECK(session.verdict().summary == "timeout,b,timeout");
  CHECK(evidence_paths(session.verdict()) == std::vector<std::string>{"/a", "/b", "/c"});
}

TEST_CASE("parallel: awaiting nothing, or sending an empty set, is an internal error") {
  auto awaits = session_for(std::make_unique<OneStep>(AwaitStep{}));
  CHECK(awaits.take_actions().empty());
  REQUIRE(awaits.done());
  CHECK(awaits.verdict().summary == "internal error: the probe awaits an answer to no request");

  auto empty = session_for(std::make_unique<OneStep>(SendAllStep{}));
  CHECK(empty.take_actions().empty());
  REQUIRE(empty.done());
  CHECK(empty.verdict().summary == "internal error: the probe sent an empty set of requests");
}

TEST_CASE("parallel: the scripted driver answers in request order, or last first") {
  for (auto order : {ScriptedDriver::Feed::as_sent, ScriptedDriver::Feed::reversed}) {
    PreparedCheck prepared;
    prepared.provider = "example";
    prepared.now = kNow;
    prepared.probe = std::make_unique<ThreeAtOnce>();
    ScriptedDriver driver(
        {http_answer(200, "a"), http_answer(200, "b"), transport_failure(TransportError::reset)});
    driver.feed_order(order);
    const Verdict verdict = driver.run(std::move(prepared));
    CHECK(verdict.summary == "a,b,connection reset");
    CHECK(driver.sent().size() == 3);
    CHECK(driver.round_trips() == 1);
  }
}
