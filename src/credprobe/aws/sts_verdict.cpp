#include "credprobe/aws/sts_verdict.hpp"

#include "credprobe/aws/clock_skew.hpp"
#include "credprobe/aws/principal_arn.hpp"
#include "credprobe/aws/sts_answer.hpp"
#include "credprobe/aws/sts_answers.hpp"
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

Verdict clock_verdict(const AnswerTable& table, const AnswerRow& row, const StsError& error,
                      const HttpResponse& response, std::int64_t now) {
  auto skew = skew_from_message(error.message);
  if (!skew) skew = skew_from_date_header(response.headers, now);
  std::string summary = "AWS refused the request's signature because of the time it carries";
  if (skew) summary += ": " + describe_skew(*skew);
  summary += " (" + error.code + ")";
  return row_verdict(table.voice, row, summary, now);
}

// The verdict for an answer one of the table's rows matched.
Verdict row_answer(const AnswerTable& table, const AnswerRow& row, const HttpResponse& response,
                   const std::optional<StsError>& error, const StsCheckFacts& facts) {
  const std::int64_t now = facts.now;
  const std::string code = error ? error->code : std::string();
  const std::string message = error ? short_message(error->message) : std::string();
  if (row.id == "valid") return valid_verdict(*parse_caller_identity(response.body), now);
  if (row.id == "clock" || row.id == "request_expired") {
    return clock_verdict(table, row, *error, response, now);
  }
  if (row.id == "unknown_key") {
    Verdict v = row_verdict(
        table.voice, row, "AWS does not recognise this access key id (InvalidClientTokenId)", now);
    v.hint = facts.temporary_key
                 ? "A temporary (ASIA) key works only with the session token issued with it, and "
                   "only until it expires. Check aws_session_token, or get fresh credentials."
                 : "The key was deleted or deactivated, mistyped, or belongs to another "
                   "partition (keys from China or GovCloud work only with a region there). "
                   "Create a new access key in IAM if it is gone.";
    return v;
  }
  if (row.id == "scope") {
    Verdict v =
        row_verdict(table.voice, row,
                    "AWS refused the request's credential scope (" + code + "): " + message, now);
    v.hint = "The endpoint does not serve region " + facts.region +
             ". Set aws_region to the endpoint's region (or leave the endpoint to follow the "
             "region); nothing is known about the credentials yet.";
    return v;
  }
  if (row.id == "bad_secret") {
    return row_verdict(table.voice, row,
                       "the secret access key does not match the key id (" + code + ")", now);
  }
  if (row.id == "expired") {
    return row_verdict(table.voice, row, "the session token has expired (ExpiredToken)", now);
  }
  if (row.id == "throttled") {
    return rate_limited_verdict(std::string(table.voice.provider),
                                "AWS STS is throttling requests (" + code + ")", response.headers,
                                now, std::string(row.hint));
  }
  // region_disabled
  Verdict v = row_verdict(table.voice, row,
                          "STS is not activated in region " + facts.region + " (" + code + ")" +
                              (message.empty() ? "" : ": " + message),
                          now);
  v.hint = "STS is not activated in region " + facts.region +
           " for this account. Use another region, or activate it in IAM's account settings.";
  return v;
}

}  // namespace

std::string sts_provider_code(const HttpResponse& response) {
  if (response.status == 200) return {};
  auto error = parse_sts_error(response.body);
  return error ? error->code : std::string();
}

Verdict verdict_from_sts(const HttpResponse& response, const StsCheckFacts& facts) {
  const AnswerTable& table = aws_answer_table();
  auto error = response.status == 200 ? std::nullopt : parse_sts_error(response.body);
  AnswerSeen seen;
  seen.status = response.status;
  seen.code = error ? error->code : std::string();
  seen.message = error ? error->message : std::string();
  seen.response = &response;
  seen.now = facts.now;
  if (const AnswerRow* row = match_answer(table, "sts", seen)) {
    return row_answer(table, *row, response, error, facts);
  }
  const std::string detail = seen.code.empty()
                                 ? (response.status == 200 ? " with a body that is not a "
                                                             "GetCallerIdentity answer"
                                                           : std::string())
                                 : " (" + seen.code + ")";
  Verdict v = shared_answer_verdict(table.voice, table.requests.front(), response, detail,
                                    facts.now, seen.code);
  const std::string message = error ? short_message(error->message) : std::string();
  if (!message.empty()) v.summary += ": " + message;
  return v;
}

}  // namespace credprobe
