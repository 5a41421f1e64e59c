// Reading STS's answers. STS speaks the query protocol: XML by default, and the same structure as
// JSON when the request says `Accept: application/json`:
//   {"GetCallerIdentityResponse": {"GetCallerIdentityResult": {"Account", "Arn", "UserId"},
//                                  "ResponseMetadata": {"RequestId"}}}
//   {"Error": {"Code", "Message", "Type"}, "RequestId"}
//   <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
// Both forms are read whatever the Content-Type says: a proxy may relabel either.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace credprobe {

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
  std::string request_id;
};

struct StsError {
  std::string type;  // "Sender" or "Receiver"
  std::string code;  // "InvalidClientTokenId", "SignatureDoesNotMatch", ...
  std::string message;
  std::string request_id;
};

// nullopt unless the body is a GetCallerIdentity answer naming an account and an ARN.
std::optional<CallerIdentity> parse_caller_identity(std::string_view body);

// nullopt unless the body is an STS error with a code.
std::optional<StsError> parse_sts_error(std::string_view body);

}  // namespace credprobe
