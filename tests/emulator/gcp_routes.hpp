// Google Cloud, as Google answers it: the OAuth 2.0 token endpoint (POST /token) with the
// jwt-bearer grant, verified exactly (RS256 with the registered public key via OpenSSL, iss,
// aud, iat/exp against the emulator's clock, scope), and the refresh_token grant; and Cloud
// Resource Manager v3 (GET /v3/projects/{id}) with per-account access. CORS as Google's
// endpoints answer it.
#pragma once

#include <httplib.h>

#include "emulator.hpp"

// Reads fixtures["gcp"]: {"service_accounts": [...], "authorized_users": [...],
// "projects": [...], "clock_offset_seconds": N}. Throws std::invalid_argument on a malformed
// entry (the message names the entry, never a secret).
void add_gcp_routes(httplib::Server& svr, EmulatorState& state);
