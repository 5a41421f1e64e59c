// The JWT credprobe builds for Google, and RS256 by the native signer: RFC 7515 A.2 reproduced
// byte for byte.
#include <catch2/catch.hpp>

#include <algorithm>

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/gcp/jwt.hpp"
#include "native/signer.hpp"
#include "test_gcp_support.hpp"

using namespace credprobe;

TEST_CASE("RFC 7515 A.2: the signing input is built byte for byte from header and payload") {
  const auto& v = gcp_test::rfc7515_a2();
  REQUIRE(v.is_object());
  CHECK(jws_signing_input(v["protected_header"].get<std::string>(),
                          v["payload"].get<std::string>()) ==
        v["signing_input"].get<std::string>());
}

TEST_CASE("RFC 7515 A.2: openssl_sign reproduces the signature and the compact JWS") {
  const auto& v = gcp_test::rfc7515_a2();
  REQUIRE(v.is_object());
  SignStep step;
  step.private_key_pem = v["private_key_pkcs8_pem"].get<std::string>();
  step.data = v["signing_input"].get<std::string>();
  SignResult result = native::openssl_sign(step);
  REQUIRE(result.ok());
  CHECK(result.signature.size() == 256);
  CHECK(base64url_encode(result.signature) == v["signature_b64url"].get<std::string>());
  CHECK(jws_compact(step.data, result.signature) == v["compact_jws"].get<std::string>());
}

TEST_CASE("openssl_sign refuses a PKCS#1 or public key with words, not key bytes") {
  const auto& v = gcp_test::rfc7515_a2();
  SignStep step;
  step.data = "x";
  step.private_key_pem = v["public_key_pem"].get<std::string>();
  SignResult result = native::openssl_sign(step);
  CHECK_FALSE(result.ok());
  CHECK(result.error == "the private key could not be read as a PEM private key");
  step.private_key_pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----\n";
  CHECK(native::openssl_sign(step).error ==
        "the private key could not be read as a PEM private key");
}

TEST_CASE("the JWT header names RS256, JWT and the key id, in a fixed member order") {
  CHECK(jwt_header_json("abc123") == R"({"alg":"RS256","kid":"abc123","typ":"JWT"})");
  CHECK(jwt_header_json("") == R"({"alg":"RS256","typ":"JWT"})");
}

TEST_CASE("the claims carry aud, exp = iat + 3600, iat, iss and scope") {
  ServiceAccountClaims claims;
  claims.issuer = "probe@p.iam.gserviceaccount.com";
  claims.scope = "https://www.googleapis.com/auth/cloud-platform.read-only";
  claims.audience = "https://oauth2.googleapis.com/token";
  claims.issued_at = 1764336000;
  claims.expires_at = claims.issued_at + kAssertionLifetimeSeconds;
  CHECK(jwt_claims_json(claims) ==
        R"({"aud":"https://oauth2.googleapis.com/token","exp":1764339600,"iat":1764336000,)"
        R"("iss":"probe@p.iam.gserviceaccount.com",)"
        R"("scope":"https://www.googleapis.com/auth/cloud-platform.read-only"})");
}

TEST_CASE("a signed service-account JWT has three base64url parts and no padding") {
  ServiceAccountClaims claims{"a@b.iam.gserviceaccount.com", "s",
                              "https://oauth2.googleapis.com/token", 1, 3601};
  std::string input = jws_signing_input(jwt_header_json("k"), jwt_claims_json(claims));
  SignStep step;
  step.private_key_pem = gcp_test::pkcs8_pem();
  step.data = input;
  SignResult result = native::openssl_sign(step);
  REQUIRE(result.ok());
  std::string jwt = jws_compact(input, result.signature);
  CHECK(std::count(jwt.begin(), jwt.end(), '.') == 2);
  CHECK(jwt.find('=') == std::string::npos);
  CHECK(*base64url_decode(jwt.substr(0, jwt.find('.'))) ==
        R"({"alg":"RS256","kid":"k","typ":"JWT"})");
}
