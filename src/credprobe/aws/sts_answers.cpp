#include "credprobe/aws/sts_answers.hpp"
#include "credprobe/table.hpp"

#include "credprobe/aws/aws_error_codes.hpp"
#include "credprobe/aws/clock_skew.hpp"
#include "credprobe/aws/sts_answer.hpp"
#include "credprobe/text.hpp"

namespace credprobe {

namespace {

bool is_identity(const AnswerSeen& seen) {
  return seen.response && parse_caller_identity(seen.response->body).has_value();
}

// STS refuses a signature made too far from its clock with SignatureDoesNotMatch too; its message
// names the reason, or its Date disagrees with ours.
bool is_clock_refusal(const AnswerSeen& seen) {
  if (is_clock_refusal_message(seen.message)) return true;
  if (!seen.response) return false;
  auto skew = skew_from_date_header(seen.response->headers, seen.now);
  return skew && (*skew > kAwsClockTolerance || *skew < -kAwsClockTolerance);
}

bool is_scope_refusal(const AnswerSeen& seen) {
  return contains(seen.message, "Credential should be scoped") ||
         contains(seen.message, "Date in Credential scope");
}

bool is_throttling_code(const AnswerSeen& seen) {
  return is_aws_throttling_code(seen.code);
}

HttpResponse sts_error(int status, const std::string& code, const std::string& message,
                       Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body =
      "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
      "<Type>Sender</Type><Code>" +
      code + "</Code><Message>" + message +
      "</Message></Error><RequestId>4c5bd0a5-2c8d-4e4b-a0e5-0d8d1d2d3d4d</RequestId>"
      "</ErrorResponse>";
  return r;
}

constexpr const char* kBadSignature =
    "The request signature we calculated does not match the signature you provided.";

}  // namespace

AnswerTable aws_answer_table() {
  AnswerTable t;
  t.voice.provider = "aws";
  t.voice.credential = "the credentials";
  t.voice.status_page = "https://health.aws.amazon.com/health/status";
  t.voice.wait_hint = "Wait a little and try again.";
  t.voice.endpoint_hint = "Check the endpoint and proxy settings: it should be AWS STS.";
  t.voice.not_shape_hint =
      "Something between you and AWS (a proxy, a captive portal) answered instead of it. Check "
      "the endpoint and proxy settings.";
  t.requests = {{"sts", "AWS STS", false, "", "STS"}};

  AnswerRow valid;
  valid.id = "valid";
  valid.request = "sts";
  valid.statuses = {200};
  valid.condition =
      CREDPROBE_DOC_TEXT("a GetCallerIdentity answer naming Account and Arn (JSON or XML)");
  valid.matches = is_identity;
  valid.status = Status::valid;
  valid.summary =
      "account, ARN, principal kind (IAM user, assumed role with its session, federated user, "
      "root) and user id";
  valid.example.status = 200;
  valid.example.body =
      R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":"123456789012",)"
      R"("Arn":"arn:aws:iam::123456789012:user/Alice","UserId":"AIDAEXAMPLE"},)"
      R"("ResponseMetadata":{"RequestId":"01234567-89ab-cdef-0123-456789abcdef"}}})";

  AnswerRow unknown_key;
  unknown_key.id = "unknown_key";
  unknown_key.request = "sts";
  unknown_key.statuses = {403};
  unknown_key.code = "InvalidClientTokenId";
  unknown_key.status = Status::invalid;
  unknown_key.summary =
      "AWS does not know the key id (deleted, deactivated, mistyped, another partition), or a "
      "temporary key came without its own session token";
  unknown_key.example = sts_error(403, "InvalidClientTokenId",
                                  "The security token included in the request is "
                                  "invalid.");

  AnswerRow clock;
  clock.id = "clock";
  clock.request = "sts";
  clock.statuses = {403};
  clock.code = "SignatureDoesNotMatch";
  clock.condition = CREDPROBE_DOC_TEXT(
      "Signature expired / not yet current, or the answer's Date more than 5 minutes from the "
      "local clock");
  clock.matches = is_clock_refusal;
  clock.status = Status::indeterminate;
  clock.summary = "clock skew: the hint says by how much; nothing is known yet";
  clock.hint =
      "Nothing is known about the credentials yet: AWS accepts a signature only within minutes "
      "of its own time. Set this machine's clock right (turn on automatic time / NTP, e.g. "
      "`timedatectl set-ntp true`) and check again.";
  clock.example = sts_error(403, "SignatureDoesNotMatch",
                            "Signature expired: 20251128T132000Z is now earlier than "
                            "20251128T140500Z (20251128T142000Z - 15 min.)");

  AnswerRow request_expired = clock;
  request_expired.id = "request_expired";
  request_expired.statuses = {400, 403};
  request_expired.code = "RequestExpired";
  request_expired.condition.clear();
  request_expired.matches = nullptr;
  request_expired.example = sts_error(400, "RequestExpired", "Request has expired.");

  AnswerRow scope;
  scope.id = "scope";
  scope.request = "sts";
  scope.statuses = {403};
  scope.code = "SignatureDoesNotMatch";
  scope.condition = CREDPROBE_DOC_TEXT("Credential should be scoped ...");
  scope.matches = is_scope_refusal;
  scope.status = Status::indeterminate;
  scope.summary = "the endpoint serves another region than aws_region";
  scope.example =
      sts_error(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region. ");

  AnswerRow bad_secret;
  bad_secret.id = "bad_secret";
  bad_secret.request = "sts";
  bad_secret.statuses = {403};
  bad_secret.code = "SignatureDoesNotMatch";
  bad_secret.condition = CREDPROBE_DOC_TEXT("any other message");
  bad_secret.status = Status::invalid;
  bad_secret.summary = "the key id exists but the secret is wrong";
  bad_secret.hint =
      "AWS knows the key id, but the secret is not the one issued with it: a paste cut short "
      "or mistyped, or the secret of another key. Copy the secret again, or create a new "
      "access key (AWS shows a secret only once).";
  bad_secret.example = sts_error(403, "SignatureDoesNotMatch", kBadSignature,
                                 {{"Date", "Fri, 28 Nov 2025 13:20:00 GMT"}});

  AnswerRow expired;
  expired.id = "expired";
  expired.request = "sts";
  expired.statuses = {400, 403};
  expired.code = "ExpiredToken";
  expired.status = Status::expired;
  expired.summary = "the temporary credentials' session has ended";
  expired.hint =
      "Temporary credentials last from 15 minutes to 36 hours. Get fresh ones (assume the "
      "role again, `aws sso login`, or export them again from your identity provider).";
  expired.example =
      sts_error(403, "ExpiredToken", "The security token included in the request is expired");

  AnswerRow throttled;
  throttled.id = "throttled";
  throttled.request = "sts";
  throttled.statuses = {400, 429};
  throttled.condition = aws_throttling_codes_listed("`");
  throttled.matches = is_throttling_code;
  throttled.status = Status::rate_limited;
  throttled.summary = "STS's own throttling; Retry-After is kept when sent";
  throttled.hint =
      "Wait a little and try again; other tools using these credentials may be sharing the "
      "account's STS request rate.";
  throttled.example = sts_error(400, "Throttling", "Rate exceeded");

  AnswerRow region_disabled;
  region_disabled.id = "region_disabled";
  region_disabled.request = "sts";
  region_disabled.statuses = {403};
  region_disabled.code = "RegionDisabledException";
  region_disabled.status = Status::indeterminate;
  region_disabled.summary = "STS is not activated in aws_region for this account";
  region_disabled.example = sts_error(403, "RegionDisabledException",
                                      "STS is not activated in this region for account:"
                                      "123456789012.");

  t.rows = {valid,      unknown_key, clock,     request_expired, scope,
            bad_secret, expired,     throttled, region_disabled};
  return t;
}

}  // namespace credprobe
