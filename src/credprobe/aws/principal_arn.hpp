// Who a GetCallerIdentity ARN names. STS answers with one of four shapes:
//   arn:aws:iam::123456789012:user/path/alice                 an IAM user
//   arn:aws:sts::123456789012:assumed-role/RoleName/session   a role session
//   arn:aws:sts::123456789012:federated-user/bob              a GetFederationToken session
//   arn:aws:iam::123456789012:root                            the account's root user
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace credprobe {

enum class AwsPrincipalKind { iam_user, assumed_role, federated_user, root, other };

// "IAM user", "assumed role", "federated user", "root", "other".
const char* to_string(AwsPrincipalKind kind);

struct AwsPrincipal {
  AwsPrincipalKind kind = AwsPrincipalKind::other;
  std::string partition;  // "aws", "aws-cn", "aws-us-gov"
  std::string service;    // "iam" or "sts"
  std::string account;
  std::string name;     // user name, role name or federated user name; empty for root
  std::string path;     // an IAM user's path ("/" when none), e.g. "/engineering/"
  std::string session;  // the role session name, for assumed roles
};

// nullopt when `arn` is not an ARN ("arn:partition:service:region:account:resource").
std::optional<AwsPrincipal> parse_principal_arn(std::string_view arn);

}  // namespace credprobe
