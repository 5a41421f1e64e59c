#include "credprobe/aws/sts_verdict.hpp"

#include "credprobe/aws/clock_skew.hpp"
#include "credprobe/aws/principal_arn.hpp"
#include "credprobe/aws/sts_answer.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "aws";
constexpr std::size_t kMaxMessage = 200;

// The first line of an STS message, cut to a readable length. (Old STS versions put the whole
// canonical request into SignatureDoesNotMatch messages; only the first line is ever shown.)
std::string short_message(const std::string& message) {
  std::string line = message.substr(0, message.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line.size() > kMaxMessage ? line.substr(0, kMaxMessage) + "..." : line;
}

void add_fact(Verdict& v, const char* key, const std::string& value) {
  if (!value.empty()) v.identity.push_back({key, value});
}

Verdict valid_verdict(const CallerIdentity& id, std::int64_t now) {
  Verdict v = new_verdict(kProvider, Status::valid, "", now);
  auto principal = parse_principal_arn(id.arn);
  const AwsPrincipalKind kind = principal ? principal->kind : AwsPrincipalKind::other;
  add_fact(v, "account", id.account);
  add_fact(v, "arn", id.arn);
  add_fact(v, "principal", to_string(kind));
  const std::string in_account = " in account " + id.account;
  switch (kind) {
    case AwsPrincipalKind::iam_user:
      add_fact(v, "user", principal->name);
      if (principal->path != "/") add_fact(v, "path", principal->path);
      v.summary = "key works for IAM user " + principal->name + in_account;
      break;
    case AwsPrincipalKind::assumed_role:
      add_fact(v, "role", principal->name);
      add_fact(v, "session", principal->session);
      v.summary = "key works for role " + principal->name + " (session " + principal->session +
                  ")" + in_account;
      break;
    case AwsPrincipalKind::federated_user:
      add_fact(v, "federated_user", principal->name);
      v.summary = "key works for federated user " + principal->name + in_account;
      break;
    case AwsPrincipalKind::root:
      v.summary = "key works for the root user of account " + id.account;
      v.hint =
          "This is the account root user's access key. AWS advises against root access keys: "
          "use an IAM user or role for this work and delete the root key.";
      break;
    case AwsPrincipalKind::other:
      v.summary = "key works for " + id.arn;
      break;
  }
  add_fact(v, "user_id", id.user_id);
  if (principal && principal->partition != "aws") add_fact(v, "partition", principal->partition);
  return v;
}

Verdict clock_verdict(std::optional<std::int64_t> skew, const std::string& code, std::int64_t now) {
  std::string summary = "AWS refused the request's signature because of the time it carries";
  if (skew) summary += ": " + describe_skew(*skew);
  summary += " (" + code + ")";
  Verdict v = new_verdict(kProvider, Status::indeterminate, summary, now);
  v.hint =
      "Nothing is known about the credentials yet: AWS accepts a signature only within minutes "
      "of its own time. Set this machine's clock right (turn on automatic time / NTP, e.g. "
      "`timedatectl set-ntp true`) and check again.";
  return v;
}

Verdict error_verdict(const HttpResponse& response, const StsError& error,
                      const StsCheckFacts& facts) {
  const std::int64_t now = facts.now;
  const std::string& code = error.code;
  const std::string message = short_message(error.message);
  auto date_skew = skew_from_date_header(response.headers, now);
  const bool date_disagrees =
      date_skew && (*date_skew > kAwsClockTolerance || *date_skew < -kAwsClockTolerance);

  // STS names a credential as bad only in a client error (400/403): the same code in a 5xx, a
  // 429 or a redirect is not STS's documented answer and proves nothing (found by fuzzing).
  const bool authoritative =
      response.status >= 400 && response.status < 500 && response.status != 429;
  if (authoritative && code == "InvalidClientTokenId") {
    Verdict v =
        new_verdict(kProvider, Status::invalid,
                    "AWS does not recognise this access key id (InvalidClientTokenId)", now);
    v.hint = facts.temporary_key
                 ? "A temporary (ASIA) key works only with the session token issued with it, and "
                   "only until it expires. Check aws_session_token, or get fresh credentials."
                 : "The key was deleted or deactivated, mistyped, or belongs to another "
                   "partition (keys from China or GovCloud work only with a region there). "
                   "Create a new access key in IAM if it is gone.";
    return v;
  }
  if (authoritative && (code == "SignatureDoesNotMatch" || code == "RequestExpired")) {
    if (is_clock_refusal_message(error.message) || code == "RequestExpired" || date_disagrees) {
      auto skew = skew_from_message(error.message);
      return clock_verdict(skew ? skew : date_skew, code, now);
    }
    if (error.message.find("Credential should be scoped") != std::string::npos ||
        error.message.find("Date in Credential scope") != std::string::npos) {
      Verdict v =
          new_verdict(kProvider, Status::indeterminate,
                      "AWS refused the request's credential scope (" + code + "): " + message, now);
      v.hint = "The endpoint does not serve region " + facts.region +
               ". Set aws_region to the endpoint's region (or leave the endpoint to follow the "
               "region); nothing is known about the credentials yet.";
      return v;
    }
    Verdict v = new_verdict(kProvider, Status::invalid,
                            "the secret access key does not match the key id (" + code + ")", now);
    v.hint =
        "AWS knows the key id, but the secret is not the one issued with it: a paste cut short "
        "or mistyped, or the secret of another key. Copy the secret again, or create a new "
        "access key (AWS shows a secret only once).";
    return v;
  }
  if (authoritative && code == "ExpiredToken") {
    Verdict v = new_verdict(kProvider, Status::expired,
                            "the session token has expired (ExpiredToken)", now);
    v.hint =
        "Temporary credentials last from 15 minutes to 36 hours. Get fresh ones (assume the "
        "role again, `aws sso login`, or export them again from your identity provider).";
    return v;
  }
  if (code == "Throttling" || code == "ThrottlingException" || code == "RequestLimitExceeded" ||
      response.status == 429) {
    return rate_limited_verdict(kProvider, "AWS STS is throttling requests (" + code + ")",
                                response.headers, now,
                                "Wait a little and try again; other tools using these "
                                "credentials may be sharing the account's STS request rate.");
  }
  std::string summary;
  if (response.status >= 500) {
    summary = "AWS STS answered " + std::to_string(response.status) + " (" + code +
              "), a server error that proves nothing about the credentials";
  } else {
    summary = "unexpected answer " + std::to_string(response.status) + " from STS (" + code + ")";
  }
  if (!message.empty()) summary += ": " + message;
  Verdict v = new_verdict(kProvider, Status::indeterminate, summary, now);
  if (response.status >= 500) {
    v.hint = "Try again later; see https://health.aws.amazon.com/health/status.";
  } else if (code == "RegionDisabledException") {
    v.hint = "STS is not activated in region " + facts.region +
             " for this account. Use another region, or activate it in IAM's account settings.";
  } else {
    v.hint = "Check the endpoint: it should be AWS STS for region " + facts.region + ".";
  }
  return v;
}

}  // namespace

std::string sts_provider_code(const HttpResponse& response) {
  if (response.status == 200) return {};
  auto error = parse_sts_error(response.body);
  return error ? error->code : std::string();
}

Verdict verdict_from_sts(const HttpResponse& response, const StsCheckFacts& facts) {
  const std::int64_t now = facts.now;
  if (response.status == 200) {
    if (auto id = parse_caller_identity(response.body)) return valid_verdict(*id, now);
    Verdict v =
        new_verdict(kProvider, Status::indeterminate,
                    "STS answered 200 with a body that is not a GetCallerIdentity answer", now);
    v.hint =
        "Something between you and AWS (a proxy, a captive portal) answered instead of it. "
        "Check the endpoint and proxy settings.";
    return v;
  }
  if (auto error = parse_sts_error(response.body)) return error_verdict(response, *error, facts);

  Verdict v;
  if (response.status == 429) {
    v = rate_limited_verdict(kProvider, "AWS STS is rate limiting (429)", response.headers, now,
                             "Wait a little and try again.");
  } else if (response.status >= 500) {
    v = new_verdict(kProvider, Status::indeterminate,
                    "AWS STS answered " + std::to_string(response.status) +
                        ", a server error that proves nothing about the credentials",
                    now);
    v.hint = "Try again later; see https://health.aws.amazon.com/health/status.";
  } else {
    v = new_verdict(kProvider, Status::indeterminate,
                    "unexpected answer " + std::to_string(response.status) +
                        " from STS, without an STS error in it",
                    now);
    v.hint = "Check the endpoint and proxy settings: the answer did not come from AWS STS.";
  }
  return v;
}

}  // namespace credprobe
