// The Hugging Face probe against scripted answers: one case per status class.
#include <catch2/catch.hpp>

#include "credprobe/check.hpp"
#include "credprobe/huggingface/huggingface_provider.hpp"
#include "credprobe/scripted_driver.hpp"

using namespace credprobe;

namespace {

const std::string kToken = "hf_" + std::string(34, 'x');
constexpr std::int64_t kNow = 1764336000;  // 2025-11-28T13:20:00Z

struct Outcome {
  Verdict verdict;
  std::vector<SendStep> sent;
};

Outcome check_with(std::vector<HttpResult> script, std::string endpoint = "") {
  CheckRequest request;
  request.fields = {{"hf_token", kToken}};
  request.now = kNow;
  if (!endpoint.empty()) request.endpoint_overrides[""] = endpoint;
  auto prepared = prepare_check(huggingface_provider(), request);
  REQUIRE(prepared.probe);
  ScriptedDriver driver(std::move(script));
  Verdict verdict = driver.run(std::move(prepared));
  return {verdict, driver.sent()};
}

const char* kWriteTokenWhoami = R"({
  "type": "user", "id": "6412", "name": "ada", "fullname": "Ada Lovelace",
  "email": "ada@example.com", "emailVerified": true, "isPro": false,
  "orgs": [{"type": "org", "name": "analytical-engines", "fullname": "Analytical Engines",
            "roleInOrg": "admin"}],
  "auth": {"type": "access_token",
           "accessToken": {"displayName": "notebook", "role": "write",
                           "createdAt": "2026-01-02T03:04:05.000Z"}}
})";

const char* kFineGrainedWhoami = R"({
  "type": "user", "name": "ada", "fullname": "Ada Lovelace", "orgs": [],
  "auth": {"type": "access_token",
           "accessToken": {"displayName": "ci", "role": "fineGrained",
                           "fineGrained": {"canReadGatedRepos": true,
                                           "global": ["discussion.write", "post.write"],
                                           "scoped": [{"entity": {"_id": "1", "type": "model",
                                                                  "name": "ada/engine"},
                                                       "permissions": ["repo.content.read",
                                                                       "repo.write"]},
                                                      {"entity": {"_id": "2", "type": "org",
                                                                  "name": "analytical-engines"},
                                                       "permissions": ["repo.content.read"]}]}}}
})";

}  // namespace

TEST_CASE("the probe sends one GET to whoami-v2 with the token as a bearer") {
  auto outcome = check_with({http_answer(200, kWriteTokenWhoami)});
  REQUIRE(outcome.sent.size() == 1);
  const HttpRequest& request = outcome.sent[0].request;
  CHECK(request.method == "GET");
  CHECK(request.url == "https://huggingface.co/api/whoami-v2");
  CHECK(find_header(request.headers, "authorization") == "Bearer " + kToken);
  CHECK(outcome.sent[0].endpoint == "hub");
}

TEST_CASE("an endpoint override replaces the hub base, trailing slash or not") {
  auto outcome = check_with({http_answer(200, kWriteTokenWhoami)}, "http://127.0.0.1:8123/");
  CHECK(outcome.sent[0].request.url == "http://127.0.0.1:8123/api/whoami-v2");
}

TEST_CASE("200 from whoami-v2 is valid with user, orgs and token role") {
  Verdict v = check_with({http_answer(200, kWriteTokenWhoami)}).verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "token works for user ada (token \"notebook\", write)");
  REQUIRE(v.identity.size() == 5);
  CHECK(*v.fact("user") == "ada");
  CHECK(*v.fact("fullname") == "Ada Lovelace");
  CHECK(*v.fact("email") == "ada@example.com");
  CHECK(*v.fact("token_name") == "notebook");
  REQUIRE(v.permissions.size() == 2);
  CHECK(v.permissions[0].scope == "org: analytical-engines");
  CHECK(v.permissions[0].access == std::vector<std::string>{"admin"});
  CHECK(v.permissions[1].scope == "token role");
  CHECK(v.permissions[1].access == std::vector<std::string>{"write"});
  REQUIRE(v.evidence.size() == 1);
  CHECK(v.evidence[0].host == "huggingface.co");
  CHECK(v.evidence[0].path == "/api/whoami-v2");
  CHECK(v.evidence[0].http_status == 200);
  CHECK(v.checked_at == "2025-11-28T13:20:00Z");
}

TEST_CASE("a fine-grained token reports its global and scoped permissions") {
  Verdict v = check_with({http_answer(200, kFineGrainedWhoami)}).verdict;
  CHECK(v.status == Status::valid);
  REQUIRE(v.permissions.size() == 4);
  CHECK(v.permissions[0].scope == "token role");
  CHECK(v.permissions[0].access == std::vector<std::string>{"fineGrained"});
  CHECK(v.permissions[1].scope == "global");
  CHECK(v.permissions[1].access == std::vector<std::string>{"discussion.write", "post.write"});
  CHECK(v.permissions[2].scope == "model: ada/engine");
  CHECK(v.permissions[2].access == std::vector<std::string>{"repo.content.read", "repo.write"});
  CHECK(v.permissions[3].scope == "org: analytical-engines");
}

TEST_CASE("401 is invalid and carries the Hub's error text") {
  Verdict v =
      check_with({http_answer(401, R"({"error":"Invalid credentials in Authorization header"})")})
          .verdict;
  CHECK(v.status == Status::invalid);
  CHECK(v.summary ==
        "Hugging Face rejected the token (401): Invalid credentials in Authorization header");
  CHECK(v.evidence[0].http_status == 401);
  CHECK(v.identity.empty());
}

TEST_CASE("a 401 without the Hub's error body is indeterminate, not invalid") {
  // A proxy's sign-in page, an empty body, JSON of another shape: none is the Hub's answer.
  for (const char* body : {"<html><title>401 Authorization Required</title></html>", "", "{}",
                           R"({"message": "Unauthorized"})"}) {
    Verdict v =
        check_with({http_answer(401, body, {{"WWW-Authenticate", "Basic realm=\"proxy\""}})})
            .verdict;
    CHECK(v.status == Status::indeterminate);
    CHECK(v.summary ==
          "whoami-v2 answered 401 without the Hub's error body, which proves nothing about the "
          "token");
    CHECK(v.evidence[0].http_status == 401);
  }
}

TEST_CASE("429 is rate_limited and keeps Retry-After") {
  Verdict v = check_with({http_answer(429, "{}", {{"Retry-After", "17"}})}).verdict;
  CHECK(v.status == Status::rate_limited);
  REQUIRE(v.retry_after_seconds);
  CHECK(*v.retry_after_seconds == 17);
  CHECK(v.hint == "Try again in 17 seconds.");
}

TEST_CASE("a Retry-After given as an HTTP date counts from the driver's now") {
  Verdict v = check_with({http_answer(429, "", {{"retry-after", "Fri, 28 Nov 2025 13:21:00 GMT"}})})
                  .verdict;
  REQUIRE(v.retry_after_seconds);
  CHECK(*v.retry_after_seconds == 60);
}

TEST_CASE("5xx is indeterminate, never invalid") {
  for (int status : {500, 502, 503}) {
    Verdict v = check_with({http_answer(status, "oops")}).verdict;
    CHECK(v.status == Status::indeterminate);
    CHECK(v.evidence[0].http_status == status);
  }
}

TEST_CASE("a 200 that is not whoami's JSON is indeterminate") {
  CHECK(check_with({http_answer(200, "<html>captive portal</html>")}).verdict.status ==
        Status::indeterminate);
  CHECK(check_with({http_answer(200, "{\"name\": \"ada\", \"orgs\": [")}).verdict.status ==
        Status::indeterminate);
  CHECK(check_with({http_answer(200, "{\"models\": []}")}).verdict.summary ==
        "whoami-v2 answered 200 but the body does not name an account");
}

TEST_CASE("other 4xx answers are indeterminate, not invalid") {
  CHECK(check_with({http_answer(403, "{}")}).verdict.status == Status::indeterminate);
  CHECK(check_with({http_answer(404, "{}")}).verdict.status == Status::indeterminate);
}

TEST_CASE("transport failures are unreachable, a browser CORS refusal is blocked") {
  Verdict timeout = check_with({transport_failure(TransportError::timeout)}).verdict;
  CHECK(timeout.status == Status::unreachable);
  CHECK(timeout.summary == "no answer from huggingface.co: timeout");
  CHECK(timeout.evidence[0].transport_error == "timeout");
  CHECK(check_with({transport_failure(TransportError::refused)}).verdict.status ==
        Status::unreachable);
  Verdict blocked = check_with({transport_failure(TransportError::browser_blocked)}).verdict;
  CHECK(blocked.status == Status::blocked);
  CHECK(blocked.hint.find("relay") != std::string::npos);
}

TEST_CASE("no verdict text or JSON holds the token") {
  for (auto result : {http_answer(200, kFineGrainedWhoami), http_answer(401, "{}"),
                      http_answer(500, ""), transport_failure(TransportError::reset)}) {
    Verdict v = check_with({result}).verdict;
    CHECK(to_json(v).dump().find(kToken) == std::string::npos);
  }
}
