// HTTP values exchanged between probes and drivers. Plain data: no I/O happens here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credprobe/text.hpp"

namespace credprobe {

struct Header {
  std::string name;
  std::string value;
};
using Headers = std::vector<Header>;

// Case-insensitive lookup; returns the first match.
std::optional<std::string> find_header(const Headers& headers, std::string_view name);
bool iequals(std::string_view a, std::string_view b);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: scheme://host[:port]/path[?query]
  Headers headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

// Why a request produced no HTTP answer. `browser_blocked` is a CORS refusal seen by a
// browser driver (the host answered, the browser withheld the answer). The relay_* ones are a
// relay's own answer instead of the provider's: it refused the request (detail: its refusal
// code), or it got no answer from the provider's host in time or at all (detail: the host).
enum class TransportError {
  none,
  timeout,
  refused,
  dns,
  tls,
  reset,
  browser_blocked,
  too_large,
  relay_refused,
  relay_timeout,
  relay_unreachable,
  other
};

const char* to_string(TransportError error);

// What the driver feeds back after a Send step.
struct HttpResult {
  TransportError error = TransportError::none;
  std::string error_detail;  // driver's own words; never contains request data
  HttpResponse response;
  double latency_ms = 0;
  bool via_relay = false;  // the browser driver routed the request through a relay

  bool ok() const { return error == TransportError::none; }
};

// The header both relays (credprobe relay, the Jupyter server relay) put on their own answers
// and drop from every destination's, so a provider cannot forge it.
inline constexpr const char* kRelayErrorHeader = "X-Credprobe-Relay-Error";

// A driver that routed `result` through a relay calls this on the answer: when the relay, not
// the provider, answered (kRelayErrorHeader), the answer becomes a relay_* transport error
// and its body is dropped. `upstream_host` is the provider host the request was meant for.
// True when it converted the answer.
bool relay_answer_to_transport_error(HttpResult& result, std::string_view upstream_host);

}  // namespace credprobe
