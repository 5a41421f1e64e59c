#include "credprobe/gcp/jwt.hpp"

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

std::string jwt_header_json(std::string_view key_id) {
  // Members in name order, always the same: the same claims give the same bytes.
  Json header = Json::object().set("alg", "RS256");
  if (!key_id.empty()) header.set("kid", key_id);
  return header.set("typ", "JWT").dump();
}

std::string jwt_claims_json(const ServiceAccountClaims& claims) {
  return Json::object()
      .set("aud", claims.audience)
      .set("exp", claims.expires_at)
      .set("iat", claims.issued_at)
      .set("iss", claims.issuer)
      .set("scope", claims.scope)
      .dump();
}

std::string jws_signing_input(std::string_view header_json, std::string_view payload_json) {
  return base64url_encode(header_json) + "." + base64url_encode(payload_json);
}

std::string jws_compact(std::string_view signing_input, std::string_view signature) {
  return std::string(signing_input) + "." + base64url_encode(signature);
}

}  // namespace credprobe
