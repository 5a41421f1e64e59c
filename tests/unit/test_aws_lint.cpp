// Offline checks of AWS credentials: each finding names the field and the exact problem, and no
// message quotes the secret or the session token.
#include <catch2/catch.hpp>

#include "credprobe/aws/aws_lint.hpp"

using namespace credprobe;

namespace {

// AWS's documentation examples.
const std::string kLegacyKeyId = "AKIAIOSFODNN7EXAMPLE";
const std::string kTemporaryKeyId = "ASIAIOSFODNN7EXAMPLE";
const std::string kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
// Built for AWS's documentation account 123456789012 (see test_aws_access_key_id.cpp).
const std::string kModernKeyId = "AKIARZPUZDIKAEXAMPLE";
const std::string kToken = "IQoJb3JpZ2luX2VjEXAMPLETOKEN/exampleexampleexample+example==";

Fields fields(std::string key_id, std::string secret = kSecret, std::string token = "",
              std::string region = "") {
  Fields f = {{"aws_access_key_id", key_id}, {"aws_secret_access_key", secret}};
  if (!token.empty()) f["aws_session_token"] = token;
  if (!region.empty()) f["aws_region"] = region;
  return f;
}

LintIssues only(const LintIssues& issues, Severity severity) {
  LintIssues out;
  for (const auto& i : issues) {
    if (i.severity == severity) out.push_back(i);
  }
  return out;
}

void check_single_error(const LintIssues& issues, const std::string& field,
                        const std::string& message) {
  auto errors = only(issues, Severity::error);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == field);
  CHECK(errors[0].message == message);
}

}  // namespace

TEST_CASE("a modern key id shows its account before any network call") {
  auto issues = lint_aws(fields(kModernKeyId));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].severity == Severity::info);
  CHECK(issues[0].field == "aws_access_key_id");
  CHECK(issues[0].message == "account 123456789012 (decoded offline from the key id)");
}

TEST_CASE("a legacy key id passes and says it encodes no account") {
  auto issues = lint_aws(fields(kLegacyKeyId));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].severity == Severity::info);
  CHECK(issues[0].message == "is an older-format key id, which does not encode its account");
}

TEST_CASE("a temporary key with its session token and a region is clean") {
  auto issues = lint_aws(fields(kTemporaryKeyId, kSecret, kToken, "eu-west-2"));
  CHECK_FALSE(has_errors(issues));
  CHECK(only(issues, Severity::warning).empty());
}

TEST_CASE("a temporary key without a session token is an error on the token field") {
  check_single_error(lint_aws(fields(kTemporaryKeyId)), "aws_session_token",
                     "is required with a temporary (ASIA) key id: STS issues such keys with a "
                     "session token, and AWS refuses the key without it");
}

TEST_CASE("a long-term key with a session token is a warning") {
  auto warnings = only(lint_aws(fields(kLegacyKeyId, kSecret, kToken)), Severity::warning);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].field == "aws_session_token");
}

TEST_CASE("key id: lower-case letters") {
  check_single_error(lint_aws(fields("akiaiosfodnn7example")), "aws_access_key_id",
                     "has lower-case letters; access key ids are upper-case letters and digits "
                     "(AKIA... or ASIA...)");
}

TEST_CASE("key id: cut short") {
  check_single_error(lint_aws(fields("AKIAIOSFODNN7EXAMPL")), "aws_access_key_id",
                     "has 19 characters; access key ids have 20 (cut short when copied?)");
}

TEST_CASE("key id: a character outside base32") {
  check_single_error(lint_aws(fields("AKIAIOSF0DNN7EXAMPLE")), "aws_access_key_id",
                     "has '0' as its 9th character; access key ids use only A-Z and 2-7 (a "
                     "mistyped O/0 or I/1?)");
}

TEST_CASE("key id: an IAM user's unique id pasted instead") {
  check_single_error(lint_aws(fields("AIDAIOSFODNN7EXAMPLE")), "aws_access_key_id",
                     "starts with AIDA, the prefix of an IAM user's unique id, not of an access "
                     "key id (AKIA... or ASIA...); copy the access key id from the key's page or "
                     "its credentials file");
}

TEST_CASE("key id: an unknown prefix") {
  check_single_error(lint_aws(fields("XKIAIOSFODNN7EXAMPLE")), "aws_access_key_id",
                     "does not start with AKIA (a long-term key) or ASIA (a temporary key)");
}

TEST_CASE("key id and secret swapped") {
  auto issues = lint_aws(fields(kSecret, kLegacyKeyId));
  auto errors = only(issues, Severity::error);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "aws_access_key_id");
  CHECK(errors[0].message.find("may be swapped") != std::string::npos);
  CHECK(errors[1].field == "aws_secret_access_key");
  CHECK(errors[1].message ==
        "looks like an access key id (20 characters starting with AKIA): the key id and the "
        "secret may be swapped (secrets have 40 characters)");
}

TEST_CASE("secret: wrong length") {
  check_single_error(lint_aws(fields(kLegacyKeyId, kSecret.substr(0, 39))), "aws_secret_access_key",
                     "has 39 characters; secret access keys have 40 (cut short when copied?)");
}

TEST_CASE("secret: a character outside its alphabet") {
  check_single_error(lint_aws(fields(kLegacyKeyId, "wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY")),
                     "aws_secret_access_key",
                     "has a character other than a letter, digit, '+' or '/' at the 14th "
                     "position; secret access keys use only those");
}

TEST_CASE("whitespace and quotes pasted along") {
  check_single_error(
      lint_aws(fields(kLegacyKeyId + "\n")), "aws_access_key_id",
      "has leading or trailing whitespace (pasted along with the value?); remove it");
  check_single_error(lint_aws(fields(kLegacyKeyId, "\"" + kSecret + "\"")), "aws_secret_access_key",
                     "is wrapped in quotes; paste the value without the quotes");
  check_single_error(
      lint_aws(fields(kTemporaryKeyId, kSecret, " " + kToken)), "aws_session_token",
      "has leading or trailing whitespace (pasted along with the value?); remove it");
}

TEST_CASE("region: an availability zone is not a region") {
  check_single_error(lint_aws(fields(kLegacyKeyId, kSecret, "", "us-east-1a")), "aws_region",
                     "is not an AWS region name; regions look like us-east-1, eu-west-2 or "
                     "cn-north-1 (an availability zone such as us-east-1a is not a region)");
}

TEST_CASE("region: isolated partitions are refused") {
  check_single_error(lint_aws(fields(kLegacyKeyId, kSecret, "", "us-iso-east-1")), "aws_region",
                     "is in an isolated AWS partition, which credprobe cannot reach");
}

TEST_CASE("no lint message quotes the secret or the token") {
  const std::vector<Fields> inputs = {
      fields(kLegacyKeyId, kSecret.substr(0, 30)),
      fields(kLegacyKeyId, kSecret + "x"),
      fields(kLegacyKeyId, "'" + kSecret + "'"),
      fields(kLegacyKeyId, kSecret, " " + kToken),
      fields(kSecret, kSecret),
  };
  for (const auto& input : inputs) {
    const auto issues = lint_aws(input);
    REQUIRE_FALSE(issues.empty());
    for (const auto& issue : issues) {
      CHECK(issue.message.find(kSecret.substr(0, 12)) == std::string::npos);
      CHECK(issue.message.find(kToken.substr(0, 12)) == std::string::npos);
    }
  }
}
