// The Azure probe against scripted answers: each Entra and Resource Manager answer and the
// verdict it maps to, with exact values.
#include <catch2/catch.hpp>

#include "credprobe/azure/azure_provider.hpp"
#include "credprobe/check.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/scripted_driver.hpp"

using namespace credprobe;

namespace {

const std::string kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const std::string kClient = "4d856d1f-8648-456c-9bb2-f36273bbe4e3";
const std::string kSecret = "Abc8Q~xYz0123456789abcdefghijklmnopqrstu";
const std::string kSubA = "8d65815f-a5b6-402f-9298-045155da7d74";
const std::string kSubB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const std::string kObject = "11111111-2222-3333-4444-555555555555";
constexpr std::int64_t kNow = 1764336000;  // 2025-11-28T13:20:00Z

struct Outcome {
  Verdict verdict;
  std::vector<SendStep> sent;
};

Outcome check_with(std::vector<HttpResult> script, std::string subscription = "",
                   std::string tenant = kTenant) {
  CheckRequest request;
  request.fields = {
      {"azure_tenant_id", tenant}, {"azure_client_id", kClient}, {"azure_client_secret", kSecret}};
  if (!subscription.empty()) request.fields["azure_subscription_id"] = subscription;
  request.now = kNow;
  auto prepared = prepare_check(azure_provider(), request);
  REQUIRE(prepared.probe);
  ScriptedDriver driver(std::move(script));
  Verdict verdict = driver.run(std::move(prepared));
  return {verdict, driver.sent()};
}

std::string openid_config() {
  return R"({"token_endpoint":"https://login.microsoftonline.com/)" + kTenant +
         R"(/oauth2/v2.0/token","issuer":"https://login.microsoftonline.com/)" + kTenant +
         R"(/v2.0","authorization_endpoint":"https://login.microsoftonline.com/)" + kTenant +
         R"(/oauth2/v2.0/authorize"})";
}

std::string access_token(bool with_name = true) {
  std::string claims = R"({"aud":"https://management.azure.com/","iss":"https://sts.windows.net/)" +
                       kTenant + R"(/","appid":")" + kClient + R"(","tid":")" + kTenant +
                       R"(","oid":")" + kObject + R"(","idtyp":"app","ver":"1.0")" +
                       (with_name ? R"(,"app_displayname":"ci-deployer")" : "") + "}";
  return base64url_encode(R"({"typ":"JWT","alg":"RS256","kid":"k"})") + "." +
         base64url_encode(claims) + "." + base64url_encode("signature");
}

std::string token_answer() {
  return R"({"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":")" +
         access_token() + R"("})";
}

std::string entra_error(const std::string& error, long code, const std::string& message) {
  const std::string c = std::to_string(code);
  return R"({"error":")" + error + R"(","error_description":"AADSTS)" + c + ": " + message +
         R"(\r\nTrace ID: 0c7f2993-b612-434d-9cee-244e88f51600\r\nCorrelation ID: 45d80262-c77f-487b-a95b-4566c736e1bc\r\nTimestamp: 2025-11-28 13:20:00Z","error_codes":[)" +
         c +
         R"(],"timestamp":"2025-11-28 13:20:00Z","trace_id":"0c7f2993-b612-434d-9cee-244e88f51600","correlation_id":"45d80262-c77f-487b-a95b-4566c736e1bc","error_uri":"https://login.microsoftonline.com/error?code=)" +
         c + R"("})";
}

std::string subscriptions_answer(const std::string& next_link = "") {
  std::string body =
      R"({"value":[{"id":"/subscriptions/)" + kSubA +
      R"(","authorizationSource":"RoleBased","managedByTenants":[],"subscriptionId":")" + kSubA +
      R"(","tenantId":")" + kTenant +
      R"(","displayName":"Production","state":"Enabled","subscriptionPolicies":{"locationPlacementId":"Public_2014-09-01","quotaId":"PayAsYouGo_2014-09-01","spendingLimit":"Off"}},{"id":"/subscriptions/)" +
      kSubB + R"(","subscriptionId":")" + kSubB +
      R"(","displayName":"Research","state":"Warned"}],"count":{"type":"Total","value":2})";
  if (!next_link.empty()) body += R"(,"nextLink":")" + next_link + R"(")";
  return body + "}";
}

std::vector<HttpResult> up_to_token(HttpResult token) {
  return {http_answer(200, openid_config()), std::move(token)};
}

std::vector<HttpResult> full(HttpResult subscriptions) {
  return {http_answer(200, openid_config()), http_answer(200, token_answer()),
          std::move(subscriptions)};
}

}  // namespace

TEST_CASE("the probe reads the OpenID configuration before sending the secret") {
  auto outcome = check_with(full(http_answer(200, subscriptions_answer())));
  REQUIRE(outcome.sent.size() == 3);
  const HttpRequest& openid = outcome.sent[0].request;
  CHECK(openid.method == "GET");
  CHECK(openid.url ==
        "https://login.microsoftonline.com/" + kTenant + "/v2.0/.well-known/openid-configuration");
  CHECK(openid.body.empty());
  CHECK_FALSE(find_header(openid.headers, "authorization"));
}

TEST_CASE("the token request is a form-encoded client-credentials grant") {
  auto outcome = check_with(full(http_answer(200, subscriptions_answer())));
  const SendStep& token = outcome.sent[1];
  CHECK(token.endpoint == "login");
  CHECK(token.request.method == "POST");
  CHECK(token.request.url == "https://login.microsoftonline.com/" + kTenant + "/oauth2/v2.0/token");
  CHECK(find_header(token.request.headers, "content-type") == "application/x-www-form-urlencoded");
  CHECK(token.request.body == "client_id=" + kClient +
                                  "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default"
                                  "&client_secret=Abc8Q%7ExYz0123456789abcdefghijklmnopqrstu"
                                  "&grant_type=client_credentials");
}

TEST_CASE("the subscriptions request carries the issued token, never the secret") {
  auto outcome = check_with(full(http_answer(200, subscriptions_answer())));
  const SendStep& list = outcome.sent[2];
  CHECK(list.endpoint == "management");
  CHECK(list.request.url == "https://management.azure.com/subscriptions?api-version=2022-12-01");
  CHECK(find_header(list.request.headers, "authorization") == "Bearer " + access_token());
  CHECK(list.request.body.empty());
  CHECK(list.request.url.find(kSecret) == std::string::npos);
}

TEST_CASE("token and subscriptions list is valid with identity from the claims") {
  Verdict v = check_with(full(http_answer(200, subscriptions_answer()))).verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "the secret works for app \"ci-deployer\" (" + kClient + ") in tenant " +
                         kTenant + "; it sees 2 subscriptions");
  REQUIRE(v.identity.size() == 5);
  CHECK(*v.fact("app") == "ci-deployer");
  CHECK(*v.fact("app_id") == kClient);
  CHECK(*v.fact("tenant") == kTenant);
  CHECK(*v.fact("object_id") == kObject);
  CHECK(*v.fact("cloud") == "public");
  REQUIRE(v.permissions.size() == 2);
  CHECK(v.permissions[0].scope == "subscription " + kSubA + " (Production)");
  CHECK(v.permissions[0].access == std::vector<std::string>{"Enabled"});
  CHECK(v.permissions[1].scope == "subscription " + kSubB + " (Research)");
  CHECK(v.permissions[1].access == std::vector<std::string>{"Warned"});
  REQUIRE(v.evidence.size() == 3);
  CHECK(v.evidence[0].path == "/" + kTenant + "/v2.0/.well-known/openid-configuration");
  CHECK(v.evidence[1].path == "/" + kTenant + "/oauth2/v2.0/token");
  CHECK(v.evidence[1].http_status == 200);
  CHECK(v.evidence[2].host == "management.azure.com");
  CHECK(v.evidence[2].path == "/subscriptions");
  CHECK(v.hint.empty());
  CHECK(v.checked_at == "2025-11-28T13:20:00Z");
}

TEST_CASE("the given subscription among those visible is valid and named") {
  Verdict v = check_with(full(http_answer(200, subscriptions_answer())), kSubA).verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "the secret works for app \"ci-deployer\" (" + kClient + ") in tenant " +
                         kTenant + " and reaches subscription " + kSubA + " (Production)");
}

TEST_CASE("subscription IDs compare without regard to case") {
  std::string upper = kSubA;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(check_with(full(http_answer(200, subscriptions_answer())), upper).verdict.status ==
        Status::valid);
}

TEST_CASE("a visible subscription that is not Enabled is valid with a hint") {
  Verdict v = check_with(full(http_answer(200, subscriptions_answer())), kSubB).verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.hint == "Subscription " + kSubB +
                      " is Warned: it cannot create resources until it is Enabled again.");
}

TEST_CASE("a given subscription that is not visible is insufficient, naming it") {
  const std::string other = "a1b2c3d4-0000-4000-8000-000000000001";
  Verdict v = check_with(full(http_answer(200, subscriptions_answer())), other).verdict;
  CHECK(v.status == Status::insufficient);
  CHECK(v.summary == "the secret works for app \"ci-deployer\" (" + kClient + ") in tenant " +
                         kTenant + ", but subscription " + other +
                         " is not among the 2 subscriptions it can see");
  CHECK(v.hint.find(other) != std::string::npos);
  CHECK(v.permissions.size() == 2);
  CHECK(*v.fact("app") == "ci-deployer");
}

TEST_CASE("no visible subscriptions is valid with a hint to assign a role") {
  Verdict v =
      check_with(full(http_answer(200, R"({"value":[],"count":{"type":"Total","value":0}})")))
          .verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.summary.find("it sees 0 subscriptions") != std::string::npos);
  CHECK(v.hint.rfind("The service principal has no role on any subscription.", 0) == 0);
}

TEST_CASE("AADSTS90002 from the OpenID configuration is invalid before any secret is sent") {
  auto outcome =
      check_with({http_answer(400, entra_error("invalid_tenant", 90002, "Tenant 'x' not found."))});
  REQUIRE(outcome.sent.size() == 1);
  const Verdict& v = outcome.verdict;
  CHECK(v.status == Status::invalid);
  CHECK(v.summary ==
        "tenant " + kTenant + " was not found in the Azure public cloud (AADSTS90002)");
  CHECK(v.hint.find("azure_cloud") != std::string::npos);
  REQUIRE(v.evidence.size() == 1);
  CHECK(v.evidence[0].http_status == 400);
  CHECK(v.evidence[0].provider_code == "AADSTS90002");
}

TEST_CASE("AADSTS7000215 is invalid") {
  Verdict v =
      check_with(up_to_token(http_answer(401, entra_error("invalid_client", 7000215,
                                                          "Invalid client secret provided."))))
          .verdict;
  CHECK(v.status == Status::invalid);
  CHECK(v.summary == "Entra ID rejected the client secret for app " + kClient + " (AADSTS7000215)");
  CHECK(v.hint.find("not its Secret ID") != std::string::npos);
  REQUIRE(v.evidence.size() == 2);
  CHECK(v.evidence[1].http_status == 401);
  CHECK(v.evidence[1].provider_code == "AADSTS7000215");
  CHECK(v.identity.empty());
}

TEST_CASE("AADSTS7000222 is expired") {
  Verdict v =
      check_with(up_to_token(http_answer(
                     401, entra_error("invalid_client", 7000222,
                                      "The provided client secret keys for app are expired."))))
          .verdict;
  CHECK(v.status == Status::expired);
  CHECK(v.summary == "the client secret of app " + kClient + " has expired (AADSTS7000222)");
  CHECK(v.evidence[1].provider_code == "AADSTS7000222");
}

TEST_CASE("AADSTS700016 is invalid: no such client in the tenant") {
  Verdict v = check_with(up_to_token(http_answer(
                             400, entra_error("unauthorized_client", 700016,
                                              "Application with identifier was not found."))))
                  .verdict;
  CHECK(v.status == Status::invalid);
  CHECK(v.summary ==
        "no application with client ID " + kClient + " in tenant " + kTenant + " (AADSTS700016)");
  CHECK(v.hint.find("azure_client_id") != std::string::npos);
}

TEST_CASE("AADSTS90002 from the token endpoint is invalid") {
  Verdict v = check_with(up_to_token(http_answer(
                             400, entra_error("invalid_request", 90002, "Tenant not found."))))
                  .verdict;
  CHECK(v.status == Status::invalid);
  CHECK(v.summary.find("was not found in the Azure public cloud (AADSTS90002)") !=
        std::string::npos);
}

TEST_CASE("AADSTS53003 is indeterminate: the secret may well be valid") {
  Verdict v = check_with(up_to_token(http_answer(
                             400, entra_error("interaction_required", 53003,
                                              "Access has been blocked by Conditional Access "
                                              "policies."))))
                  .verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "a Conditional Access policy blocked the sign-in (AADSTS53003); the secret may well be "
        "valid");
  CHECK(v.hint.find("Conditional Access") != std::string::npos);
}

TEST_CASE("AADSTS9002326 is blocked, with the relay hint") {
  Verdict v = check_with(up_to_token(http_answer(
                             400, entra_error("invalid_request", 9002326,
                                              "Cross-origin token redemption is permitted only "
                                              "for the 'Single-Page Application' client-type."))))
                  .verdict;
  CHECK(v.status == Status::blocked);
  CHECK(v.summary == "Entra ID refuses client-secret sign-ins from a browser page (AADSTS9002326)");
  CHECK(v.hint.find("credprobe relay") != std::string::npos);
}

TEST_CASE("a browser refusal of the token request is blocked, with the relay hint") {
  Verdict v = check_with(up_to_token(transport_failure(TransportError::browser_blocked))).verdict;
  CHECK(v.status == Status::blocked);
  CHECK(v.hint.find("credprobe relay") != std::string::npos);
  REQUIRE(v.evidence.size() == 2);
  CHECK(v.evidence[1].transport_error == to_string(TransportError::browser_blocked));
}

TEST_CASE("any other AADSTS code is indeterminate with its code and message") {
  Verdict v = check_with(up_to_token(http_answer(
                             400, entra_error("invalid_request", 900144,
                                              "The request body must contain the following "
                                              "parameter: 'grant_type'."))))
                  .verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "Entra ID answered 400 from the token endpoint with AADSTS900144: The request body "
        "must contain the following parameter: 'grant_type'.");
  CHECK(v.hint == "Look the code up at https://login.microsoftonline.com/error?code=900144.");
  CHECK(v.evidence[1].provider_code == "AADSTS900144");
}

TEST_CASE("other AADSTS codes from the OpenID configuration are indeterminate") {
  Verdict v = check_with({http_answer(400, entra_error("invalid_request", 900023,
                                                       "Specified tenant identifier 'x' is "
                                                       "neither a valid DNS name, nor a valid "
                                                       "external domain."))})
                  .verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary.rfind("Entra ID answered 400 from the OpenID configuration with AADSTS900023",
                        0) == 0);
}

TEST_CASE("429 from Entra is rate_limited and keeps Retry-After") {
  Verdict v = check_with(up_to_token(http_answer(429, "{}", {{"Retry-After", "9"}}))).verdict;
  CHECK(v.status == Status::rate_limited);
  REQUIRE(v.retry_after_seconds);
  CHECK(*v.retry_after_seconds == 9);
  CHECK(v.hint == "Try again in 9 seconds.");
}

TEST_CASE("5xx from Entra is indeterminate, never invalid") {
  for (int status : {500, 502, 503}) {
    Verdict v =
        check_with(up_to_token(http_answer(status, entra_error("temporarily_unavailable", 90033,
                                                               "A transient error has occurred."))))
            .verdict;
    CHECK(v.status == Status::indeterminate);
  }
  Verdict openid = check_with({http_answer(503, "<html>busy</html>")}).verdict;
  CHECK(openid.status == Status::indeterminate);
  CHECK(openid.summary ==
        "Entra ID answered 503 from the OpenID configuration, a server error that proves "
        "nothing about the credential");
}

TEST_CASE("a 200 that is not Entra's is indeterminate") {
  CHECK(check_with({http_answer(200, "<html>portal</html>")}).verdict.status ==
        Status::indeterminate);
  Verdict v = check_with(up_to_token(http_answer(200, R"({"token_type":"Bearer"})"))).verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary == "Entra ID answered 200 from the token endpoint without an access token");
}

TEST_CASE("a 400 without an Entra body is indeterminate, not invalid") {
  Verdict v = check_with(up_to_token(http_answer(400, "bad request"))).verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary == "Entra ID answered 400 from the token endpoint");
}

TEST_CASE("no answer from Entra is unreachable") {
  Verdict v = check_with({transport_failure(TransportError::timeout)}).verdict;
  CHECK(v.status == Status::unreachable);
  CHECK(v.evidence.size() == 1);
}

TEST_CASE("a token that cannot be decoded still proves the secret") {
  std::vector<HttpResult> script = {
      http_answer(200, openid_config()),
      http_answer(200, R"({"token_type":"Bearer","access_token":"opaque"})"),
      http_answer(200, subscriptions_answer())};
  Verdict v = check_with(script).verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.summary.rfind("the secret works for app " + kClient + " in tenant " + kTenant, 0) == 0);
  CHECK(*v.fact("tenant") == kTenant);  // from the OpenID configuration's issuer
  CHECK(*v.fact("app_id") == kClient);
}

TEST_CASE("subscriptions that cannot be listed leave the secret valid when none was asked for") {
  Verdict v = check_with(full(http_answer(
                             503, R"({"error":{"code":"ServiceUnavailable","message":"busy"}})")))
                  .verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "the secret works for app \"ci-deployer\" (" + kClient + ") in tenant " +
                         kTenant +
                         "; its subscriptions could not be listed: Resource Manager answered 503 "
                         "(ServiceUnavailable: busy), a server error that proves nothing about "
                         "the credential");
  CHECK(v.evidence[2].provider_code == "ServiceUnavailable");
  CHECK(v.hint == "Try again later; see https://azure.status.microsoft.");
}

TEST_CASE("subscriptions that cannot be listed make a given subscription unknown") {
  // The granted token proves the secret: the failed read is unknown in the permissions, and the
  // verdict is valid whatever the read said (the same answer as GCP's).
  Verdict v =
      check_with(
          full(http_answer(
              401,
              R"({"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}})")),
          kSubA)
          .verdict;
  CHECK(v.status == Status::valid);
  CHECK(v.summary.find("; whether it reaches subscription " + kSubA + " could not be told") !=
        std::string::npos);
  CHECK(*v.fact("app") == "ci-deployer");
  REQUIRE(v.permissions.size() == 1);
  CHECK(v.permissions[0].scope == "subscription " + kSubA);
  CHECK(v.permissions[0].access == std::vector<std::string>{"unknown"});
  Verdict limited =
      check_with(full(http_answer(429, "{}", {{"Retry-After", "30"}})), kSubA).verdict;
  CHECK(limited.status == Status::valid);
  CHECK(limited.hint == "Try again in 30 seconds.");
  CHECK(limited.permissions.at(0).access == std::vector<std::string>{"unknown"});
  Verdict gone = check_with(full(transport_failure(TransportError::reset)), kSubA).verdict;
  CHECK(gone.status == Status::valid);
  CHECK(gone.evidence.size() == 3);
  CHECK(gone.evidence[2].transport_error == "connection reset");
}

// ---- honesty gaps: an Entra code outside the answer Entra documents for it proves nothing ----

TEST_CASE("AADSTS7000215 in a 201 is indeterminate, not invalid") {
  Verdict v = check_with(up_to_token(http_answer(201, entra_error("invalid_client", 7000215,
                                                                  "Invalid client secret."))))
                  .verdict;
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary.rfind("Entra ID answered 201 from the token endpoint with AADSTS7000215", 0) ==
        0);
}

TEST_CASE("AADSTS7000222 in a 302 is indeterminate, not expired") {
  Verdict v = check_with(up_to_token(http_answer(
                             302, entra_error("invalid_client", 7000222, "The secret expired."))))
                  .verdict;
  CHECK(v.status == Status::indeterminate);
}

TEST_CASE("AADSTS90002 in a 302 from the OpenID configuration is indeterminate, not invalid") {
  auto outcome =
      check_with({http_answer(302, entra_error("invalid_tenant", 90002, "Tenant not found."))});
  CHECK(outcome.verdict.status == Status::indeterminate);
  CHECK(outcome.sent.size() == 1);
  CHECK(outcome.verdict.summary.rfind(
            "Entra ID answered 302 from the OpenID configuration with AADSTS90002", 0) == 0);
}

TEST_CASE("a next page on the same Resource Manager is followed") {
  const std::string next =
      "https://management.azure.com/subscriptions?api-version=2022-12-01&%24skiptoken=abc";
  std::vector<HttpResult> script = full(http_answer(200, subscriptions_answer(next)));
  script.push_back(http_answer(
      200,
      R"({"value":[{"subscriptionId":"c0ffee00-0000-4000-8000-000000000000","displayName":"Third","state":"Enabled"}]})"));
  auto outcome = check_with(script);
  REQUIRE(outcome.sent.size() == 4);
  CHECK(outcome.sent[3].request.url == next);
  CHECK(outcome.verdict.permissions.size() == 3);
}

TEST_CASE("a next page on another host is never sent the token") {
  auto outcome = check_with(full(http_answer(
      200, subscriptions_answer("https://elsewhere.example.com/subscriptions?page=2"))));
  CHECK(outcome.sent.size() == 3);
  CHECK(outcome.verdict.status == Status::valid);
  CHECK(outcome.verdict.hint == "(Only the first pages of subscriptions were read.)");
}

TEST_CASE("a subscription missing from the pages read, with pages left unread, is indeterminate") {
  auto outcome = check_with(
      full(http_answer(200,
                       subscriptions_answer("https://elsewhere.example.com/subscriptions?page=2"))),
      "deadbeef-0000-4000-8000-000000000000");
  CHECK(outcome.sent.size() == 3);
  CHECK(outcome.verdict.status == Status::indeterminate);
  CHECK(outcome.verdict.hint ==
        "Azure lists more subscriptions than credprobe reads; check the subscription in the "
        "portal or with `az account list`. (Only the first pages of subscriptions were read.)");
}

TEST_CASE("a tenant domain is kept in the URLs") {
  auto outcome =
      check_with(full(http_answer(200, subscriptions_answer())), "", "contoso.onmicrosoft.com");
  CHECK(outcome.sent[0].request.url ==
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/"
        "openid-configuration");
  CHECK(outcome.sent[1].request.url ==
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
}

TEST_CASE("no verdict text or evidence holds the secret or the token") {
  for (auto script : {full(http_answer(200, subscriptions_answer())),
                      up_to_token(http_answer(401, entra_error("invalid_client", 7000215, "x")))}) {
    Verdict v = check_with(script).verdict;
    const std::string text = to_json(v).dump();
    CHECK(text.find(kSecret) == std::string::npos);
    CHECK(text.find(access_token()) == std::string::npos);
    CHECK(text.find("Abc8Q") == std::string::npos);
  }
}
