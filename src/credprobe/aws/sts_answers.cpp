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

constexpr AnswerVoice kVoice = {
    "aws",
    "the credentials",
    "https://health.aws.amazon.com/health/status",
    "Check the endpoint and proxy settings: it should be AWS STS.",
    "Something between you and AWS (a proxy, a captive portal) answered instead of it. Check the "
    "endpoint and proxy settings.",
    "Wait a little and try again.",
    "",
};

constexpr AnswerRequest kRequests[] = {{"sts", "AWS STS", false, "", "STS"}};

// The clock's hint, for both refusals that name the time.
constexpr std::string_view kClockHint =
    "Nothing is known about the credentials yet: AWS accepts a signature only within minutes of "
    "its own time. Set this machine's clock right (turn on automatic time / NTP, e.g. "
    "`timedatectl set-ntp true`) and check again.";
constexpr std::string_view kClockSummary =
    "clock skew: the hint says by how much; nothing is known yet";

// id, request, statuses, code, kind, condition, matches, status, summary, hint.
constexpr AnswerRow kRows[] = {
    {"valid",
     "sts",
     {200},
     "",
     "",
     CREDPROBE_DOC_TEXT("a GetCallerIdentity answer naming Account and Arn (JSON or XML)"),
     is_identity,
     Status::valid,
     "account, ARN, principal kind (IAM user, assumed role with its session, federated user, "
     "root) and user id",
     ""},
    {"unknown_key",
     "sts",
     {403},
     "InvalidClientTokenId",
     "",
     "",
     nullptr,
     Status::invalid,
     "AWS does not know the key id (deleted, deactivated, mistyped, another partition), or a "
     "temporary key came without its own session token",
     ""},
    {"clock",
     "sts",
     {403},
     "SignatureDoesNotMatch",
     "",
     CREDPROBE_DOC_TEXT("Signature expired / not yet current, or the answer's Date more than 5 "
                        "minutes from the local clock"),
     is_clock_refusal,
     Status::indeterminate,
     kClockSummary,
     kClockHint},
    {"request_expired",
     "sts",
     {400, 403},
     "RequestExpired",
     "",
     "",
     nullptr,
     Status::indeterminate,
     kClockSummary,
     kClockHint},
    {"scope",
     "sts",
     {403},
     "SignatureDoesNotMatch",
     "",
     CREDPROBE_DOC_TEXT("Credential should be scoped ..."),
     is_scope_refusal,
     Status::indeterminate,
     "the endpoint serves another region than aws_region",
     ""},
    {"bad_secret",
     "sts",
     {403},
     "SignatureDoesNotMatch",
     "",
     CREDPROBE_DOC_TEXT("any other message"),
     nullptr,
     Status::invalid,
     "the key id exists but the secret is wrong",
     "AWS knows the key id, but the secret is not the one issued with it: a paste cut short or "
     "mistyped, or the secret of another key. Copy the secret again, or create a new access key "
     "(AWS shows a secret only once)."},
    {"expired",
     "sts",
     {400, 403},
     "ExpiredToken",
     "",
     "",
     nullptr,
     Status::expired,
     "the temporary credentials' session has ended",
     "Temporary credentials last from 15 minutes to 36 hours. Get fresh ones (assume the role "
     "again, `aws sso login`, or export them again from your identity provider)."},
    // The docs fill {throttling_codes} from aws_error_codes' one list (ProviderSpec::answer_facts).
    {"throttled",
     "sts",
     {400, 429},
     "",
     "",
     CREDPROBE_DOC_TEXT("{throttling_codes}"),
     is_throttling_code,
     Status::rate_limited,
     "STS's own throttling; Retry-After is kept when sent",
     "Wait a little and try again; other tools using these credentials may be sharing the "
     "account's STS request rate."},
    {"region_disabled",
     "sts",
     {403},
     "RegionDisabledException",
     "",
     "",
     nullptr,
     Status::indeterminate,
     "STS is not activated in aws_region for this account",
     ""},
};

constexpr AnswerTable kTable = {kVoice, kRequests, kRows};

}  // namespace

const AnswerTable& aws_answer_table() {
  return kTable;
}

}  // namespace credprobe
