// The JWT a service account presents to Google's token endpoint (RFC 7523 jwt-bearer grant), as
// text: the core builds header, claims and signing input; the driver signs (RS256); the core
// joins the three parts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace credprobe {

struct ServiceAccountClaims {
  std::string issuer;    // client_email
  std::string scope;     // space-separated scopes
  std::string audience;  // the token endpoint the assertion is sent to
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;  // issued_at + 3600: Google refuses longer lifetimes
};

inline constexpr std::int64_t kAssertionLifetimeSeconds = 3600;

// {"alg":"RS256","kid":KEY_ID,"typ":"JWT"}; no kid member when key_id is empty.
std::string jwt_header_json(std::string_view key_id);
// {"aud":..,"exp":..,"iat":..,"iss":..,"scope":..}
std::string jwt_claims_json(const ServiceAccountClaims& claims);

// BASE64URL(header) "." BASE64URL(payload), the bytes RS256 signs (RFC 7515 section 5.1).
std::string jws_signing_input(std::string_view header_json, std::string_view payload_json);
// signing_input "." BASE64URL(signature): the compact serialisation.
std::string jws_compact(std::string_view signing_input, std::string_view signature);

}  // namespace credprobe
