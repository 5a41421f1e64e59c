#include "credprobe/aws/aws_lint.hpp"

#include "credprobe/aws/access_key_id.hpp"
#include "credprobe/aws/aws_partition.hpp"

namespace credprobe {

namespace {

constexpr const char* kKeyId = "aws_access_key_id";
constexpr const char* kSecret = "aws_secret_access_key";
constexpr const char* kToken = "aws_session_token";
constexpr const char* kRegion = "aws_region";
constexpr std::size_t kKeyIdLength = 20;
constexpr std::size_t kSecretLength = 40;

bool is_secret_char(char c) {
  return is_alnum_ascii(c) || c == '+' || c == '/';
}

bool has_lower_case(std::string_view text) {
  for (char c : text) {
    if (c >= 'a' && c <= 'z') return true;
  }
  return false;
}

// Returns the key id's prefix entry when the id is usable as an access key id.
const AwsIdPrefix* lint_key_id(const std::string& key_id, LintIssues& issues) {
  if (key_id.size() == kSecretLength) {
    issues.push_back({Severity::error, kKeyId,
                      "has 40 characters, the length of a secret access key: the key id and the "
                      "secret may be swapped (key ids have 20 characters and start with AKIA or "
                      "ASIA)"});
    return nullptr;
  }
  if (has_lower_case(key_id)) {
    issues.push_back({Severity::error, kKeyId,
                      "has lower-case letters; access key ids are upper-case letters and digits "
                      "(AKIA... or ASIA...)"});
    return nullptr;
  }
  const AwsIdPrefix* prefix = aws_id_prefix(key_id);
  if (!prefix) {
    issues.push_back({Severity::error, kKeyId,
                      "does not start with AKIA (a long-term key) or ASIA (a temporary key)"});
    return nullptr;
  }
  if (prefix->kind == AwsIdKind::other_id) {
    issues.push_back({Severity::error, kKeyId,
                      std::string("starts with ") + prefix->prefix + ", the prefix of " +
                          prefix->what +
                          ", not of an access key id (AKIA... or ASIA...); copy the access key "
                          "id from the key's page or its credentials file"});
    return nullptr;
  }
  if (key_id.size() != kKeyIdLength) {
    issues.push_back({Severity::error, kKeyId,
                      "has " + std::to_string(key_id.size()) +
                          " characters; access key ids have 20 (" +
                          (key_id.size() < kKeyIdLength ? "cut short when copied?"
                                                        : "extra characters pasted along?") +
                          ")"});
    return nullptr;
  }
  for (std::size_t i = 4; i < key_id.size(); ++i) {
    if (!is_aws_base32(key_id[i])) {
      issues.push_back({Severity::error, kKeyId,
                        std::string("has '") + key_id[i] + "' as its " + ordinal(i + 1) +
                            " character; access key ids use only A-Z and 2-7 (a mistyped O/0 "
                            "or I/1?)"});
      return nullptr;
    }
  }
  return prefix;
}

void lint_secret(const std::string& secret, LintIssues& issues) {
  if (secret.size() == kKeyIdLength && aws_id_prefix(secret)) {
    issues.push_back({Severity::error, kSecret,
                      "looks like an access key id (20 characters starting with " +
                          secret.substr(0, 4) +
                          "): the key id and the secret may be swapped (secrets have 40 "
                          "characters)"});
    return;
  }
  for (std::size_t i = 0; i < secret.size(); ++i) {
    if (!is_secret_char(secret[i])) {
      issues.push_back({Severity::error, kSecret,
                        "has a character other than a letter, digit, '+' or '/' at the " +
                            ordinal(i + 1) + " position; secret access keys use only those"});
      return;
    }
  }
  if (secret.size() != kSecretLength) {
    issues.push_back({Severity::error, kSecret,
                      "has " + std::to_string(secret.size()) +
                          " characters; secret access keys have 40 (" +
                          (secret.size() < kSecretLength ? "cut short when copied?"
                                                         : "extra characters pasted along?") +
                          ")"});
  }
}

void lint_region(const std::string& region, LintIssues& issues) {
  if (region.empty()) return;
  if (!is_aws_region_name(region)) {
    issues.push_back({Severity::error, kRegion,
                      "is not an AWS region name; regions look like us-east-1, eu-west-2 or "
                      "cn-north-1 (an availability zone such as us-east-1a is not a region)"});
    return;
  }
  if (is_isolated_region(region)) {
    issues.push_back({Severity::error, kRegion,
                      "is in an isolated AWS partition, which credprobe cannot reach"});
  }
}

}  // namespace

LintIssues lint_aws(const Fields& fields) {
  LintIssues issues;
  const std::string key_id = field_value(fields, kKeyId);
  const std::string secret = field_value(fields, kSecret);
  const std::string token = field_value(fields, kToken);
  const std::string region = field_value(fields, kRegion);

  const AwsIdPrefix* prefix = nullptr;
  if (!key_id.empty() && lint_pasted_value(kKeyId, key_id, issues)) {
    prefix = lint_key_id(key_id, issues);
  }
  if (!secret.empty() && lint_pasted_value(kSecret, secret, issues)) {
    lint_secret(secret, issues);
  }
  if (!token.empty()) lint_pasted_value(kToken, token, issues);
  if (!region.empty() && lint_pasted_value(kRegion, region, issues)) lint_region(region, issues);

  if (prefix && prefix->kind == AwsIdKind::temporary_key && token.empty()) {
    issues.push_back({Severity::error, kToken,
                      "is required with a temporary (ASIA) key id: STS issues such keys with a "
                      "session token, and AWS refuses the key without it"});
  }
  if (prefix && prefix->kind == AwsIdKind::long_term_key && !token.empty()) {
    issues.push_back({Severity::warning, kToken,
                      "is set, but AKIA keys are long-term and take no session token; AWS will "
                      "refuse the pair (a token left over from an earlier session?)"});
  }
  if (prefix) {
    if (auto account = aws_account_from_key_id(key_id)) {
      issues.push_back(
          {Severity::info, kKeyId, "account " + *account + " (decoded offline from the key id)"});
    } else if (is_legacy_aws_key_id(key_id)) {
      issues.push_back(
          {Severity::info, kKeyId, "is an older-format key id, which does not encode its account"});
    }
  }
  return issues;
}

}  // namespace credprobe
