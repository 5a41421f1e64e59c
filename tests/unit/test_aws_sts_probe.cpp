// The AWS probe against scripted answers: the request it sends (presigned GET by default, the
// header-signed POST as an option) and one case per way STS can answer. Signatures were computed
// independently (Python's hashlib/hmac) for the same key, time and request.
#include <catch2/catch.hpp>

#include "credprobe/aws/aws_error_codes.hpp"
#include "credprobe/aws/aws_provider.hpp"
#include "credprobe/check.hpp"
#include "credprobe/scripted_driver.hpp"
#include "credprobe/url.hpp"

using namespace credprobe;

namespace {

// AWS's documentation example key.
const std::string kKeyId = "AKIAIOSFODNN7EXAMPLE";
const std::string kTempKeyId = "ASIAIOSFODNN7EXAMPLE";
const std::string kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const std::string kToken = "IQoJb3JpZ2luX2VjEXAMPLE/token+with=special+characters/EXAMPLE==";
constexpr std::int64_t kNow = 1764336000;  // 2025-11-28T13:20:00Z

struct Outcome {
  Verdict verdict;
  std::vector<SendStep> sent;
};

struct Setup {
  std::string key_id = kKeyId;
  std::string token;
  std::string region;
  std::string method;  // aws_sts_method option
  std::string endpoint;
};

Outcome check_with(std::vector<HttpResult> script, const Setup& setup = {}) {
  CheckRequest request;
  request.fields = {{"aws_access_key_id", setup.key_id}, {"aws_secret_access_key", kSecret}};
  if (!setup.token.empty()) request.fields["aws_session_token"] = setup.token;
  if (!setup.region.empty()) request.fields["aws_region"] = setup.region;
  if (!setup.method.empty()) request.options["aws_sts_method"] = setup.method;
  if (!setup.endpoint.empty()) request.endpoint_overrides[""] = setup.endpoint;
  request.now = kNow;
  auto prepared = prepare_check(aws_provider(), request);
  REQUIRE(prepared.probe);
  ScriptedDriver driver(std::move(script));
  Verdict verdict = driver.run(std::move(prepared));
  return {verdict, driver.sent()};
}

Setup temporary() {
  Setup setup;
  setup.key_id = kTempKeyId;
  setup.token = kToken;
  return setup;
}

Verdict verdict_for(HttpResult answer, const Setup& setup = {}) {
  return check_with({std::move(answer)}, setup).verdict;
}

std::string sts_error_xml(const std::string& code, const std::string& message,
                          const std::string& type = "Sender") {
  return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n"
         "    <Type>" +
         type + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + message +
         "</Message>\n  </Error>\n  <RequestId>4c5bd0a5-2c8d-4e4b-a0e5-0d8d1d2d3d4d</RequestId>\n"
         "</ErrorResponse>\n";
}

std::string sts_error_json(const std::string& code, const std::string& message) {
  return R"({"Error":{"Code":")" + code + R"(","Message":")" + message +
         R"(","Type":"Sender"},"RequestId":"4c5bd0a5-2c8d-4e4b-a0e5-0d8d1d2d3d4d"})";
}

std::string identity_json(const std::string& arn, const std::string& user_id) {
  return R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":"123456789012",)"
         R"("Arn":")" +
         arn + R"(","UserId":")" + user_id +
         R"("},"ResponseMetadata":{"RequestId":"01234567-89ab-cdef-0123-456789abcdef"}}})";
}

const char* kBadSignature =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

// Fri, 28 Nov 2025 13:20:00 GMT: the Date STS sends when its clock agrees with ours.
const Headers kDateNow = {{"Date", "Fri, 28 Nov 2025 13:20:00 GMT"}};

}  // namespace

// ---- the request ----------------------------------------------------------------------------

TEST_CASE("the default request is a presigned GET to the region's STS with Accept: json") {
  auto outcome = check_with(
      {http_answer(200, identity_json("arn:aws:iam::123456789012:user/Alice", "AIDAEXAMPLE"))});
  REQUIRE(outcome.sent.size() == 1);
  const HttpRequest& request = outcome.sent[0].request;
  CHECK(outcome.sent[0].endpoint == "sts");
  CHECK(request.method == "GET");
  CHECK(request.url ==
        "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"
        "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20251128%2Fus-east-1%2Fsts%2Faws4_request"
        "&X-Amz-Date=20251128T132000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=60"
        "&X-Amz-Signature=796c2c120baa79aa34127555df89a5ada317d52bf73c5ebe053b99ffd5d7d578");
  REQUIRE(request.headers.size() == 1);
  CHECK(request.headers[0].name == "Accept");
  CHECK(request.headers[0].value == "application/json");
  CHECK_FALSE(find_header(request.headers, "Authorization"));
  CHECK(request.body.empty());
}

TEST_CASE("a session token travels in the presigned query, signed") {
  auto outcome = check_with(
      {http_answer(200,
                   identity_json("arn:aws:sts::123456789012:assumed-role/R/s", "AROAEXAMPLE:s"))},
      temporary());
  const HttpRequest& request = outcome.sent[0].request;
  auto url = parse_url(request.url);
  REQUIRE(url);
  for (const char* name :
       {"X-Amz-Algorithm=", "X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F",
        "X-Amz-Date=", "X-Amz-Expires=60", "X-Amz-SignedHeaders=host", "X-Amz-Signature="}) {
    CHECK(url->query.find(name) != std::string::npos);
  }
  CHECK(url->query.find("&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2Ftoken%2Bwith%3Dspecial%2B"
                        "characters%2FEXAMPLE%3D%3D&X-Amz-Signature=") != std::string::npos);
  CHECK_FALSE(find_header(request.headers, "Authorization"));
  CHECK_FALSE(find_header(request.headers, "X-Amz-Security-Token"));
}

TEST_CASE("the secret access key is never sent") {
  for (const char* method : {"GET", "POST"}) {
    Setup setup;
    setup.method = method;
    const HttpRequest request = check_with({http_answer(500, "")}, setup).sent.at(0).request;
    std::string everything = request.url + request.body;
    for (const auto& h : request.headers) everything += h.name + h.value;
    CHECK(everything.find(kSecret) == std::string::npos);
    CHECK(everything.find("wJalrXUtnFEMI%2FK7MDENG") == std::string::npos);
  }
}

TEST_CASE("aws_sts_method=POST sends the header-signed form POST") {
  Setup setup;
  setup.method = "post";
  auto outcome = check_with(
      {http_answer(200, identity_json("arn:aws:iam::123456789012:user/Alice", "AIDAEXAMPLE"))},
      setup);
  const HttpRequest& request = outcome.sent.at(0).request;
  CHECK(request.method == "POST");
  CHECK(request.url == "https://sts.us-east-1.amazonaws.com/");
  CHECK(request.body == "Action=GetCallerIdentity&Version=2011-06-15");
  CHECK(find_header(request.headers, "Content-Type") ==
        "application/x-www-form-urlencoded; charset=utf-8");
  CHECK(find_header(request.headers, "X-Amz-Date") == "20251128T132000Z");
  CHECK(find_header(request.headers, "Accept") == "application/json");
  CHECK(find_header(request.headers, "Authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20251128/us-east-1/sts/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, "
        "Signature=8955b7c9ba3bf3a149ed4563ad60a00be7de8ac8b92643b441ec88886813e995");
  CHECK(outcome.verdict.status == Status::valid);
  CHECK(outcome.verdict.evidence.at(0).method == "POST");
}

TEST_CASE("POST with a session token signs X-Amz-Security-Token") {
  Setup setup = temporary();
  setup.method = "POST";
  const HttpRequest request = check_with({http_answer(500, "")}, setup).sent.at(0).request;
  CHECK(find_header(request.headers, "X-Amz-Security-Token") == kToken);
  auto authorization = find_header(request.headers, "Authorization");
  REQUIRE(authorization);
  CHECK(authorization->find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,") !=
        std::string::npos);
}

TEST_CASE("an unknown aws_sts_method is malformed before a probe exists") {
  CheckRequest request;
  request.fields = {{"aws_access_key_id", kKeyId}, {"aws_secret_access_key", kSecret}};
  request.options["aws_sts_method"] = "PUT";
  auto prepared = prepare_check(aws_provider(), request);
  CHECK(!prepared.probe);
  REQUIRE(prepared.verdict);
  CHECK(prepared.verdict->status == Status::malformed);
  CHECK(prepared.verdict->summary == "option aws_sts_method must be GET or POST");
}

TEST_CASE("aws_sts_method is read in any case") {
  Setup setup;
  setup.method = "post";
  CHECK(check_with({http_answer(500, "")}, setup).sent.at(0).request.method == "POST");
}

TEST_CASE("the endpoint follows the region, in its partition") {
  Setup cn;
  cn.region = "cn-north-1";
  auto url = parse_url(check_with({http_answer(500, "")}, cn).sent.at(0).request.url);
  REQUIRE(url);
  CHECK(url->host == "sts.cn-north-1.amazonaws.com.cn");
  CHECK(url->query.find("%2Fcn-north-1%2Fsts%2Faws4_request") != std::string::npos);

  Setup gov;
  gov.region = "us-gov-west-1";
  CHECK(parse_url(check_with({http_answer(500, "")}, gov).sent.at(0).request.url)->host ==
        "sts.us-gov-west-1.amazonaws.com");
}

TEST_CASE("an endpoint override replaces the host and keeps the region's scope") {
  Setup setup;
  setup.endpoint = "http://127.0.0.1:8123";
  setup.region = "eu-west-1";
  auto url = parse_url(check_with({http_answer(500, "")}, setup).sent.at(0).request.url);
  REQUIRE(url);
  CHECK(url->host_and_port() == "127.0.0.1:8123");
  CHECK(url->path == "/");
  CHECK(url->query.find("%2Feu-west-1%2Fsts%2F") != std::string::npos);
}

// ---- valid ----------------------------------------------------------------------------------

TEST_CASE("200 naming an IAM user is valid with account, ARN and principal kind") {
  Verdict v = verdict_for(http_answer(
      200, identity_json("arn:aws:iam::123456789012:user/ops/Alice", "AIDAJQABLZS4A3QDU576Q")));
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "key works for IAM user Alice in account 123456789012");
  CHECK(*v.fact("account") == "123456789012");
  CHECK(*v.fact("arn") == "arn:aws:iam::123456789012:user/ops/Alice");
  CHECK(*v.fact("principal") == "IAM user");
  CHECK(*v.fact("user") == "Alice");
  CHECK(*v.fact("path") == "/ops/");
  CHECK(*v.fact("user_id") == "AIDAJQABLZS4A3QDU576Q");
  CHECK(v.hint.empty());
  REQUIRE(v.evidence.size() == 1);
  CHECK(v.evidence[0].method == "GET");
  CHECK(v.evidence[0].host == "sts.us-east-1.amazonaws.com");
  CHECK(v.evidence[0].path == "/");
  CHECK(v.evidence[0].http_status == 200);
  CHECK(v.evidence[0].provider_code.empty());
}

TEST_CASE("200 in XML naming an assumed role is valid with role and session") {
  const std::string xml =
      "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
      "  <GetCallerIdentityResult>\n"
      "    <Arn>arn:aws:sts::123456789012:assumed-role/Deployer/ci-run</Arn>\n"
      "    <UserId>AROA3XFRBF535PLBIFPI4:ci-run</UserId>\n"
      "    <Account>123456789012</Account>\n  </GetCallerIdentityResult>\n"
      "</GetCallerIdentityResponse>\n";
  Verdict v = verdict_for(http_answer(200, xml), temporary());
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "key works for role Deployer (session ci-run) in account 123456789012");
  CHECK(*v.fact("principal") == "assumed role");
  CHECK(*v.fact("role") == "Deployer");
  CHECK(*v.fact("session") == "ci-run");
  CHECK(*v.fact("user_id") == "AROA3XFRBF535PLBIFPI4:ci-run");
}

TEST_CASE("200 naming a federated user is valid") {
  Verdict v =
      verdict_for(http_answer(200, identity_json("arn:aws:sts::123456789012:federated-user/Carol",
                                                 "123456789012:Carol")),
                  temporary());
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "key works for federated user Carol in account 123456789012");
  CHECK(*v.fact("principal") == "federated user");
  CHECK(*v.fact("federated_user") == "Carol");
}

TEST_CASE("200 naming the root user is valid, with advice against root keys") {
  Verdict v = verdict_for(
      http_answer(200, identity_json("arn:aws:iam::123456789012:root", "123456789012")));
  CHECK(v.status == Status::valid);
  CHECK(v.summary == "key works for the root user of account 123456789012");
  CHECK(*v.fact("principal") == "root");
  CHECK(v.hint.find("root access keys") != std::string::npos);
}

TEST_CASE("200 with another body is indeterminate") {
  Verdict v = verdict_for(http_answer(200, "<html><body>Sign in to the network</body></html>"));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary == "STS answered 200 with a body that is not a GetCallerIdentity answer");
}

// ---- rejections -----------------------------------------------------------------------------

TEST_CASE("InvalidClientTokenId is invalid: AWS does not know the key id") {
  Verdict v = verdict_for(
      http_answer(403,
                  sts_error_xml("InvalidClientTokenId",
                                "The security token included in the request is invalid."),
                  kDateNow));
  CHECK(v.status == Status::invalid);
  CHECK(v.summary == "AWS does not recognise this access key id (InvalidClientTokenId)");
  CHECK(v.hint.find("deleted or deactivated") != std::string::npos);
  CHECK(v.evidence.at(0).provider_code == "InvalidClientTokenId");
  CHECK(v.evidence.at(0).http_status == 403);
}

TEST_CASE("InvalidClientTokenId for a temporary key points at the session token") {
  Verdict v = verdict_for(
      http_answer(403, sts_error_json("InvalidClientTokenId",
                                      "The security token included in the request is invalid.")),
      temporary());
  CHECK(v.status == Status::invalid);
  CHECK(v.hint.find("session token") != std::string::npos);
}

TEST_CASE("SignatureDoesNotMatch is invalid: the secret is wrong") {
  Verdict v = verdict_for(
      http_answer(403, sts_error_json("SignatureDoesNotMatch", kBadSignature), kDateNow));
  CHECK(v.status == Status::invalid);
  CHECK(v.summary == "the secret access key does not match the key id (SignatureDoesNotMatch)");
  CHECK(v.evidence.at(0).provider_code == "SignatureDoesNotMatch");
}

TEST_CASE("SignatureDoesNotMatch with a Date two minutes off is still invalid") {
  Verdict v = verdict_for(http_answer(403, sts_error_xml("SignatureDoesNotMatch", kBadSignature),
                                      {{"Date", "Fri, 28 Nov 2025 13:22:00 GMT"}}));
  CHECK(v.status == Status::invalid);
}

TEST_CASE("an expired signature is clock skew: indeterminate with a clock hint") {
  Verdict v = verdict_for(
      http_answer(403, sts_error_xml("SignatureDoesNotMatch",
                                     "Signature expired: 20251128T132000Z is now earlier than "
                                     "20251128T140500Z (20251128T142000Z - 15 min.)")));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "AWS refused the request's signature because of the time it carries: this machine's "
        "clock is 60 minutes behind AWS's (SignatureDoesNotMatch)");
  CHECK(v.hint.find("clock") != std::string::npos);
  CHECK(v.evidence.at(0).provider_code == "SignatureDoesNotMatch");
}

TEST_CASE("a not-yet-current signature is clock skew too") {
  Verdict v = verdict_for(http_answer(
      403, sts_error_json("SignatureDoesNotMatch",
                          "Signature not yet current: 20251128T132000Z is still later than "
                          "20251128T123500Z (20251128T122000Z + 15 min.)")));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary.find("60 minutes ahead of AWS's") != std::string::npos);
}

TEST_CASE("SignatureDoesNotMatch with the server's Date over 5 minutes away is clock skew") {
  Verdict v = verdict_for(http_answer(403, sts_error_xml("SignatureDoesNotMatch", kBadSignature),
                                      {{"Date", "Fri, 28 Nov 2025 13:30:00 GMT"}}));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "AWS refused the request's signature because of the time it carries: this machine's "
        "clock is 10 minutes behind AWS's (SignatureDoesNotMatch)");
}

TEST_CASE("a refused credential scope proves nothing about the key") {
  Verdict v = verdict_for(http_answer(
      403,
      sts_error_xml("SignatureDoesNotMatch", "Credential should be scoped to a valid region. ")));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.hint.find("region us-east-1") != std::string::npos);
}

TEST_CASE("ExpiredToken is expired") {
  Verdict v = verdict_for(
      http_answer(403, sts_error_xml("ExpiredToken",
                                     "The security token included in the request is expired")),
      temporary());
  CHECK(v.status == Status::expired);
  CHECK(v.summary == "the session token has expired (ExpiredToken)");
  CHECK(v.evidence.at(0).provider_code == "ExpiredToken");
}

// ---- could not tell -------------------------------------------------------------------------

TEST_CASE("Throttling (400) is rate limited") {
  Verdict v = verdict_for(http_answer(400, sts_error_xml("Throttling", "Rate exceeded")));
  CHECK(v.status == Status::rate_limited);
  CHECK(v.summary == "AWS STS is throttling requests (Throttling)");
  CHECK_FALSE(v.retry_after_seconds);
}

TEST_CASE("every AWS throttling code is rate limited, from the one list the readiness check uses") {
  for (const std::string code :
       {"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"}) {
    CAPTURE(code);
    CHECK(is_aws_throttling_code(code));
    CHECK(verdict_for(http_answer(400, sts_error_xml(code, "Rate exceeded"))).status ==
          Status::rate_limited);
  }
  CHECK_FALSE(is_aws_throttling_code("ThrottlingExceptionX"));
  CHECK(
      aws_throttling_codes_listed("`") ==
      "`Throttling`, `ThrottlingException`, `RequestLimitExceeded` or `TooManyRequestsException`");
}

TEST_CASE("429 keeps Retry-After") {
  Verdict v = verdict_for(
      http_answer(429, sts_error_json("Throttling", "Rate exceeded"), {{"Retry-After", "7"}}));
  CHECK(v.status == Status::rate_limited);
  CHECK(v.retry_after_seconds == std::optional<int>(7));
  CHECK(v.hint == "Try again in 7 seconds.");
}

TEST_CASE("429 without an STS body is rate limited") {
  CHECK(verdict_for(http_answer(429, "Too Many Requests")).status == Status::rate_limited);
}

TEST_CASE("500 InternalFailure is indeterminate") {
  Verdict v = verdict_for(http_answer(
      500,
      sts_error_xml(
          "InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure.",
          "Receiver")));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "AWS STS answered 500 (InternalFailure), a server error that proves nothing about the "
        "credentials: The request processing has failed because of an unknown error, exception "
        "or failure.");
}

TEST_CASE("503 with an HTML page is indeterminate") {
  Verdict v = verdict_for(http_answer(503, "<html><body>503 Service Unavailable</body></html>"));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "AWS STS answered 503, a server error that proves nothing about the credentials");
}

TEST_CASE("an unexpected STS error is indeterminate and names the code") {
  Verdict v =
      verdict_for(http_answer(403, sts_error_xml("AccessDenied", "User is not authorized")));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary == "STS answered 403 (AccessDenied): User is not authorized");
  CHECK(v.evidence.at(0).provider_code == "AccessDenied");
}

TEST_CASE("a 4xx without an STS error is indeterminate") {
  CHECK(verdict_for(http_answer(404, "Not Found")).status == Status::indeterminate);
}

// ---- honesty gaps: an STS code outside the answer STS documents for it proves nothing --------

TEST_CASE("ExpiredToken in a 500 is indeterminate, not expired") {
  Verdict v =
      verdict_for(http_answer(500, sts_error_xml("ExpiredToken",
                                                 "The security token included in the request "
                                                 "is expired")),
                  temporary());
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary ==
        "AWS STS answered 500 (ExpiredToken), a server error that proves nothing about the "
        "credentials: The security token included in the request is expired");
}

TEST_CASE("InvalidClientTokenId in a 503 or a 204 is indeterminate, not invalid") {
  Verdict v503 = verdict_for(http_answer(503, sts_error_xml("InvalidClientTokenId", "x")));
  CHECK(v503.status == Status::indeterminate);
  Verdict v204 = verdict_for(http_answer(204, sts_error_json("InvalidClientTokenId", "x")));
  CHECK(v204.status == Status::indeterminate);
  CHECK(v204.summary == "STS answered 204 (InvalidClientTokenId): x");
  CHECK(v204.evidence.at(0).provider_code == "InvalidClientTokenId");
}

TEST_CASE("SignatureDoesNotMatch in a 302 is indeterminate, not invalid") {
  Verdict v = verdict_for(
      http_answer(302, sts_error_xml("SignatureDoesNotMatch", kBadSignature), kDateNow));
  CHECK(v.status == Status::indeterminate);
  CHECK(v.summary.rfind(
            "STS answered 302 (SignatureDoesNotMatch), a redirect that is not followed: ", 0) == 0);
}

TEST_CASE("ExpiredToken in STS's 400 is expired") {
  Verdict v = verdict_for(http_answer(400, sts_error_xml("ExpiredToken", "expired")), temporary());
  CHECK(v.status == Status::expired);
}

TEST_CASE("no answer is unreachable") {
  Verdict v = verdict_for(transport_failure(TransportError::refused));
  CHECK(v.status == Status::unreachable);
  REQUIRE(v.evidence.size() == 1);
  CHECK(v.evidence[0].transport_error == "connection refused");
  CHECK(v.evidence[0].path == "/");
}

TEST_CASE("a browser CORS refusal is blocked") {
  CHECK(verdict_for(transport_failure(TransportError::browser_blocked)).status == Status::blocked);
}

TEST_CASE("evidence keeps the path and never the presigned query") {
  Verdict v =
      verdict_for(http_answer(403, sts_error_xml("InvalidClientTokenId", "x")), temporary());
  const auto& e = v.evidence.at(0);
  CHECK(e.path == "/");
  CHECK(e.path.find("X-Amz") == std::string::npos);
  CHECK(to_json(v).dump().find("X-Amz-Signature") == std::string::npos);
  CHECK(to_json(v).dump().find("IQoJb3JpZ2luX2Vj") == std::string::npos);
}
