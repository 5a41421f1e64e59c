// Azure, as Entra ID and Azure Resource Manager answer it:
//   GET  /{tenant}/v2.0/.well-known/openid-configuration   (tenant by GUID or verified domain)
//   POST /{tenant}/oauth2/v2.0/token                        (client-credentials grant, secret in
//                                                            the form body)
//   GET  /subscriptions?api-version=...                     (Bearer token from the grant)
// Errors carry Entra's real shape (error, error_description "AADSTSnnnn: ...", error_codes,
// timestamp, trace_id, correlation_id, error_uri) and ARM's ({"error": {"code", "message"}}).
// Access tokens are JWT-shaped, HS256-signed with a key made at start-up: the emulator's own
// Resource Manager verifies them, credprobe only decodes them.
#pragma once

#include <httplib.h>

#include "emulator.hpp"

// Reads fixtures["azure"] = {"tenants": [{"id", "domains", "display_name"}],
// "subscriptions": [{"id", "name", "state", "tenant"}], "principals": [{"tenant", "client_id",
// "secret", "display_name", "object_id", "roles", "subscriptions", "secret_expired",
// "conditional_access_block", "fault", "fault_on": "token" | "subscriptions", ...}]}.
// Throws std::invalid_argument on a malformed entry (the message names the entry, never a
// secret).
void add_azure_routes(httplib::Server& svr, EmulatorState& state);
