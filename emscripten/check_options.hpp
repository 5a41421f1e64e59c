// The JSON that JavaScript hands to credprobe_check_start / credprobe_lint, parsed without
// exceptions into the core's values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "credprobe/fields.hpp"

namespace credprobe::wasm {

struct CheckOptions {
  std::map<std::string, std::string> endpoints;  // endpoint name -> base URL
  std::map<std::string, std::string> provider_options;
  std::string relay;                                 // relay base URL; empty for none
  std::map<std::string, std::string> relay_headers;  // sent to the relay only (Jupyter's XSRF)
  double timeout_seconds = 10;                       // per request
  std::optional<std::int64_t> now;  // Unix seconds; tests pin it, the page leaves it out
  std::size_t max_response_bytes = 4 * 1024 * 1024;
};

struct Parsed {
  CheckOptions options;
  std::string error;  // empty when the JSON was usable; never quotes the input
};

// {"endpoints": {name: url}, "relay": url, "relay_headers": {name: value},
//  "timeout_seconds": n, "now": n, "options": {k: v}}
// Every member is optional; unknown members are ignored so newer pages work with older wasm.
Parsed parse_check_options(std::string_view json_text);

// {"field_name": "value", ...}: strings only; null and empty values count as absent.
std::optional<Fields> parse_fields(std::string_view json_text);

}  // namespace credprobe::wasm
