#include "credprobe/aws/aws_error_codes.hpp"

namespace credprobe {
namespace {

constexpr std::string_view kThrottlingCodes[] = {
    "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"};

}  // namespace

bool is_aws_throttling_code(std::string_view code) {
  for (const auto known : kThrottlingCodes) {
    if (code == known) return true;
  }
  return false;
}

std::string aws_throttling_codes_listed(std::string_view quote) {
  std::string text;
  const size_t count = sizeof kThrottlingCodes / sizeof kThrottlingCodes[0];
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) text += i + 1 == count ? " or " : ", ";
    text.append(quote).append(kThrottlingCodes[i]).append(quote);
  }
  return text;
}

}  // namespace credprobe
