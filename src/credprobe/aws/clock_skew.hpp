// Telling a clock problem from a bad secret. STS refuses a signature made more than a few minutes
// away from its own clock with SignatureDoesNotMatch too, but its message names the reason:
//   Signature expired: 20250101T000000Z is now earlier than 20250101T004500Z (20250101T010000Z - 15
//   min.) Signature not yet current: 20250101T020000Z is still later than 20250101T011500Z
//   (20250101T010000Z + 15 min.)
// The first time is the request's (our clock), the one in parentheses is AWS's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "credprobe/http.hpp"

namespace credprobe {

// Beyond this, a server's Date header and our clock disagree enough to explain a refusal.
inline constexpr std::int64_t kAwsClockTolerance = 5 * 60;

// Whether the message is one of STS's clock refusals.
bool is_clock_refusal_message(std::string_view message);

// AWS's clock minus ours, in seconds, read from a clock refusal message; nullopt otherwise.
std::optional<std::int64_t> skew_from_message(std::string_view message);

// The response's Date minus `now`, in seconds; nullopt without a readable Date header.
std::optional<std::int64_t> skew_from_date_header(const Headers& headers, std::int64_t now);

// "20250101T000000Z" as Unix seconds; nullopt when malformed.
std::optional<std::int64_t> parse_amz_date(std::string_view text);

// "this machine's clock is 61 minutes behind AWS's" (or "ahead of"); seconds under a minute are
// said as such.
std::string describe_skew(std::int64_t aws_minus_local);

}  // namespace credprobe
