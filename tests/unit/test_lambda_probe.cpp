// The Lambda Cloud probe against scripted answers: one case per status class, with Lambda's own
// response and error shapes.
#include <catch2/catch.hpp>

#include "credprobe/check.hpp"
#include "credprobe/lambda/instances_probe.hpp"
#include "credprobe/lambda/lambda_provider.hpp"
#include "credprobe/scripted_driver.hpp"

using namespace credprobe;

namespace {

const std::string kKey =
    "secret_notebook_0f1e2d3c4b5a69788796a5b4c3d2e1f0.FAKEfakeFAKEfakeFAKEfakeFAKEfake";
constexpr std::int64_t kNow = 1764336000;  // 2025-11-28T13:20:00Z

struct Outcome {
  Verdict verdict;
  std::vector<SendStep> sent;
};

Outcome check_with(std::vector<HttpResult> script, std::string endpoint = "") {
  CheckRequest request;
  request.fields = {{"lambda_api_key", kKey}};
  request.now = kNow;
  if (!endpoint.empty()) request.endpoint_overrides[""] = endpoint;
  auto prepared = prepare_check(lambda_provider(), request);
  REQUIRE(prepared.probe);
  ScriptedDriver driver(std::move(script));
  Verdict verdict = driver.run(std::move(prepared));
  return {verdict, driver.sent()};
}

Verdict verdict_for(HttpResult result) {
  return check_with({std::move(result)}).verdict;
}

// Two instances as GET /api/v1/instances lists them (fields from Lambda's OpenAPI spec).
const char* kTwoInstances = R"json({"data": [
  {"id": "0920582c7ff041399e34823a0be62549", "name": "train-1", "ip": "198.51.100.2",
   "private_ip": "10.0.2.100", "status": "active", "ssh_key_names": ["laptop"],
   "file_system_names": [], "region": {"name": "us-tx-3", "description": "Austin, Texas"},
   "instance_type": {"name": "gpu_1x_a100_sxm4", "description": "1x A100 (40 GB SXM4)",
                     "gpu_description": "A100 (40 GB SXM4)", "price_cents_per_hour": 129,
                     "specs": {"vcpus": 30, "memory_gib": 200, "storage_gib": 512, "gpus": 1}},
   "hostname": "198-51-100-2.cloud.lambda.ai",
   "jupyter_token": "53968f128c4a4489b688c2c0a181d083",
   "jupyter_url": "https://jupyter-3ac4c5c6-9026.lambdaspaces.com/?token=53968f128c4a4489b688c2c0a181d083",
   "actions": {"migrate": {"available": false}, "rebuild": {"available": false},
               "restart": {"available": true}, "cold_reboot": {"available": false},
               "terminate": {"available": true}}},
  {"id": "1a2b3c4d5e6f47809a1b2c3d4e5f6071", "status": "booting", "ssh_key_names": ["laptop"],
   "file_system_names": ["shared"], "region": {"name": "us-east-1", "description": "Virginia, USA"},
   "instance_type": {"name": "gpu_8x_h100_sxm5", "description": "8x H100 (80 GB SXM5)"},
   "actions": {}}
]})json";

const char* kInvalidKeyBody = R"({"error": {"code": "global/invalid-api-key",
  "message": "API key was invalid, expired, or deleted.",
  "suggestion": "Check your API key or create a new one, then try again."}})";

const char* kInactiveBody = R"({"error": {"code": "global/account-inactive",
  "message": "Your account is inactive.",
  "suggestion": "Make sure you have verified your email address and have a valid payment method. Contact Support if problems continue."}})";

}  // namespace

TEST_CASE("lambda: the probe sends one GET to the instance list with the key as a bearer",
          "[lambda]") {
  auto outcome = check_with({http_answer(200, R"({"data": []})")});
  REQUIRE(outcome.sent.size() == 1);
  const HttpRequest& request = outcome.sent[0].request;
  CHECK(request.method == "GET");
  CHECK(request.url == "https://cloud.lambda.ai/api/v1/instances");
  CHECK(find_header(request.headers, "authorization") == "Bearer " + kKey);
  CHECK(find_header(request.headers, "accept") == std::string("application/json"));
  CHECK(request.body.empty());
  CHECK(outcome.sent[0].endpoint == "api");
}

TEST_CASE("lambda: the older cloud.lambdalabs.com host is accepted as the endpoint", "[lambda]") {
  auto outcome = check_with({http_answer(200, R"({"data": []})")}, "https://cloud.lambdalabs.com");
  CHECK(outcome.sent[0].request.url == "https://cloud.lambdalabs.com/api/v1/instances");
  CHECK(outcome.verdict.evidence[0].host == "cloud.lambdalabs.com");
}

TEST_CASE("lambda: an endpoint given with the /api/v1 path is not doubled", "[lambda]") {
  CHECK(check_with({http_answer(200, R"({"data": []})")}, "https://cloud.lambda.ai/api/v1/")
            .sent[0]
            .request.url == "https://cloud.lambda.ai/api/v1/instances");
  CHECK(check_with({http_answer(200, R"({"data": []})")}, "http://127.0.0.1:8123/")
            .sent[0]
            .request.url == "http://127.0.0.1:8123/api/v1/instances");
  CHECK(lambda_api_base("https://cloud.lambda.ai/api") == "https://cloud.lambda.ai");
  CHECK(lambda_api_base("https://cloud.lambda.ai") == "https://cloud.lambda.ai");
}

TEST_CASE("lambda: both hosts are in the allow-list and browsers must use a relay", "[lambda]") {
  ProviderSpec p = lambda_provider();
  const EndpointSpec* api = p.endpoint("api");
  REQUIRE(api);
  CHECK(api->default_url == "https://cloud.lambda.ai");
  CHECK(api->hosts == std::vector<std::string>{"cloud.lambda.ai", "cloud.lambdalabs.com"});
  CHECK_FALSE(api->browser_callable);
  CHECK(p.clustrix_type == "lambda_cloud");
  REQUIRE(p.field("lambda_api_key"));
  CHECK(p.field("lambda_api_key")->env_vars == std::vector<std::string>{"LAMBDA_API_KEY"});
  CHECK(p.field("lambda_api_key")->kind == FieldKind::secret);
}

TEST_CASE("lambda: 200 with two instances is valid with the count and the instances' names",
          "[lambda]") {
  Verdict v = verdict_for(http_answer(200, kTwoInstances));
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "API key works (2 running instances)");
  // Facts about the account, not permissions: an instance is not something the key may do.
  REQUIRE(v.identity.size() == 2);
  CHECK(v.identity[0].key == "instances running");
  CHECK(v.identity[0].value == "2");
  CHECK(v.identity[1].key == "instance names");
  CHECK(v.identity[1].value == "train-1, 1a2b3c4d5e6f47809a1b2c3d4e5f6071");
  CHECK(v.permissions.empty());
  REQUIRE(v.evidence.size() == 1);
  CHECK(v.evidence[0].method == "GET");
  CHECK(v.evidence[0].host == "cloud.lambda.ai");
  CHECK(v.evidence[0].path == "/api/v1/instances");
  CHECK(v.evidence[0].http_status == 200);
  CHECK(v.evidence[0].provider_code.empty());
  CHECK(v.hint.empty());
  CHECK(v.checked_at == "2025-11-28T13:20:00Z");
}

TEST_CASE("lambda: the instances' Jupyter tokens and addresses never reach the verdict",
          "[lambda]") {
  const std::string json = to_json(verdict_for(http_answer(200, kTwoInstances))).dump();
  CHECK(json.find("53968f128c4a4489b688c2c0a181d083") == std::string::npos);
  CHECK(json.find("jupyter") == std::string::npos);
  CHECK(json.find("198.51.100.2") == std::string::npos);
}

TEST_CASE("lambda: 200 with no instances is valid and says so", "[lambda]") {
  Verdict v = verdict_for(http_answer(200, R"({"data": []})"));
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "API key works (no running instances)");
  REQUIRE(v.fact("instances running"));
  CHECK(*v.fact("instances running") == "0");
  CHECK_FALSE(v.fact("instance names"));
  CHECK(v.permissions.empty());
}

TEST_CASE("lambda: one instance is counted in the singular", "[lambda]") {
  CHECK(verdict_for(http_answer(200, R"({"data": [{"id": "a", "status": "active"}]})")).summary ==
        "API key works (1 running instance)");
}

TEST_CASE("lambda: a long instance list is cut after twenty with a count of the rest", "[lambda]") {
  std::string body = R"({"data": [)";
  for (int i = 0; i < 23; ++i)
    body += std::string(i ? "," : "") + R"({"id": "i)" + std::to_string(i) + R"("})";
  body += "]}";
  Verdict v = verdict_for(http_answer(200, body));
  REQUIRE(v.fact("instances running"));
  CHECK(*v.fact("instances running") == "23");
  REQUIRE(v.fact("instance names"));
  CHECK(*v.fact("instance names") ==
        "i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15, i16, i17, i18, "
        "i19 and 3 more");
  CHECK(v.permissions.empty());
}

TEST_CASE("lambda: 401 global/invalid-api-key is invalid with Lambda's message and suggestion",
          "[lambda]") {
  Verdict v = verdict_for(http_answer(401, kInvalidKeyBody));
  CHECK(v.status == Status::invalid);
  CHECK(v.summary ==
        "Lambda rejected the API key (401 global/invalid-api-key): API key was invalid, expired, "
        "or deleted.");
  CHECK(v.hint ==
        "Lambda suggests: Check your API key or create a new one, then try again. The key is "
        "wrong, deleted or expired. Create a new one at https://cloud.lambda.ai/api-keys.");
  CHECK(v.evidence[0].http_status == 401);
  CHECK(v.evidence[0].provider_code == "global/invalid-api-key");
  CHECK(v.identity.empty());
}

TEST_CASE("lambda: 403 global/account-inactive is insufficient: the key works, the account cannot",
          "[lambda]") {
  Verdict v = verdict_for(http_answer(403, kInactiveBody));
  CHECK(v.status == Status::insufficient);
  CHECK(v.summary ==
        "the API key authenticates but the Lambda account is inactive (403 "
        "global/account-inactive): Your account is inactive.");
  CHECK(v.hint ==
        "Lambda suggests: Make sure you have verified your email address and have a valid "
        "payment method. Contact Support if problems continue. The account cannot list or launch "
        "instances until it is active.");
  CHECK(v.evidence[0].provider_code == "global/account-inactive");
}

TEST_CASE("lambda: 401 or 403 without Lambda's code names nothing and is indeterminate",
          "[lambda]") {
  Verdict bare = verdict_for(http_answer(401, "Unauthorized"));
  CHECK(bare.status == Status::indeterminate);
  CHECK(bare.summary ==
        "the instance list answered 401 without Lambda's error body, which does not name the key "
        "as bad");
  Verdict waf = verdict_for(http_answer(403, "<html><title>Attention Required!</title></html>"));
  CHECK(waf.status == Status::indeterminate);
  Verdict other = verdict_for(
      http_answer(403, R"({"error": {"code": "global/forbidden", "message": "Forbidden."}})"));
  CHECK(other.status == Status::indeterminate);
  CHECK(other.summary ==
        "the instance list answered 403 with code global/forbidden, which does not name the key "
        "as bad: Forbidden.");
  CHECK(other.evidence[0].provider_code == "global/forbidden");
  // The right code on the wrong status is not authoritative either.
  CHECK(verdict_for(http_answer(403, kInvalidKeyBody)).status == Status::indeterminate);
  CHECK(verdict_for(http_answer(401, kInactiveBody)).status == Status::indeterminate);
}

TEST_CASE("lambda: 429 is rate_limited and keeps Retry-After", "[lambda]") {
  Verdict v = verdict_for(http_answer(429, "", {{"Retry-After", "1"}}));
  CHECK(v.status == Status::rate_limited);
  CHECK(v.summary == "Lambda is rate limiting (429)");
  REQUIRE(v.retry_after_seconds);
  CHECK(*v.retry_after_seconds == 1);
  CHECK(v.hint == "Lambda allows about one request per second. Try again in 1 second.");
}

TEST_CASE("lambda: 429 without Retry-After still says to wait", "[lambda]") {
  Verdict v = verdict_for(http_answer(429, "{}"));
  CHECK(v.status == Status::rate_limited);
  CHECK_FALSE(v.retry_after_seconds);
  CHECK(v.hint ==
        "Lambda allows about one request per second. Wait a few seconds and try "
        "again.");
}

TEST_CASE("lambda: a Retry-After given as an HTTP date counts from the driver's now", "[lambda]") {
  Verdict v = verdict_for(http_answer(429, "", {{"retry-after", "Fri, 28 Nov 2025 13:20:30 GMT"}}));
  REQUIRE(v.retry_after_seconds);
  CHECK(*v.retry_after_seconds == 30);
}

TEST_CASE("lambda: 5xx is indeterminate, never invalid, with Lambda's code when given",
          "[lambda]") {
  for (int status : {500, 502, 503, 504}) {
    Verdict v = verdict_for(http_answer(status, "oops"));
    CHECK(v.status == Status::indeterminate);
    CHECK(v.evidence[0].http_status == status);
  }
  Verdict v = verdict_for(http_answer(503, R"({"error": {"code": "provider/internal-unavailable",
      "message": "Provider unavailable", "suggestion": "Try again shortly"}})"));
  CHECK(v.summary ==
        "Lambda answered 503 provider/internal-unavailable, a server error that proves nothing "
        "about the key: Provider unavailable");
  CHECK(v.hint == "Lambda suggests: Try again shortly. Try again in a minute.");
  CHECK(v.evidence[0].provider_code == "provider/internal-unavailable");
}

TEST_CASE("lambda: a 200 that is not the instance list is indeterminate", "[lambda]") {
  CHECK(verdict_for(http_answer(200, "<html>captive portal</html>")).summary ==
        "the instance list answered 200 with a body that is not JSON");
  CHECK(verdict_for(http_answer(200, R"({"data": [{"id": "a")")).status == Status::indeterminate);
  CHECK(verdict_for(http_answer(200, R"({"data": {}})")).summary ==
        "the instance list answered 200 but the body has no \"data\" list");
  CHECK(verdict_for(http_answer(200, "")).status == Status::indeterminate);
}

TEST_CASE("lambda: a redirect is not followed and is indeterminate", "[lambda]") {
  Verdict v =
      verdict_for(http_answer(301, "", {{"Location", "https://cloud.lambda.ai/api/v1/instances"}}));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "the instance list answered 301, a redirect to cloud.lambda.ai that is not followed");
}

TEST_CASE("lambda: other 4xx answers are indeterminate, not invalid", "[lambda]") {
  CHECK(verdict_for(http_answer(404, R"({"error": {"code": "global/not-found", "message": "x"}})"))
            .status == Status::indeterminate);
  CHECK(verdict_for(http_answer(400, "{}")).summary == "the instance list answered 400");
}

TEST_CASE("lambda: transport failures are unreachable, too large is indeterminate, CORS is blocked",
          "[lambda]") {
  Verdict timeout = verdict_for(transport_failure(TransportError::timeout));
  CHECK(timeout.status == Status::unreachable);
  CHECK(timeout.summary == "no answer from cloud.lambda.ai: timeout");
  CHECK(timeout.evidence[0].transport_error == "timeout");
  for (auto error :
       {TransportError::refused, TransportError::dns, TransportError::tls, TransportError::reset}) {
    CHECK(verdict_for(transport_failure(error)).status == Status::unreachable);
  }
  // A host that answered too much did answer: that tells nothing, it is not "no answer".
  Verdict too_large = verdict_for(transport_failure(TransportError::too_large));
  CHECK(too_large.status == Status::indeterminate);
  CHECK(too_large.summary == "the answer from cloud.lambda.ai was too large to read");
  Verdict blocked = verdict_for(transport_failure(TransportError::browser_blocked));
  CHECK(blocked.status == Status::blocked);
  CHECK(blocked.hint.find("relay") != std::string::npos);
}

TEST_CASE("lambda: an error text that echoes the key is redacted", "[lambda]") {
  Verdict v = verdict_for(
      http_answer(401, R"({"error": {"code": "global/invalid-api-key", "message": "bad key )" +
                           kKey + R"(", "suggestion": "not )" + kKey + R"("}})"));
  CHECK(v.status == Status::invalid);
  CHECK(v.summary.find(kKey) == std::string::npos);
  CHECK(v.summary.find("[redacted]") != std::string::npos);
  CHECK(v.hint.find(kKey) == std::string::npos);
}

TEST_CASE("lambda: no verdict text or JSON holds the key", "[lambda]") {
  for (auto result : {http_answer(200, kTwoInstances), http_answer(200, R"({"data": []})"),
                      http_answer(401, kInvalidKeyBody), http_answer(403, kInactiveBody),
                      http_answer(429, "", {{"Retry-After", "1"}}), http_answer(500, ""),
                      transport_failure(TransportError::reset)}) {
    Verdict v = verdict_for(result);
    CHECK(to_json(v).dump().find(kKey) == std::string::npos);
    CHECK(to_json(v).dump().find(kKey.substr(7, 24)) == std::string::npos);
  }
}

TEST_CASE("lambda: a malformed key is never sent", "[lambda]") {
  CheckRequest request;
  request.fields = {{"lambda_api_key", "Bearer " + kKey}};
  request.now = kNow;
  auto prepared = prepare_check(lambda_provider(), request);
  CHECK_FALSE(prepared.probe);
  REQUIRE(prepared.verdict);
  CHECK(prepared.verdict->status == Status::malformed);
}

TEST_CASE("lambda: a key with only shape warnings is still checked", "[lambda]") {
  CheckRequest request;
  request.fields = {{"lambda_api_key", "notsecretprefixed.abcdef"}};
  request.now = kNow;
  auto prepared = prepare_check(lambda_provider(), request);
  CHECK(prepared.probe);
  CHECK_FALSE(prepared.verdict);
  REQUIRE(prepared.lint.size() == 1);
  CHECK(prepared.lint[0].severity == Severity::warning);
}
