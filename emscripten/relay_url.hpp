// Where a request goes when it is routed through a relay: the relay forwards
// {relay}/{host[:port]}{path}?{query} to https://host[:port]{path}?{query}, so the provider's host
// stays visible to the relay's allow-list and nothing else about the request changes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace credprobe::wasm {

// nullopt when `relay_base` or `request_url` is not an absolute http(s) URL.
std::optional<std::string> relay_url(std::string_view relay_base, std::string_view request_url);

}  // namespace credprobe::wasm
