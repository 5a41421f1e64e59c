// Reading an Entra access token's claims. The token is only decoded, never verified: credprobe
// trusts it for nothing but naming the principal Entra just issued it to.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "credprobe/verdict.hpp"

namespace credprobe {

struct TokenClaims {
  std::string app_display_name;    // app_displayname
  std::string app_id;              // appid (v1 tokens) or azp (v2)
  std::string tenant_id;           // tid
  std::string object_id;           // oid: the service principal's object in this tenant
  std::vector<std::string> roles;  // app roles granted on the resource
};

// The payload of a JWS compact serialization (header.payload.signature); nullopt when the
// token is not JWT-shaped or its payload is not a JSON object.
std::optional<TokenClaims> decode_token_claims(const std::string& token);

// identity facts in reading order: app, app_id, tenant, object_id (absent claims left out).
void add_claims_to_identity(const TokenClaims& claims, Verdict& verdict);

}  // namespace credprobe
