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

// latency, rate_limit, server_error, unavailable, reset, malformed_json, unexpected_body,
// oversized, hang.
bool is_known_fault(const std::string& name);
const std::vector<std::string>& known_faults();

// The fault for this request: one armed through POST /_emulator/faults for its path wins over
// the `fault` named by the fixture entry the credential matched (nullptr when none matched).
std::optional<nlohmann::json> fault_for(EmulatorState& state, const httplib::Request& req,
                                        const nlohmann::json* fixture_entry);

// Answers `req` as the fault `spec` ({"fault": NAME, ...params}) says.
void serve_fault(EmulatorState& state, const httplib::Request& req, httplib::Response& res,
                 const nlohmann::json& spec, const FaultStyle& style, const NormalAnswer& normal);
