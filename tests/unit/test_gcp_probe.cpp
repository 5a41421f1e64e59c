// The GCP probe against scripted answers: the signed assertion it sends, endpoint pinning, and
// one case per classification of Google's answers.
#include <catch2/catch.hpp>

#include "credprobe/check.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/gcp/gcp_provider.hpp"
#include "credprobe/scripted_driver.hpp"
#include "native/signer.hpp"
#include "test_gcp_support.hpp"

using namespace credprobe;
using nlohmann::json;

namespace {

constexpr std::int64_t kNow = 1764336000;  // 2025-11-28T13:20:00Z

struct Outcome {
  Verdict verdict;
  std::vector<SendStep> sent;
  std::vector<SignStep> signed_data;
};

Outcome check_with(std::vector<HttpResult> script, const std::string& key = gcp_test::key_file(),
                   std::map<std::string, std::string> endpoints = {},
                   const std::string& project = "") {
  CheckRequest request;
  request.fields = {{"gcp_service_account_key", key}};
  if (!project.empty()) request.fields["gcp_project_id"] = project;
  request.endpoint_overrides = std::move(endpoints);
  request.now = kNow;
  auto prepared = prepare_check(gcp_provider(), request);
  if (prepared.verdict) return {*prepared.verdict, {}, {}};
  REQUIRE(prepared.probe);
  ScriptedDriver driver(std::move(script), native::openssl_sign);
  Verdict verdict = driver.run(std::move(prepared));
  return {verdict, driver.sent(), driver.signed_data()};
}

HttpResult token_granted() {
  return http_answer(200, R"({"access_token": "ya29.c.unit-test-token", "expires_in": 3599,
                             "token_type": "Bearer"})");
}

HttpResult oauth_refusal(int status, const std::string& error, const std::string& description) {
  return http_answer(status, json{{"error", error}, {"error_description", description}}.dump(2));
}

const char* kProjectBody = R"({
  "name": "projects/415104041262", "parent": "organizations/433637338589",
  "projectId": "credprobe-test", "state": "ACTIVE", "displayName": "Credprobe Test",
  "createTime": "2024-03-11T09:21:44.718Z", "etag": "W/\"4e1c\""})";

const char* kDenied = R"({"error": {"code": 403,
  "message": "Permission 'resourcemanager.projects.get' denied on resource '//cloudresourcemanager.googleapis.com/projects/credprobe-test' (or it may not exist).",
  "status": "PERMISSION_DENIED",
  "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "IAM_PERMISSION_DENIED",
               "domain": "cloudresourcemanager.googleapis.com"}]}})";

std::map<std::string, std::string> form_of(const std::string& body) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    std::string pair = body.substr(start, end - start);
    std::size_t eq = pair.find('=');
    out[pair.substr(0, eq)] = *url_decode(pair.substr(eq + 1), true);
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("the probe signs header.claims with the key and posts the jwt-bearer grant") {
  auto outcome = check_with({token_granted(), http_answer(200, kProjectBody)});
  REQUIRE(outcome.signed_data.size() == 1);
  const SignStep& sign = outcome.signed_data[0];
  CHECK(sign.algorithm == "RS256");
  CHECK(sign.private_key_pem == gcp_test::pkcs8_pem());
  const std::string header = *base64url_decode(sign.data.substr(0, sign.data.find('.')));
  const std::string claims = *base64url_decode(sign.data.substr(sign.data.find('.') + 1));
  CHECK(header ==
        std::string(R"({"alg":"RS256","kid":")") + gcp_test::kKeyId + R"(","typ":"JWT"})");
  CHECK(claims == std::string(R"({"aud":"https://oauth2.googleapis.com/token","exp":1764339600,)") +
                      R"("iat":1764336000,"iss":")" + gcp_test::kEmail +
                      R"(","scope":"https://www.googleapis.com/auth/cloud-platform.read-only"})");

  REQUIRE(outcome.sent.size() == 2);
  const HttpRequest& token = outcome.sent[0].request;
  CHECK(outcome.sent[0].endpoint == "token");
  CHECK(token.method == "POST");
  CHECK(token.url == "https://oauth2.googleapis.com/token");
  CHECK(find_header(token.headers, "content-type") == "application/x-www-form-urlencoded");
  auto form = form_of(token.body);
  CHECK(form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer");
  const std::string& assertion = form["assertion"];
  CHECK(assertion.rfind(sign.data + ".", 0) == 0);
  auto signature = base64url_decode(assertion.substr(sign.data.size() + 1));
  REQUIRE(signature);
  CHECK(*signature == native::openssl_sign(sign).signature);  // PKCS#1 v1.5 is deterministic
  CHECK(token.body.find("PRIVATE KEY") == std::string::npos);

  const HttpRequest& project = outcome.sent[1].request;
  CHECK(outcome.sent[1].endpoint == "resourcemanager");
  CHECK(project.method == "GET");
  CHECK(project.url == "https://cloudresourcemanager.googleapis.com/v3/projects/credprobe-test");
  CHECK(find_header(project.headers, "authorization") == "Bearer ya29.c.unit-test-token");
}

TEST_CASE("token granted and project readable is valid with account, key and project") {
  Verdict v = check_with({token_granted(), http_answer(200, kProjectBody)}).verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.summary == std::string("key works for ") + gcp_test::kEmail +
                         ": project credprobe-test (\"Credprobe Test\") is readable");
  CHECK(*v.fact("service_account") == gcp_test::kEmail);
  CHECK(*v.fact("key_id") == gcp_test::kKeyId);
  CHECK(*v.fact("project") == "credprobe-test");
  CHECK(*v.fact("project_name") == "Credprobe Test");
  CHECK(*v.fact("project_number") == "415104041262");
  REQUIRE(v.permissions.size() == 2);
  CHECK(v.permissions[0].scope == "project credprobe-test");
  REQUIRE(v.evidence.size() == 2);
  CHECK(v.evidence[0].host == "oauth2.googleapis.com");
  CHECK(v.evidence[0].path == "/token");
  CHECK(v.evidence[0].http_status == 200);
  CHECK(v.evidence[1].host == "cloudresourcemanager.googleapis.com");
  CHECK(v.evidence[1].path == "/v3/projects/credprobe-test");
  CHECK(v.checked_at == "2025-11-28T13:20:00Z");
}

TEST_CASE("gcp_project_id replaces the key's project_id") {
  auto outcome = check_with({token_granted(), http_answer(403, kDenied)}, gcp_test::key_file(), {},
                            "other-project-42");
  CHECK(outcome.sent[1].request.url ==
        "https://cloudresourcemanager.googleapis.com/v3/projects/other-project-42");
}

TEST_CASE("token granted but project refused is insufficient, naming the project") {
  Verdict v = check_with({token_granted(), http_answer(403, kDenied)}).verdict;
  CHECK(v.status == Status::insufficient);
  CHECK(
      v.summary ==
      std::string("the key works (Google granted a token to ") + gcp_test::kEmail +
          "), but project credprobe-test could not be read (403 PERMISSION_DENIED): Permission "
          "'resourcemanager.projects.get' denied on resource "
          "'//cloudresourcemanager.googleapis.com/projects/credprobe-test' (or it may not exist).");
  CHECK(v.evidence[1].provider_code == "PERMISSION_DENIED");
  CHECK(v.hint.find("roles/browser") != std::string::npos);
}

TEST_CASE("token granted but project not found (404) is insufficient") {
  Verdict v =
      check_with(
          {token_granted(),
           http_answer(
               404,
               R"({"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}})")})
          .verdict;
  CHECK(v.status == Status::insufficient);
  CHECK(v.hint == "Project credprobe-test does not exist. Check gcp_project_id.");
}

TEST_CASE(
    "a 403 or 404 that is not Google's error shape is not insufficient: the project is unknown") {
  // A web filter's page, an empty body, Google's shape with another code: none is Google's
  // answer about this project. The granted token still proves the key (the reach rule).
  for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
           {403, "<html><title>Access Denied</title><body>Blocked by policy</body></html>"},
           {403, ""},
           {404, "{}"},
           {403, R"({"error": {"code": 401, "status": "UNAUTHENTICATED"}})"}}) {
    Verdict v = check_with({token_granted(), http_answer(status, body)}).verdict;
    CHECK(v.status == Status::valid);
    CHECK(v.summary.find("could not be told: Cloud Resource Manager answered " +
                         std::to_string(status)) != std::string::npos);
    CHECK(v.permissions.at(0).access == std::vector<std::string>{"unknown"});
    CHECK(v.hint == "Check the resourcemanager endpoint: it should be Google's.");
  }
}

TEST_CASE("Resource Manager rate limiting leaves the key valid, the project unknown") {
  // The granted token proves the key; the read the 429 refused is unknown in the permissions
  // (the same answer as Azure's). It was rate_limited before the honesty rule was written once.
  Verdict v =
      check_with({token_granted(), http_answer(429, "{}", {{"Retry-After", "12"}})}).verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.summary == std::string("the key works (Google granted a token to ") + gcp_test::kEmail +
                         "); whether it reaches project credprobe-test could not be told: Cloud "
                         "Resource Manager is rate limiting (429)");
  CHECK(v.hint == "Try again in 12 seconds.");
  REQUIRE(v.permissions.size() == 1);
  CHECK(v.permissions[0].scope == "project credprobe-test");
  CHECK(v.permissions[0].access == std::vector<std::string>{"unknown"});
}

TEST_CASE("Resource Manager rate limiting without Retry-After hints at a minute") {
  Verdict v = check_with({token_granted(), http_answer(429, "{}")}).verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.hint == "Wait a minute and try again.");
}

TEST_CASE("a failed project read after a granted token is valid, the project unknown") {
  for (auto read : {http_answer(503, "<html>busy</html>"), http_answer(200, "<html>portal</html>"),
                    http_answer(400, "{}"), transport_failure(TransportError::reset)}) {
    Verdict v = check_with({token_granted(), read}).verdict;
    CHECK(v.status == Status::valid);
    CHECK(v.permissions.at(0).access == std::vector<std::string>{"unknown"});
    REQUIRE(v.evidence.size() == 2);
    CHECK(v.evidence[1].path == "/v3/projects/credprobe-test");
    CHECK(*v.fact("service_account") == gcp_test::kEmail);
  }
}

TEST_CASE("invalid_grant in a 302 is indeterminate, not invalid") {
  Verdict v = check_with({oauth_refusal(302, "invalid_grant", "Invalid JWT Signature.")}).verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "Google's token endpoint answered 302 (invalid_grant: Invalid JWT Signature.), a "
        "redirect that is not followed");
  Verdict user = check_with({oauth_refusal(302, "invalid_grant", "Bad Request")},
                            gcp_test::authorized_user_file())
                     .verdict;
  CHECK(user.status == Status::indeterminate);
}

TEST_CASE("the Resource Manager API disabled is insufficient with the hint to enable it") {
  Verdict v =
      check_with(
          {token_granted(),
           http_answer(
               403,
               R"({"error": {"code": 403, "message": "Cloud Resource Manager API has not been used in project 415104041262 before or it is disabled.", "status": "PERMISSION_DENIED",
                            "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED"}]}})")})
          .verdict;
  CHECK(v.status == Status::insufficient);
  CHECK(v.hint ==
        "Enable the Cloud Resource Manager API in the credential's project, then check again.");
}

TEST_CASE("Invalid JWT Signature is invalid: deleted, disabled or foreign key") {
  Verdict v = check_with({oauth_refusal(400, "invalid_grant", "Invalid JWT Signature.")}).verdict;
  CHECK(v.status == Status::invalid);
  CHECK(v.summary == "Google rejected the key's signature (invalid_grant: Invalid JWT Signature.)");
  CHECK(v.hint == std::string("Key ") + gcp_test::kKeyId +
                      " is deleted or disabled, or does not "
                      "belong to " +
                      gcp_test::kEmail +
                      ". Create a new key under IAM > Service "
                      "accounts > Keys.");
  REQUIRE(v.evidence.size() == 1);
  CHECK(v.evidence[0].provider_code == "invalid_grant");
  CHECK(v.evidence[0].http_status == 400);
}

TEST_CASE("account not found is invalid: the service account is disabled or deleted") {
  Verdict v =
      check_with({oauth_refusal(400, "invalid_grant", "Invalid grant: account not found")}).verdict;
  CHECK(v.status == Status::invalid);
  CHECK(v.summary ==
        "Google refused the service account (invalid_grant: Invalid grant: account not found)");
  CHECK(v.hint.find("is disabled or deleted") != std::string::npos);
}

TEST_CASE("a time refusal is indeterminate with a clock hint") {
  Verdict v =
      check_with(
          {oauth_refusal(
              400, "invalid_grant",
              "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
              "timeframe. Check your iat and exp values in the JWT claim.")})
          .verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary.rfind("Google judged the assertion's time out of range", 0) == 0);
  CHECK(v.hint ==
        "The assertion was dated 2025-11-28T13:20:00Z by this machine's clock; Google accepts it "
        "only if that is close to the real time. Sync the clock (NTP) and check again.");
}

TEST_CASE(
    "an invalid_grant that names neither the key, the account nor the time is indeterminate") {
  Verdict v = check_with({oauth_refusal(400, "invalid_grant", "Some new reason.")}).verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "Google refused the assertion for a reason that does not name the key (invalid_grant: "
        "Some new reason.)");
}

TEST_CASE("unauthorized_client for a service account is indeterminate") {
  Verdict v = check_with({oauth_refusal(401, "unauthorized_client",
                                        "Client is unauthorized to retrieve access tokens using "
                                        "this method, or client not authorized for any of the "
                                        "scopes requested.")})
                  .verdict;
  CHECK(v.status == Status::indeterminate);
}

TEST_CASE("429 from the token endpoint is rate_limited with Retry-After") {
  Verdict v = check_with({http_answer(429, "{}", {{"Retry-After", "30"}})}).verdict;
  CHECK(v.status == Status::rate_limited);
  CHECK(v.retry_after_seconds == 30);
}

TEST_CASE("5xx from the token endpoint is indeterminate") {
  Verdict v = check_with({http_answer(503, "<html>unavailable</html>")}).verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "Google's token endpoint answered 503, a server error that proves nothing about the "
        "credential");
}

TEST_CASE("no answer from the token endpoint is unreachable") {
  Verdict v = check_with({transport_failure(TransportError::timeout)}).verdict;
  CHECK(v.status == Status::unreachable);
  CHECK(v.evidence[0].path == "/token");
}

TEST_CASE("a 200 without an access token is indeterminate") {
  CHECK(check_with({http_answer(200, "<html>portal</html>")}).verdict.status ==
        Status::indeterminate);
}

TEST_CASE("a foreign token_uri is refused before anything is signed or sent") {
  auto outcome =
      check_with({}, gcp_test::key_file({{"token_uri", "https://collector.example.net/token"}}));
  CHECK(outcome.verdict.status == Status::malformed);
  CHECK(outcome.verdict.summary ==
        "the key's token_uri points at collector.example.net, which is not Google's token "
        "endpoint; a signed assertion is sent only to Google unless you set the token endpoint "
        "yourself");
  CHECK(outcome.sent.empty());
  CHECK(outcome.signed_data.empty());
}

TEST_CASE("an explicit token endpoint wins over the key's token_uri, and is the audience") {
  auto outcome = check_with(
      {token_granted(), http_answer(200, kProjectBody)},
      gcp_test::key_file({{"token_uri", "https://collector.example.net/token"}}),
      {{"token", "http://127.0.0.1:8123"}, {"resourcemanager", "http://127.0.0.1:8124/"}});
  CHECK(outcome.verdict.status == Status::valid);
  CHECK(outcome.sent[0].request.url == "http://127.0.0.1:8123/token");
  CHECK(outcome.sent[1].request.url == "http://127.0.0.1:8124/v3/projects/credprobe-test");
  const std::string& data = outcome.signed_data[0].data;
  CHECK(base64url_decode(data.substr(data.find('.') + 1))
            ->find(R"("aud":"http://127.0.0.1:8123/token")") != std::string::npos);
}

TEST_CASE("Google's older token_uri addresses are Google's own: the default endpoint is used") {
  auto outcome =
      check_with({token_granted(), http_answer(200, kProjectBody)},
                 gcp_test::key_file({{"token_uri", "https://accounts.google.com/o/oauth2/token"}}));
  CHECK(outcome.verdict.status == Status::valid);
  CHECK(outcome.sent[0].request.url == "https://oauth2.googleapis.com/token");
}

TEST_CASE("a key for another universe is not sent to googleapis.com") {
  auto outcome = check_with({}, gcp_test::key_file({{"universe_domain", "example-tpc.goog"}}));
  CHECK(outcome.verdict.status == Status::malformed);
  CHECK(outcome.verdict.summary.rfind("the credential is for the universe \"example-tpc.goog\"",
                                      0) == 0);
}

TEST_CASE("a signer failure on the key is malformed and nothing is sent") {
  CheckRequest request;
  request.fields = {{"gcp_service_account_key", gcp_test::key_file()}};
  request.now = kNow;
  auto prepared = prepare_check(gcp_provider(), request);
  REQUIRE(prepared.probe);
  ScriptedDriver driver({}, [](const SignStep&) {
    return SignResult{"", "the private key could not be read as a PEM private key"};
  });
  Verdict v = driver.run(std::move(prepared));
  CHECK(v.status == Status::malformed);
  CHECK(driver.sent().empty());
}

TEST_CASE("an authorized_user file posts its refresh token and reads its quota project") {
  auto outcome = check_with({token_granted(), http_answer(200, kProjectBody)},
                            gcp_test::authorized_user_file());
  CHECK(outcome.signed_data.empty());
  auto form = form_of(outcome.sent[0].request.body);
  CHECK(form["grant_type"] == "refresh_token");
  CHECK(form["refresh_token"] == "1//0emulated-refresh-token-for-unit-tests");
  CHECK(form["client_id"] == "764086051850-emulated.apps.googleusercontent.com");
  CHECK(outcome.verdict.status == Status::valid);
  CHECK(*outcome.verdict.fact("oauth_client_id") ==
        "764086051850-emulated.apps.googleusercontent.com");
}

TEST_CASE("a revoked refresh token is invalid") {
  Verdict v =
      check_with({oauth_refusal(400, "invalid_grant", "Token has been expired or revoked.")},
                 gcp_test::authorized_user_file())
          .verdict;
  CHECK(v.status == Status::invalid);
  CHECK(v.summary ==
        "Google refused the refresh token (invalid_grant: Token has been expired or revoked.)");
}

TEST_CASE("no verdict text holds the private key, the assertion or the access token") {
  for (auto script : std::vector<std::vector<HttpResult>>{
           {token_granted(), http_answer(200, kProjectBody)},
           {token_granted(), http_answer(403, kDenied)},
           {oauth_refusal(400, "invalid_grant", "Invalid JWT Signature.")}}) {
    auto outcome = check_with(script);
    const std::string text = to_json(outcome.verdict).dump();
    CHECK(text.find("PRIVATE KEY") == std::string::npos);
    CHECK(text.find("ya29.") == std::string::npos);
    CHECK(text.find(outcome.signed_data[0].data.substr(0, 40)) == std::string::npos);
  }
}
