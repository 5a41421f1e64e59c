// Reading a whoami-v2 answer into a verdict: identity, orgs and the token's permissions.
#pragma once

#include <cstdint>
#include <string>

#include "credprobe/verdict.hpp"

namespace credprobe {

// A 200 body: `valid` when it names the account, `indeterminate` when it is not the shape
// whoami-v2 returns (a proxy's page, a truncated body).
Verdict verdict_from_whoami(const std::string& body, std::int64_t now);

// The Hub's error text (`{"error": "..."}`), cut to a readable length; "" when absent.
std::string hub_error_message(const std::string& body);

}  // namespace credprobe
