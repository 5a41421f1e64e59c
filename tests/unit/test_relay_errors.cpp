// A relay's own answer (X-Credprobe-Relay-Error) is a transport error, never the provider's
// answer: the verdict says what the relay did and blames neither the credential nor the
// provider. (Both relays drop that header from every destination's answer, so a provider cannot
// forge it: tests/integration/test_relay.py and the Jupyter relay's tests prove that part.)
#include <catch2/catch.hpp>

#include "credprobe/check.hpp"
#include "credprobe/huggingface/huggingface_provider.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/scripted_driver.hpp"

using namespace credprobe;

namespace {

constexpr std::int64_t kNow = 1764336000;

HttpResult relay_answer(int status, const std::string& code) {
  HttpResult r = http_answer(status, "{\"error\": \"" + code + "\", \"message\": \"m\"}");
  r.response.headers.push_back({"X-Credprobe-Relay-Error", code});
  r.via_relay = true;
  return r;
}

Verdict hf_verdict(HttpResult answer) {
  CheckRequest request;
  request.fields = {{"hf_token", "hf_" + std::string(34, 'x')}};
  request.now = kNow;
  auto prepared = prepare_check(huggingface_provider(), request);
  REQUIRE(prepared.probe);
  relay_answer_to_transport_error(answer, "huggingface.co");
  ScriptedDriver driver({answer});
  return driver.run(std::move(prepared));
}

}  // namespace

TEST_CASE("a relay refusal becomes relay_refused with its code") {
  HttpResult r = relay_answer(403, "host_not_allowed");
  REQUIRE(relay_answer_to_transport_error(r, "login.microsoftonline.com"));
  CHECK(r.error == TransportError::relay_refused);
  CHECK(r.error_detail == "host_not_allowed");
  CHECK(r.response.body.empty());
  CHECK(r.via_relay);
}

TEST_CASE("a relay timeout and an unreachable destination name the host") {
  HttpResult timeout = relay_answer(504, "upstream_timeout");
  REQUIRE(relay_answer_to_transport_error(timeout, "login.microsoftonline.com"));
  CHECK(timeout.error == TransportError::relay_timeout);
  CHECK(timeout.error_detail == "login.microsoftonline.com");
  for (const char* code : {"upstream_failed", "dns_failed"}) {
    HttpResult failed = relay_answer(502, code);
    REQUIRE(relay_answer_to_transport_error(failed, "oauth2.googleapis.com"));
    CHECK(failed.error == TransportError::relay_unreachable);
    CHECK(failed.error_detail == "oauth2.googleapis.com");
  }
}

TEST_CASE("an answer without the relay's header is left alone, and odd codes are not echoed") {
  HttpResult plain = http_answer(504, "{}");
  CHECK_FALSE(relay_answer_to_transport_error(plain, "huggingface.co"));
  CHECK(plain.ok());
  CHECK(plain.response.status == 504);
  HttpResult odd = relay_answer(403, "<b>Evil</b>");
  REQUIRE(relay_answer_to_transport_error(odd, "huggingface.co"));
  CHECK(odd.error_detail == "unknown");
}

TEST_CASE("the verdict for a relay refusal is blocked and says the relay refused") {
  Verdict v = hf_verdict(relay_answer(403, "host_not_allowed"));
  CHECK(v.status == Status::blocked);
  CHECK(v.summary == "the relay refused: host_not_allowed");
  CHECK(v.hint.find("the credential was not checked") != std::string::npos);
  CHECK(v.hint.find("status page") == std::string::npos);
  REQUIRE(v.evidence.size() == 1);
  CHECK(v.evidence[0].transport_error == "refused by the relay");
  CHECK(v.evidence[0].via_relay);
}

TEST_CASE("the verdict for a relay timeout is unreachable and names the host") {
  Verdict v = hf_verdict(relay_answer(504, "upstream_timeout"));
  CHECK(v.status == Status::unreachable);
  CHECK(v.summary == "the relay timed out waiting for huggingface.co");
  CHECK(v.hint.find("the credential was not checked") != std::string::npos);
  Verdict unreachable = hf_verdict(relay_answer(502, "upstream_failed"));
  CHECK(unreachable.status == Status::unreachable);
  CHECK(unreachable.summary == "the relay could not reach huggingface.co");
}

TEST_CASE("a provider's own 504 through the relay stays the provider's answer") {
  HttpResult answer = http_answer(504, "upstream busy");
  answer.via_relay = true;
  Verdict v = hf_verdict(answer);
  CHECK(v.summary.find("relay") == std::string::npos);
}
