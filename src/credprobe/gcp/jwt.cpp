#include "credprobe/gcp/jwt.hpp"

#include <nlohmann/json.hpp>

#include "credprobe/crypto/encoding.hpp"

namespace credprobe {

std::string jwt_header_json(std::string_view key_id) {
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!key_id.empty()) header["kid"] = std::string(key_id);
  // dump() orders members by name: the same claims always give the same bytes.
  return header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string jwt_claims_json(const ServiceAccountClaims& claims) {
  nlohmann::json body = {{"iss", claims.issuer},
                         {"scope", claims.scope},
                         {"aud", claims.audience},
                         {"iat", claims.issued_at},
                         {"exp", claims.expires_at}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string jws_signing_input(std::string_view header_json, std::string_view payload_json) {
  return base64url_encode(header_json) + "." + base64url_encode(payload_json);
}

std::string jws_compact(std::string_view signing_input, std::string_view signature) {
  return std::string(signing_input) + "." + base64url_encode(signature);
}

}  // namespace credprobe
