// Fault injection shared by every provider: a provider route asks which fault (if any) hits
// this request, then lets serve_fault answer it in that provider's own wording.
#pragma once

#include <httplib.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator.hpp"

// How one provider words its error answers; each callback fills body and headers (the status
// is set by serve_fault). A missing callback falls back to a generic body.
struct FaultStyle {
  std::function<void(httplib::Response&, int retry_after_s)> rate_limited;  // 429
  std::function<void(httplib::Response&)> server_error;                     // 500
  std::function<void(httplib::Response&)> unavailable;                      // 503
};

// Fills the answer the provider would give without any fault.
using NormalAnswer = std::function<void(httplib::Response&)>;

// The faults, with their parameters:
//   latency {delay_ms}            the normal answer, late
//   hang {max_ms}                 no answer; the connection ends when the client gives up
//   reset_before_body             the request is read, then the connection is reset (RST)
//   reset                         headers and half the body, then the connection closes
//   rate_limit {retry_after}      429 in the provider's words; "retry_after": null sends no
//                                 Retry-After header
//   server_error, unavailable     500, 503 in the provider's words
//   bad_gateway                   502 from a proxy in front of the provider (nginx's page)
//   malformed_json                the normal body at full length with one syntax error
//   truncated_body                the normal body cut in half, Content-Length matching the cut
//   unexpected_body               200 with a captive portal's HTML page
//   oversized {size_bytes}        the normal JSON padded to size_bytes (12 MiB by default)
//   redirect {status, location}   302 to another host (the emulator as localhost by default)
//   foreign_denial {status}       401 (default) or 403 as a proxy's HTML page, not the provider's
bool is_known_fault(const std::string& name);
const std::vector<std::string>& known_faults();

// The fault for this request: one armed through POST /_emulator/faults for its path wins over
// the `fault` named by the fixture entry the credential matched (nullptr when none matched).
std::optional<nlohmann::json> fault_for(EmulatorState& state, const httplib::Request& req,
                                        const nlohmann::json* fixture_entry);

// Answers `req` as the fault `spec` ({"fault": NAME, ...params}) says.
void serve_fault(EmulatorState& state, const httplib::Request& req, httplib::Response& res,
                 const nlohmann::json& spec, const FaultStyle& style, const NormalAnswer& normal);
