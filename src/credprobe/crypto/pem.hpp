// PEM framing (RFC 7468) and a minimal DER walk that tells what kind of private key a PEM holds.
// Inputs come from users' pastes and files, so every length is bounds-checked and every failure
// is a value with words a person can act on.
#pragma once

#include <string>
#include <string_view>

namespace credprobe {

struct PemBlock {
  std::string label;  // "PRIVATE KEY", "RSA PRIVATE KEY", "PUBLIC KEY", ...
  std::string der;    // the decoded body
  std::string error;  // empty on success; otherwise why the text is not a usable PEM

  bool ok() const { return error.empty(); }
};

// Decodes the first -----BEGIN X----- ... -----END X----- block; text around it is ignored.
PemBlock parse_pem(std::string_view text);

enum class PrivateKeyKind {
  pkcs8_rsa,     // PrivateKeyInfo with rsaEncryption: what RS256 signers take
  pkcs8_other,   // PrivateKeyInfo with another algorithm (EC, Ed25519, RSASSA-PSS, ...)
  not_pkcs8,     // well-formed DER, but not a PrivateKeyInfo (PKCS#1, a public key, ...)
  malformed_der  // truncated or otherwise invalid DER
};
const char* to_string(PrivateKeyKind kind);

struct PrivateKeyClass {
  PrivateKeyKind kind = PrivateKeyKind::malformed_der;
  std::string algorithm_oid;  // dotted form, when an AlgorithmIdentifier was read
  std::string detail;         // what was found, in words
};

PrivateKeyClass classify_private_key(std::string_view der);

}  // namespace credprobe
