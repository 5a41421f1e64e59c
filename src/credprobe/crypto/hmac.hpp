// HMAC-SHA-256 (RFC 2104), for SigV4's key derivation and request signatures.
#pragma once

#include <string>
#include <string_view>

#include "credprobe/crypto/sha256.hpp"

namespace credprobe {

// `key` and `message` are raw bytes; keys longer than a block are hashed first, as RFC 2104 says.
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);
// The MAC as a 32-byte string, convenient for chaining (SigV4 feeds each MAC in as the next key).
std::string hmac_sha256_bytes(std::string_view key, std::string_view message);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace credprobe
