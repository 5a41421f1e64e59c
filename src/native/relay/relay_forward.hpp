// The relay's outbound half: resolves a destination once and forwards one request to it with
// libcurl, pinned to the checked address (CURLOPT_RESOLVE), so a second DNS answer cannot
// send the request anywhere else. Redirects are never followed; size and time are capped.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "credprobe/http.hpp"
#include "native/relay/relay_policy.hpp"

namespace credprobe::relay {

// Every address `host` resolves to for port 443 (getaddrinfo), as text. Empty when it does
// not resolve.
std::vector<std::string> resolve_addresses(const std::string& host);

struct ForwardRequest {
  std::string method;  // GET or POST
  Destination destination;
  Headers headers;  // already filtered by forward_request_header
  std::string body;
  std::string pinned_address;  // the checked address to connect to; empty for insecure hosts
};

struct ForwardLimits {
  double timeout_seconds = 10;
  size_t max_response_bytes = 8 * 1024 * 1024;
};

enum class ForwardOutcome { answered, timeout, too_large, failed };

struct ForwardResult {
  ForwardOutcome outcome = ForwardOutcome::failed;
  HttpResponse response;  // when answered
  std::string detail;     // libcurl's words for a failure; never request data
};

ForwardResult forward(const ForwardRequest& request, const ForwardLimits& limits);

}  // namespace credprobe::relay
