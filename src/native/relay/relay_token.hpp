// The relay's secret: 32 random bytes from the kernel (getrandom), as 64 lower-case hex digits.
#pragma once

#include <optional>
#include <string>

namespace credprobe::relay {

// nullopt only when the kernel has no randomness to give (the relay must not start then).
std::optional<std::string> make_relay_token();

}  // namespace credprobe::relay
