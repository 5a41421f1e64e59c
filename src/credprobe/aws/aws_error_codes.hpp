// AWS error codes that mean the same whichever AWS service answers with them, so that every AWS
// answer table (STS's, the readiness check's) decides them from one list.
#pragma once

#include <string>
#include <string_view>

namespace credprobe {

// AWS's codes for "slow down": Throttling and RequestLimitExceeded (the query protocols of STS
// and EC2), ThrottlingException and TooManyRequestsException (the JSON protocols, e.g. Service
// Quotas).
bool is_aws_throttling_code(std::string_view code);

// The same codes for the generated docs, each between `quote`s: "`Throttling`, ... or `...`".
std::string aws_throttling_codes_listed(std::string_view quote);

}  // namespace credprobe
