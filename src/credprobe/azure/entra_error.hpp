// Entra ID's error answers ({"error", "error_description": "AADSTSnnnn: ...", "error_codes",
// "timestamp", "trace_id", "correlation_id", "error_uri"}), read without trusting their shape.
#pragma once

#include <optional>
#include <string>

namespace credprobe {

struct EntraError {
  std::string error;    // OAuth error: "invalid_client", "invalid_tenant", ...
  long code = 0;        // the AADSTS number: error_codes[0], else the description's prefix
  std::string message;  // the description's first sentence(s), without "AADSTSnnnn: " and
                        // the Trace ID / Correlation ID / Timestamp lines
  std::string trace_id;
  std::string correlation_id;

  // "AADSTS7000215", or "" when no code was found.
  std::string aadsts() const;
};

// nullopt when `body` is not a JSON object with a string "error".
std::optional<EntraError> parse_entra_error(const std::string& body);

}  // namespace credprobe
