// Lambda Cloud, as cloud.lambda.ai answers it: GET /api/v1/instances, /api/v1/instance-types and
// /api/v1/ssh-keys, authenticated by the API key
// as a Bearer token (or as the user name of HTTP Basic, which Lambda supports for `curl -u`),
// with Lambda's {"data": ...} and {"error": {code, message, suggestion}} shapes, a per-key limit
// of one request per second answered with 429 and Retry-After, and no CORS headers at all.
#pragma once

#include <httplib.h>

#include "emulator.hpp"

// Reads fixtures["lambda"]:
//   {"rate_limit": true | false | {"interval_ms": N},   // default: on, one request per second
//                                                       // per key, over all three paths
//    "instance_types": {NAME: {"regions": [codes with capacity now], ...instance_type fields}},
//    "keys": [{"key": K, "instances": [...],            // valid; instances merged onto defaults
//              "ssh_keys": [names]},                    // the account's SSH keys (default none)
//             {"key": K, "revoked": true},              // 401 global/invalid-api-key
//             {"key": K, "account_inactive": true},     // 403 global/account-inactive
//             {"key": K, "fault": NAME, ...params}]}    // a fault from faults.hpp
// Throws std::invalid_argument on a malformed entry (naming its index, never the key).
void add_lambda_routes(httplib::Server& svr, EmulatorState& state);
